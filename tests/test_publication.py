"""Whole-table exports, and each period's figures, are published after each change: read back
whole, never older than the data."""

import csv
import gzip
import io
import json
import logging
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments import publication
from commitments.data_views import DATA_TABLES
from commitments.exports import EXPORT_FORMATS
from commitments.models import Figure, PublishedExport
from missions.models import DataVersion
from tests.conftest import MODEL_BACKEND
from tests.factories import figure_form_data

WHOLE_TABLES = {
    f"/data/{table}.{export_format}"
    for table in ["figures", "departments", "commitments"]
    for export_format in EXPORT_FORMATS
}
# The report's periods that have figures.
REPORT_PERIODS = ["2022-06-launch", "2023-03", "2023-09-update", "2024-02-update"]
EACH_PERIODS_FIGURES = {
    f"/data/figures.{export_format}?period={period}" for period in REPORT_PERIODS for export_format in EXPORT_FORMATS
}
ADDRESSES = WHOLE_TABLES | EACH_PERIODS_FIGURES
VALUE = "Figure (in the unit given)"
# Publishing follows a commit, so these tests commit; serialized_rollback puts back the
# groups and permissions that the migrations made, which emptying the database removes.
COMMITTING = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def great_services():
    return Figure.objects.get(metric__slug="great-services", period__slug="2024-02-update", department__isnull=True)


def great_services_values(csv_text):
    return sorted(
        row[VALUE]
        for row in csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff")))
        if row["Measure"] == "Top 75 services at a 'great' standard" and row["Department"] == "Government-wide"
    )


@COMMITTING
def test_a_committed_change_publishes_every_whole_table_and_each_periods_figures(report, client, cddo_admin):
    client.force_login(cddo_admin, backend=MODEL_BACKEND)
    figure = great_services()
    change = figure_form_data(figure, value="17", revision_reason="A twelfth service was assessed.")

    assert client.post(reverse("admin:commitments_figure_change", args=[figure.pk]), change).status_code == 302

    published = {export.address: export for export in PublishedExport.objects.all()}
    assert set(published) == ADDRESSES
    assert {export.data_token for export in published.values()} == {DataVersion.objects.current_token()}
    figures_csv = gzip.decompress(bytes(published["/data/figures.csv"].content)).decode("utf-8")
    assert great_services_values(figures_csv) == ["15", "17", "8"]
    commitments_json = json.loads(gzip.decompress(bytes(published["/data/commitments.json"].content)))
    assert commitments_json["notes"]["Address"] == "http://testserver/data/commitments.json"
    latest = json.loads(gzip.decompress(bytes(published["/data/figures.json?period=2024-02-update"].content)))
    assert latest["notes"]["Address"] == "http://testserver/data/figures.json?period=2024-02-update"
    assert latest["notes"]["Filters applied"] == "Reporting period: February 2024 progress update"
    assert {row["Period"] for row in latest["rows"]} == {"February 2024 progress update"}
    assert [
        row[VALUE]
        for row in latest["rows"]
        if row["Measure"] == "Top 75 services at a 'great' standard" and row["Department"] == "Government-wide"
    ] == [17]


PUBLIC_SITE = "https://roadmap.example.gov.uk"


@COMMITTING
def test_with_site_url_set_exports_name_the_public_site_whatever_host_the_change_came_by(
    report, client, cddo_admin, settings
):
    settings.SITE_URL = PUBLIC_SITE
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "roadmap.example.gov.uk"]
    client.force_login(cddo_admin, backend=MODEL_BACKEND)
    figure = great_services()
    change = figure_form_data(figure, value="17", revision_reason="A twelfth service was assessed.")

    # An administrator working at an internal address (the test client's "testserver").
    assert client.post(reverse("admin:commitments_figure_change", args=[figure.pk]), change).status_code == 302

    published = PublishedExport.objects.get(address="/data/commitments.json")
    assert json.loads(gzip.decompress(bytes(published.content)))["notes"]["Address"] == (
        f"{PUBLIC_SITE}/data/commitments.json"
    )
    client.logout()
    filtered = json.loads(client.get("/data/figures.json", {"department": "DWP"}).content)
    assert filtered["notes"]["Address"] == f"{PUBLIC_SITE}/data/figures.json?department=DWP"
    assert f"{PUBLIC_SITE}/data/figures.csv" in client.get(reverse("data:index")).content.decode()


@COMMITTING
@pytest.mark.parametrize(
    ("address", "filename", "great_services"),
    [
        ("/data/figures.csv", "figures-as-at-2023-11-30.csv", ["15", "16", "8"]),
        ("/data/figures.csv?period=2023-09-update", "figures-as-at-2023-09-30.csv", ["15"]),
    ],
)
def test_a_reader_gets_the_published_file_without_building_the_table(report, client, address, filename, great_services):
    publication.publish("http://testserver")
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    tables = [query["sql"].split(" FROM ", 1)[1].split()[0].strip('"') for query in queries]
    # On PostgreSQL the data version may already be known from a notification-listening connection.
    assert tables in (["missions_dataversion", "commitments_publishedexport"], ["commitments_publishedexport"])
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert "Content-Encoding" not in response
    assert great_services_values(response.content.decode("utf-8")) == great_services

    cache.clear()
    gzipped = client.get(address, headers={"accept-encoding": "gzip"})
    assert gzipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(gzipped.content) == response.content


@COMMITTING
def test_a_periods_published_file_holds_what_a_reader_would_have_had_built(report, client):
    publication.publish("http://testserver")
    cache.clear()
    published = client.get("/data/figures.csv?period=2024-02-update").content
    # An empty filter changes nothing but the address, which isn't published: built on request.
    built = client.get("/data/figures.csv?period=2024-02-update&status=").content
    assert not PublishedExport.objects.filter(address__contains="status").exists()
    assert published == built
    assert len(published.decode("utf-8").splitlines()) > 30


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("address", "before", "after"),
    [
        ("/data/figures.csv", ["15", "16", "8"], ["15", "17", "8"]),
        ("/data/figures.csv?period=2024-02-update", ["16"], ["17"]),
    ],
)
def test_a_published_file_is_never_served_once_the_data_has_changed(client, address, before, after):
    assert great_services_values(client.get(address).content.decode("utf-8")) == before
    assert PublishedExport.objects.filter(address=address).exists()

    # Saved in this test's transaction, which never commits: nothing is published after it.
    figure = great_services()
    figure.value = Decimal("17")
    figure.save()

    assert great_services_values(client.get(address).content.decode("utf-8")) == after


@pytest.mark.django_db
def test_a_file_built_slowly_for_an_older_version_never_replaces_a_newer_one(rf):
    address = "/data/commitments.csv"
    response = HttpResponse(b"newer", content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="commitments.csv"'
    publication.store(address, "newer-token", "csv", response, build_seconds=0.1)
    response.content = b"older"
    publication.store(address, "older-token", "csv", response, build_seconds=2.0)

    newer = publication.stored_response(rf.get(address), address, "newer-token")
    assert newer.content == b"newer"
    PublishedExport.objects.discard_all_but("newer-token")
    assert list(PublishedExport.objects.values_list("data_token", flat=True)) == ["newer-token"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "department=DWP",
        "period=2024-02-update&department=DWP",
        "period=2023-03&period=2024-02-update",
        "period=",
        "period=2024-02-update&_export=xlsx",
    ],
)
def test_other_filtered_exports_are_built_on_request_and_not_kept(client, query):
    response = client.get(f"/data/figures.csv?{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert not PublishedExport.objects.exists()


@pytest.mark.django_db
def test_only_the_figures_are_published_for_each_period(client):
    response = client.get("/data/departments.csv?period=2024-02-update")
    assert response.status_code == 200
    assert not PublishedExport.objects.exists()


@pytest.mark.django_db
def test_a_period_that_does_not_exist_is_a_400_and_nothing_is_kept(client):
    response = client.get("/data/figures.csv?period=2031-01-update")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not PublishedExport.objects.exists()


@pytest.mark.django_db
def test_a_failed_publication_is_logged_and_leaves_readers_to_build(client, monkeypatch, caplog):
    def broken(origin):
        raise RuntimeError("disk full")

    monkeypatch.setattr(publication, "publish", broken)
    publication.request_state.origin = "http://testserver"
    with caplog.at_level(logging.ERROR, logger="commitments.publication"):
        publication.publish_after_response()
    assert "Publishing the exports for http://testserver failed" in caplog.text
    assert client.get("/data/commitments.json").status_code == 200


@pytest.mark.django_db
def test_publish_exports_builds_every_published_export_for_a_deploy_script(open_period):
    output = io.StringIO()
    call_command("publish_exports", "http://testserver", stdout=output)
    # Not the open period's, which has no figures yet.
    assert "Published 28 exports for http://testserver" in output.getvalue()
    assert set(PublishedExport.objects.values_list("address", flat=True)) == ADDRESSES


@pytest.mark.django_db
def test_publication_builds_the_whole_tables_first_then_each_periods_figures_latest_first():
    queries = [query for _, _, query in publication.published_exports(DATA_TABLES)]
    assert queries[: len(WHOLE_TABLES)] == [""] * len(WHOLE_TABLES)
    periods = list(dict.fromkeys(queries[len(WHOLE_TABLES) :]))
    assert periods == [f"period={period}" for period in reversed(REPORT_PERIODS)]


@pytest.mark.django_db
def test_publication_stops_once_the_data_changes_and_leaves_the_rest_to_the_newer_change(monkeypatch):
    every_export = publication.published_exports

    def data_changes_after_the_first(data_tables):
        exports = every_export(data_tables)
        yield next(exports)
        DataVersion.objects.bump()
        yield from exports

    monkeypatch.setattr(publication, "published_exports", data_changes_after_the_first)
    publication.publish("http://testserver")
    # The one file built is kept under the version it was built for, never served, and cleared
    # by the newer change's publication.
    assert PublishedExport.objects.count() == 1
    assert PublishedExport.objects.get().data_token != DataVersion.objects.current_token()


@pytest.mark.django_db
def test_an_export_built_at_a_published_address_is_kept_there_whatever_spelling_asked_for_it(client):
    response = client.get("/data/figures.json?period=2024%2D02%2Dupdate&&")
    assert response.status_code == 200
    canonical = "/data/figures.json?period=2024-02-update"
    assert list(PublishedExport.objects.values_list("address", flat=True)) == [canonical]
    # Every reader of the published address gets this file, so it names that address.
    assert json.loads(response.content)["notes"]["Address"] == f"http://testserver{canonical}"

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(canonical).content == response.content
    assert not any("commitments_figure" in query["sql"] for query in queries)


@pytest.mark.django_db
def test_publish_exports_publishes_for_site_url_when_given_no_address(settings):
    settings.SITE_URL = PUBLIC_SITE
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "roadmap.example.gov.uk"]
    output = io.StringIO()
    call_command("publish_exports", stdout=output)
    assert f"Published 28 exports for {PUBLIC_SITE}" in output.getvalue()
    published = PublishedExport.objects.get(address="/data/commitments.json")
    assert json.loads(gzip.decompress(bytes(published.content)))["notes"]["Address"] == (
        f"{PUBLIC_SITE}/data/commitments.json"
    )


@pytest.mark.django_db
def test_publish_exports_refuses_an_address_other_than_site_url(settings):
    settings.SITE_URL = PUBLIC_SITE
    with pytest.raises(CommandError, match=f"SITE_URL is {PUBLIC_SITE}"):
        call_command("publish_exports", "http://testserver")
    assert not PublishedExport.objects.exists()


@pytest.mark.django_db
def test_publish_exports_asks_for_an_address_without_site_url(settings):
    settings.SITE_URL = ""
    with pytest.raises(CommandError, match="or set SITE_URL"):
        call_command("publish_exports")
    assert not PublishedExport.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("origin", "message"),
    [
        ("roadmap.example.gov.uk", "Give the site's scheme and host only"),
        ("https://testserver/data/", "Give the site's scheme and host only"),
        ("https://evil.example.com", "evil.example.com is not in ALLOWED_HOSTS"),
    ],
)
def test_publish_exports_refuses_an_origin_the_site_would_not_answer_to(origin, message):
    with pytest.raises(CommandError, match=message):
        call_command("publish_exports", origin)
    assert not PublishedExport.objects.exists()
