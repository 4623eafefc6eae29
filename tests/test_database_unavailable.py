"""While the database is unreachable, pages answer 503 with a plain message, never a stack trace."""

import sqlite3

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.exceptions import SessionInterrupted
from django.contrib.sessions.models import Session
from django.db import DatabaseError, OperationalError, connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from commitments.models import ReportingPeriod
from missions.models import DataVersion, Mission
from roadmap_site import page_cache
from roadmap_site.middleware import SessionMiddleware

pytestmark = pytest.mark.django_db


def test_a_database_outage_is_a_503_with_retry_after(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(Mission.objects, "for_dashboard", unreachable)
    response = client.get(reverse("missions:home"))
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    page = response.content.decode()
    assert "Sorry, the service is unavailable" in page
    assert "Traceback" not in page and "OperationalError" not in page


def wrong_query(*args, **kwargs):
    # In a savepoint, so that on PostgreSQL the test's own transaction outlives the error.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT no_such_column FROM missions_mission")


def sqlite_syntax_error(*args, **kwargs):
    """As Django raises SQLite's error for a wrong query, whichever database the tests run on."""
    try:
        sqlite3.connect(":memory:").execute("SELEC 1")
    except sqlite3.OperationalError as error:
        raise OperationalError(*error.args) from error


def test_a_wrong_query_is_a_fault_not_an_outage(monkeypatch):
    """SQLite reports an unknown column as an OperationalError: it must not pass for an outage."""
    monkeypatch.setattr(Mission.objects, "for_dashboard", wrong_query)
    response = Client(raise_request_exception=False).get(reverse("missions:home"))
    assert response.status_code == 500
    assert "Retry-After" not in response
    with pytest.raises(DatabaseError, match="no_such_column"):
        Client().get(reverse("missions:home"))


def test_a_wrong_query_reading_the_data_version_is_a_fault_even_with_a_version_known(client, monkeypatch):
    assert client.get(reverse("missions:home")).status_code == 200
    monkeypatch.setattr(DataVersion.objects, "current_token", sqlite_syntax_error)
    with pytest.raises(OperationalError, match="syntax error"):
        client.get(reverse("missions:home"))


def test_a_locked_sqlite_database_is_an_outage(client, monkeypatch, tmp_path):
    holder = sqlite3.connect(tmp_path / "locked.sqlite3", timeout=0)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")

    def locked(*args, **kwargs):
        try:
            sqlite3.connect(tmp_path / "locked.sqlite3", timeout=0).execute("INSERT INTO t VALUES (1)")
        except sqlite3.OperationalError as error:
            raise OperationalError(*error.args) from error

    monkeypatch.setattr(Mission.objects, "for_dashboard", locked)
    response = client.get(reverse("missions:home"))
    holder.close()
    assert response.status_code == 503
    assert response["Retry-After"] == "10"


def test_a_cached_page_is_still_served_while_the_database_is_down(client, monkeypatch):
    cached_url, uncached_url = reverse("missions:home"), reverse("missions:about")
    assert client.get(cached_url).status_code == 200

    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(DataVersion.objects, "current_token", unreachable)
    monkeypatch.setattr(Mission.objects, "for_dashboard", unreachable)
    monkeypatch.setattr(ReportingPeriod.objects, "with_has_figures", unreachable)

    response = client.get(cached_url)
    assert response.status_code == 200
    assert "Transforming for a Digital Future" in response.content.decode()
    assert client.get(uncached_url).status_code == 503


def test_an_outage_before_any_version_was_read_is_a_503(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(page_cache, "last_known_token", None)
    monkeypatch.setattr(DataVersion.objects, "current_token", unreachable)
    monkeypatch.setattr(Mission.objects, "for_dashboard", unreachable)
    response = client.get(reverse("missions:home"))
    assert response.status_code == 503
    assert "Sorry, the service is unavailable" in response.content.decode()


def session_changing_view(request):
    request.session["seen"] = "yes"
    return HttpResponse("done")


def request_with_a_session(rf):
    existing = SessionStore()
    existing["seen"] = "no"
    existing.create()
    request = rf.get("/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = existing.session_key
    return request


def unreachable_session_table(*args, **kwargs):
    raise OperationalError("the database system is shutting down")


def test_a_session_that_cannot_be_updated_during_an_outage_is_a_503(rf, monkeypatch):
    request = request_with_a_session(rf)
    monkeypatch.setattr(Session, "save", unreachable_session_table)
    response = SessionMiddleware(session_changing_view)(request)
    assert response.status_code == 503
    assert response["Retry-After"] == "10"


def test_a_session_that_cannot_be_created_during_an_outage_is_a_503(rf, monkeypatch):
    monkeypatch.setattr(Session, "save", unreachable_session_table)
    response = SessionMiddleware(session_changing_view)(rf.get("/"))
    assert response.status_code == 503


def test_a_session_that_cannot_be_saved_for_a_wrong_query_is_a_fault(rf, monkeypatch):
    request = request_with_a_session(rf)
    monkeypatch.setattr(Session, "save", sqlite_syntax_error)
    with pytest.raises(OperationalError, match="syntax error"):
        SessionMiddleware(session_changing_view)(request)


def test_a_session_deleted_by_another_request_is_still_interrupted_as_django_says(rf):
    """Django answers SessionInterrupted with a 400: only a database outage becomes a 503."""
    request = request_with_a_session(rf)

    def signed_out_elsewhere(request):
        request.session["seen"] = "yes"
        Session.objects.filter(session_key=request.COOKIES[settings.SESSION_COOKIE_NAME]).delete()
        return HttpResponse("done")

    with pytest.raises(SessionInterrupted):
        SessionMiddleware(signed_out_elsewhere)(request)
