"""Exports of a data table: every filtered row, numbers as numbers, with the notes that make them citable."""

import json
from decimal import Decimal

import tablib
from django_tables2.export import TableExport

from commitments import spreadsheets

SPREADSHEET_FORMATS = {TableExport.XLSX, TableExport.ODS}
EXPORT_FORMATS = (TableExport.CSV, TableExport.XLSX, TableExport.ODS, TableExport.JSON)


def plain(value):
    """Decimals as ints or floats, so that every format writes a number, not text."""
    if isinstance(value, Decimal):
        if not value.is_finite():
            return str(value)
        return int(value) if value == value.to_integral() else float(value)
    return value


class NotedTableExport(TableExport):
    """A table export with a notes sheet (spreadsheets) or a notes object (JSON).

    CSV has room for one sheet only; it starts with a byte-order mark so that Excel reads it as UTF-8.
    """

    def __init__(self, export_format, table, notes, exclude_columns=None, dataset_kwargs=None):
        super().__init__(export_format, table, exclude_columns, dataset_kwargs)
        self.notes = notes

    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        rows = table.as_values(exclude_columns=exclude_columns)
        headers = next(rows)
        return tablib.Dataset(*([plain(cell) for cell in row] for row in rows), headers=headers, **dataset_kwargs)

    def export(self):
        if self.format in SPREADSHEET_FORMATS:
            write = spreadsheets.xlsx if self.format == TableExport.XLSX else spreadsheets.ods
            return write(
                [
                    (self.dataset.title, self.dataset.headers, self.dataset),
                    ("Notes", ["Note", "Detail"], self.notes),
                ]
            )
        if self.format == TableExport.JSON:
            # Not indented: with an indent, json falls back from its C encoder to Python, five times slower.
            return json.dumps({"notes": dict(self.notes), "rows": self.dataset.dict}, default=str)
        return "\ufeff" + self.dataset.export(self.format)
