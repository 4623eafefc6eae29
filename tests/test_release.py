"""A new release never serves what an older one cached or published: a deploy shows at once."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments import publication
from commitments.models import PublishedExport
from roadmap_site import release

COMMITTING = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def running(monkeypatch):
    """running("name") makes this process the release "name"."""

    def switch(name):
        monkeypatch.setattr(release, "current_release", lambda: name)

    return switch


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_the_fingerprint_changes_with_any_template_or_code_and_with_the_site_address(tmp_path):
    write(tmp_path / "templates" / "home.html", "<h1>Roadmap</h1>")
    write(tmp_path / "app" / "views.py", "STATUS = 'on track'")
    original = release.fingerprint(tmp_path, ["templates", "app"], "https://roadmap.example.gov.uk")
    assert original == release.fingerprint(tmp_path, ["templates", "app"], "https://roadmap.example.gov.uk")

    write(tmp_path / "app" / "__pycache__" / "views.cpython-311.pyc", "bytecode")
    write(tmp_path / "app" / "notes.md", "not part of a page")
    assert release.fingerprint(tmp_path, ["templates", "app"], "https://roadmap.example.gov.uk") == original

    assert release.fingerprint(tmp_path, ["templates", "app"], "https://other.example.gov.uk") != original
    write(tmp_path / "app" / "views.py", "STATUS = 'at risk'")
    changed_code = release.fingerprint(tmp_path, ["templates", "app"], "https://roadmap.example.gov.uk")
    assert changed_code != original
    write(tmp_path / "templates" / "new.html", "")
    assert release.fingerprint(tmp_path, ["templates", "app"], "https://roadmap.example.gov.uk") != changed_code


@pytest.mark.django_db
def test_a_page_cached_by_one_release_is_rendered_afresh_by_the_next(client, running):
    cache.clear()
    url = reverse("commitments:detail", args=[1])
    running("old-release")
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as same_release:
        assert client.get(url).status_code == 200
    running("new-release")
    with CaptureQueriesContext(connection) as next_release:
        assert client.get(url).status_code == 200
    assert len(same_release) == 1  # the data version; the page came from the cache
    assert len(next_release) > 1


@COMMITTING
def test_exports_published_by_one_release_are_built_again_by_the_next(report, client, running):
    running("old-release")
    publication.publish("http://testserver")
    assert set(PublishedExport.objects.values_list("release", flat=True)) == {"old-release"}

    running("new-release")
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/data/commitments.csv")
    assert response.status_code == 200
    assert any("commitments_commitment" in query["sql"] for query in queries), "served the old release's file"

    publication.publish("http://testserver")
    assert set(PublishedExport.objects.values_list("release", flat=True)) == {"new-release"}
    # Twelve whole tables, and the figures of each of the report's four periods in four formats.
    assert PublishedExport.objects.count() == 28


@pytest.mark.django_db
def test_a_worker_of_the_release_before_can_still_store_a_file_that_no_release_serves(running):
    """During a deploy, workers that don't know the release column go on inserting without it."""
    running("new-release")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO commitments_publishedexport (address, data_token, content, content_type,"
            " content_disposition, gzipped, built_at, build_seconds)"
            " VALUES ('/data/figures.csv', 'token', %s, 'text/csv', 'attachment', false, %s, 0.1)",
            [b"old", "2026-11-27 12:00:00+00:00"],
        )
    assert PublishedExport.objects.get().release == ""
    assert PublishedExport.objects.current("/data/figures.csv", "token") is None


BEFORE_RELEASES = [("commitments", "0005_published_export")]
WITH_RELEASES = [("commitments", "0006_published_export_release")]


@COMMITTING
def test_migrating_back_before_releases_forgets_the_kept_files(running):
    for name in ["old-release", "new-release"]:
        running(name)
        PublishedExport.objects.create(
            address="/data/figures.csv",
            data_token="token",
            release=name,
            content=b"file",
            content_type="text/csv",
            content_disposition="attachment",
            built_at="2026-11-27T12:00:00Z",
            build_seconds=0.1,
        )
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_RELEASES)
    old_state = MigrationExecutor(connection).loader.project_state(BEFORE_RELEASES)
    assert not old_state.apps.get_model("commitments", "PublishedExport").objects.exists()
    MigrationExecutor(connection).migrate(WITH_RELEASES)
