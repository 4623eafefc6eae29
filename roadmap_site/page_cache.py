"""Whole-page caching for public pages, cleared by any change to the data they show.

A read-mostly dashboard answers most requests from the cache. Every cached page's key
includes the data version (``missions.models.DataVersion``, kept in the database so that every
worker and command sees the same one); any save or delete of a model whose data appears on a
public page bumps it in the same transaction, or just after the write outside one, so the very
next request renders afresh. Signed-in users are never served from the cache: they may be
previewing drafts or see their own messages.
"""

import hashlib
import logging
from functools import lru_cache

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import Signal
from django.middleware.gzip import GZipMiddleware
from django.urls import Resolver404, get_resolver, get_urlconf
from django.utils.cache import patch_vary_headers

from missions.models import DataVersion
from roadmap_site import release as site_release
from roadmap_site.middleware import is_outage

logger = logging.getLogger(__name__)

PAGE_TIMEOUT = 60 * 60 * 24
GZIP = GZipMiddleware(lambda request: None)


# The data version this process last read. While the database is unreachable no change can
# commit, so cached pages go on being served under it instead of every page answering 503; the
# worst case is a page from before a change committed in the moment before the outage.
last_known_token = None


def current_data_token(request):
    """The data version this request works from, read once for everything it serves."""
    global last_known_token
    if not hasattr(request, "data_token"):
        try:
            last_known_token = DataVersion.objects.current_token()
        except (OperationalError, InterfaceError) as error:
            if last_known_token is None or not is_outage(error):
                raise
            logger.warning("Database unavailable: serving cached pages as at data version %s", last_known_token)
        request.data_token = last_known_token
    return request.data_token


# Sent once a change to the public data has committed (after the transaction, never before).
data_committed = Signal()


def send_data_committed():
    data_committed.send(sender=DataVersion)


def bump_data_version(signal, instance=None, using=None, action=None, **kwargs):
    """Bump the version with the change: first inside a transaction, after the write outside one.

    Inside a transaction the version row is locked before the changed row, so that every writer
    takes the locks in the same order. Bumping after the write instead made two editors saving the
    same figures in opposite orders deadlock on PostgreSQL: each held a figure and waited for the
    version row, or the reverse. Outside a transaction each statement commits as it runs, so there
    the version changes only once the data has, and no worker can cache old data under a new token.

    A model with ``changes_public_data()`` (figures, statuses and returns) says whether this change
    shows on a public page: it is asked before the write, while the stored row still says what the
    public saw. In a transaction the version row is locked first, so no approval can commit between
    that answer and this commit. Outside one nothing holds the answer still, so a change that was
    not public is asked again once it has committed, in case CDDO approved its return meanwhile.
    """
    in_transaction = transaction.get_connection(using).in_atomic_block
    before_the_write = signal in (pre_save, pre_delete) or (action or "").startswith("pre_")
    if hasattr(instance, "changes_public_data") and action is None:
        if before_the_write:
            if in_transaction:
                DataVersion.objects.lock()
            instance._changes_public_data = instance.changes_public_data()
        elif not in_transaction and not instance._changes_public_data:
            instance._changes_public_data = instance.changes_public_data()
        if not instance._changes_public_data:
            return
    if before_the_write == in_transaction:
        DataVersion.objects.bump()
        transaction.on_commit(send_data_committed)


def cached_public_page(view):
    """Mark ``view`` as a public page: PublicPageCacheMiddleware serves its anonymous GETs from the cache."""
    view.is_public_page = True
    return view


@lru_cache(maxsize=1024)
def is_public_page(urlconf, path_info):
    """Whether ``path_info`` is one of the marked views (resolving costs 15-25 µs; this, well under 1)."""
    try:
        match = get_resolver(urlconf).resolve(path_info)
    except Resolver404:
        return False
    return getattr(match.func, "is_public_page", False)


class PublicPageCacheMiddleware:
    """Serve anonymous GETs of public pages from the cache, keyed by full address and data version.

    It sits just inside WhiteNoise, so that a cached page costs little more than a static file:
    the middleware inside it (sessions, CSRF, authentication, messages and the rest) ran when the
    page was stored, and what it added (X-Frame-Options, Vary) is stored with it; the headers of
    the middleware outside it (HSTS, Content-Security-Policy) are added to every response.

    Only GETs with no session or messages cookie use the cache: without those, Django would see
    an anonymous user with nothing to show them. Signed-in users, who may be previewing drafts,
    never do; nor does anyone sending such a cookie, which only costs them a fresh render. The
    address includes scheme and host, as pages print their own. Pages are compressed once, before
    caching, for clients that accept gzip; they carry no secrets (no CSRF token, no session data),
    so compression can't leak one (BREACH). If the cache itself fails (Redis down), pages are
    rendered afresh rather than failing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.may_use_cache(request):
            return self.get_response(request)
        # Reads the Host header through ALLOWED_HOSTS, as CommonMiddleware would: a bad one is a 400.
        address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
        try:
            token = current_data_token(request)
        except (OperationalError, InterfaceError) as error:
            if not is_outage(error):
                raise
            # The database is down and no version is known yet: a view that needs the database
            # answers 503 (roadmap_site.middleware).
            return self.get_response(request)
        gzipped = "gzip" in request.headers.get("Accept-Encoding", "")
        key = f"roadmap:page:{site_release.current_release()}:{token}:{'gzip' if gzipped else 'plain'}:{address}"
        response = self.cached(key)
        if response is None:
            response = self.get_response(request)
            if self.may_store(response):
                patch_vary_headers(response, ["Accept-Encoding"])
                if gzipped:
                    response = GZIP.process_response(request, response)
                self.store(key, response)
        return response

    @staticmethod
    def may_use_cache(request):
        return (
            request.method == "GET"
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and CookieStorage.cookie_name not in request.COOKIES
            and is_public_page(get_urlconf(), request.path_info)
        )

    @staticmethod
    def may_store(response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in cache_control
            and "no-store" not in cache_control
        )

    @staticmethod
    def cached(key):
        try:
            return cache.get(key)
        except Exception:
            logger.exception("Page cache unavailable: rendering afresh")
            return None

    @staticmethod
    def store(key, response):
        try:
            cache.set(key, response, PAGE_TIMEOUT)
        except Exception:
            logger.exception("Page cache unavailable: the page was not stored")


WRITE_SIGNALS = {"pre-save": pre_save, "save": post_save, "pre-delete": pre_delete, "delete": post_delete}


def connect_invalidation(models):
    for model in models:
        for name, signal in WRITE_SIGNALS.items():
            signal.connect(bump_data_version, sender=model, dispatch_uid=f"page-cache-{name}-{model._meta.label}")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                bump_data_version, sender=field.remote_field.through, dispatch_uid=f"page-cache-m2m-{field}"
            )
