"""Answer 503, not a stack trace, while the database is unreachable (a restart, a failover)."""

import logging

from django.contrib.sessions import middleware as sessions
from django.contrib.sessions.exceptions import SessionInterrupted
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 10


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_outage(exception):
            return None
        return service_unavailable(request, exception)


class SessionMiddleware(sessions.SessionMiddleware):
    """Django's, but a session that can't be saved because the database is down is a 503.

    The session is saved after the view has answered, outside DatabaseUnavailableMiddleware:
    Django's own answers a failed update with 400 ("the session was deleted") and a failed
    creation with 500. Both happened to sign-ins while PostgreSQL restarted under load.
    """

    def process_response(self, request, response):
        try:
            return super().process_response(request, response)
        except (OperationalError, InterfaceError, SessionInterrupted) as error:
            database_error = database_error_behind(error)
            if database_error is None:
                raise
            if not is_outage(database_error):
                # A wrong query is a fault to see (500), not a session deleted elsewhere (400).
                raise database_error from error
            return service_unavailable(request, database_error)


def database_error_behind(error):
    """The database error that ``error`` was raised from, if any (the session store re-raises it as its own)."""
    while error is not None:
        if isinstance(error, OperationalError | InterfaceError):
            return error
        error = error.__cause__ or error.__context__
    return None


def is_outage(error):
    """Whether ``error`` says the database can't be reached or used just now, not that a query is wrong.

    SQLite reports a wrong query ("no such column", a syntax error) as an OperationalError too,
    with the generic code SQLITE_ERROR: that is a fault to see as a 500, not an outage to wait
    out. Its outages have codes of their own (SQLITE_BUSY, SQLITE_CANTOPEN, SQLITE_IOERR...).
    """
    if not isinstance(error, OperationalError | InterfaceError):
        return False
    return getattr(error.__cause__, "sqlite_errorname", None) != "SQLITE_ERROR"


def service_unavailable(request, error):
    logger.warning("Database unavailable for %s: %s", request.path, error)
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # A 503 made after XFrameOptionsMiddleware has run (a session's) would otherwise go without.
    response["X-Frame-Options"] = "DENY"
    return response
