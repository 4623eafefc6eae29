"""A new release never serves what an older one cached or published: a deploy shows at once."""

import pytest
from django.core.cache import cache
from django.db import connection
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
    assert PublishedExport.objects.count() == 12
