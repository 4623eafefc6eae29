"""The export spreadsheets read back as tablib (openpyxl, odfpy) would have written them, and stay safe."""

import io
import zipfile

import openpyxl
import tablib
from odf.opendocument import load as load_ods
from odf.table import Table, TableCell, TableRow

from commitments import spreadsheets

HEADERS = ["Measure", "Department", "Value", "Target", "Verified"]
ROWS = [
    ["Services at 'great'", "Government-wide", 16, 50, "Yes"],
    ["Vacancy rate & gaps <digital>", "DWP", 9.1, None, "No"],
    ["Digital entrants", "HMRC", 0, 10.5, ""],
]
NOTES = [("Title", "All figures"), ("Filters applied", "Department: DWP; Period: February 2024")]
TITLE = "All figures: a [test] title that is far too long"
SHEET = "All figures- a -test- title tha"
SHEETS = [(TITLE, HEADERS, ROWS), ("Notes", ["Note", "Detail"], NOTES)]
AWKWARD = [(TITLE, HEADERS, [['=HYPERLINK("http://example.com")', "MoD", 7, 11, "Pasted\x0bfrom a document"]])]


def xlsx_values(content):
    book = openpyxl.load_workbook(io.BytesIO(content))
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}


def ods_values(content):
    sheets = {}
    for table in load_ods(io.BytesIO(content)).spreadsheet.getElementsByType(Table):
        rows = []
        for row in table.getElementsByType(TableRow):
            cells = []
            for cell in row.getElementsByType(TableCell):
                kind = cell.getAttribute("valuetype")
                cells.append(float(cell.getAttribute("value")) if kind == "float" else str(cell) or None)
            rows.append(cells)
        sheets[table.getAttribute("name")] = rows
    return sheets


def tablib_book():
    return tablib.Databook(
        [tablib.Dataset(*rows, headers=headers, title=title[:31]) for title, headers, rows in SHEETS]
    )


def test_xlsx_holds_what_tablib_would_have_written():
    ours = xlsx_values(spreadsheets.xlsx(SHEETS))
    assert ours == xlsx_values(tablib_book().export("xlsx"))
    assert list(ours) == [SHEET, "Notes"]
    assert ours[SHEET][2] == ["Vacancy rate & gaps <digital>", "DWP", 9.1, None, "No"]


def test_ods_holds_what_tablib_would_have_written():
    ours = ods_values(spreadsheets.ods(SHEETS))
    # tablib leaves an ODS sheet's name as it is; these follow Excel's rule for both formats.
    assert list(ours.values()) == list(ods_values(tablib_book().export("ods")).values())
    assert list(ours) == [SHEET, "Notes"]
    assert ours[SHEET][1] == ["Services at 'great'", "Government-wide", 16.0, 50.0, "Yes"]
    assert ours[SHEET][2] == ["Vacancy rate & gaps <digital>", "DWP", 9.1, None, "No"]


def test_xlsx_headers_are_bold_and_frozen():
    sheet = openpyxl.load_workbook(io.BytesIO(spreadsheets.xlsx(SHEETS))).worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])


def test_a_header_typed_in_the_admin_stays_text_in_xlsx():
    headers = ["Department", "=SUM(A1:A9) measure", "Vacancies\x0b (percentage)"]
    sheet = openpyxl.load_workbook(io.BytesIO(spreadsheets.xlsx([(TITLE, headers, [])]))).worksheets[0]
    assert [cell.value for cell in sheet[1]] == ["Department", "=SUM(A1:A9) measure", "Vacancies (percentage)"]
    assert {cell.data_type for cell in sheet[1]} == {"s"}


def test_typed_text_stays_text_and_a_control_character_does_not_break_the_file():
    sheet = openpyxl.load_workbook(io.BytesIO(spreadsheets.xlsx(AWKWARD))).worksheets[0]
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == '=HYPERLINK("http://example.com")'
    assert sheet["E2"].value == "Pastedfrom a document"
    row = ods_values(spreadsheets.ods(AWKWARD))[SHEET][1]
    assert row == ['=HYPERLINK("http://example.com")', "MoD", 7.0, 11.0, "Pastedfrom a document"]


def test_ods_is_a_valid_package():
    with zipfile.ZipFile(io.BytesIO(spreadsheets.ods(SHEETS))) as archive:
        first = archive.infolist()[0]
        assert first.filename == "mimetype"
        assert first.compress_type == zipfile.ZIP_STORED
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
        assert b'manifest:full-path="content.xml"' in archive.read("META-INF/manifest.xml")
