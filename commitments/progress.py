"""Status and projection of a metric against its target.

The rule, in words (the About page says the same): a straight line runs from the
baseline to the target on the target date. By the as-at date, the figure should have
moved along that line by some amount: the progress needed. The progress made is how
far it has actually moved from the baseline. Their ratio gives the status, with the
thresholds Open SDG uses for its progress measure (after Statistics Canada's method):

- achieved: the figure already meets the target;
- on track: at least 95% of the progress needed has been made;
- at risk: from 60% to 95%;
- off track: under 60%, or the figure moved the wrong way, or the target date passed;
- not yet reported: no figure for the period;
- not assessed: no target, no target date, or nothing earlier to measure progress from.

The projection carries the rate since the baseline forward to the target date.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import models

ON_TRACK_RATIO = Decimal("0.95")
AT_RISK_RATIO = Decimal("0.6")
DAYS_IN_SIX_MONTHS = Decimal("365.25") / 2


class PhaseStatus(models.TextChoices):
    DONE = "done", "Done"
    IN_PROGRESS = "in_progress", "In progress"
    NOT_STARTED = "not_started", "Not started"
    NOT_STATED = "not_stated", "Not stated in the report"


class Status(models.TextChoices):
    ACHIEVED = "achieved", "Achieved"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    NOT_REPORTED = "not_reported", "Not yet reported"
    NOT_ASSESSED = "not_assessed", "Not assessed"


SEVERITY = {
    Status.ACHIEVED: 0,
    Status.ON_TRACK: 1,
    Status.AT_RISK: 2,
    Status.OFF_TRACK: 3,
}
ASSESSED = frozenset(SEVERITY)


@dataclass(frozen=True)
class Point:
    value: Decimal
    on: date


@dataclass(frozen=True)
class Assessment:
    status: Status
    reason: str
    ratio: Decimal | None = None
    projected_value: Decimal | None = None
    needed_per_six_months: Decimal | None = None


def meets(value, target, higher_is_better):
    return value >= target if higher_is_better else value <= target


def assess(*, baseline, current, target_value, target_date, higher_is_better=True):
    """Assess ``current`` (a Point, or None) against the target, measuring progress from ``baseline``."""
    if target_value is None:
        return Assessment(Status.NOT_ASSESSED, "there is no numeric target.")
    if current is None:
        return Assessment(Status.NOT_REPORTED, "there is no figure for this period yet.")
    if meets(current.value, target_value, higher_is_better):
        return Assessment(Status.ACHIEVED, "the figure meets the target.")
    if target_date is None:
        return Assessment(Status.NOT_ASSESSED, "the target has no date to measure progress against.")
    if current.on >= target_date:
        return Assessment(Status.OFF_TRACK, "the target date has passed without the target being met.")
    needed_per_six_months = _needed_per_six_months(current, target_value, target_date)
    if baseline is None or baseline.on >= current.on:
        return Assessment(
            Status.NOT_ASSESSED,
            "there is no earlier figure or baseline to measure progress from.",
            needed_per_six_months=needed_per_six_months,
        )

    direction = 1 if higher_is_better else -1
    total_days = Decimal((target_date - baseline.on).days)
    elapsed_days = Decimal((current.on - baseline.on).days)
    progress_needed = direction * (target_value - baseline.value) * elapsed_days / total_days
    progress_made = direction * (current.value - baseline.value)
    rate_per_day = (current.value - baseline.value) / elapsed_days
    projected = max(Decimal(0), current.value + rate_per_day * (target_date - current.on).days)

    if progress_needed <= 0:
        # The baseline already met the target; the figure has since fallen back.
        return Assessment(
            Status.OFF_TRACK,
            "the figure has moved away from a target the baseline met.",
            projected_value=projected,
            needed_per_six_months=needed_per_six_months,
        )
    ratio = progress_made / progress_needed
    if ratio >= ON_TRACK_RATIO:
        status = Status.ON_TRACK
    elif ratio >= AT_RISK_RATIO:
        status = Status.AT_RISK
    else:
        status = Status.OFF_TRACK
    reason = f"{_percent(ratio)} of the progress needed by this date has been made."
    return Assessment(status, reason, ratio, projected, needed_per_six_months)


def _needed_per_six_months(current, target_value, target_date):
    six_month_spans = Decimal((target_date - current.on).days) / DAYS_IN_SIX_MONTHS
    return abs(target_value - current.value) / six_month_spans


def _percent(ratio):
    return f"{(ratio * 100).quantize(Decimal(1))}%"


def worst(statuses):
    """Roll statuses up: the worst assessed one, or not yet reported when none was assessed."""
    assessed = [status for status in statuses if status in ASSESSED]
    if not assessed:
        return Status.NOT_REPORTED
    return max(assessed, key=lambda status: SEVERITY[status])


def phase_status(phases, as_at):
    """A status from delivery phases, for commitments without a numeric target.

    ``phases`` is a list of (PhaseStatus, due date or None) pairs.
    """
    if not phases or all(status == PhaseStatus.NOT_STATED for status, _ in phases):
        return Assessment(Status.NOT_REPORTED, "the report gives no phase statuses.")
    if all(status == PhaseStatus.DONE for status, _ in phases):
        return Assessment(Status.ACHIEVED, "every delivery phase is done.")
    overdue = [due for status, due in phases if due and due < as_at and status != PhaseStatus.DONE]
    if overdue:
        return Assessment(Status.OFF_TRACK, "a delivery phase is past its due date and not done.")
    done = sum(status == PhaseStatus.DONE for status, _ in phases)
    return Assessment(Status.ON_TRACK, f"{done} of {len(phases)} delivery phases done, none past its due date.")
