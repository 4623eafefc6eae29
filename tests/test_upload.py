"""The spreadsheet route: download a template, upload it, see each row's errors, confirm a clean file."""

from decimal import Decimal

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commitments.models import Figure
from departments.spreadsheets import HEADERS

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(open_period):
    args = ["dwp", open_period.slug]
    return {
        "xlsx": reverse("returns:template", args=[*args, "xlsx"]),
        "csv": reverse("returns:template", args=[*args, "csv"]),
        "upload": reverse("returns:upload", args=args),
    }


def template_rows(dwp_client, urls):
    response = dwp_client.get(urls["xlsx"])
    return tablib.Dataset().load(response.content, format="xlsx")


def filled(dataset, **values):
    """The template with Value filled in for the named metric IDs."""
    out = tablib.Dataset(headers=HEADERS)
    for row in dataset.dict:
        row = dict(row)
        if row["Metric ID"] in values:
            row["Value"] = values[row["Metric ID"]]
        out.append([row[header] for header in HEADERS])
    return out


def upload(dwp_client, urls, content, name):
    return dwp_client.post(urls["upload"], {"spreadsheet": SimpleUploadedFile(name, content)})


# Characters that Windows-1252 encodes differently from UTF-8, as Excel's curly quotes and dashes.
WINDOWS_1252_NOTE = "Contractors\N{RIGHT SINGLE QUOTATION MARK} roles \N{EN DASH} now permanent"


def dwp_figures(period):
    return Figure.objects.filter(department__code="DWP", period=period)


def test_templates_list_the_departments_metrics_with_last_period(dwp_client, urls):
    dataset = template_rows(dwp_client, urls)
    assert dataset.headers == HEADERS
    vacancy = next(row for row in dataset.dict if row["Metric ID"] == "vacancy-rate")
    assert vacancy["Department"] == "DWP"
    assert vacancy["Last period"] == 10.5
    csv_response = dwp_client.get(urls["csv"])
    assert csv_response["Content-Disposition"] == 'attachment; filename="dwp-return-2024-05.csv"'
    assert csv_response.content.decode().startswith("Metric ID,Commitment,Metric")


def test_a_good_file_previews_then_saves_on_confirm(dwp_client, urls, open_period):
    content = filled(template_rows(dwp_client, urls), **{"vacancy-rate": 9.7}).export("xlsx")
    response = upload(dwp_client, urls, content, "dwp.xlsx")
    assert response.status_code == 200
    assert not dwp_figures(open_period).exists()  # nothing saved until confirmed
    confirm = response.context["confirm"]
    response = dwp_client.post(urls["upload"], {"confirm": confirm})
    assert response.status_code == 302
    assert dwp_figures(open_period).get().value == Decimal("9.7")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"Metric ID": "no-such-metric"}, "There is no metric with the ID “no-such-metric” in a department return."),
        ({"Department": "HMRC"}, "This row is for “HMRC”; this return is DWP&#x27;s only."),
        ({"Value": "ten"}, "“ten” in Value is not a number."),
        ({"Value": "150"}, "is a percentage, so it must be between 0 and 100."),
    ],
)
def test_each_bad_row_is_reported_and_nothing_is_saved(dwp_client, urls, open_period, change, message):
    dataset = filled(template_rows(dwp_client, urls), **{"vacancy-rate": 9.7, "legacy-no-plan": 1})
    rows = list(dataset.dict)
    target = next(row for row in rows if row["Metric ID"] == "vacancy-rate")
    target.update(change)
    bad = tablib.Dataset(*[[row[header] for header in HEADERS] for row in rows], headers=HEADERS)
    response = upload(dwp_client, urls, bad.export("csv").encode(), "dwp.csv")
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "nothing has been saved" in html
    assert "confirm" not in response.context
    assert not dwp_figures(open_period).exists()


def test_a_csv_saved_by_excel_with_a_byte_order_mark_is_read(dwp_client, urls, open_period):
    content = filled(template_rows(dwp_client, urls), **{"vacancy-rate": 9.7}).export("csv")
    response = upload(dwp_client, urls, b"\xef\xbb\xbf" + content.encode("utf-8"), "dwp.csv")
    assert response.status_code == 200
    assert "byte-order mark, as Excel writes it" in response.content.decode()
    assert response.context["confirm"]


def test_a_windows_1252_csv_is_read(dwp_client, urls, open_period):
    dataset = filled(template_rows(dwp_client, urls), **{"vacancy-rate": 9.7})
    rows = list(dataset.dict)
    next(row for row in rows if row["Metric ID"] == "vacancy-rate")["Note"] = WINDOWS_1252_NOTE
    content = tablib.Dataset(*[[row[header] for header in HEADERS] for row in rows], headers=HEADERS).export("csv")
    response = upload(dwp_client, urls, content.encode("cp1252"), "dwp.csv")
    assert response.status_code == 200
    assert "read as Windows-1252, as Excel saves it" in response.content.decode()
    dwp_client.post(urls["upload"], {"confirm": response.context["confirm"]})
    assert dwp_figures(open_period).get().note == WINDOWS_1252_NOTE


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("dwp.pdf", b"%PDF-1.4", "Upload the return as an .xlsx or .csv file"),
        ("dwp.xlsx", b"not really a workbook", "can&#x27;t be read as an Excel workbook"),
        ("dwp.csv", b"a,b\n1,2\n", "The file has no column called Metric ID, Department, Period, Value"),
    ],
)
def test_files_that_cannot_be_read_get_a_clear_message(dwp_client, urls, open_period, name, content, message):
    response = upload(dwp_client, urls, content, name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not dwp_figures(open_period).exists()


def test_a_tampered_confirmation_is_refused(dwp_client, urls, open_period):
    response = dwp_client.post(urls["upload"], {"confirm": "forged"})
    assert response.status_code == 400
    assert not dwp_figures(open_period).exists()


def test_another_departments_template_is_refused(dwp_client, open_period):
    url = reverse("returns:template", args=["hmrc", open_period.slug, "xlsx"])
    assert dwp_client.get(url).status_code == 403
