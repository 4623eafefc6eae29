"""A synthetic dataset on top of the report's, for benchmarks: many departments, metrics and periods.

Values are made up, cited to a "synthetic benchmark data" source with a note saying so; only
benchmarks build this, in a throwaway database.
"""

import datetime
from decimal import Decimal

from django.db import connection

from commitments.models import Commitment, Figure, Metric, ReportingPeriod, Source, Unit
from departments.models import Department
from missions.models import DataVersion

SYNTHETIC_NOTE = "Synthetic benchmark data, not a real figure."


def build(departments=100, metrics=300, periods=20, departmental_share=5):
    """Top up to the given numbers; every fifth metric is reported per department in the latest two periods."""
    source, _ = Source.objects.get_or_create(
        slug="synthetic-benchmark",
        defaults={"title": "Synthetic benchmark data", "publisher": "Benchmark", "kind": Source.Kind.SECONDARY},
    )
    Department.objects.bulk_create(
        Department(code=f"S{n:03d}", name=f"Synthetic department {n}", slug=f"synthetic-{n}", kind="ministerial")
        for n in range(max(0, departments - Department.objects.count()))
    )
    earliest = ReportingPeriod.objects.order_by("as_at").first().as_at
    ReportingPeriod.objects.bulk_create(
        ReportingPeriod(
            slug=f"synthetic-{n}",
            name=f"Synthetic period {n}",
            as_at=earliest - datetime.timedelta(days=182 * (n + 1)),
            as_at_label=f"Synthetic {n}",
        )
        for n in range(max(0, periods - ReportingPeriod.objects.count()))
    )
    commitments = list(Commitment.objects.order_by("number"))
    new_metrics = Metric.objects.bulk_create(
        Metric(
            commitment=commitments[n % len(commitments)],
            slug=f"synthetic-{n}",
            name=f"Synthetic measure {n}",
            unit=Unit.PERCENT if n % 2 else Unit.COUNT,
            scope=Metric.Scope.BOTH if n % departmental_share == 0 else Metric.Scope.GOVERNMENT_WIDE,
            department_target=Metric.DepartmentTarget.SAME,
            target_value=Decimal(60),
            target_date=datetime.date(2025, 3, 31),
            is_headline=n % 10 == 0,
            order=1000 + n,
        )
        for n in range(max(0, metrics - Metric.objects.count()))
    )
    all_periods = list(ReportingPeriod.objects.order_by("as_at"))
    all_departments = list(Department.objects.all())
    figures = [
        Figure(
            metric=metric,
            period=period,
            value=Decimal((n * 7 + index * 3) % 90),
            unit=metric.unit,
            source=source,
            note=SYNTHETIC_NOTE,
        )
        for n, metric in enumerate(new_metrics)
        for index, period in enumerate(all_periods)
    ]
    figures += [
        Figure(
            metric=metric,
            period=period,
            department=department,
            value=Decimal((n + d) % 40),
            unit=metric.unit,
            source=source,
            note=SYNTHETIC_NOTE,
        )
        for n, metric in enumerate(new_metrics)
        if metric.scope == Metric.Scope.BOTH
        for period in all_periods[-2:]
        for d, department in enumerate(all_departments)
    ]
    Figure.objects.bulk_create(figures, batch_size=2000)
    # bulk_create sends no signals: mark the data changed, as a save would have.
    DataVersion.objects.bump()
    # Planner statistics, as PostgreSQL's autovacuum would gather soon after a load this size:
    # without them it guesses a few dozen figures and picks plans that suit a few dozen.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "departments": Department.objects.count(),
        "metrics": Metric.objects.count(),
        "periods": ReportingPeriod.objects.count(),
        "figures": Figure.objects.count(),
    }
