"""The export spreadsheets read back as tablib (openpyxl, odfpy) would have written them, and stay safe."""

import csv
import io
import shutil
import subprocess
import zipfile
from decimal import Decimal

import openpyxl
import pytest
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
# Text that looks like Excel's escape for a character ("_x0041_" is "A") must read back as typed.
# One hides behind a character XML can't carry, which is taken out.
ESCAPE_LIKE = "MoD _x0041_ _x000D_ _\x0bx000D_ _x12"
ESCAPE_LIKE_READ = "MoD _x0041_ _x000D_ _x000D_ _x12"
AWKWARD_ROWS = [['=HYPERLINK("http://example.com")', ESCAPE_LIKE, 7, 11, "Pasted\x0bfrom a document"]]
AWKWARD = [(TITLE, HEADERS, AWKWARD_ROWS)]
AWKWARD_SHEET = [("Pasted", HEADERS, AWKWARD_ROWS)]


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
    assert sheet["B2"].value == ESCAPE_LIKE_READ
    assert sheet["E2"].value == "Pastedfrom a document"
    row = ods_values(spreadsheets.ods(AWKWARD))[SHEET][1]
    assert row == ['=HYPERLINK("http://example.com")', ESCAPE_LIKE_READ, 7.0, 11.0, "Pastedfrom a document"]


def test_ods_is_a_valid_package():
    with zipfile.ZipFile(io.BytesIO(spreadsheets.ods(SHEETS))) as archive:
        first = archive.infolist()[0]
        assert first.filename == "mimetype"
        assert first.compress_type == zipfile.ZIP_STORED
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
        assert b'manifest:full-path="content.xml"' in archive.read("META-INF/manifest.xml")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice (Debian's libreoffice-calc-nogui)")
def test_libreoffice_reads_the_xlsx_as_written(tmp_path):
    """A second reader besides openpyxl: LibreOffice opens the file and finds every cell where it was written."""
    workbook = tmp_path / "figures.xlsx"
    workbook.write_bytes(spreadsheets.xlsx(SHEETS + AWKWARD_SHEET))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            # Comma-separated UTF-8, every sheet to its own file.
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
            str(tmp_path),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )

    def read(sheet):
        with open(tmp_path / f"figures-{sheet}.csv", encoding="utf-8", newline="") as sheet_file:
            return list(csv.reader(sheet_file))

    assert read(SHEET) == [
        HEADERS,
        ["Services at 'great'", "Government-wide", "16", "50", "Yes"],
        ["Vacancy rate & gaps <digital>", "DWP", "9.1", "", "No"],
        ["Digital entrants", "HMRC", "0", "10.5", ""],
    ]
    assert read("Notes") == [["Note", "Detail"], *[list(note) for note in NOTES]]
    assert read("Pasted") == [
        HEADERS,
        ['=HYPERLINK("http://example.com")', ESCAPE_LIKE_READ, "7", "11", "Pastedfrom a document"],
    ]


def test_columns_past_z_are_named_as_excel_names_them():
    letters = spreadsheets._column_letters(703)
    assert [letters[i] for i in (0, 25, 26, 51, 52, 701, 702)] == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]
    headers = [f"Measure {n}" for n in range(30)]
    sheet = openpyxl.load_workbook(io.BytesIO(spreadsheets.xlsx([(TITLE, headers, [list(range(30))])]))).worksheets[0]
    assert [cell.value for cell in sheet[2]] == list(range(30))
    assert sheet["AD1"].value == "Measure 29"


def test_sheet_names_are_ones_excel_accepts():
    names = spreadsheets.sheet_names(["Notes", "notes", "'Quoted'", "", "History", "a/b" * 20, "a/b" * 20])
    long_name = ("a-b" * 20)[:31]
    assert names == ["Notes", "notes 2", "Quoted", "Sheet", "History sheet", long_name, long_name[:29] + " 2"]
    assert all(len(name) <= 31 for name in names)
    sheets = [(title, ["Note"], [["x"]]) for title in ("Notes", "Notes")]
    assert list(xlsx_values(spreadsheets.xlsx(sheets))) == ["Notes", "Notes 2"]
    assert list(ods_values(spreadsheets.ods(sheets))) == ["Notes", "Notes 2"]


def test_numbers_that_are_not_finite_are_written_as_text_and_rows_may_be_a_generator():
    row = [Decimal("NaN"), Decimal("sNaN"), float("inf"), Decimal("2.5"), True, "Lone \ud800 surrogate"]
    expected = ["NaN", "sNaN", "inf", 2.5, True, "Lone  surrogate"]
    sheets = [("Odd values", [f"Column {n}" for n in range(len(row))], (cells for cells in [row]))]
    assert xlsx_values(spreadsheets.xlsx(sheets))["Odd values"][1] == expected
    sheets = [("Odd values", [f"Column {n}" for n in range(len(row))], (cells for cells in [row]))]
    assert ods_values(spreadsheets.ods(sheets))["Odd values"][1][:4] == ["NaN", "sNaN", "inf", 2.5]


def test_a_workbook_has_a_view_for_its_sheets_and_at_least_one_sheet():
    with zipfile.ZipFile(io.BytesIO(spreadsheets.xlsx(SHEETS))) as archive:
        assert b"<bookViews><workbookView/></bookViews><sheets>" in archive.read("xl/workbook.xml")
    with pytest.raises(ValueError, match="at least one sheet"):
        spreadsheets.xlsx([])


def test_an_ods_that_fails_midway_keeps_no_text_behind():
    def rows():
        yield ["Kept only while the file is written", "DWP", 1, 2, "Yes"]
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        spreadsheets.ods([(TITLE, HEADERS, rows())])
    assert spreadsheets._escaped_text.cache_info().currsize == 0
