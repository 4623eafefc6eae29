"""Who may see and change which department's figures. Each helper fetches and checks together."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from commitments.models import DepartmentReturn, ReportingPeriod
from departments.models import Department
from departments.roles import REVIEWER, has_role, is_cddo_administrator


def sees_every_department(user):
    return is_cddo_administrator(user) or has_role(user, REVIEWER)


def led_departments(user):
    """The departments a user enters returns for: all for CDDO administrators, their own for leads."""
    if is_cddo_administrator(user):
        return Department.objects.all()
    if not user.is_authenticated:
        return Department.objects.none()
    return Department.objects.filter(memberships__user=user)


def get_return_for_entry(user, department_slug, period_slug):
    """The department's return for the period, new and unsaved if not started; 403 for anyone else's."""
    department = get_object_or_404(Department, slug=department_slug)
    period = get_object_or_404(ReportingPeriod, slug=period_slug)
    if not led_departments(user).filter(pk=department.pk).exists():
        raise PermissionDenied("You can enter figures only for your own department.")
    existing = DepartmentReturn.objects.select_related("department", "period").filter(
        department=department, period=period
    )
    return existing.first() or DepartmentReturn(department=department, period=period)


def get_return_for_review(user, pk):
    if not is_cddo_administrator(user):
        raise PermissionDenied("Only CDDO administrators review returns.")
    return get_object_or_404(DepartmentReturn.objects.select_related("department", "period"), pk=pk)


def preview_departments(request):
    """With ?preview=1, a signed-in lead sees their own unpublished figures on the public pages."""
    if request.GET.get("preview") != "1" or not request.user.is_authenticated:
        return Department.objects.none()
    return led_departments(request.user)
