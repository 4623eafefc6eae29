"""Spreadsheet files for the exports, written straight to their XML.

tablib builds every cell in memory first: openpyxl keeps a cell object per value, and odfpy a
DOM node per cell, about a millisecond a row; a 6,000-row export took 1.4 s as XLSX and 5.8 s
as ODS. These write each row once, as a string. Numbers are written as numbers, unless they are
infinite or not a number, and everything else as text; tests read them back with openpyxl and
odfpy and compare them with tablib's files.
"""

import io
import math
import re
import zipfile
from decimal import Decimal
from functools import lru_cache
from numbers import Number
from xml.sax.saxutils import escape

# A sheet's name may not hold these, and has at most 31 characters (Excel's rule; ODS follows it here).
SHEET_NAME_FORBIDDEN = re.compile(r"[\\*?:/\[\]]")
# Characters that XML 1.0 cannot carry at all, even escaped (lone surrogates can't even be encoded).
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Excel reads "_x0041_" in a cell's text as the character it names ("A"): text that looks like one
# has its underscore written as "_x005F_", as Excel itself does, so that it reads back as typed.
ESCAPE_LIKE = re.compile("_(?=x[0-9A-Fa-f]{4}_)")
ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
SPREADSHEETML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
OFFICE_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
XLSX_WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
# The index in XLSX_STYLES' cellXfs of the bold header style.
XLSX_BOLD = 1


def sheet_names(titles):
    """Names Excel accepts for sheets with these titles: at most 31 characters, none of
    ``\\*?:/[]``, not starting or ending with an apostrophe, not "History", and no two the same
    whatever their case (ODS follows the same rules here)."""
    names = []
    for title in titles:
        name = SHEET_NAME_FORBIDDEN.sub("-", XML_FORBIDDEN.sub("", str(title)))[:31].strip("'") or "Sheet"
        if name.lower() == "history":
            name = "History sheet"
        base, number = name, 1
        while name.lower() in {taken.lower() for taken in names}:
            number += 1
            name = f"{base[: 31 - len(str(number)) - 1]} {number}"
        names.append(name)
    return names


def is_finite_number(value):
    """A number a spreadsheet can hold as a number: not a bool, infinite or not a number."""
    if isinstance(value, bool) or not isinstance(value, Number):
        return False
    if isinstance(value, Decimal):
        return value.is_finite()
    return isinstance(value, int | float) and math.isfinite(value)


def xlsx(sheets):
    """An Office Open XML workbook of ``sheets``, each a (title, headers, rows): headers bold and frozen.

    Written straight to its XML, as ODS is: openpyxl, even in write-only mode, spent 0.85 s on
    one period's 5,700 figures, and this 0.07 s. Text goes in the workbook's shared strings, as
    Excel writes it, so each distinct text is escaped and stored once; it stays text, and no text
    can become a formula. Numbers are stored as numbers.
    """
    if not sheets:
        raise ValueError("A workbook needs at least one sheet.")
    titles = sheet_names(title for title, _, _ in sheets)
    strings = SharedStrings()
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _xlsx_content_types(len(sheets)))
        archive.writestr("_rels/.rels", XLSX_PACKAGE_RELATIONSHIPS)
        archive.writestr("xl/workbook.xml", _xlsx_workbook(titles))
        archive.writestr("xl/_rels/workbook.xml.rels", _xlsx_workbook_relationships(len(sheets)))
        archive.writestr("xl/styles.xml", XLSX_STYLES)
        for number, (_, headers, rows) in enumerate(sheets, start=1):
            archive.writestr(f"xl/worksheets/sheet{number}.xml", _xlsx_sheet(headers, rows, strings))
        archive.writestr("xl/sharedStrings.xml", strings.xml())
    return stream.getvalue()


class SharedStrings:
    """A workbook's table of distinct texts: a cell holds its text's place in it."""

    def __init__(self):
        self.places = {}

    def place(self, text):
        return self.places.setdefault(text, len(self.places))

    def xml(self):
        items = "".join(f'<si><t xml:space="preserve">{_xlsx_text(text)}</t></si>' for text in self.places)
        return XML_DECLARATION + f'<sst xmlns="{SPREADSHEETML}" uniqueCount="{len(self.places)}">{items}</sst>'


def _xlsx_sheet(headers, rows, strings):
    rows = list(rows)
    columns = _column_letters(max(len(headers), max((len(row) for row in rows), default=0)))
    header_cells = "".join(
        f'<c r="{column}1" s="{XLSX_BOLD}" t="s"><v>{strings.place(str(header))}</v></c>'
        for column, header in zip(columns, headers, strict=False)
    )
    parts = [XLSX_SHEET_START, f'<row r="1">{header_cells}</row>']
    parts.extend(
        f'<row r="{number}">'
        + "".join(_xlsx_cell(f"{column}{number}", value, strings) for column, value in zip(columns, row, strict=False))
        + "</row>"
        for number, row in enumerate(rows, start=2)
    )
    parts.append("</sheetData></worksheet>")
    return "".join(parts)


def _xlsx_cell(reference, value, strings):
    kind = type(value)
    # Text, whole numbers and floats first: nearly every cell is one, and this runs for each.
    if kind is str and value:
        return f'<c r="{reference}" t="s"><v>{strings.place(value)}</v></c>'
    if kind is int or (kind is float and math.isfinite(value)):
        return f'<c r="{reference}"><v>{value}</v></c>'
    if value is None or value == "":
        return ""
    if kind is bool:
        return f'<c r="{reference}" t="b"><v>{int(value)}</v></c>'
    if is_finite_number(value):
        return f'<c r="{reference}"><v>{value}</v></c>'
    return f'<c r="{reference}" t="s"><v>{strings.place(str(value))}</v></c>'


def _column_letters(count):
    """A, B, ... Z, AA, AB, ...: a cell's column as the sheet names it."""
    letters = []
    for index in range(1, count + 1):
        name = ""
        while index:
            index, remainder = divmod(index - 1, 26)
            name = chr(ord("A") + remainder) + name
        letters.append(name)
    return letters


def _xlsx_content_types(sheet_count):
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{number}.xml" ContentType="{XLSX_WORKSHEET_TYPE}"/>'
        for number in range(1, sheet_count + 1)
    )
    return (
        XML_DECLARATION + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml"'
        ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml"'
        ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml"'
        ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        f"{sheets}</Types>"
    )


def _xlsx_workbook(titles):
    sheets = "".join(
        f'<sheet name="{_xml_text(title)}" sheetId="{number}" r:id="rId{number}"/>'
        for number, title in enumerate(titles, start=1)
    )
    return (
        XML_DECLARATION + f'<workbook xmlns="{SPREADSHEETML}" xmlns:r="{OFFICE_RELATIONSHIPS}">'
        # Each sheet's view refers to the workbook's view 0: Excel has been seen to fail printing without it.
        f"<bookViews><workbookView/></bookViews><sheets>{sheets}</sheets></workbook>"
    )


def _xlsx_workbook_relationships(sheet_count):
    sheets = "".join(
        f'<Relationship Id="rId{number}" Type="{OFFICE_RELATIONSHIPS}/worksheet"'
        f' Target="worksheets/sheet{number}.xml"/>'
        for number in range(1, sheet_count + 1)
    )
    styles = f'<Relationship Id="rId{sheet_count + 1}" Type="{OFFICE_RELATIONSHIPS}/styles" Target="styles.xml"/>'
    strings = (
        f'<Relationship Id="rId{sheet_count + 2}" Type="{OFFICE_RELATIONSHIPS}/sharedStrings"'
        ' Target="sharedStrings.xml"/>'
    )
    return XML_DECLARATION + f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">{sheets}{styles}{strings}</Relationships>'


def ods(sheets):
    """An OpenDocument spreadsheet of ``sheets``, each a (title, headers, rows): headers bold."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.2">'
        '<office:automatic-styles><style:style style:name="header" style:family="table-cell">'
        '<style:text-properties fo:font-weight="bold"/></style:style></office:automatic-styles>'
        "<office:body><office:spreadsheet>"
    ]
    try:
        for name, (_, headers, rows) in zip(sheet_names(title for title, _, _ in sheets), sheets, strict=True):
            parts.append(f'<table:table table:name="{_xml_text(name)}">')
            parts.append(
                "<table:table-row>"
                + "".join(
                    f'<table:table-cell table:style-name="header" office:value-type="string">'
                    f"<text:p>{_xml_text(header)}</text:p></table:table-cell>"
                    for header in headers
                )
                + "</table:table-row>"
            )
            parts.extend(
                f"<table:table-row>{''.join(_ods_cell(value) for value in row)}</table:table-row>" for row in rows
            )
            parts.append("</table:table>")
    finally:
        # Keep no text past the file, even one that failed: much of it is this export's own
        # (its address, when it was made).
        _escaped_text.cache_clear()
    parts.append("</office:spreadsheet></office:body></office:document-content>")
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        # The mimetype entry comes first and uncompressed, so that tools can recognise the file.
        archive.writestr(zipfile.ZipInfo("mimetype"), ODS_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", ODS_MANIFEST)
        archive.writestr("content.xml", "".join(parts))
    return stream.getvalue()


def _xlsx_text(text):
    # Characters XML can't carry go first: taking one out could make an escape-like "_x000D_".
    return escape(ESCAPE_LIKE.sub("_x005F_", XML_FORBIDDEN.sub("", text)), {'"': "&quot;"})


def _xml_text(value):
    return escape(XML_FORBIDDEN.sub("", str(value)), {'"': "&quot;"})


# Most text in an export repeats (a measure's name on every department's row): escaping each
# distinct text once per file took one period's 5,700 figures from 125-131 to 78-80 ms as ODS.
# (XLSX stores each distinct text once anyway, in its shared strings.)
_escaped_text = lru_cache(maxsize=4096)(_xml_text)


ODS_TEXT_CELL_START = '<table:table-cell office:value-type="string"><text:p>'


def _ods_cell(value):
    if type(value) is str and value:
        return f"{ODS_TEXT_CELL_START}{_escaped_text(value)}</text:p></table:table-cell>"
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, bool):
        return (
            f'<table:table-cell office:value-type="boolean" office:boolean-value="{str(value).lower()}">'
            f"<text:p>{str(value).upper()}</text:p></table:table-cell>"
        )
    if is_finite_number(value):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    return f"{ODS_TEXT_CELL_START}{_xml_text(value)}</text:p></table:table-cell>"


ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    f'<manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="{ODS_MIMETYPE}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


XLSX_PACKAGE_RELATIONSHIPS = (
    XML_DECLARATION + f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">'
    f'<Relationship Id="rId1" Type="{OFFICE_RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
# The least Excel accepts: a normal and a bold font; two fills and a border it requires; two cell formats.
XLSX_STYLES = (
    XML_DECLARATION + f'<styleSheet xmlns="{SPREADSHEETML}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
# Every sheet's first row (its headers) stays in view as the reader scrolls.
XLSX_SHEET_START = (
    XML_DECLARATION + f'<worksheet xmlns="{SPREADSHEETML}">'
    '<sheetViews><sheetView workbookViewId="0">'
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
    "<sheetData>"
)
