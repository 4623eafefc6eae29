"""Which release of the site is running, as a short fingerprint of what shapes its pages and files.

Cached pages (in Redis, shared by every worker) and published exports (in the database) outlive a
deploy. Keyed by the data version alone, a release that changed a template, a status rule or an
export's columns would go on serving the old release's output until the data next changed. Keyed
by this fingerprint too, each release serves only what it made itself, old and new workers alike
during a rolling deploy.
"""

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings

# What a page or an export is made from: the code and templates, the libraries' versions, and the
# static files' hashed names (the manifest), which every page links to.
SOURCE_DIRECTORIES = ["commitments", "departments", "missions", "roadmap_site", "templates"]
SOURCE_SUFFIXES = {".py", ".html", ".txt"}
MANIFEST_NAME = "staticfiles.json"


def fingerprint(root, directories, *extra):
    """A short hash of the source files under ``directories`` of ``root``, their paths, and ``extra``."""
    digest = hashlib.sha256()
    for text in extra:
        digest.update(text.encode() + b"\0")
    root = Path(root)
    files = sorted(
        path
        for directory in directories
        for path in (root / directory).rglob("*")
        if path.suffix in SOURCE_SUFFIXES and path.is_file() and "__pycache__" not in path.parts
    )
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def current_release():
    """This process's release: worked out as its code loads (``CommitmentsConfig.ready``), so that a
    process never takes the fingerprint of files replaced under it."""
    base = Path(settings.BASE_DIR)
    manifest = Path(settings.STATIC_ROOT) / MANIFEST_NAME
    # Django's hash of the sorted names, not the file, whose order can differ between hosts.
    static_names = json.loads(manifest.read_text()).get("hash", "") if manifest.is_file() else ""
    lock = base / "requirements.lock"
    libraries = lock.read_text() if lock.is_file() else ""
    # The site's address too: pages and exports print it.
    return fingerprint(base, SOURCE_DIRECTORIES, settings.SITE_URL, static_names, libraries)
