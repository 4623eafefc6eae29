"""Publishing the whole-table exports after each change, so that no reader waits for one to be built.

A committed change to the public data marks the request that made it. Once that request's response
has gone (``request_finished``), its worker asks for each table's export in each format at its
stable address, as a reader would; the view keeps what it builds as a ``PublishedExport``. Readers
of those addresses then get the stored file, while it matches the data version. A filtered export,
or one asked for before publishing has finished, is built on request, and a whole-table one is
then stored for the other workers.
"""

import gzip
import logging
import threading
from io import BytesIO

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from commitments.exports import EXPORT_FORMATS
from commitments.models import PublishedExport
from missions.models import DataVersion
from roadmap_site import release as site_release

logger = logging.getLogger(__name__)

# Kept gzipped, as most readers take them: text shrinks about twentyfold. XLSX and ODS are zip files.
GZIPPED_FORMATS = {"csv", "json"}

# Per thread, as each thread serves one request at a time: whether the request under way
# changed the data, and where it came from.
request_state = threading.local()


def origin_of(request):
    """The site as readers reach it: SITE_URL where set, or else where this request came in."""
    return settings.SITE_URL or f"{request.scheme}://{request.get_host()}"


def site_address(request, path=None):
    """The absolute address of ``path`` (by default, this request's) on the site as readers reach it."""
    return origin_of(request) + (path or request.get_full_path())


def accepts_gzip(request):
    return "gzip" in request.headers.get("Accept-Encoding", "")


def stored_response(request, data_token):
    """The published file for this address and data version, as a response; None if there isn't one."""
    export = PublishedExport.objects.current(request.path, data_token)
    if export is None:
        return None
    content = bytes(export.content)
    gzipped = export.gzipped and accepts_gzip(request)
    if export.gzipped and not gzipped:
        content = gzip.decompress(content)
    response = HttpResponse(content, content_type=export.content_type)
    response["Content-Disposition"] = export.content_disposition
    if gzipped:
        response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def store(request, data_token, export_format, response, build_seconds):
    """Keep a whole-table export built for ``data_token``.

    Should the data change while it was built, it is kept under the old token and never served.
    """
    content = response.content
    if export_format in GZIPPED_FORMATS:
        content = gzip.compress(content, mtime=0)
    PublishedExport.objects.keep(
        PublishedExport(
            address=request.path,
            data_token=data_token,
            release=site_release.current_release(),
            content=content,
            content_type=response["Content-Type"],
            content_disposition=response["Content-Disposition"],
            gzipped=export_format in GZIPPED_FORMATS,
            built_at=timezone.now(),
            build_seconds=build_seconds,
        )
    )


def mark_changed(**kwargs):
    request_state.changed = True


class PublicationMiddleware:
    """Notes where a request that changed the data came from: the files it publishes name that site."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_state.changed = False
        response = self.get_response(request)
        if request_state.changed:
            request_state.origin = origin_of(request)
        return response


def publish_after_response(**kwargs):
    origin = getattr(request_state, "origin", None)
    if origin is None:
        return
    request_state.origin = None
    try:
        publish(origin)
    except Exception:
        # The reader who next asks will have the export built on request instead.
        logger.exception("Publishing the exports for %s failed", origin)


def publish(origin):
    """Build every whole-table export in every format for ``origin`` (``https://host``), and keep them."""
    # Imported here: the views use this module to serve and store what they build.
    from commitments.data_views import DATA_TABLES

    scheme, host = origin.split("://", 1)
    for view_class in DATA_TABLES:
        view = view_class.as_view()
        for export_format in EXPORT_FORMATS:
            address = reverse(view_class.export_url_name, kwargs={"format": export_format})
            request = WSGIRequest(
                {
                    "REQUEST_METHOD": "GET",
                    "PATH_INFO": address,
                    "wsgi.input": BytesIO(),
                    "wsgi.url_scheme": scheme,
                    "HTTP_HOST": host,
                    "HTTP_ACCEPT_ENCODING": "gzip",
                }
            )
            response = view(request, format=export_format)
            if response.status_code != 200:
                logger.warning("Publishing %s%s gave %s", origin, address, response.status_code)
    PublishedExport.objects.discard_all_but(DataVersion.objects.current_token())
