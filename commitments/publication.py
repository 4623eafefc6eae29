"""Publishing the whole tables and each period's figures after each change, so that no reader of them waits.

A committed change to the public data marks the request that made it. Once that request's response
has gone (``request_finished``), its worker asks for each table's export in each format at its
stable address, as a reader would, and then for each reporting period's figures
(``/data/figures.xlsx?period=2024-02-update``); the view keeps what it builds as a
``PublishedExport``. Readers of those addresses then get the stored file, while it matches the data
version. Any other filtered export, or one asked for before publishing has reached it, is built on
request, and one at a published address is then stored for the other workers.
"""

import gzip
import logging
import threading
from io import BytesIO
from urllib.parse import urlencode

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from commitments.exports import EXPORT_FORMATS
from commitments.models import PublishedExport, ReportingPeriod
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


def period_query(slug):
    """The query string of one period's published export: the one spelling both stored and looked up."""
    return urlencode({"period": slug})


def stored_response(request, address, data_token):
    """The file published at ``address`` for this data version, as a response; None if there isn't one."""
    export = PublishedExport.objects.current(address, data_token)
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


def store(address, data_token, export_format, response, build_seconds):
    """Keep an export built for ``data_token`` at its published ``address``.

    Should the data change while it was built, it is kept under the old token and never served.
    """
    content = response.content
    if export_format in GZIPPED_FORMATS:
        content = gzip.compress(content, mtime=0)
    PublishedExport.objects.keep(
        PublishedExport(
            address=address,
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
    """Build every export at a published address for ``origin`` (``https://host``), and keep them.

    The whole tables come first, then each period's figures, the latest period first, as the site
    shows the latest period unless asked for another. Should the data change meanwhile, it stops: what
    it would build now would be kept under the old version and never served, and the request that
    made the newer change publishes for it. So a run of saves costs one publication, not one each.
    """
    # Imported here: the views use this module to serve and store what they build.
    from commitments.data_views import DATA_TABLES

    scheme, host = origin.split("://", 1)
    data_token = DataVersion.objects.current_token()
    for view_class, export_format, query in published_exports(DATA_TABLES):
        if DataVersion.objects.current_token() != data_token:
            logger.info("The data changed while publishing for %s: left to the newer change's publication", origin)
            return
        path = reverse(view_class.export_url_name, kwargs={"format": export_format})
        request = WSGIRequest(
            {
                "REQUEST_METHOD": "GET",
                "PATH_INFO": path,
                "QUERY_STRING": query,
                "wsgi.input": BytesIO(),
                "wsgi.url_scheme": scheme,
                "HTTP_HOST": host,
                "HTTP_ACCEPT_ENCODING": "gzip",
            }
        )
        response = view_class.as_view()(request, format=export_format)
        if response.status_code != 200:
            logger.warning("Publishing %s gave %s", site_address(request), response.status_code)
    # The version now, not the one this began with: a change since would have its files deleted.
    PublishedExport.objects.discard_all_but(DataVersion.objects.current_token())


def published_exports(data_tables):
    """Each published export as (view class, format, query string): whole tables, then periods."""
    for view_class in data_tables:
        for export_format in EXPORT_FORMATS:
            yield view_class, export_format, ""
    periods = ReportingPeriod.objects.with_figures().order_by("-as_at").values_list("slug", flat=True)
    for slug in periods:
        for view_class in data_tables:
            if view_class.publishes_each_period:
                for export_format in EXPORT_FORMATS:
                    yield view_class, export_format, period_query(slug)
