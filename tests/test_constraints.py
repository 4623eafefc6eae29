"""The database refuses what can't be true, and forms say why in words.

Each rule is tested twice: straight at the database (an UPDATE that skips Django's
validation must fail with IntegrityError) and through a ModelForm (the user sees a
readable message, never an IntegrityError). CI runs this module on SQLite and on
PostgreSQL.
"""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.forms import modelform_factory

from commitments.models import Commitment, Figure, Metric, Unit
from departments.models import Department
from missions.models import Mission
from tests.factories import (
    CommitmentFactory,
    DepartmentFactory,
    FigureFactory,
    MetricFactory,
    MissionFactory,
    ReportingPeriodFactory,
    SourceFactory,
    figure_form_data,
)

pytestmark = pytest.mark.django_db

FigureForm = modelform_factory(
    Figure, fields=["metric", "period", "department", "value", "qualifier", "numerator", "denominator", "source"]
)
MetricForm = modelform_factory(Metric, fields=["commitment", "slug", "name", "unit", "of_total", "target_value"])


def assert_database_refuses(queryset, **changes):
    with pytest.raises(IntegrityError), transaction.atomic():
        queryset.update(**changes)


def form_errors(form):
    assert not form.is_valid()
    return [message for messages in form.errors.values() for message in messages]


class TestOneFigurePerMetricPeriodDepartment:
    def test_database_refuses_a_second_government_wide_figure(self):
        figure = FigureFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Figure.objects.create(metric=figure.metric, period=figure.period, value=1, source=figure.source)

    def test_database_refuses_a_second_figure_for_one_department(self):
        figure = FigureFactory(department=DepartmentFactory())
        with pytest.raises(IntegrityError), transaction.atomic():
            Figure.objects.create(
                metric=figure.metric, period=figure.period, department=figure.department, value=1, source=figure.source
            )

    def test_one_department_and_the_government_wide_figure_can_coexist(self):
        figure = FigureFactory()
        Figure.objects.create(
            metric=figure.metric, period=figure.period, department=DepartmentFactory(), value=1, source=figure.source
        )
        assert Figure.objects.filter(metric=figure.metric).count() == 2

    def test_form_explains_a_duplicate_government_wide_figure(self):
        figure = FigureFactory()
        form = FigureForm(data=figure_form_data(figure))
        assert "There is already a government-wide figure for this metric and period." in form_errors(form)

    def test_form_explains_a_duplicate_department_figure(self):
        figure = FigureFactory(department=DepartmentFactory())
        form = FigureForm(data=figure_form_data(figure))
        assert "This department already has a figure for this metric and period." in form_errors(form)


class TestPercentagesWithin0To100:
    def test_database_refuses_a_percentage_over_100(self):
        figure = FigureFactory(metric=MetricFactory(unit=Unit.PERCENT), value=Decimal("50"))
        assert_database_refuses(Figure.objects.filter(pk=figure.pk), value=Decimal("100.5"))

    def test_a_count_may_exceed_100(self):
        figure = FigureFactory(metric=MetricFactory(unit=Unit.COUNT))
        Figure.objects.filter(pk=figure.pk).update(value=Decimal("2500"))

    def test_form_explains_a_percentage_over_100(self):
        figure = FigureFactory.build(metric=MetricFactory(unit=Unit.PERCENT), period=ReportingPeriodFactory())
        figure.source = SourceFactory()
        form = FigureForm(data=figure_form_data(figure, value="101"))
        assert form_errors(form) == ["A percentage must be between 0 and 100."]

    def test_database_refuses_a_percentage_target_over_100(self):
        metric = MetricFactory(unit=Unit.PERCENT, target_value=Decimal("90"))
        assert_database_refuses(Metric.objects.filter(pk=metric.pk), target_value=Decimal("120"))

    def test_form_explains_a_percentage_target_over_100(self):
        form = MetricForm(
            data={
                "commitment": CommitmentFactory().pk,
                "slug": "x",
                "name": "X",
                "unit": Unit.PERCENT,
                "target_value": "120",
            }
        )
        assert "A percentage target must be between 0 and 100." in form_errors(form)

    def test_a_metric_cannot_become_a_percentage_while_its_figures_exceed_100(self):
        figure = FigureFactory(metric=MetricFactory(unit=Unit.COUNT), value=Decimal("608"))
        metric = figure.metric
        form = MetricForm(
            instance=metric,
            data={"commitment": metric.commitment_id, "slug": metric.slug, "name": metric.name, "unit": Unit.PERCENT},
        )
        assert form_errors(form) == ["1 of this metric's figures are outside 0 to 100, so it cannot be a percentage."]


class TestNotNegative:
    @pytest.mark.parametrize("unit", [Unit.COUNT, Unit.PEOPLE])
    def test_database_refuses_a_negative_count(self, unit):
        figure = FigureFactory(metric=MetricFactory(unit=unit))
        assert_database_refuses(Figure.objects.filter(pk=figure.pk), value=Decimal("-1"))

    def test_form_explains_a_negative_count(self):
        figure = FigureFactory.build(metric=MetricFactory(unit=Unit.PEOPLE), period=ReportingPeriodFactory())
        figure.source = SourceFactory()
        form = FigureForm(data=figure_form_data(figure, value="-5"))
        assert form_errors(form) == ["A figure cannot be negative."]

    def test_database_refuses_a_negative_target(self):
        metric = MetricFactory(target_value=Decimal("10"))
        assert_database_refuses(Metric.objects.filter(pk=metric.pk), target_value=Decimal("-1"))


class TestNumeratorWithinDenominator:
    def test_database_refuses_a_numerator_above_its_denominator(self):
        figure = FigureFactory(numerator=Decimal("44"), denominator=Decimal("63"))
        assert_database_refuses(Figure.objects.filter(pk=figure.pk), numerator=Decimal("64"))

    def test_database_refuses_a_zero_denominator(self):
        figure = FigureFactory(numerator=Decimal("0"), denominator=Decimal("63"))
        assert_database_refuses(Figure.objects.filter(pk=figure.pk), denominator=Decimal("0"))

    def test_form_explains_a_numerator_above_its_denominator(self):
        figure = FigureFactory.build(metric=MetricFactory(), period=ReportingPeriodFactory())
        figure.source = SourceFactory()
        form = FigureForm(data=figure_form_data(figure, value="64", numerator="64", denominator="63"))
        assert form_errors(form) == ["The numerator cannot be more than the denominator."]

    def test_database_refuses_a_target_above_the_total(self):
        metric = MetricFactory(of_total=75, target_value=Decimal("50"))
        assert_database_refuses(Metric.objects.filter(pk=metric.pk), target_value=Decimal("76"))


class TestNumbersUnique:
    def test_database_refuses_a_second_mission_with_a_number(self):
        MissionFactory(number=40)
        with pytest.raises(IntegrityError), transaction.atomic():
            MissionFactory(number=40)

    def test_database_refuses_a_second_commitment_with_a_number(self):
        CommitmentFactory(number=40)
        with pytest.raises(IntegrityError), transaction.atomic():
            CommitmentFactory(number=40)

    def test_form_explains_a_taken_mission_number(self):
        form = modelform_factory(Mission, exclude=[])(
            data={
                "number": 1,
                "title": "A seventh mission",
                "summary": "s",
                "sponsor_name": "n",
                "sponsor_role": "r",
                "sponsor_quote": "q",
                "source_page": "1",
            }
        )
        assert form_errors(form) == ["A mission with this number already exists."]

    def test_form_explains_a_taken_commitment_number(self):
        form = modelform_factory(Commitment, exclude=[])(
            data={
                "number": 24,
                "mission": Mission.objects.get(number=6).pk,
                "short_title": "t",
                "text": "x",
                "source_page": "1",
            }
        )
        assert form_errors(form) == ["A commitment with this number already exists."]

    def test_database_refuses_mission_number_zero(self):
        mission = MissionFactory()
        assert_database_refuses(Mission.objects.filter(pk=mission.pk), number=0)


class TestDepartments:
    def test_database_refuses_a_duplicate_code(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            DepartmentFactory(code="DWP")

    def test_database_refuses_a_department_as_its_own_parent(self):
        department = DepartmentFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Department.objects.filter(pk=department.pk).update(parent=department.pk)

    def test_form_explains_a_department_as_its_own_parent(self):
        department = DepartmentFactory()
        form = modelform_factory(Department, fields=["code", "name", "slug", "kind", "parent"])(
            instance=department,
            data={
                "code": department.code,
                "name": department.name,
                "slug": department.slug,
                "kind": department.kind,
                "parent": department.pk,
            },
        )
        assert "A department cannot be its own parent." in form_errors(form)
