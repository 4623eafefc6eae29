"""Filters for the data tables. An invalid value is reported as a 400, never a 500."""

import django_filters
from django.db.models import F, Q

from commitments.models import Commitment, Figure, Metric, ReportingPeriod
from commitments.progress import Status
from departments.models import Department
from missions.models import Mission


class AgainstTarget:
    MEETS = "meets"
    MISSES = "misses"
    NO_TARGET = "none"
    CHOICES = [(MEETS, "Meets the target"), (MISSES, "Misses the target"), (NO_TARGET, "No target to meet")]


def _target_for_row():
    """Q objects for 'meets' per row, mirroring Metric.target_for: a department may be held to its own total."""
    same_target = Q(department__isnull=True) | Q(metric__department_target=Metric.DepartmentTarget.SAME)
    higher = Q(metric__direction=Metric.Direction.HIGHER_IS_BETTER)
    lower = Q(metric__direction=Metric.Direction.LOWER_IS_BETTER)
    meets_shared = same_target & (
        (higher & Q(value__gte=F("metric__target_value"))) | (lower & Q(value__lte=F("metric__target_value")))
    )
    own_total = (
        Q(department__isnull=False)
        & Q(metric__department_target=Metric.DepartmentTarget.ALL_OF_ITS_OWN)
        & Q(denominator__isnull=False)
    )
    meets_own = own_total & Q(value__gte=F("denominator"))
    has_target = (same_target & Q(metric__target_value__isnull=False)) | own_total
    return meets_shared | meets_own, has_target


class FigureFilter(django_filters.FilterSet):
    mission = django_filters.ModelChoiceFilter(
        field_name="metric__commitment__mission",
        queryset=Mission.objects.all(),
        to_field_name="number",
        label="Mission",
        empty_label="All missions",
    )
    commitment = django_filters.ModelChoiceFilter(
        field_name="metric__commitment",
        queryset=Commitment.objects.all(),
        to_field_name="number",
        label="Commitment",
        empty_label="All commitments",
    )
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), to_field_name="code", label="Department", empty_label="All departments"
    )
    period = django_filters.ModelChoiceFilter(
        queryset=ReportingPeriod.objects.all(),
        to_field_name="slug",
        label="Reporting period",
        empty_label="All periods",
    )
    status = django_filters.ChoiceFilter(
        choices=AgainstTarget.CHOICES, method="filter_against_target", label="Against the target", empty_label="Any"
    )

    class Meta:
        model = Figure
        fields = ["mission", "commitment", "department", "period", "status"]

    def filter_against_target(self, queryset, name, value):
        meets, has_target = _target_for_row()
        if value == AgainstTarget.MEETS:
            return queryset.filter(meets)
        if value == AgainstTarget.MISSES:
            return queryset.filter(has_target).exclude(meets)
        return queryset.exclude(has_target)


class CommitmentFilter(django_filters.FilterSet):
    mission = django_filters.ModelChoiceFilter(queryset=Mission.objects.all(), to_field_name="number", label="Mission")
    period = django_filters.ModelChoiceFilter(
        queryset=ReportingPeriod.objects.all(), to_field_name="slug", label="Reporting period", method="keep_all"
    )
    status = django_filters.ChoiceFilter(choices=Status.choices, label="Status", method="keep_all")

    class Meta:
        model = Commitment
        fields = ["mission", "period", "status"]

    def keep_all(self, queryset, name, value):
        """Period and status are applied to the computed rows, not in SQL."""
        return queryset


class DepartmentMetricFilter(django_filters.FilterSet):
    period = django_filters.ModelChoiceFilter(
        queryset=ReportingPeriod.objects.all(),
        to_field_name="slug",
        label="Reporting period",
        method="keep_all",
        empty_label="The latest",
    )
    mission = django_filters.ModelChoiceFilter(
        queryset=Mission.objects.all(),
        to_field_name="number",
        label="Mission",
        method="keep_all",
        empty_label="All missions",
    )

    class Meta:
        model = Department
        fields = ["period", "mission"]

    def keep_all(self, queryset, name, value):
        return queryset
