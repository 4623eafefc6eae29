"""Pages that show statuses but no series read only the figures a status needs: same statuses, same changes."""

import pytest

from commitments.dashboard import CommitmentProgress
from commitments.models import Commitment, Figure, Metric, ReportingPeriod
from missions import synthetic

pytestmark = pytest.mark.django_db


def described(period, status_only):
    commitments = Commitment.objects.for_dashboard(period, shared_relations=True, status_only=status_only)
    described = {}
    for commitment in commitments:
        progress = CommitmentProgress(commitment, period)
        described[commitment.number] = (progress.status, progress.assessment.reason)
        for metric in progress.metrics:
            current = metric.current.pk if metric.current else None
            described[metric.metric.slug] = (
                metric.status,
                metric.assessment,
                metric.baseline,
                current,
                metric.change_text,
            )
    return described


def test_status_figures_give_every_status_and_change_that_the_full_series_gives():
    synthetic.build(departments=30, metrics=60, periods=12)
    periods = list(ReportingPeriod.objects.order_by("as_at"))
    # Some measures name a baseline part-way through their series; some series have gaps.
    Metric.objects.filter(slug__startswith="synthetic-", pk__in=range(0, 10_000, 3)).update(baseline_period=periods[4])
    Figure.objects.filter(metric__slug__startswith="synthetic-2", period__in=periods[5:7]).delete()
    Figure.objects.filter(metric__slug__startswith="synthetic-3", period=periods[-1]).delete()

    for period in [periods[3], periods[6], periods[-2], periods[-1]]:
        assert described(period, status_only=True) == described(period, status_only=False), period


def test_status_figures_are_a_few_per_metric_however_long_the_series():
    synthetic.build(departments=30, metrics=60, periods=12)
    period = ReportingPeriod.objects.latest_with_figures()
    series = Figure.objects.government_wide().filter(period__as_at__lte=period.as_at)
    assert series.count() >= 10 * Metric.objects.count() // 2
    assert series.status_figures(period).count() <= 4 * Metric.objects.count()


def test_a_period_sharing_another_periods_date_leaves_the_change_since_the_one_before():
    """Nothing makes periods' dates unique; the figure before the period is the last strictly earlier."""
    synthetic.build(departments=5, metrics=8, periods=4)
    periods = list(ReportingPeriod.objects.order_by("as_at"))
    latest = periods[-1]
    twin = ReportingPeriod.objects.create(
        slug="twin", name="Another update on the same date", as_at=latest.as_at, as_at_label=latest.as_at_label
    )
    for figure in Figure.objects.filter(period=periods[-2], department__isnull=True)[:3]:
        figure.pk, figure.period = None, twin
        figure.save()
    assert described(latest, status_only=True) == described(latest, status_only=False)
