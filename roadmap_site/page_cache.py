"""Whole-page caching for public pages, cleared by any change to the data they show.

A read-mostly dashboard answers most requests from the cache. Every cached page's key
includes the data version (``missions.models.DataVersion``, kept in the database so that every
worker and command sees the same one); any save or delete of a model whose data appears on a
public page bumps it in the same transaction, so the very next request renders afresh. Signed-in users are never
served from the cache: they may be previewing drafts or see their own messages.
"""

import hashlib
from functools import wraps

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_vary_headers

from missions.models import DataVersion

PAGE_TIMEOUT = 60 * 60 * 24
GZIP = GZipMiddleware(lambda request: None)


def bump_data_version(**kwargs):
    DataVersion.objects.bump()


def cached_public_page(view):
    """Serve anonymous GETs of ``view`` from the cache, keyed by the full address and the data version.

    Pages are compressed once, before caching, for clients that accept gzip; these public pages
    carry no secrets (no CSRF token, no session data), so compression can't leak one (BREACH).
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        gzipped = "gzip" in request.headers.get("Accept-Encoding", "")
        address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"roadmap:page:{DataVersion.objects.current_token()}:{'gzip' if gzipped else 'plain'}:{address}"
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.cookies:
                if hasattr(response, "render"):
                    response.render()
                patch_vary_headers(response, ["Accept-Encoding"])
                if gzipped:
                    response = GZIP.process_response(request, response)
                cache.set(key, response, PAGE_TIMEOUT)
        return response

    return wrapper


def connect_invalidation(models):
    for model in models:
        post_save.connect(bump_data_version, sender=model, dispatch_uid=f"page-cache-save-{model._meta.label}")
        post_delete.connect(bump_data_version, sender=model, dispatch_uid=f"page-cache-delete-{model._meta.label}")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                bump_data_version, sender=field.remote_field.through, dispatch_uid=f"page-cache-m2m-{field}"
            )
