"""Tables and exports for the committee: exactly the filtered rows, every one, numbers as numbers."""

import csv
import datetime
import io
import json
from decimal import Decimal

import django_tables2
import openpyxl
import pytest
from django.core.cache import cache
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext
from odf.opendocument import load as load_ods
from odf.table import Table, TableCell, TableRow

from commitments.filters import FigureFilter
from commitments.models import Figure
from tests.scaling import grow_tenfold

pytestmark = pytest.mark.django_db


def read_csv(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def read_xlsx(response):
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheets = {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}
    return sheets


def read_ods(response):
    document = load_ods(io.BytesIO(response.content))
    sheets = {}
    for table in document.spreadsheet.getElementsByType(Table):
        rows = []
        for row in table.getElementsByType(TableRow):
            cells = []
            for cell in row.getElementsByType(TableCell):
                kind = cell.getAttribute("valuetype")
                cells.append(float(cell.getAttribute("value")) if kind == "float" else str(cell))
            rows.append(cells)
        sheets[table.getAttribute("name")] = rows
    return sheets


def dwp_rows_on_screen(client):
    response = client.get("/data/figures/", {"department": "DWP", "period": "2024-02-update"})
    return list(response.context["table"].rows)


class TestFigureExports:
    def test_csv_equals_the_filtered_table(self, client):
        rows = read_csv(client.get("/data/figures.csv", {"department": "DWP", "period": "2024-02-update"}))
        assert len(rows) == len(dwp_rows_on_screen(client)) == 1
        assert rows[0]["Department"] == "DWP"
        assert rows[0]["Figure (in the unit given)"] == "10.5"
        assert rows[0]["Unit"] == "Percentage"
        assert rows[0]["Verified"] == "No"

    def test_xlsx_has_numbers_units_and_a_notes_sheet(self, client):
        sheets = read_xlsx(client.get("/data/figures.xlsx", {"department": "MoD"}))
        data = sheets["All figures"]
        header, rows = data[0], data[1:]
        by_name = [dict(zip(header, row, strict=True)) for row in rows]
        assert {row["Measure"] for row in by_name} == {
            "'Red-rated' legacy systems with a fully funded remediation plan",
            "'Red-rated' legacy systems with a partially funded remediation plan",
            "'Red-rated' legacy systems with no remediation plan",
        }
        fully = next(row for row in by_name if "fully" in row["Measure"])
        assert fully["Figure (in the unit given)"] == 7
        assert fully["Out of"] == 11
        assert isinstance(fully["Figure (in the unit given)"], int)
        notes = dict(row[:2] for row in sheets["Notes"][1:])
        assert notes["Filters applied"] == "Department: MoD"
        assert notes["As at"] == "February 2024 progress update: November 2023"
        assert "February 2024 progress update" in notes["Source"]

    def test_ods_reads_back_with_numbers(self, client):
        sheets = read_ods(client.get("/data/figures.ods", {"commitment": "18"}))
        data = sheets["All figures"]
        header = data[0]
        values = sorted(row[header.index("Figure (in the unit given)")] for row in data[1:])
        assert values == [4.0, 5.4]
        assert "Notes" in sheets

    def test_json_has_notes_and_every_row(self, client):
        document = json.loads(client.get("/data/figures.json").content)
        assert len(document["rows"]) == Figure.objects.published().count()
        assert document["notes"]["Filters applied"] == "None"
        great = [row for row in document["rows"] if row["Measure"] == "Top 75 services at a 'great' standard"]
        assert sorted(row["Figure (in the unit given)"] for row in great) == [8, 15, 16]

    def test_export_has_every_row_not_one_page(self, client):
        grow_tenfold()
        total = Figure.objects.published().count()
        assert total > 50
        assert len(read_csv(client.get("/data/figures.csv"))) == total
        assert len(dwp_rows_on_screen(client)) == 1

    def test_sorting_carries_into_the_export(self, client):
        rows = read_csv(client.get("/data/figures.csv", {"commitment": "16", "sort": "-value"}))
        values = [Decimal(row["Figure (in the unit given)"]) for row in rows]
        assert values == sorted(values, reverse=True)
        assert len(values) == 8

    def test_file_name_says_the_table_and_as_at_date(self, client):
        response = client.get("/data/figures.xlsx", {"period": "2023-09-update"})
        assert response["Content-Disposition"] == 'attachment; filename="figures-as-at-2023-09-30.xlsx"'
        assert client.get("/data/figures/", {"_export": "ods"})["Content-Disposition"].startswith(
            'attachment; filename="figures-as-at-2023-11-30.ods"'
        )

    def test_against_target_filter_agrees_with_the_pages_rule(self, client):
        rows = read_csv(client.get("/data/figures.csv", {"status": "misses"}))
        assert rows
        assert all(row["Against the target"].startswith(("Misses the target", "Below the target")) for row in rows)
        meets = FigureFilter({"status": "meets"}, queryset=Figure.objects.all()).qs
        for figure in meets.select_related("metric"):
            assert figure.metric.meets_target(figure.value, figure.metric.target_for(figure))


class TestOtherTables:
    def test_departments_by_measure_for_one_period(self, client):
        sheets = read_xlsx(client.get("/data/departments.xlsx", {"period": "2024-02-update"}))
        data = sheets["Departments and measures"]
        header = data[0]
        rows = {row[0]: dict(zip(header, row, strict=True)) for row in data[1:]}
        assert rows["DCMS"]["Digital and data vacancy rate (percentage)"] == 30.4
        assert rows["MoD"]["'Red-rated' legacy systems with a fully funded remediation plan (count)"] == 7
        assert rows["DWP"]["'Red-rated' legacy systems with no remediation plan (count)"] in ("", None)

    def test_commitments_with_status_and_headline(self, client):
        rows = json.loads(client.get("/data/commitments.json", {"status": "off_track"}).content)["rows"]
        numbers = [row["Commitment"] for row in rows]
        assert 1 in numbers and 18 not in numbers
        great = next(row for row in rows if row["Commitment"] == 1)
        assert (great["Headline figure"], great["Target"], great["Unit"]) == (16, 50, "Count")

    def test_data_page_lists_each_table_and_format(self, client):
        html = client.get("/data/").content.decode()
        for address in ["/data/figures.csv", "/data/figures.ods", "/data/departments.xlsx", "/data/commitments.json"]:
            assert address in html


class TestBadParameters:
    @pytest.mark.parametrize(
        ("query", "status"),
        [
            ({"sort": "bogus"}, 200),
            ({"page": "abc"}, 200),
            ({"page": "99999"}, 200),
            ({"page": "-1"}, 200),
            ({"period": "unknown"}, 400),
            ({"mission": "9"}, 400),
            ({"commitment": "x"}, 400),
            ({"status": "splendid"}, 400),
            ({"department": "A" * 500}, 400),
            ({"_export": "exe"}, 400),
            ({"_export": ""}, 400),
        ],
    )
    def test_never_a_500(self, client, query, status):
        assert client.get("/data/figures/", query).status_code == status

    def test_invalid_utf8_is_a_clear_400(self, client):
        response = client.get("/data/figures/?department=%ff%fe")
        assert response.status_code == 400
        assert "Select a valid choice" in response.content.decode()

    def test_an_unknown_format_in_the_address_is_404(self, client):
        assert client.get("/data/figures.exe").status_code == 404

    def test_a_bad_filter_says_what_is_wrong(self, client):
        html = client.get("/data/figures/", {"period": "unknown"}).content.decode()
        assert "There is a problem with the filters" in html
        assert "Select a valid choice" in html


def count_queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/data/figures/", 7),
        ("/data/figures.csv?department=DWP", 5),
        ("/data/departments/", 7),
        ("/data/departments.xlsx?period=2024-02-update", 5),
        ("/data/commitments/", 10),
        ("/data/commitments.json?mission=1", 9),
    ],
)
def test_query_counts_do_not_grow_with_rows(client, url, expected):
    before = count_queries(client, url)
    grow_tenfold()
    assert (before, count_queries(client, url)) == (expected, expected)


@pytest.mark.parametrize(
    ("url", "when_built", "when_published"),
    [
        ("/data/figures.csv", 6, 2),
        ("/data/departments.xlsx", 7, 2),
        ("/data/commitments.json", 10, 2),
    ],
)
def test_whole_table_exports_query_counts_do_not_grow_with_rows(client, url, when_built, when_published):
    """Built once (and kept) when none is published for the data as it is; then read back whole."""
    before = [count_queries(client, url), count_queries(client, url)]
    # The data changes, so the kept file is out of date and the export is built again.
    grow_tenfold()
    after = [count_queries(client, url), count_queries(client, url)]
    assert before == after == [when_built, when_published]


@pytest.mark.parametrize("url", ["/data/figures/", "/data/departments/", "/data/commitments/"])
def test_fast_export_values_match_django_tables2_cell_for_cell(client, url):

    grow_tenfold()
    Figure.objects.filter(pk__in=Figure.objects.values("pk")[:3]).update(
        revised_on=datetime.date(2024, 3, 1), revision_reason="Corrected"
    )
    table = client.get(url, {"sort": "-value"} if "figures" in url else {}).context["table"]
    values = list(table.as_values())
    assert values == list(django_tables2.Table.as_values(table))
    if "figures" in url:
        cells = [cell for row in values for cell in row]
        assert {"1 March 2024", "Government-wide", "about", "No"} <= set(cells)


@pytest.mark.parametrize("url", ["/data/figures/", "/data/departments/", "/data/commitments/"])
def test_fast_page_cells_match_django_tables2_cell_for_cell(client, url):
    table = client.get(url, {"sort": "-value"} if "figures" in url else {}).context["table"]
    # What the table template wrote with the library's own row.items() and column attributes.
    cells_template = engines["django"].from_string(
        "{% for column, cell in row.items %}<td {{ column.attrs.td.as_html }}>{{ cell }}</td>{% endfor %}"
    )
    library = [cells_template.render({"row": row}) for row in table.paginated_rows]
    assert [cells for _, cells in table.page_cells()] == library
    assert len(library) > 1


def test_target_dates_read_as_month_and_year_and_export_as_iso_dates(client):
    html = client.get("/data/figures/", {"commitment": 1}).content.decode()
    assert "March 2025" in html
    rows = json.loads(client.get("/data/figures.json").content)["rows"]
    great = next(row for row in rows if row["Measure"] == "Top 75 services at a 'great' standard")
    assert great["Target date"] == "2025-03-31"
    assert {row["Target date"] for row in rows if row["Target"] is None} == {None}


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/data/figures/", "All figures"),
        ("/data/departments/", "Departments and measures"),
        ("/data/commitments/", "Commitments"),
    ],
)
def test_every_data_table_is_a_govuk_table_named_by_its_caption(client, url, title):
    html = client.get(url).content.decode()
    assert '<table class="govuk-table' in html
    assert f'<caption class="govuk-table__caption govuk-table__caption--m">{title}</caption>' in html
    assert f'role="region" aria-label="{title}"' in html


@pytest.mark.parametrize("sort", ["-value", "period", "department", None])
def test_rows_that_tie_on_the_sorted_column_keep_one_order_across_pages(client, sort):
    grow_tenfold()
    table = client.get("/data/figures/", {"sort": sort} if sort else {}).context["table"]
    assert table.data.data.query.order_by[-1] == "pk"
    first_two_pages = [row.record.pk for row in table.rows][:100]
    second = client.get("/data/figures/", {**({"sort": sort} if sort else {}), "page": 2}).context["table"]
    assert [row.record.pk for row in second.paginated_rows] == first_two_pages[50:100]
