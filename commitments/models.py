from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.base import ModelState
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.db.models.query import ModelIterable
from django.urls import reverse
from simple_history.models import HistoricalRecords

from commitments.progress import PhaseStatus, Status
from departments.models import Department
from missions.models import Mission
from roadmap_site import release as site_release


class ReportingPeriodQuerySet(models.QuerySet):
    def with_has_figures(self):
        # EXISTS probes the index on each period's figures; a join with DISTINCT read them all.
        return self.annotate(has_figures=Exists(Figure.objects.filter(PUBLISHED, period=OuterRef("pk"))))

    def with_figures(self):
        return self.with_has_figures().filter(has_figures=True)

    def latest_with_figures(self):
        return self.with_figures().order_by("-as_at").first()


class ReportingPeriod(models.Model):
    class State(models.TextChoices):
        UPCOMING = "upcoming", "Not open yet"
        OPEN = "open", "Open for returns"
        PUBLISHED = "published", "Published and locked"

    slug = models.SlugField(max_length=40)
    name = models.CharField(max_length=200)
    as_at = models.DateField(help_text="The date the period's figures describe; a month is stored as its last day.")
    as_at_label = models.CharField(
        max_length=100, help_text="The as-at date as the source states it, such as 'November 2023'."
    )
    published = models.DateField(null=True, blank=True, help_text="When the period's report was published.")
    published_label = models.CharField(max_length=100, blank=True)
    is_baseline = models.BooleanField(
        default=False, help_text="The roadmap's launch, against which progress is measured."
    )
    state = models.CharField(
        max_length=20,
        choices=State.choices,
        default=State.PUBLISHED,
        help_text="Departments enter figures only while a period is open; once published it is locked.",
    )
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["as_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                name="period_slug_unique",
                violation_error_message="A reporting period with this slug already exists.",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_open(self):
        return self.state == self.State.OPEN

    @property
    def is_locked(self):
        return self.state == self.State.PUBLISHED


class SourceQuerySet(models.QuerySet):
    def with_published_figure_counts(self):
        """Each source with ``figure_count``: the public figures citing it (a draft return's are not public)."""
        counts = (
            Figure.objects.published()
            .filter(source=OuterRef("pk"))
            .order_by()
            .values("source")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(figure_count=Coalesce(Subquery(counts), 0))


class Source(models.Model):
    class Kind(models.TextChoices):
        PRIMARY = "primary", "Primary source"
        SECONDARY = "secondary", "Secondary source"

    slug = models.SlugField(max_length=60)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    published_label = models.CharField(max_length=100, blank=True)
    url = models.URLField(blank=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                name="source_slug_unique",
                violation_error_message="A source with this slug already exists.",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_secondary(self):
        return self.kind == self.Kind.SECONDARY


class CommitmentQuerySet(models.QuerySet):
    def for_dashboard(self, period, metrics=None, shared_relations=False, status_only=False):
        """Commitments with everything their status needs as at ``period``: metrics, series and phases.

        ``shared_relations`` suits pages over every commitment (see SharedPeriodsAndSourcesIterable):
        two more small queries for the periods and sources, rather than their columns on each of
        thousands of figures' rows.
        """
        if metrics is None:
            metrics = Metric.objects.for_dashboard(period, shared_relations=shared_relations, status_only=status_only)
        return self.select_related("mission").prefetch_related(
            Prefetch("metrics", queryset=metrics, to_attr="dashboard_metrics"),
            Prefetch("phases", queryset=Phase.objects.select_related("status_period")),
        )

    def for_detail(self, period, preview_departments=()):
        """As for_dashboard, with each metric's department figures for the period too."""
        metrics = Metric.objects.for_dashboard(period).with_department_figures(period, preview_departments)
        return self.for_dashboard(period, metrics=metrics)


class Commitment(models.Model):
    number = models.PositiveSmallIntegerField()
    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="commitments")
    short_title = models.CharField(max_length=120)
    text = models.TextField(help_text="The commitment as the roadmap words it.")
    source_page = models.CharField(max_length=20)
    status_override = models.CharField(
        max_length=20,
        choices=Status.choices,
        blank=True,
        help_text="Leave empty to compute the status from the metrics and phases.",
    )
    status_override_reason = models.TextField(blank=True, help_text="Required with an override: shown beside it.")
    history = HistoricalRecords()

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"],
                name="commitment_number_unique",
                violation_error_message="A commitment with this number already exists.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="commitment_number_positive",
                violation_error_message="Commitment numbers start at 1.",
            ),
            models.CheckConstraint(
                condition=Q(status_override="") | ~Q(status_override_reason=""),
                name="commitment_override_has_reason",
                violation_error_message="A status override needs a reason.",
            ),
        ]

    def __str__(self):
        return f"Commitment {self.number}: {self.short_title}"

    def get_absolute_url(self):
        return reverse("commitments:detail", args=[self.number])

    def clean(self):
        if self.status_override and not self.status_override_reason.strip():
            raise ValidationError({"status_override": "A status override needs a reason."})


class Phase(models.Model):
    Status = PhaseStatus

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="phases")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STATED)
    status_period = models.ForeignKey(
        "ReportingPeriod",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The period whose report gave this status; earlier periods show no phase status.",
    )
    status_evidence = models.TextField(blank=True, help_text="The report's words that the status rests on.")
    due_date = models.DateField(null=True, blank=True)
    due_label = models.CharField(max_length=100, blank=True, help_text="The due date as the report words it.")
    source_page = models.CharField(max_length=20)
    history = HistoricalRecords()

    class Meta:
        ordering = ["commitment__number", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "order"],
                name="phase_order_unique_per_commitment",
                violation_error_message="This commitment already has a phase in that position.",
            ),
        ]

    def __str__(self):
        return f"Phase {self.order}: {self.name}"


class Unit(models.TextChoices):
    COUNT = "count", "Count"
    PERCENT = "percent", "Percentage"
    PEOPLE = "people", "People"
    POUNDS = "pounds", "Pounds (£)"
    DAYS = "days", "Days"


class MetricQuerySet(models.QuerySet):
    def for_dashboard(self, period, shared_relations=False, status_only=False):
        """Metrics with their government-wide series up to ``period`` (``national_series``, oldest first).

        ``status_only`` keeps just the figures a status and its change need (see ``status_figures``),
        for pages that show no series: a few per metric, where a long series has one per period.
        """
        series = Figure.objects.published().government_wide().filter(period__as_at__lte=period.as_at)
        if status_only:
            series = series.status_figures(period)
        # Over every commitment, two small queries share each period and source among thousands
        # of figures; over one commitment's few hundred, the series query's join does it.
        build = series.with_shared_periods_and_sources if shared_relations else series.with_periods_and_sources
        series = build().order_by("period__as_at")
        queryset = self._chain()
        queryset._iterable_class = type("MetricsWithSeries", (MetricsWithSeriesIterable,), {"series": series})
        return queryset

    def without_published_figures(self):
        """Measures with no public figure yet: a draft return's figures are not public."""
        return self.filter(~Exists(Figure.objects.published().filter(metric=OuterRef("pk"))))

    def for_department_returns(self):
        """The metrics a department reports in its return."""
        return self.filter(scope__in=[Metric.Scope.PER_DEPARTMENT, Metric.Scope.BOTH]).select_related("commitment")

    def with_department_figures(self, period, preview_departments=()):
        """Add each metric's department figures for ``period`` as ``department_figures``."""
        figures = (
            Figure.objects.visible_to(preview_departments)
            .filter(period=period, department__isnull=False)
            .with_departments_and_sources()
            .order_by("department__code")
        )
        return self.prefetch_related(Prefetch("figures", queryset=figures, to_attr="department_figures"))


class Metric(models.Model):
    class Direction(models.TextChoices):
        HIGHER_IS_BETTER = "higher", "Higher is better"
        LOWER_IS_BETTER = "lower", "Lower is better"

    class Scope(models.TextChoices):
        GOVERNMENT_WIDE = "national", "Government-wide"
        PER_DEPARTMENT = "departmental", "Per department"
        BOTH = "both", "Government-wide and per department"

    class DepartmentTarget(models.TextChoices):
        NONE = "none", "A cross-government target only"
        SAME = "same", "The same target for each department"
        ALL_OF_ITS_OWN = "all_of_its_own", "All of each department's own total"

    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="metrics")
    slug = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    unit = models.CharField(max_length=20, choices=Unit.choices)
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.HIGHER_IS_BETTER)
    scope = models.CharField(max_length=20, choices=Scope.choices, default=Scope.GOVERNMENT_WIDE)
    of_total = models.PositiveIntegerField(
        null=True, blank=True, help_text="The 'of N' a count is out of, such as the top 75 services."
    )
    target_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target_date = models.DateField(null=True, blank=True)
    target_label = models.CharField(max_length=200, blank=True, help_text="The target as the roadmap words it.")
    department_target = models.CharField(
        max_length=20,
        choices=DepartmentTarget.choices,
        default=DepartmentTarget.NONE,
        help_text="How the target applies to a department's own figure.",
    )
    baseline_period = models.ForeignKey(
        ReportingPeriod,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="baseline_of",
        help_text="The period whose government-wide figure is this metric's baseline.",
    )
    counted_from = models.DateField(
        null=True,
        blank=True,
        help_text="For a running total counted from a date (as in 'since July 2022'): it was zero then.",
    )
    is_headline = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = MetricQuerySet.as_manager()

    class Meta:
        ordering = ["commitment__number", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                name="metric_slug_unique",
                violation_error_message="A metric with this slug already exists.",
            ),
            models.CheckConstraint(
                condition=~Q(unit=Unit.PERCENT)
                | Q(target_value__isnull=True)
                | Q(target_value__gte=0, target_value__lte=100),
                name="metric_percent_target_within_0_100",
                violation_error_message="A percentage target must be between 0 and 100.",
            ),
            models.CheckConstraint(
                condition=Q(target_value__isnull=True) | Q(target_value__gte=0),
                name="metric_target_not_negative",
                violation_error_message="A target cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(of_total__isnull=True) | Q(target_value__isnull=True) | Q(target_value__lte=F("of_total")),
                name="metric_target_within_of_total",
                violation_error_message="The target cannot be more than the total it is out of.",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Figures carry their metric's unit so that the database can check their range.
        self.figures.exclude(unit=self.unit).update(unit=self.unit)

    def meets_target(self, value, target=None):
        """True or False against the target (or ``target``), None when there is none."""
        target = self.target_value if target is None else target
        if target is None:
            return None
        if self.direction == self.Direction.LOWER_IS_BETTER:
            return value <= target
        return value >= target

    def target_for(self, figure):
        """The target that a figure is held to: a department's may differ from the government-wide one."""
        if figure.department_id is None or self.department_target == self.DepartmentTarget.SAME:
            return self.target_value
        if self.department_target == self.DepartmentTarget.ALL_OF_ITS_OWN:
            return figure.denominator
        return None

    def clean(self):
        if self.pk and self.unit == Unit.PERCENT:
            out_of_range = self.figures.filter(Q(value__gt=100) | Q(value__lt=0)).count()
            if out_of_range:
                message = f"{out_of_range} of this metric's figures are outside 0 to 100, so it cannot be a percentage."
                raise ValidationError({"unit": message})


class MetricsWithSeriesIterable(ModelIterable):
    """Metrics, each with ``national_series``: its figures from ``series`` (a subclass sets it), in order.

    One query for the series, as a Prefetch would make, but grouped here: a nested Prefetch set
    each figure's metric through its descriptor and worked out each one's key, 5 ms of the home
    page's 835 figures at scale.
    """

    series = None

    def __iter__(self):
        metrics = list(self.metrics())
        by_id = {metric.pk: metric for metric in metrics}
        for metric in metrics:
            metric.national_series = []
        if by_id:
            for figure in self.series.filter(metric_id__in=list(by_id)):
                metric = by_id[figure.metric_id]
                figure._state.fields_cache["metric"] = metric
                metric.national_series.append(figure)
        yield from metrics

    def metrics(self):
        """Each metric built straight from its row, as for figures, when the query asks for nothing more."""
        query = self.queryset.query
        if query.select_related or query.annotation_select or query.deferred_loading[0]:
            return super().__iter__()
        attnames = [field.attname for field in Metric._meta.concrete_fields]
        database = self.queryset.db
        return (_from_row(Metric, attnames, row, database) for row in self.queryset.values_list(*attnames))


class SharedPeriodsAndSourcesIterable(ModelIterable):
    """Figures for pages over every metric: thousands of rows, built cheaply.

    A series of thousands of figures refers to a handful of periods and sources: each figure
    gets the one shared object for its period and source, fetched once (select_related would
    build a new pair for every figure). And each figure is made straight from its row, as
    ``Model.from_db`` would but without ``Model.__init__``, which sets every field through its
    descriptor and sends two signals: over a series of thousands, most of a cold page's time.
    """

    def __iter__(self):
        periods = {period.pk: period for period in ReportingPeriod.objects.all()}
        sources = {source.pk: source for source in Source.objects.all()}
        attnames = [field.attname for field in Figure._meta.concrete_fields]
        database = self.queryset.db
        for row in _rows(self.queryset, attnames):
            figure = _from_row(Figure, attnames, row, database)
            figure._state.fields_cache = {"period": periods[figure.period_id], "source": sources[figure.source_id]}
            yield figure


class JoinedFiguresIterable(ModelIterable):
    """Figures with some of their relations (``relations``: each subclass names them), built straight
    from one joined query's rows.

    For a commitment page's department figures (a hundred departments at scale, too many to share
    the way SharedPeriodsAndSourcesIterable does without one more query) and its series (a period
    each). select_related builds a new related object for every figure through ``Model.__init__``;
    here each figure is made as ``Model.from_db`` would, and each related object once, shared by
    every figure that names it. A commitment page at scale went from 49-50 ms to 44-48 ms cold
    with the department figures built this way.
    """

    relations = ()

    def __iter__(self):
        database = self.queryset.db
        figure_fields = [field.attname for field in Figure._meta.concrete_fields]
        columns = list(figure_fields)
        layout = []
        for name in self.relations:
            model = Figure._meta.get_field(name).related_model
            fields = [field.attname for field in model._meta.concrete_fields]
            start = len(columns)
            layout.append((name, model, fields, start, start + fields.index(model._meta.pk.attname)))
            columns.extend(f"{name}__{field}" for field in fields)
        shared = {name: {} for name in self.relations}
        for row in _rows(self.queryset, columns):
            figure = _from_row(Figure, figure_fields, row[: len(figure_fields)], database)
            related = figure._state.fields_cache
            for name, model, fields, start, pk_at in layout:
                pk = row[pk_at]
                if pk is None:
                    related[name] = None
                elif pk in shared[name]:
                    related[name] = shared[name][pk]
                else:
                    instance = _from_row(model, fields, row[start : start + len(fields)], database)
                    related[name] = shared[name][pk] = instance
            yield figure


class DepartmentFiguresIterable(JoinedFiguresIterable):
    relations = ("department", "source")


class SeriesFiguresIterable(JoinedFiguresIterable):
    relations = ("period", "source")


def _rows(queryset, columns):
    # Only the fields are read: an annotation would silently go missing from the objects built.
    if queryset.query.annotation_select:
        raise TypeError("Figures built from rows carry their fields only, not annotations.")
    return queryset.values_list(*columns)


def _from_row(model, attnames, row, database):
    """An instance loaded from the database, as ``Model.from_db`` makes it but without ``__init__``."""
    instance = model.__new__(model)
    instance.__dict__.update(zip(attnames, row, strict=True))
    instance._state = ModelState()
    instance._state.db = database
    instance._state.adding = False
    return instance


class FigureQuerySet(models.QuerySet):
    def with_shared_periods_and_sources(self):
        queryset = self._chain()
        queryset._iterable_class = SharedPeriodsAndSourcesIterable
        return queryset

    def with_departments_and_sources(self):
        queryset = self._chain()
        queryset._iterable_class = DepartmentFiguresIterable
        return queryset

    def with_periods_and_sources(self):
        queryset = self._chain()
        queryset._iterable_class = SeriesFiguresIterable
        return queryset

    def latest_by_metric(self):
        """{metric id: the latest of these figures}."""
        return {figure.metric_id: figure for figure in self.select_related("period").order_by("period__as_at")}

    def status_figures(self, period):
        """Of each metric's figures here (up to ``period``), those that its status and change need:
        the period's, the latest before it, the baseline period's, and the earliest (the baseline
        when the metric names none). The rest of a series changes neither."""
        # Named columns, so that the SQL below can refer to them whatever Django calls fields.
        dated = {"of_metric": F("metric_id"), "period_as_at": F("period__as_at")}
        with_ids = {
            "figure_id": F("pk"),
            **dated,
            "in_period": F("period_id"),
            "baseline_id": F("metric__baseline_period_id"),
        }
        sql, params = self.order_by().annotate(**with_ids).values_list(*with_ids).query.sql_with_params()
        dates_sql, dates_params = self.order_by().annotate(**dated).values_list(*dated).query.sql_with_params()
        # Each metric's earliest date and its latest before the period's date (strictly: another
        # period may share that date), found by grouping and matched back by date. A window ranking
        # every figure instead sorted them all: at scale 8.5 ms on PostgreSQL and 9.8 ms on SQLite
        # for the ids, where this takes 4.7 and 6.2 ms.
        needed = RawSQL(
            f"SELECT here.figure_id FROM ({sql}) here JOIN ("
            "SELECT of_metric, MIN(period_as_at) AS earliest,"
            " MAX(CASE WHEN period_as_at < %s THEN period_as_at END) AS previous"
            f" FROM ({dates_sql}) grouped GROUP BY of_metric"
            ") ends ON ends.of_metric = here.of_metric"
            " WHERE here.in_period = %s OR here.in_period = here.baseline_id"
            " OR here.period_as_at = ends.earliest OR here.period_as_at = ends.previous",
            (*params, connections[self.db].ops.adapt_datefield_value(period.as_at), *dates_params, period.pk),
        )
        return self.filter(pk__in=needed)

    def published(self):
        """What the public sees: CDDO's own figures, and departments' figures once their return is approved."""
        return self.filter(PUBLISHED)

    def visible_to(self, preview_departments=()):
        """Published figures, plus the unpublished ones of the departments whose draft is being previewed."""
        return self.filter(PUBLISHED | Q(department__in=preview_departments))

    def government_wide(self):
        return self.filter(department__isnull=True)

    def for_departments(self, departments, period):
        """The departments' figures up to ``period``, with what a department page shows beside them."""
        return (
            self.filter(department__in=departments, period__as_at__lte=period.as_at)
            .select_related("metric__commitment__mission", "period", "source", "department")
            .order_by("metric__commitment__number", "metric__order", "department__code", "period__as_at")
        )


class Figure(models.Model):
    class Qualifier(models.TextChoices):
        EXACT = "", "Exactly"
        OVER = "over", "Over"
        APPROXIMATELY = "about", "About"
        NEARLY = "nearly", "Nearly"
        UNDER = "under", "Under"

    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="figures")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="figures")
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="figures",
        help_text="Leave empty for a government-wide figure.",
    )
    value = models.DecimalField(max_digits=14, decimal_places=2)
    qualifier = models.CharField(
        max_length=10,
        choices=Qualifier.choices,
        blank=True,
        help_text="How the source qualifies the number, as in 'over 3.3 million'.",
    )
    numerator = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    denominator = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    unit = models.CharField(max_length=20, choices=Unit.choices, editable=False)
    as_at = models.DateField(null=True, blank=True, help_text="Only where it differs from the period's as-at date.")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="figures")
    source_page = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    verified = models.BooleanField(
        default=True, help_text="Off where the value was read from a garbled or secondary source and awaits a check."
    )
    department_return = models.ForeignKey(
        "DepartmentReturn",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="figures",
        help_text="The department's six-monthly return this figure was entered in; empty for CDDO's own figures.",
    )
    revised_on = models.DateField(null=True, blank=True, help_text="When a published figure was last corrected.")
    revision_reason = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = FigureQuerySet.as_manager()

    class Meta:
        ordering = ["metric__commitment__number", "metric__order", "period__as_at", "department__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "period", "department"],
                condition=Q(department__isnull=False),
                name="figure_unique_per_metric_period_department",
                violation_error_message="This department already has a figure for this metric and period.",
            ),
            # NULL never equals NULL in a unique index, so the government-wide figure needs its own.
            models.UniqueConstraint(
                fields=["metric", "period"],
                condition=Q(department__isnull=True),
                name="figure_unique_government_wide_per_metric_period",
                violation_error_message="There is already a government-wide figure for this metric and period.",
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="figure_value_not_negative",
                violation_error_message="A figure cannot be negative.",
            ),
            models.CheckConstraint(
                condition=~Q(unit=Unit.PERCENT) | Q(value__lte=100),
                name="figure_percent_at_most_100",
                violation_error_message="A percentage cannot be more than 100.",
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True) | Q(numerator__gte=0),
                name="figure_numerator_not_negative",
                violation_error_message="A numerator cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gt=0),
                name="figure_denominator_positive",
                violation_error_message="A denominator must be more than zero.",
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True) | Q(denominator__isnull=True) | Q(numerator__lte=F("denominator")),
                name="figure_numerator_within_denominator",
                violation_error_message="The numerator cannot be more than the denominator.",
            ),
        ]

    def __str__(self):
        where = self.department.code if self.department_id else "Government-wide"
        return f"{self.metric} · {where} · {self.period}"

    def save(self, *args, **kwargs):
        self.unit = self.metric.unit
        super().save(*args, **kwargs)

    def clean(self):
        # The unit is not a form field, so Django's constraint validation skips the
        # rules that read it; these checks give the same rules a readable message.
        if self.metric_id:
            self.unit = self.metric.unit
        if self.value is None:
            return
        if self.value < 0:
            raise ValidationError({"value": "A figure cannot be negative."})
        if self.unit == Unit.PERCENT and self.value > 100:
            raise ValidationError({"value": "A percentage must be between 0 and 100."})

    @property
    def effective_as_at(self):
        return self.as_at or self.period.as_at

    def changes_public_data(self):
        return is_or_was_published(self)


class KeyFactQuerySet(models.QuerySet):
    def for_page(self, period):
        return self.filter(period=period).select_related("commitment", "department", "source")


class KeyFact(models.Model):
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="key_facts")
    commitment = models.ForeignKey(
        Commitment,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="key_facts",
        help_text="Empty for a fact about the mission as a whole.",
    )
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="key_facts"
    )
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="key_facts")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="key_facts")
    source_page = models.CharField(max_length=20, blank=True)
    history = HistoricalRecords()

    objects = KeyFactQuerySet.as_manager()

    class Meta:
        ordering = ["mission__number", "commitment__number", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "period", "order"],
                name="key_fact_order_unique_per_mission_period",
                violation_error_message="This mission already has a key fact in that position for the period.",
            ),
        ]

    def __str__(self):
        return self.text[:80]

    def clean(self):
        if self.commitment_id and self.mission_id and self.commitment.mission_id != self.mission_id:
            raise ValidationError({"commitment": "This commitment belongs to another mission."})


class DepartmentStatusQuerySet(models.QuerySet):
    def published_unverified(self):
        """Public statuses read from a garbled chart or a secondary source (a draft return's are not public)."""
        return self.filter(PUBLISHED, verified=False).select_related("department", "commitment", "period")

    def for_page(self, period):
        return self.filter(PUBLISHED, period=period).select_related("department", "commitment", "source")


class DepartmentStatus(models.Model):
    class State(models.TextChoices):
        ADOPTION_ROADMAP_AGREED = "adoption_roadmap_agreed", "Adoption roadmap agreed"
        ROADMAP_IN_PLACE = "roadmap_in_place", "Roadmap in place"
        ROADMAP_IN_DEVELOPMENT = "roadmap_in_development", "Roadmap in development"
        NO_RED_RATED_SYSTEMS = "no_red_rated_systems", "Does not have any 'red-rated' systems"
        NO_LEGACY_SYSTEMS = "no_legacy_systems", "Does not have any legacy systems"
        SINGLE_SERVICE_OWNER = "single_service_owner", "Single service owner in place"

    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="statuses")
    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="department_statuses")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="department_statuses")
    state = models.CharField(max_length=40, choices=State.choices)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="department_statuses")
    source_page = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    verified = models.BooleanField(default=True)
    department_return = models.ForeignKey(
        "DepartmentReturn", null=True, blank=True, on_delete=models.PROTECT, related_name="statuses"
    )
    history = HistoricalRecords()

    objects = DepartmentStatusQuerySet.as_manager()

    class Meta:
        ordering = ["commitment__number", "department__code"]
        verbose_name_plural = "department statuses"
        constraints = [
            models.UniqueConstraint(
                fields=["department", "commitment", "period"],
                name="department_status_unique_per_commitment_period",
                violation_error_message="This department already has a status for this commitment and period.",
            ),
        ]

    def __str__(self):
        return f"{self.department.code} · {self.get_state_display()}"

    def changes_public_data(self):
        return is_or_was_published(self)


class DepartmentReturnQuerySet(models.QuerySet):
    def for_tracker(self, period):
        return self.filter(period=period).select_related("department", "submitted_by", "reviewed_by")


class DepartmentReturn(models.Model):
    """A department's six-monthly return: its figures for one period, reviewed by CDDO before publication."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for review"
        APPROVED = "approved", "Approved"
        RETURNED = "returned", "Returned for changes"

    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="returns")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="returns")
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    review_comment = models.TextField(blank=True, help_text="CDDO's reason when it returns the figures for changes.")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    objects = DepartmentReturnQuerySet.as_manager()

    class Meta:
        ordering = ["period__as_at", "department__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "period"],
                name="return_unique_per_department_period",
                violation_error_message="This department already has a return for this period.",
            ),
            models.CheckConstraint(
                condition=~Q(state="returned") | ~Q(review_comment=""),
                name="return_sent_back_with_a_comment",
                violation_error_message="Say what needs changing when returning figures.",
            ),
        ]

    def __str__(self):
        return f"{self.department.code} return, {self.period}"

    @property
    def is_editable(self):
        """A lead can change the figures while the period is open and the return isn't with CDDO or approved."""
        return self.period.is_open and self.state in {self.State.DRAFT, self.State.RETURNED}

    def clean(self):
        if self.state == self.State.RETURNED and not self.review_comment.strip():
            raise ValidationError({"review_comment": "Say what needs changing when returning figures."})

    def changes_public_data(self):
        """Whether saving this return changes a public page: only if it is approved, or was until now."""
        stored = DepartmentReturn.objects.filter(pk=self.pk).values_list("state", flat=True) if self.pk else []
        return self.State.APPROVED in {self.state, *stored}


# A figure or status is public once CDDO has approved the return it came in; CDDO's own have none.
# The approved returns are a subquery rather than a join: PostgreSQL took 8.4 ms to plan the
# figures table's eight-table join, and 3.6 ms with this table out of it.
PUBLISHED = Q(department_return__isnull=True) | Q(
    department_return__in=DepartmentReturn.objects.filter(state=DepartmentReturn.State.APPROVED).values("pk")
)


def is_or_was_published(instance):
    """Whether changing ``instance``, a figure or a department status, changes a public page: it is
    public now or was until this change (CDDO's own, or in a return CDDO approved). A department's
    draft changes none, so its saves leave the cached pages and the published exports alone."""
    model = type(instance)
    stored = model.objects.filter(pk=instance.pk).values_list("department_return_id", flat=True) if instance.pk else []
    returns = {instance.department_return_id, *stored}
    return (
        None in returns
        or DepartmentReturn.objects.filter(pk__in=returns, state=DepartmentReturn.State.APPROVED).exists()
    )


class PublishedExportQuerySet(models.QuerySet):
    def current(self, address, data_token):
        """The file this release published at ``address`` for the data as it is now, or None."""
        return self.filter(address=address, data_token=data_token, release=site_release.current_release()).first()

    def keep(self, export):
        """Store ``export``, unless one is stored for its address, data version and release already.

        Files are kept per data version, so one built slowly for an older version can never
        replace a newer one; ``discard_all_but`` clears the old ones after each publication.
        """
        self.bulk_create([export], ignore_conflicts=True)

    def discard_all_but(self, data_token):
        """Delete every file but this release's for ``data_token``."""
        return self.exclude(data_token=data_token, release=site_release.current_release()).delete()


class PublishedExport(models.Model):
    """An export at one of the published addresses (a whole table, or one period's figures), built
    after the data last changed.

    Building the export of every figure takes from half a second (CSV) to seconds (XLSX) at twenty
    times the report's size: too long to make a reader wait, so it is built once per change
    (``commitments.publication``) and kept here, where every worker finds it. It is served only
    while ``data_token`` is the current data version's, so a file is never older than the data, and
    only by the release that built it (``roadmap_site.release``), so a deploy that changes an
    export is seen at once.
    """

    address = models.CharField(max_length=200)
    data_token = models.CharField(max_length=36)
    # A database default: a worker of the release before this field, still running while a deploy
    # migrates, can go on storing files (which no release will serve).
    release = models.CharField(max_length=16, db_default="")
    content = models.BinaryField()
    content_type = models.CharField(max_length=100)
    content_disposition = models.CharField(max_length=200)
    gzipped = models.BooleanField(default=False)
    built_at = models.DateTimeField()
    build_seconds = models.FloatField()

    objects = PublishedExportQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["address", "data_token", "release"],
                name="published_export_one_per_address_version_and_release",
            ),
        ]

    def __str__(self):
        return f"{self.address} (data version {self.data_token}, release {self.release})"
