"""What the dashboard says about a metric or commitment as at a reporting period.

Built from querysets that prefetch what is needed (``Metric.objects.for_dashboard``,
``Commitment.objects.for_dashboard``), so nothing here touches the database.
"""

from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from commitments.formatting import format_value, plain_number
from commitments.models import Unit
from commitments.progress import (
    Assessment,
    PhaseStatus,
    Point,
    Status,
    assess,
    phase_status,
    worst,
)

STATUS_ORDER = [
    Status.ACHIEVED,
    Status.ON_TRACK,
    Status.AT_RISK,
    Status.OFF_TRACK,
    Status.NOT_REPORTED,
    Status.NOT_ASSESSED,
]


def rounded(value, unit):
    """Whole numbers for counts, one decimal place for percentages."""
    places = Decimal("0.1") if unit == Unit.PERCENT else Decimal(1)
    return value.quantize(places, rounding=ROUND_HALF_UP)


@dataclass
class MetricProgress:
    metric: object
    period: object

    @cached_property
    def series(self):
        """Government-wide figures up to and including the period, oldest first: all of them, or on
        pages that show no series just those the status and change need (``status_figures``)."""
        return self.metric.national_series

    @cached_property
    def current(self):
        return next((figure for figure in self.series if figure.period_id == self.period.pk), None)

    @cached_property
    def previous(self):
        earlier = [figure for figure in self.series if figure.period.as_at < self.period.as_at]
        return earlier[-1] if earlier else None

    @cached_property
    def baseline(self):
        """The baseline period's figure; else zero where counting started; else the earliest earlier figure."""
        metric = self.metric
        earlier = [figure for figure in self.series if figure is not self.current]
        for figure in earlier:
            if figure.period_id == metric.baseline_period_id:
                return Point(figure.value, figure.effective_as_at)
        if metric.counted_from:
            return Point(Decimal(0), metric.counted_from)
        if earlier:
            return Point(earlier[0].value, earlier[0].effective_as_at)
        return None

    @cached_property
    def assessment(self) -> Assessment:
        metric = self.metric
        if self.current is None and metric.scope == metric.Scope.PER_DEPARTMENT:
            return Assessment(Status.NOT_ASSESSED, "it is reported by department, not government-wide.")
        current = Point(self.current.value, self.current.effective_as_at) if self.current else None
        return assess(
            baseline=self.baseline,
            current=current,
            target_value=metric.target_value,
            target_date=metric.target_date,
            higher_is_better=metric.direction == metric.Direction.HIGHER_IS_BETTER,
        )

    @property
    def status(self):
        return self.assessment.status

    @property
    def has_target(self):
        return self.metric.target_value is not None

    def value_text(self, figure=None):
        figure = figure or self.current
        if figure is None:
            return "Not reported"
        return format_value(figure.value, self.metric.unit, figure.qualifier)

    @property
    def change_text(self):
        return describe_change(self.current, self.previous, self.metric.unit)

    @property
    def share_of_total(self):
        if self.current is None or not self.metric.of_total:
            return None
        return (self.current.value * 100 / self.metric.of_total).quantize(Decimal(1), rounding=ROUND_HALF_UP)

    def summary(self):
        """The chart's text alternative: figure, target, status, projection and pace."""
        metric, assessment = self.metric, self.assessment
        if self.current is None:
            sentences = [f"{metric.name}: no government-wide figure for {self.period.name}."]
        elif metric.of_total:
            sentences = [f"{metric.name}: {self.value_text()} of {metric.of_total} ({self.share_of_total}%)."]
        else:
            sentences = [f"{metric.name}: {self.value_text()}."]
        if self.has_target:
            sentences.append(f"Target: {metric.target_label or format_value(metric.target_value, metric.unit)}.")
        sentences.append(f"{assessment.status.label}: {assessment.reason}")
        if assessment.projected_value is not None and metric.target_date:
            projected = format_value(rounded(assessment.projected_value, metric.unit), metric.unit)
            sentences.append(f"At the current rate, about {projected} by {metric.target_date:%B %Y}.")
        if assessment.needed_per_six_months is not None and self.status != Status.ACHIEVED:
            sentences.append(self._pace_sentence(assessment.needed_per_six_months))
        return " ".join(sentences)

    def _pace_sentence(self, needed):
        unit = self.metric.unit
        amount = plain_number(rounded(needed, unit))
        if unit == Unit.PERCENT:
            amount = f"{amount} percentage points"
        if self.metric.direction == self.metric.Direction.LOWER_IS_BETTER:
            return f"A fall of {amount} each six months is needed to reach the target."
        return f"{amount} more needed each six months to reach the target."


@dataclass
class CommitmentProgress:
    commitment: object
    period: object

    @cached_property
    def metrics(self):
        return [MetricProgress(metric, self.period) for metric in self.commitment.dashboard_metrics]

    @property
    def headline_metrics(self):
        return [progress for progress in self.metrics if progress.metric.is_headline]

    @cached_property
    def phases(self):
        """Each phase with its status as at the period: none before the report that gave it."""
        return [(phase, self._phase_status(phase)) for phase in self.commitment.phases.all()]

    def _phase_status(self, phase):
        if phase.status_period and phase.status_period.as_at > self.period.as_at:
            return PhaseStatus.NOT_STATED
        return PhaseStatus(phase.status)

    @cached_property
    def assessment(self):
        commitment = self.commitment
        if commitment.status_override:
            return Assessment(Status(commitment.status_override), f"set by CDDO: {commitment.status_override_reason}")
        targeted = [progress for progress in self.metrics if progress.has_target]
        rolled_up = worst(progress.status for progress in targeted)
        if rolled_up != Status.NOT_REPORTED:
            return Assessment(rolled_up, "the least advanced of its measures with a target.")
        from_phases = phase_status([(status, phase.due_date) for phase, status in self.phases], self.period.as_at)
        if from_phases.status != Status.NOT_REPORTED:
            return from_phases
        unassessed = [progress for progress in targeted if progress.status == Status.NOT_ASSESSED]
        if unassessed:
            return Assessment(Status.NOT_ASSESSED, f"its measures can't be assessed: {unassessed[0].assessment.reason}")
        return from_phases

    @property
    def status(self):
        return self.assessment.status

    @property
    def is_overridden(self):
        return bool(self.commitment.status_override)


def status_counts(commitment_progresses):
    counts = Counter(progress.status for progress in commitment_progresses)
    return [(status, counts[status]) for status in STATUS_ORDER if counts[status]]


def department_rows(figures, period, government_wide):
    """A department's figures for ``period``, each against its target, the government-wide figure
    (``government_wide`` maps a metric id to it) and the department's previous figure.

    ``figures`` holds the department's figures up to the period, oldest first.
    """
    previous, current = {}, []
    for figure in figures:
        if figure.period_id == period.pk:
            current.append(figure)
        else:
            previous[figure.metric_id, figure.department_id] = figure
    rows = []
    for figure in current:
        metric = figure.metric
        earlier = previous.get((metric.pk, figure.department_id))
        rows.append(
            {
                "figure": figure,
                "metric": metric,
                "value": format_value(figure.value, metric.unit, figure.qualifier),
                "target": format_value(metric.target_value, metric.unit) if metric.target_value is not None else "",
                "against_target": describe_against_target(figure, metric),
                "government_wide": government_wide.get(metric.pk),
                "previous": earlier,
                "change": describe_change(figure, earlier, metric.unit),
            }
        )
    return rows


def describe_against_target(figure, metric):
    """'Meets the target (at or under 10%)', in words so that no colour is needed."""
    target = metric.target_for(figure)
    if target is None:
        return "A cross-government target only" if metric.target_value is not None else "No target"
    meets = metric.meets_target(figure.value, target)
    shown = format_value(target, metric.unit)
    if metric.direction == metric.Direction.LOWER_IS_BETTER:
        return f"Meets the target (at or under {shown})" if meets else f"Misses the target (over {shown})"
    return f"Meets the target ({shown} or more)" if meets else f"Below the target of {shown}"


def describe_change(figure, earlier, unit):
    """'+1 since September 2023 update', or '' when either figure is missing."""
    if figure is None or earlier is None:
        return ""
    change = figure.value - earlier.value
    sign = "+" if change > 0 else ("\N{MINUS SIGN}" if change < 0 else "")
    suffix = " percentage points" if unit == Unit.PERCENT else ""
    return f"{sign}{plain_number(abs(change))}{suffix} since {earlier.period.name}"
