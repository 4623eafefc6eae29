"""Spreadsheet files for the exports, written row by row.

tablib builds every cell in memory first: openpyxl's normal workbook keeps a cell object per
value, and odfpy a DOM node per cell, about a millisecond a row; a 6,000-row export took 1.4 s
as XLSX and 5.8 s as ODS. These write each row once, as it comes.
"""

import io
import re
import zipfile
from numbers import Number
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

# A sheet's name may not hold these, and has at most 31 characters (Excel's rule; ODS follows it here).
SHEET_NAME_FORBIDDEN = re.compile(r"[\\*?:/\[\]]")
# Characters that XML 1.0 cannot carry at all, even escaped.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"


def sheet_name(title):
    return SHEET_NAME_FORBIDDEN.sub("-", title)[:31]


def xlsx(sheets):
    """An XLSX workbook of ``sheets``, each a (title, headers, rows): headers bold and frozen."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(sheet_name(title))
        sheet.freeze_panes = "A2"
        header_cells = []
        for header in headers:
            # Headers name measures, which are typed in the admin: text, however they begin.
            cell = WriteOnlyCell(sheet, value=XML_FORBIDDEN.sub("", str(header)))
            cell.data_type = "s"
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in rows:
            sheet.append([_xlsx_value(sheet, value) for value in row])
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _xlsx_value(sheet, value):
    if not isinstance(value, str):
        return value
    # openpyxl refuses the whole file over one control character pasted into a name.
    value = XML_FORBIDDEN.sub("", value)
    # openpyxl stores any text starting with "=" as a formula: typed text must stay text.
    if value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


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
    for title, headers, rows in sheets:
        parts.append(f'<table:table table:name="{_xml_text(sheet_name(title))}">')
        parts.append(
            "<table:table-row>"
            + "".join(
                f'<table:table-cell table:style-name="header" office:value-type="string">'
                f"<text:p>{_xml_text(header)}</text:p></table:table-cell>"
                for header in headers
            )
            + "</table:table-row>"
        )
        parts.extend(f"<table:table-row>{''.join(_ods_cell(value) for value in row)}</table:table-row>" for row in rows)
        parts.append("</table:table>")
    parts.append("</office:spreadsheet></office:body></office:document-content>")
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        # The mimetype entry comes first and uncompressed, so that tools can recognise the file.
        archive.writestr(zipfile.ZipInfo("mimetype"), ODS_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", ODS_MANIFEST)
        archive.writestr("content.xml", "".join(parts))
    return stream.getvalue()


def _xml_text(value):
    return escape(XML_FORBIDDEN.sub("", str(value)), {'"': "&quot;"})


def _ods_cell(value):
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, bool):
        return (
            f'<table:table-cell office:value-type="boolean" office:boolean-value="{str(value).lower()}">'
            f"<text:p>{str(value).upper()}</text:p></table:table-cell>"
        )
    if isinstance(value, Number):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    return f'<table:table-cell office:value-type="string"><text:p>{_xml_text(value)}</text:p></table:table-cell>'


ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    f'<manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="{ODS_MIMETYPE}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)
