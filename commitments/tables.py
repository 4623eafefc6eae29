"""The data tables. Cells show formatted figures; exports carry the raw numbers (``value_*``)."""

from functools import partial
from types import SimpleNamespace

import django_tables2 as tables
from django.db.models import QuerySet
from django.utils.encoding import force_str
from django.utils.safestring import mark_safe
from django_tables2.columns.base import Column
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.utils import signature

from commitments.dashboard import describe_against_target
from commitments.formatting import format_value
from commitments.markup import escaped
from commitments.models import Figure, Metric, Unit


class DataTable(tables.Table):
    """The base for every data table: GOV.UK markup, 50 rows a page."""

    class Meta:
        template_name = "includes/data_table.html"
        per_page = 50
        attrs = {
            "class": "govuk-table govuk-!-font-size-16",
            "thead": {"class": "govuk-table__head"},
            "tbody": {"class": "govuk-table__body"},
            "th": {"class": "govuk-table__header", "scope": "col"},
            "td": {"class": "govuk-table__cell"},
        }
        row_attrs = {"class": "govuk-table__row"}

    def __init__(self, *args, caption="", **kwargs):
        super().__init__(*args, **kwargs)
        # On the table itself: render_table gives the table's template nothing but the table.
        self.caption = caption

    @property
    def order_by(self):
        return self._order_by

    @order_by.setter
    def order_by(self, value):
        tables.Table.order_by.fset(self, value)
        # Rows that tie on the sorted columns come back in any order from PostgreSQL, so a page
        # boundary could repeat or skip them and an export could differ from its pages: the id decides.
        rows = self.data.data
        if isinstance(rows, QuerySet):
            self.data.data = rows.order_by(*(rows.query.order_by or rows.model._meta.ordering), "pk")

    def as_values(self, exclude_columns=None):
        """What django-tables2's as_values gives, cell for cell, in a fraction of the time.

        The library inspects each cell's function signature afresh, which makes an export of
        ten thousand rows take seconds; here each column's is inspected once. The resolution of
        a cell's value (choices, empty values) is still the library's own.
        """
        exclude_columns = exclude_columns or ()
        columns = [
            column
            for column in self.columns.iterall()
            if not (column.column.exclude_from_export or column.name in exclude_columns)
        ]
        yield [force_str(column.header, strings_only=True) for column in columns]
        callers = [(column, _cell_caller(_value_function(column)), _dict_key(column)) for column in columns]
        for row in self.rows:
            yield [force_str(_export_value(row, *caller), strings_only=True) for caller in callers]

    def page_cells(self):
        """The page's rows, each with its cells' markup: what the template wrote from ``row.items()``
        and ``column.attrs.td``, with each column's signature and attributes worked out once rather
        than for every cell (as for as_values), and the cells joined here rather than by a template
        loop. These tables compute no attributes per record. A test compares the two cell for cell.
        """
        columns = []
        for column in self.columns:
            td_attrs = column.attrs["td"].as_html()
            default = column.default
            # An empty cell's markup is the same in every row: most of the departments table's are empty.
            empty_cell = f"<td {td_attrs}>{escaped(default)}</td>"
            columns.append(
                (column, td_attrs, _cell_caller(column.render, column.link), default, _dict_key(column), empty_cell)
            )
        return [(row, mark_safe("".join(self._row_cells(row, columns)))) for row in self.paginated_rows]

    @staticmethod
    def _row_cells(row, columns):
        record = row.record
        plain = isinstance(record, dict)
        for bound_column, td_attrs, call, default, key, empty_cell in columns:
            if key is None or not plain:
                content = row._get_and_render_with(bound_column, partial(call, row), default)
            else:
                # What django-tables2 resolves for a plain key of a dictionary row, without its
                # accessor machinery: 15,000 cells on a page of the departments table at scale.
                value = record.get(key)
                if value in bound_column.column.empty_values:
                    yield empty_cell
                    continue
                content = call(row, bound_column, value)
            yield f"<td {td_attrs}>{escaped(content)}</td>"


def _export_value(row, bound_column, call, key):
    """A cell's value for an export. A dictionary row's plain key is read straight, as for a page's
    cells: 6,000 cells for one period's departments table went through the library's accessors."""
    record = row.record
    if key is None or not isinstance(record, dict):
        return row._get_and_render_with(bound_column, partial(call, row), None)
    value = record.get(key)
    if value in bound_column.column.empty_values:
        return None
    return call(row, bound_column, value)


def _value_function(bound_column):
    function = bound_column.value
    if getattr(function, "__func__", None) is Column.value:
        # Column.value only passes its arguments on to render; go straight there.
        return bound_column.column.render
    return function


def _dict_key(bound_column):
    """The key a column reads from a dictionary row, when it reads one plainly; else None."""
    accessor = bound_column.accessor
    if isinstance(bound_column.column, BaseLinkColumn) or any(separator in accessor for separator in ("__", ".")):
        return None
    return accessor


def _cell_caller(function, link=None):
    """Call a cell's function with the arguments it takes, found once per column; then its link, if any."""
    wanted, takes_any = signature(function)
    if wanted == ("value",) and not takes_any and not link:
        return lambda row, bound_column, value=None: function(value=value)

    def call(row, bound_column, value=None):
        available = {
            "value": value,
            "record": row.record,
            "column": bound_column.column,
            "bound_column": bound_column,
            "bound_row": row,
            "table": row.table,
        }
        content = function(**available) if takes_any else function(**{name: available[name] for name in wanted})
        return link(content, **available) if link else content

    return call


class FigureTable(DataTable):
    metric = tables.Column(accessor="metric__name", verbose_name="Measure", order_by=("metric__name",))
    commitment = tables.Column(accessor="metric__commitment__number", verbose_name="Commitment")
    mission = tables.Column(accessor="metric__commitment__mission__number", verbose_name="Mission")
    # Computed even when empty, so that exports say "Government-wide" too, not leave the cell blank.
    department = tables.Column(
        accessor="department__code", verbose_name="Department", empty_values=(), order_by=("department__code",)
    )
    period = tables.Column(accessor="period__name", verbose_name="Period", order_by=("period__as_at",))
    value = tables.Column(verbose_name="Figure (in the unit given)")
    qualifier = tables.Column(verbose_name="Qualifier", visible=False)
    denominator = tables.Column(verbose_name="Out of", visible=False)
    unit = tables.Column(accessor="metric__unit", verbose_name="Unit")
    target = tables.Column(accessor="metric__target_value", verbose_name="Target", orderable=False)
    # Not a DateColumn: that compiles a template for every cell.
    target_date = tables.Column(accessor="metric__target_date", verbose_name="Target date", default="")
    status = tables.Column(empty_values=(), verbose_name="Against the target", orderable=False)
    source = tables.Column(accessor="source__title", verbose_name="Source", orderable=False)
    source_page = tables.Column(verbose_name="Page", orderable=False)
    as_at = tables.Column(empty_values=(), verbose_name="As at", order_by=("period__as_at",))
    verified = tables.BooleanColumn(verbose_name="Verified", yesno="Yes,No")
    revised = tables.Column(accessor="revised_on", verbose_name="Revised", default="No", orderable=False)

    class Meta(DataTable.Meta):
        model = Figure
        fields = []
        sequence = (
            "mission",
            "commitment",
            "metric",
            "department",
            "period",
            "value",
            "qualifier",
            "denominator",
            "unit",
            "target",
            "target_date",
            "status",
            "source",
            "source_page",
            "as_at",
            "verified",
            "revised",
        )
        order_by = ("mission", "commitment", "metric", "period", "department")

    def as_values(self, exclude_columns=None):
        """Every filtered row for an export, read as plain values rather than as figure objects
        through django-tables2's cell machinery, which took seconds for ten thousand rows. Each
        cell is what the columns above give: a test compares the two cell for cell."""
        if exclude_columns:
            yield from super().as_values(exclude_columns)
            return
        columns = [column for column in self.columns.iterall() if not column.column.exclude_from_export]
        yield [force_str(column.header, strings_only=True) for column in columns]
        metrics = Metric.objects.in_bulk()
        for row in self.data.data.values(*EXPORT_FIELDS):
            cells = _figure_export_cells(row, metrics[row["metric_id"]])
            yield [cells[column.name] for column in columns]

    def render_value(self, record):
        shown = format_value(record.value, record.metric.unit, record.qualifier)
        return f"{shown} of {record.denominator.normalize():f}" if record.denominator else shown

    def render_unit(self, record):
        return record.metric.get_unit_display()

    def render_target(self, record):
        return format_value(record.metric.target_value, record.metric.unit)

    def value_value(self, record):
        return record.value

    def render_department(self, record):
        return record.department.code if record.department_id else GOVERNMENT_WIDE

    def value_qualifier(self, record):
        return record.get_qualifier_display().lower() if record.qualifier else ""

    def value_verified(self, record):
        return "Yes" if record.verified else "No"

    def value_target(self, record):
        return record.metric.target_value

    def render_status(self, record):
        return describe_against_target(record, record.metric)

    def render_as_at(self, record):
        return record.effective_as_at.strftime("%-d %B %Y") if record.as_at else record.period.as_at_label

    def value_as_at(self, record):
        return record.effective_as_at.isoformat()

    def render_target_date(self, value):
        return f"{value:%B %Y}"

    def value_target_date(self, value):
        return value.isoformat()

    def render_revised(self, value):
        return value.strftime("%-d %B %Y")


GOVERNMENT_WIDE = "Government-wide"
EXPORT_FIELDS = (
    "metric_id",
    "metric__commitment__mission__number",
    "metric__commitment__number",
    "department_id",
    "department__code",
    "period__name",
    "period__as_at",
    "value",
    "qualifier",
    "denominator",
    "source__title",
    "source_page",
    "as_at",
    "verified",
    "revised_on",
)


def _figure_export_cells(row, metric):
    """One figure's export cells, by column name, from its ``EXPORT_FIELDS`` and its metric.

    As django-tables2 gives them: an empty value ('' or None) is None unless the column
    computes its cell regardless (department, status, as at) or, like the qualifier, is a
    field with choices, whose empty choice has a label.
    """
    against = SimpleNamespace(department_id=row["department_id"], denominator=row["denominator"], value=row["value"])
    return {
        "mission": row["metric__commitment__mission__number"],
        "commitment": row["metric__commitment__number"],
        "metric": metric.name or None,
        "department": row["department__code"] or GOVERNMENT_WIDE,
        "period": row["period__name"] or None,
        "value": row["value"],
        "qualifier": Figure.Qualifier(row["qualifier"]).label.lower() if row["qualifier"] else "",
        "denominator": row["denominator"],
        "unit": Unit(metric.unit).label,
        "target": metric.target_value,
        "target_date": metric.target_date.isoformat() if metric.target_date else None,
        "status": describe_against_target(against, metric),
        "source": row["source__title"] or None,
        "source_page": row["source_page"] or None,
        "as_at": (row["as_at"] or row["period__as_at"]).isoformat(),
        "verified": "Yes" if row["verified"] else "No",
        "revised": f"{row['revised_on']:%-d %B %Y}" if row["revised_on"] else None,
    }


class FigureValueColumn(tables.Column):
    """A figure in a given unit: formatted on the page, the plain number in exports."""

    def __init__(self, unit, **kwargs):
        self.unit = unit
        super().__init__(**kwargs)

    def render(self, value):
        return format_value(value, self.unit)

    def value(self, value):
        return value


class DepartmentMetricTable(DataTable):
    """Departments down, metrics across, for one period; metric columns are added by the view."""

    department = tables.Column(verbose_name="Department", attrs={"td": {"class": "govuk-table__header"}})
    name = tables.Column(verbose_name="Name")

    # django-tables2 reads only a table's own Meta: without one, this table fell back to the
    # library's unstyled template, 25 rows a page.
    class Meta(DataTable.Meta):
        pass


class CommitmentTable(DataTable):
    number = tables.Column(verbose_name="Commitment")
    mission = tables.Column(verbose_name="Mission")
    title = tables.Column(verbose_name="Title")
    status = tables.Column(verbose_name="Status")
    phases_done = tables.Column(verbose_name="Phases done", orderable=False)
    headline = tables.Column(verbose_name="Headline measure", orderable=False)
    headline_value = tables.Column(verbose_name="Headline figure", orderable=False)
    headline_unit = tables.Column(verbose_name="Unit", orderable=False)
    headline_target = tables.Column(verbose_name="Target", orderable=False)

    class Meta(DataTable.Meta):
        order_by = ("number",)

    def value_headline_value(self, record):
        return record["headline_value"]

    def value_headline_target(self, record):
        return record["headline_target"]

    def render_headline_value(self, record):
        return format_value(record["headline_value"], record["headline_unit_code"])

    def render_headline_target(self, record):
        return format_value(record["headline_target"], record["headline_unit_code"])
