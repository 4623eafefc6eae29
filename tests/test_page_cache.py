"""Public pages come from the cache, and never show a stale figure after a change or an approval."""

import os
import socket
import threading
import time
import uuid
from decimal import Decimal

import psycopg
import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.db.models.signals import pre_save
from django.http import HttpResponse, StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import missions.models
from commitments import returns
from commitments.models import DepartmentReturn, Figure, Metric
from departments.models import Department
from missions.models import DataVersion
from roadmap_site.page_cache import PublicPageCacheMiddleware
from tests.conftest import MODEL_BACKEND

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
REDIS_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "roadmap-tests",
    }
}


def redis_is_up():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture(params=["locmem", "redis"])
def cache_backend(request, settings):
    if request.param == "redis":
        if not redis_is_up():
            if os.environ.get("CI"):
                pytest.fail("Redis is not running on 127.0.0.1:6379; CI must start it.")
            pytest.skip("Redis is not running on 127.0.0.1:6379")
        settings.CACHES = REDIS_CACHE
    cache.clear()
    yield request.param
    cache.clear()


def great_services():
    return Figure.objects.get(metric__slug="great-services", period__slug="2024-02-update", department__isnull=True)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_a_warm_page_runs_one_query_for_the_data_version(client, cache_backend):
    url = reverse("commitments:detail", args=[1])
    cold, _ = queries_for(client, url)
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url).status_code == 200
    assert cold > 1
    assert len(warm) == 1
    assert DataVersion._meta.db_table in warm[0]["sql"]


def test_a_change_made_by_another_worker_shows_on_the_next_request(client, settings):
    """Each gunicorn worker has its own local-memory cache; a change saved through one must reach the others."""
    url = reverse("commitments:detail", args=[1])
    this_worker = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "worker-1"}}
    other_worker = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "worker-2"}}
    settings.CACHES = this_worker
    assert "16 of 75 (21%)" in client.get(url).content.decode()

    settings.CACHES = other_worker
    figure = great_services()
    figure.value = Decimal("17")
    figure.save()

    settings.CACHES = this_worker
    assert "17 of 75 (23%)" in client.get(url).content.decode()


def test_a_change_rolled_back_leaves_the_version_as_it_was(client):
    url = reverse("commitments:detail", args=[1])
    client.get(url)
    before = DataVersion.objects.current_token()
    with pytest.raises(RuntimeError), transaction.atomic():
        figure = great_services()
        figure.value = Decimal("17")
        figure.save()
        raise RuntimeError("the approval failed")
    assert DataVersion.objects.current_token() == before
    assert "16 of 75 (21%)" in client.get(url).content.decode()


def test_a_changed_figure_shows_on_the_very_next_request(client, cache_backend):
    url = reverse("commitments:detail", args=[1])
    assert "16 of 75 (21%)" in client.get(url).content.decode()
    figure = great_services()
    figure.value = Decimal("17")
    figure.save()
    assert "17 of 75 (23%)" in client.get(url).content.decode()


def test_an_approval_shows_on_the_very_next_request(client, cache_backend, open_period, dwp_lead, cddo_admin):
    url = reverse("departments:detail", args=["dwp"]) + f"?period={open_period.slug}"
    assert "No figures for DWP" in client.get(url).content.decode()
    department_return = DepartmentReturn.objects.create(
        department=Department.objects.get(code="DWP"), period=open_period
    )
    entries = [(Metric.objects.get(slug="vacancy-rate"), Decimal("9.1"), None, "")]
    returns.save_return(department_return, entries, dwp_lead, submit=True)
    assert "No figures for DWP" in client.get(url).content.decode()
    returns.approve(department_return, cddo_admin)
    assert "9.1%" in client.get(url).content.decode()


def test_a_changed_text_shows_on_the_very_next_request(client, cache_backend):
    url = reverse("missions:home")
    client.get(url)
    commitment = Metric.objects.get(slug="great-services").commitment
    commitment.short_title = "Great services, renamed"
    commitment.save()
    assert "Great services, renamed" in client.get(url).content.decode()


def test_signed_in_users_are_not_served_from_the_cache(client, dwp_lead):
    url = reverse("missions:home")
    client.get(url)
    client.force_login(dwp_lead, backend=MODEL_BACKEND)
    repeat, page = queries_for(client, url)
    assert repeat > 1
    assert reverse("returns:mine") in page


def test_a_visitor_with_a_message_waiting_sees_it_though_the_page_is_cached(client, rf):
    url = reverse("missions:home")
    client.get(url)
    waiting = CookieStorage(rf.get(url))._encode([Message(constants.SUCCESS, "Your return was saved.")])
    client.cookies[CookieStorage.cookie_name] = waiting
    assert "Your return was saved." in client.get(url).content.decode()


def test_http_and_https_visits_are_cached_apart(client):
    """Pages print their own address, scheme and all."""
    url = reverse("missions:home")
    assert "Printed from https://testserver/" in client.get(url, secure=True).content.decode()
    assert "Printed from http://testserver/" in client.get(url).content.decode()


def test_pages_are_still_served_when_the_cache_fails(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(cache, "get", unreachable)
    monkeypatch.setattr(cache, "set", unreachable)
    response = client.get(reverse("missions:home"))
    assert response.status_code == 200
    assert "Transforming for a Digital Future" in response.content.decode()


@pytest.mark.parametrize(
    ("response", "kept"),
    [
        (HttpResponse("a page"), True),
        (HttpResponse("not found", status=404), False),
        (StreamingHttpResponse(iter([b"a page"])), False),
        (HttpResponse("a page", headers={"Cache-Control": "private"}), False),
        (HttpResponse("a page", headers={"Cache-Control": "no-store"}), False),
    ],
)
def test_only_public_complete_pages_are_stored(response, kept):
    assert PublicPageCacheMiddleware.may_store(response) is kept


def test_a_page_that_sets_a_cookie_is_not_stored():
    response = HttpResponse("a page")
    response.set_cookie("csrftoken", "for this visitor only")
    assert not PublicPageCacheMiddleware.may_store(response)


def test_a_cached_page_still_refuses_a_host_that_is_not_allowed(client):
    url = reverse("missions:home")
    assert client.get(url).status_code == 200
    assert client.get(url, headers={"host": "attacker.example"}).status_code == 400


def test_pages_that_are_not_public_never_read_the_data_version(client):
    for url in (reverse("admin:login"), "/no-such-page/"):
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        assert not [query for query in queries if DataVersion._meta.db_table in query["sql"]], url


def test_pages_are_compressed_for_clients_that_accept_gzip(client):
    url = reverse("commitments:detail", args=[1])
    plain = client.get(url)
    gzipped = client.get(url, headers={"accept-encoding": "gzip, br"})
    assert gzipped["Content-Encoding"] == "gzip"
    assert len(gzipped.content) < len(plain.content) / 3
    assert "Accept-Encoding" in gzipped["Vary"]
    assert "Content-Encoding" not in plain


def commit_a_change_as_another_worker():
    """Give the data version a new token through a connection of its own, and notify, as a save does."""
    changed = str(uuid.uuid4())
    with psycopg.connect(**connection.get_connection_params()) as other_worker:
        other_worker.execute("UPDATE missions_dataversion SET token = %s WHERE id = 1", [changed])
        other_worker.execute("NOTIFY roadmap_data_version")
        other_worker.commit()
    return changed


def token_once_changed_from(previous):
    """The version this worker reads once it has moved on from ``previous``, waiting up to 2 s."""
    deadline = time.monotonic() + 2
    while (token := DataVersion.objects.current_token()) == previous and time.monotonic() < deadline:
        time.sleep(0.001)
    return token


def same_token(read, written):
    return read.replace("-", "") == written.replace("-", "")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="LISTEN and NOTIFY are PostgreSQL's")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_postgresql_the_version_is_read_once_then_again_only_when_a_change_is_notified(report):
    first = DataVersion.objects.current_token()
    with CaptureQueriesContext(connection) as repeat:
        assert DataVersion.objects.current_token() == first
    assert len(repeat) == 0

    changed = commit_a_change_as_another_worker()
    # PostgreSQL delivers a notification just after the commit, not with it: under a millisecond here.
    assert same_token(token_once_changed_from(first), changed)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="LISTEN and NOTIFY are PostgreSQL's")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_postgresql_a_read_inside_a_transaction_leaves_no_stale_token_behind(report):
    """A notification read inside a transaction must not leave the listening connection's token as it was."""
    first = DataVersion.objects.current_token()
    changed = commit_a_change_as_another_worker()
    with transaction.atomic():
        assert same_token(DataVersion.objects.current_token(), changed)
    assert same_token(token_once_changed_from(first), changed)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: SQLite lets one transaction write at a time")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_editors_saving_the_same_figures_in_opposite_orders_both_succeed(report):
    """Every writer locks the version row first, so crossed saves wait for each other instead of deadlocking."""
    first_pk, second_pk = Figure.objects.order_by("pk").values_list("pk", flat=True)[:2]
    first_editor_started = threading.Event()
    failures = []

    def edit(pks, note, started=None, wait_for=None):
        try:
            if wait_for is not None:
                wait_for.wait(timeout=10)
            with transaction.atomic():
                for position, pk in enumerate(pks):
                    figure = Figure.objects.get(pk=pk)
                    figure.note = note
                    figure.save()
                    if position == 0 and started is not None:
                        started.set()
                        # Long enough for the other editor to reach its first save and wait there.
                        time.sleep(0.5)
        except Exception as error:
            failures.append(error)
        finally:
            connections.close_all()

    editors = [
        threading.Thread(
            target=edit, args=([first_pk, second_pk], "First editor"), kwargs={"started": first_editor_started}
        ),
        threading.Thread(
            target=edit, args=([second_pk, first_pk], "Second editor"), kwargs={"wait_for": first_editor_started}
        ),
    ]
    for editor in editors:
        editor.start()
    for editor in editors:
        editor.join(timeout=30)

    assert failures == []
    assert set(Figure.objects.filter(pk__in=[first_pk, second_pk]).values_list("note", flat=True)) == {"Second editor"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="LISTEN and NOTIFY are PostgreSQL's")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_postgresql_reading_the_version_is_never_more_than_one_query(report, monkeypatch):
    """So that no page runs more queries on PostgreSQL than on SQLite, where the read is one query."""
    connection.close()
    with CaptureQueriesContext(connection) as on_a_new_connection:
        DataVersion.objects.current_token()
    monkeypatch.setattr(missions.models, "LISTENED_TOKEN_MAX_AGE_SECONDS", 0)
    with CaptureQueriesContext(connection) as when_too_old:
        DataVersion.objects.current_token()
    assert (len(on_a_new_connection), len(when_too_old)) == (1, 1)
    assert "LISTEN roadmap_data_version" in on_a_new_connection.captured_queries[0]["sql"]
    assert when_too_old.captured_queries[0]["sql"].startswith("SELECT token")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="LISTEN and NOTIFY are PostgreSQL's")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_postgresql_a_change_committed_while_a_new_connection_reads_the_version_is_noticed(report, monkeypatch):
    """LISTEN takes effect when its transaction commits: it must commit before the read, not after it."""
    # A slow read, so that another worker's change commits while it runs, after its snapshot.
    monkeypatch.setattr(
        missions.models, "TOKEN_QUERY", "SELECT token, pg_sleep(0.5) FROM {table} WHERE id = {singleton}"
    )
    changed = []

    def change_during_the_read():
        time.sleep(0.2)
        changed.append(commit_a_change_as_another_worker())

    connection.close()
    other = threading.Thread(target=change_during_the_read)
    other.start()
    read_during_the_change = DataVersion.objects.current_token()
    other.join()
    assert not same_token(read_during_the_change, changed[0])

    monkeypatch.setattr(missions.models, "TOKEN_QUERY", "SELECT token FROM {table} WHERE id = {singleton}")
    assert same_token(token_once_changed_from(read_during_the_change), changed[0])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_outside_a_transaction_the_version_changes_just_after_the_write(report):
    """As an approval saves in the admin: in autocommit each statement commits as it runs, so the
    version must not change before the data has (a worker could cache the old data under it)."""
    figure = Figure.objects.filter(department__isnull=True).first()
    before = DataVersion.objects.read_token(connection)
    read_before_the_write = []

    def read_the_version(**kwargs):
        read_before_the_write.append(DataVersion.objects.read_token(connection))

    # Connected after the page cache's own receiver, so it runs after it.
    pre_save.connect(read_the_version, sender=Figure, dispatch_uid="test-read-the-version")
    try:
        assert not connection.in_atomic_block
        figure.note = "Corrected in the admin"
        figure.save()
    finally:
        pre_save.disconnect(sender=Figure, dispatch_uid="test-read-the-version")
    assert read_before_the_write == [before]
    assert DataVersion.objects.read_token(connection) != before
