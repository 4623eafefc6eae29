"""The data tables and their open-data exports, for committee reviewers and analysts."""

import time
from functools import cached_property

from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from commitments import publication
from commitments.dashboard import CommitmentProgress
from commitments.exports import EXPORT_FORMATS, NotedTableExport
from commitments.filters import CommitmentFilter, DepartmentMetricFilter, FigureFilter
from commitments.models import Commitment, Figure, Metric, ReportingPeriod
from commitments.tables import CommitmentTable, DepartmentMetricTable, FigureTable, FigureValueColumn
from departments.models import Department
from roadmap_site.page_cache import current_data_token

MAX_PARAMETER_LENGTH = 200


class DataTableView(ExportMixin, SingleTableMixin, FilterView):
    """One table, filterable and sortable, as a page and in every export format.

    The format comes from ``?_export=`` or from the address (``/data/figures.csv``). An unknown
    format, an invalid filter or an over-long parameter is a 400 with a message, never a 500.
    """

    template_name = "commitments/data_table.html"
    export_class = NotedTableExport
    export_formats = EXPORT_FORMATS
    strict = True
    published_at = None
    # Whether each reporting period's exports are published too, as the whole table's are: worth
    # it where one period's file takes too long to build for a reader to wait.
    publishes_each_period = False
    title = ""
    description = ""

    def get(self, request, *args, **kwargs):
        requested = kwargs.get("format") or request.GET.get(self.export_trigger_param)
        if requested is not None and requested not in self.export_formats:
            return HttpResponseBadRequest(f"Exports come as {', '.join(self.export_formats)}; not “{requested[:20]}”.")
        if any(len(value) > MAX_PARAMETER_LENGTH for value in request.GET.values()):
            return HttpResponseBadRequest("A filter value is too long.")
        self.export_format = requested
        address = self.published_at = self.published_address(request) if kwargs.get("format") else None
        if address is None:
            return super().get(request, *args, **kwargs)
        # Published after each change (commitments.publication); if publishing hasn't reached it
        # yet, built here and kept for the other workers.
        data_token = current_data_token(request)
        stored = publication.stored_response(request, address, data_token)
        if stored is not None:
            return stored
        started = time.perf_counter()
        response = super().get(request, *args, **kwargs)
        if response.status_code == 200:
            publication.store(address, data_token, requested, response, time.perf_counter() - started)
        return response

    def published_address(self, request):
        """Where this export is published, or None if it is built on request: the whole table's
        address, or one period's (``/data/figures.xlsx?period=2024-02-update``) for the figures."""
        if not request.GET:
            return request.path
        period = request.GET.getlist("period")
        if self.publishes_each_period and list(request.GET) == ["period"] and len(period) == 1 and period[0]:
            return f"{request.path}?{publication.period_query(period[0])}"
        return None

    def render_to_response(self, context, **kwargs):
        if self.filterset.is_bound and not self.filterset.is_valid():
            context["filter_errors"] = self.filterset.errors
            return self.response_class(
                request=self.request, template=self.get_template_names(), context=context, status=400
            )
        if self.export_format:
            # The table the context already built: ExportMixin would build (and query) it again.
            return self.create_export(self.export_format, context[self.get_context_table_name(None)])
        return super(ExportMixin, self).render_to_response(context, **kwargs)

    def chosen(self, name):
        """A filter's cleaned value, or None when it wasn't given."""
        if not (self.filterset.is_bound and self.filterset.is_valid()):
            return None
        return self.filterset.form.cleaned_data.get(name) or None

    @cached_property
    def selected_period(self):
        return self.chosen("period") or ReportingPeriod.objects.latest_with_figures()

    def applied_filters(self):
        chosen = {name: self.chosen(name) for name in self.filterset.form.fields}
        chosen = {name: value for name, value in chosen.items() if value is not None}
        return "; ".join(f"{self.filterset.form.fields[name].label}: {value}" for name, value in chosen.items())

    def notes(self):
        period = self.selected_period
        return [
            ("Title", self.title),
            ("Description", self.description),
            ("As at", f"{period.name}: {period.as_at_label}" if period else ""),
            (
                "Source",
                "Transforming for a Digital Future, February 2024 progress update (CDDO); each row names its source",
            ),
            ("Filters applied", self.applied_filters() or "None"),
            # Exports are cached until the data changes, so this is when the file was made, not downloaded.
            ("Generated", timezone.localtime().strftime("%-d %B %Y, %H:%M %Z")),
            # The published address where there is one, as every reader of it gets this file.
            ("Address", publication.site_address(self.request, self.published_at)),
            ("Units", "Each figure's unit is in the Unit column; percentages are 0 to 100."),
            ("Unverified figures", "Rows with Verified = No were read from a garbled chart or a secondary source."),
        ]

    def create_export(self, export_format, table):
        exporter = self.export_class(
            export_format=export_format,
            table=table,
            notes=self.notes(),
            exclude_columns=self.exclude_columns,
            dataset_kwargs={"title": self.title[:31]},
        )
        return exporter.response(filename=self.get_export_filename(export_format))

    def get_table_kwargs(self):
        return {"caption": self.title}

    def get_table_pagination(self, table):
        # An export holds every row: paging it would only count them.
        return False if self.export_format else super().get_table_pagination(table)

    def get_export_filename(self, export_format):
        period = self.selected_period
        as_at = period.as_at.isoformat() if period else "no-data"
        return f"{self.export_name}-as-at-{as_at}.{export_format}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop(self.export_trigger_param, None)
        context.update(
            title=self.title,
            description=self.description,
            export_links=[
                (fmt.upper(), f"{reverse(self.export_url_name, kwargs={'format': fmt})}?{query.urlencode()}")
                for fmt in self.export_formats
            ],
        )
        return context


class FigureTableView(DataTableView):
    title = "All figures"
    description = "Every published figure: government-wide and by department, for every reporting period."
    table_class = FigureTable
    filterset_class = FigureFilter
    export_name = "figures"
    export_url_name = "data:figures-export"
    # One period's 5,700 figures at twenty times the report's size took 150-400 ms as XLSX.
    publishes_each_period = True

    def get_queryset(self):
        return Figure.objects.published().select_related(
            "metric__commitment__mission", "department", "period", "source"
        )


class DepartmentMetricView(DataTableView):
    title = "Departments and measures"
    description = (
        "Each department's figures for one reporting period, side by side: the comparison the committee asked for."
    )
    table_class = DepartmentMetricTable
    filterset_class = DepartmentMetricFilter
    export_name = "departments-by-measure"
    export_url_name = "data:departments-export"

    def get_queryset(self):
        return Department.objects.order_by("code")

    @cached_property
    def metrics(self):
        metrics = Metric.objects.for_department_returns().order_by("commitment__number", "order")
        mission = self.chosen("mission")
        return list(metrics.filter(commitment__mission=mission) if mission else metrics)

    def get_table_data(self):
        period = self.selected_period
        figures = Figure.objects.published().filter(period=period, department__isnull=False, metric__in=self.metrics)
        # Unordered: Figure's default ordering would join four tables and sort thousands of rows.
        values = {
            (department_id, metric_id): value
            for department_id, metric_id, value in figures.values_list("department_id", "metric_id", "value").order_by()
        }
        columns = [(metric.pk, metric.slug) for metric in self.metrics]
        return [
            {
                "department": department.code,
                "name": department.name,
                **{slug: values.get((department.pk, metric_id)) for metric_id, slug in columns},
            }
            for department in self.object_list
        ]

    def get_table_kwargs(self):
        return {
            **super().get_table_kwargs(),
            "extra_columns": [
                (
                    metric.slug,
                    FigureValueColumn(
                        metric.unit, verbose_name=f"{metric.name} ({metric.get_unit_display().lower()})", default=""
                    ),
                )
                for metric in self.metrics
            ],
        }


class CommitmentTableView(DataTableView):
    title = "Commitments"
    description = "The 24 commitments: each one's status, delivery phases done and headline figure against its target."
    table_class = CommitmentTable
    filterset_class = CommitmentFilter
    export_name = "commitments"
    export_url_name = "data:commitments-export"

    def get_queryset(self):
        return Commitment.objects.order_by("number")

    def get_table_data(self):
        period = self.selected_period
        status = self.chosen("status")
        rows = []
        for commitment in self.object_list.for_dashboard(period, shared_relations=True, status_only=True):
            progress = CommitmentProgress(commitment, period)
            if status and progress.status != status:
                continue
            headline = next(iter(progress.headline_metrics), None)
            done = sum(1 for _, phase_status in progress.phases if phase_status == "done")
            rows.append(
                {
                    "number": commitment.number,
                    "mission": commitment.mission.number,
                    "title": commitment.short_title,
                    "status": progress.status.label,
                    "phases_done": f"{done} of {len(progress.phases)}" if progress.phases else "No phases",
                    "headline": headline.metric.name if headline else "",
                    "headline_value": headline.current.value if headline and headline.current else None,
                    "headline_unit": headline.metric.get_unit_display() if headline else "",
                    "headline_unit_code": headline.metric.unit if headline else "",
                    "headline_target": headline.metric.target_value if headline else None,
                }
            )
        return rows


DATA_TABLES = [FigureTableView, DepartmentMetricView, CommitmentTableView]


def data_index(request):
    """The open-data page: each table's stable address in each format, and the filters it takes."""
    tables = [
        {
            "title": view.title,
            "description": view.description,
            "page": reverse(view.export_url_name.replace("-export", "")),
            "exports": [
                (fmt.upper(), publication.site_address(request, reverse(view.export_url_name, kwargs={"format": fmt})))
                for fmt in EXPORT_FORMATS
            ],
            "filters": [(name, field.label) for name, field in view.filterset_class.base_filters.items()],
        }
        for view in DATA_TABLES
    ]
    return render(request, "commitments/data_index.html", {"tables": tables})
