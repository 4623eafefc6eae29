"""Every page runs a fixed number of queries, on the report's data and on ten times as much."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import F, Prefetch
from django.test.utils import CaptureQueriesContext

from commitments.models import Figure, FigureQuerySet, Metric, ReportingPeriod
from departments.models import Department
from tests.scaling import grow_tenfold

pytestmark = pytest.mark.django_db

# Each count includes the page cache's data-version lookup.
PAGES = {
    "/": 9,
    "/?period=2023-09-update": 9,
    "/missions/1/": 10,
    "/commitments/1/": 9,
    "/commitments/16/": 9,
    "/departments/": 3,
    "/departments/dwp/": 10,
    "/departments/dsit/": 10,
    "/about/": 6,
}


def count_queries(client, url):
    """Queries to render the page afresh: the page cache would otherwise answer without any."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(("url", "expected"), PAGES.items())
def test_query_count_is_pinned_and_does_not_grow_with_data(client, url, expected):
    assert count_queries(client, url) == expected

    before = (Department.objects.count(), Metric.objects.count(), Figure.objects.count())
    grown = grow_tenfold()
    assert Department.objects.count() >= 10 * before[0] and Metric.objects.count() >= 10 * before[1]
    assert grown["figures"] > before[2]

    assert count_queries(client, url) == expected


def test_a_long_series_shares_one_object_per_period_and_source():
    figures = list(Figure.objects.government_wide().with_shared_periods_and_sources())
    periods = {figure.period_id: figure.period for figure in figures}
    assert all(figure.period is periods[figure.period_id] for figure in figures)
    assert len({id(figure.source) for figure in figures}) == len({figure.source_id for figure in figures})


def test_figures_built_from_rows_match_figures_built_by_the_orm():
    by_orm = {figure.pk: figure for figure in Figure.objects.government_wide().select_related("period", "source")}
    from_rows = list(Figure.objects.government_wide().with_shared_periods_and_sources())
    assert len(from_rows) == len(by_orm) > 0
    for figure in from_rows:
        expected = by_orm[figure.pk]
        assert [getattr(figure, field.attname) for field in Figure._meta.concrete_fields] == [
            getattr(expected, field.attname) for field in Figure._meta.concrete_fields
        ]
        assert (figure.period, figure.source, figure.effective_as_at) == (
            expected.period,
            expected.source,
            expected.effective_as_at,
        )
        assert not figure._state.adding and figure._state.db == expected._state.db
    # Saved like any loaded instance: an update of the row, not an insert of another.
    from_rows[0].note = "Checked"
    from_rows[0].save()
    assert Figure.objects.get(pk=from_rows[0].pk).note == "Checked"
    assert Figure.objects.government_wide().count() == len(by_orm)


@pytest.mark.parametrize(
    ("build", "relations"),
    [
        # A commitment page's department rows: one object per department.
        (FigureQuerySet.with_departments_and_sources, ("department", "source")),
        # A commitment page's series: one object per period.
        (FigureQuerySet.with_periods_and_sources, ("period", "source")),
    ],
)
def test_figures_joined_from_rows_match_figures_built_by_the_orm(build, relations):
    figures = Figure.objects.filter(**{f"{relations[0]}__isnull": False})
    with CaptureQueriesContext(connection) as captured:
        from_rows = list(build(figures))
    assert len(captured) == 1
    by_orm = {figure.pk: figure for figure in figures.select_related(*relations)}
    assert len(from_rows) == len(by_orm) > 0
    for figure in from_rows:
        expected = by_orm[figure.pk]
        assert [getattr(figure, field.attname) for field in Figure._meta.concrete_fields] == [
            getattr(expected, field.attname) for field in Figure._meta.concrete_fields
        ]
        for name in relations:
            built, loaded = getattr(figure, name), getattr(expected, name)
            assert [getattr(built, field.attname) for field in loaded._meta.concrete_fields] == [
                getattr(loaded, field.attname) for field in loaded._meta.concrete_fields
            ]
            assert not built._state.adding and built._state.db == loaded._state.db
    # One object for each department or period, and each source, however many figures name it.
    for name in relations:
        shared = {getattr(figure, f"{name}_id"): getattr(figure, name) for figure in from_rows}
        assert all(getattr(figure, name) is shared[getattr(figure, f"{name}_id")] for figure in from_rows)


def test_figures_built_from_rows_refuse_annotations_rather_than_drop_them():
    with pytest.raises(TypeError, match="not annotations"):
        list(Figure.objects.annotate(doubled=F("value") * 2).with_departments_and_sources())
    with pytest.raises(TypeError, match="not annotations"):
        list(Figure.objects.annotate(doubled=F("value") * 2).with_shared_periods_and_sources())
    with pytest.raises(TypeError, match="not annotations"):
        list(Figure.objects.annotate(doubled=F("value") * 2).with_periods_and_sources())


@pytest.mark.parametrize("status_only", [False, True])
def test_metrics_with_their_series_match_what_the_orm_prefetches(status_only):
    period = ReportingPeriod.objects.latest_with_figures()
    grow_tenfold()
    series = Figure.objects.published().government_wide().filter(period__as_at__lte=period.as_at)
    if status_only:
        series = series.status_figures(period)
    by_orm = {
        metric.pk: metric
        for metric in Metric.objects.prefetch_related(
            Prefetch("figures", queryset=series.order_by("period__as_at"), to_attr="national_series")
        )
    }
    with CaptureQueriesContext(connection) as captured:
        metrics = list(Metric.objects.for_dashboard(period, status_only=status_only))
        periods = {}
        for metric in metrics:
            assert all(figure.metric is metric for figure in metric.national_series)
            # One object per period, as built from the query's rows, not one per figure.
            assert all(
                periods.setdefault(figure.period_id, figure.period) is figure.period
                for figure in metric.national_series
            )
    # One query for the metrics and one for their series, as with the ORM's Prefetch.
    assert len(captured) == 2
    assert len(metrics) == len(by_orm) > 30
    assert sum(len(metric.national_series) for metric in metrics) > 0
    for metric in metrics:
        expected = by_orm[metric.pk]
        assert [getattr(metric, field.attname) for field in Metric._meta.concrete_fields] == [
            getattr(expected, field.attname) for field in Metric._meta.concrete_fields
        ]
        assert [figure.pk for figure in metric.national_series] == [figure.pk for figure in expected.national_series]


def test_metrics_with_their_series_keep_what_the_query_selects_with_them():
    period = ReportingPeriod.objects.latest_with_figures()
    metrics = list(Metric.objects.select_related("commitment").for_dashboard(period))
    with CaptureQueriesContext(connection) as captured:
        assert all(metric.commitment.number for metric in metrics)
    assert len(captured) == 0
