"""Grow the report's data tenfold, for tests that pin query counts as data grows."""

import datetime
from decimal import Decimal

from commitments.models import Commitment, Figure, Metric, ReportingPeriod, Source, Unit
from departments.models import Department
from missions.models import DataVersion


def grow_tenfold():
    """Nine more of every department, metric and period, with figures linking them."""
    factor = 9
    source = Source.objects.get(slug="progress-update-2024-02")
    departments = Department.objects.bulk_create(
        Department(code=f"X{n}", name=f"Extra department {n}", slug=f"extra-{n}", kind=Department.Kind.MINISTERIAL)
        for n in range(Department.objects.count() * factor)
    )
    periods = ReportingPeriod.objects.bulk_create(
        ReportingPeriod(
            slug=f"extra-{n}",
            name=f"Extra period {n}",
            as_at=datetime.date(2019, 1, 1) - datetime.timedelta(days=30 * n),
            as_at_label=f"Extra {n}",
        )
        for n in range(ReportingPeriod.objects.count() * factor)
    )
    commitments = list(Commitment.objects.all())
    metrics = Metric.objects.bulk_create(
        Metric(
            commitment=commitments[n % len(commitments)],
            slug=f"extra-{n}",
            name=f"Extra metric {n}",
            unit=Unit.COUNT,
            scope=Metric.Scope.BOTH,
            target_value=Decimal(100),
            target_date=datetime.date(2025, 3, 31),
            is_headline=True,
            order=100 + n,
        )
        for n in range(Metric.objects.count() * factor)
    )
    all_departments = list(Department.objects.all())
    latest = ReportingPeriod.objects.get(slug="2024-02-update")
    figures = []
    for n, metric in enumerate(metrics):
        for period in periods[:4]:
            figures.append(Figure(metric=metric, period=period, value=Decimal(n % 90), unit=Unit.COUNT, source=source))
        for department in all_departments[n % 7 :: 40]:
            figures.append(
                Figure(
                    metric=metric,
                    period=latest,
                    department=department,
                    value=Decimal(n % 50),
                    unit=Unit.COUNT,
                    source=source,
                )
            )
    Figure.objects.bulk_create(figures)
    # bulk_create sends no signals: mark the data changed, as a save would have.
    DataVersion.objects.bump()
    return {"departments": len(departments), "periods": len(periods), "metrics": len(metrics), "figures": len(figures)}
