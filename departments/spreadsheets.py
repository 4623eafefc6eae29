"""The spreadsheet route for a return: a template to download, and an upload checked row by row.

tablib (the format layer under django-import-export) reads and writes the files. Each row is
checked here for what only a spreadsheet can get wrong (an unknown metric, another department's
row, text in a number column); the values then go through the same ReturnForm as the one-screen
entry, so both routes apply exactly the same rules.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import tablib

HEADERS = [
    "Metric ID",
    "Commitment",
    "Metric",
    "Unit",
    "Department",
    "Period",
    "Last period",
    "Value",
    "Out of",
    "Note",
]
# The names the rows use for each column, so templates can reach them.
KEYS = {header: header.lower().replace(" ", "_") for header in HEADERS}
FORMATS = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "csv": "text/csv"}
MAX_UPLOAD_BYTES = 1024 * 1024


class SpreadsheetError(Exception):
    """The file can't be read at all."""


def template_dataset(department_return, metrics, current, previous):
    """One row per metric the department reports, with last period's figure and any figure already entered."""
    dataset = tablib.Dataset(headers=HEADERS, title=f"{department_return.department.code} return")
    for metric in metrics:
        entered, earlier = current.get(metric.pk), previous.get(metric.pk)
        dataset.append(
            [
                metric.slug,
                metric.commitment.number,
                metric.name,
                metric.get_unit_display(),
                department_return.department.code,
                department_return.period.slug,
                float(earlier.value) if earlier else "",
                float(entered.value) if entered else "",
                float(entered.denominator) if entered and entered.denominator is not None else "",
                entered.note if entered else "",
            ]
        )
    return dataset


@dataclass
class Upload:
    rows: list = field(default_factory=list)  # (row number, metric or None, cells, errors)
    form_data: dict = field(default_factory=dict)
    notices: list = field(default_factory=list)

    @property
    def has_errors(self):
        return any(errors for *_, errors in self.rows)


def read_upload(uploaded_file):
    """A tablib Dataset from an uploaded .xlsx or .csv; CSV decoded as Excel may have saved it."""
    if uploaded_file.size > MAX_UPLOAD_BYTES:
        raise SpreadsheetError("The file is larger than 1 MB; a return has one row per metric.")
    name = uploaded_file.name.lower()
    content = uploaded_file.read()
    notices = []
    if name.endswith(".xlsx"):
        try:
            return tablib.Dataset().load(content, format="xlsx"), notices
        except Exception as error:  # openpyxl raises many kinds for a damaged or mislabelled file
            raise SpreadsheetError("The file can't be read as an Excel workbook (.xlsx).") from error
    if name.endswith(".csv"):
        if content.startswith(b"\xef\xbb\xbf"):
            notices.append("The CSV file starts with a byte-order mark, as Excel writes it; it was read as UTF-8.")
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("cp1252", errors="replace")
            notices.append("The CSV file isn't UTF-8; it was read as Windows-1252, as Excel saves it.")
        try:
            return tablib.Dataset().load(text, format="csv"), notices
        except Exception as error:  # tablib's CSV reader raises csv.Error and others on a malformed file
            raise SpreadsheetError("The CSV file can't be read: check it has the template's columns.") from error
    raise SpreadsheetError("Upload the return as an .xlsx or .csv file, made from the template.")


def check_rows(dataset, department_return, metrics_by_slug):
    """Row-by-row checks, and the ReturnForm data the good rows make up."""
    missing = [
        header for header in ("Metric ID", "Department", "Period", "Value") if header not in (dataset.headers or [])
    ]
    if missing:
        raise SpreadsheetError(f"The file has no column called {', '.join(missing)}: start from the template.")
    upload = Upload()
    seen = set()
    for number, row in enumerate(dataset.dict, start=2):
        cells = {KEYS[header]: _text(row.get(header)) for header in HEADERS}
        if not any(cells.values()):
            continue
        errors = []
        metric = metrics_by_slug.get(cells["metric_id"])
        if metric is None:
            errors.append(f"There is no metric with the ID “{cells['metric_id']}” in a department return.")
        elif metric.pk in seen:
            errors.append(f"{metric.name} appears more than once.")
        if cells["department"] != department_return.department.code:
            errors.append(
                f"This row is for “{cells['department']}”; this return is {department_return.department.code}'s only."
            )
        if cells["period"] != department_return.period.slug:
            errors.append(f"This row is for the period “{cells['period']}”, not {department_return.period.slug}.")
        for column in ("Value", "Out of"):
            text = cells[KEYS[column]]
            if text and _number(text) is None:
                errors.append(f"“{text}” in {column} is not a number.")
        upload.rows.append((number, metric, cells, errors))
        if metric is not None and not errors:
            seen.add(metric.pk)
            upload.form_data[f"value_{metric.pk}"] = _plain(cells["value"])
            upload.form_data[f"denominator_{metric.pk}"] = _plain(cells["out_of"])
            upload.form_data[f"note_{metric.pk}"] = cells["note"]
    return upload


def attach_form_errors(upload, form):
    """Put the ReturnForm's messages on the rows of the metrics they are about."""
    rows_by_metric = {metric.pk: errors for _, metric, _, errors in upload.rows if metric is not None}
    for name, messages in form.errors.items():
        metric_pk = int(name.rsplit("_", 1)[1]) if "_" in name else None
        target = rows_by_metric.get(metric_pk)
        if target is None:
            upload.notices.extend(messages)
        else:
            target.extend(messages)


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _plain(text):
    """A number as the form reads it ('1,234' becomes '1234'); blank stays blank."""
    number = _number(text) if text else None
    return "" if number is None else f"{number:f}"


def _number(text):
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
