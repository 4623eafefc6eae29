"""Department leads enter their six-monthly return; CDDO tracks and reviews returns."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from commitments import returns
from commitments.models import DepartmentReturn, Figure, Metric, ReportingPeriod
from departments.access import get_return_for_entry, get_return_for_review, led_departments, sees_every_department
from departments.forms import ReturnForm, ReviewForm
from departments.models import Department


def return_figures(department_return):
    department, period = department_return.department, department_return.period
    ours = Figure.objects.filter(department=department)
    current = ours.filter(period=period).latest_by_metric()
    previous = ours.published().filter(period__as_at__lt=period.as_at).latest_by_metric()
    return current, previous


@login_required
def my_returns(request):
    """A lead's way in: their departments' returns for the open periods."""
    periods = ReportingPeriod.objects.filter(state=ReportingPeriod.State.OPEN)
    departments = led_departments(request.user)
    if not departments.exists() and not sees_every_department(request.user):
        raise PermissionDenied("Your account is not linked to a department.")
    existing = {
        (item.department_id, item.period_id): item
        for item in DepartmentReturn.objects.filter(period__in=periods, department__in=departments)
    }
    rows = [
        {"department": department, "period": period, "return": existing.get((department.pk, period.pk))}
        for period in periods
        for department in departments
    ]
    return render(request, "departments/returns/my_returns.html", {"rows": rows, "periods": periods})


@login_required
def return_entry(request, department_slug, period_slug):
    department_return = get_return_for_entry(request.user, department_slug, period_slug)
    current, previous = return_figures(department_return)
    form = ReturnForm(
        request.POST or None,
        metrics=Metric.objects.for_department_returns(),
        current=current,
        previous=previous,
    )
    if request.method == "POST":
        if not department_return.is_editable:
            raise PermissionDenied("This return can't be changed now.")
        if form.is_valid():
            submit = "submit" in request.POST
            try:
                returns.save_return(department_return, form.figures(), request.user, submit=submit)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if submit:
                    messages.success(request, "Return submitted. CDDO will review it before it is published.")
                else:
                    messages.success(request, "Draft saved. Nothing is published until CDDO approves it.")
                return redirect(request.path)
    return render(
        request,
        "departments/returns/return_entry.html",
        {"department_return": department_return, "form": form},
    )


@login_required
def return_review(request, pk):
    department_return = get_return_for_review(request.user, pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                returns.approve(department_return, request.user)
                messages.success(request, f"{department_return} approved and published.")
            else:
                returns.send_back(department_return, request.user, form.cleaned_data["comment"])
                messages.success(request, f"{department_return} returned to the department.")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(reverse("returns:tracker") + f"?period={department_return.period.slug}")
    figures = department_return.figures.select_related("metric__commitment").order_by("metric__commitment__number")
    return render(
        request,
        "departments/returns/return_review.html",
        {"department_return": department_return, "form": form, "figures": figures},
    )


@login_required
def tracker(request):
    """For the open period: who has submitted, who is in draft, who hasn't started, what awaits approval."""
    if not sees_every_department(request.user):
        raise PermissionDenied("Only CDDO staff and reviewers see the returns tracker.")
    periods = ReportingPeriod.objects.exclude(state=ReportingPeriod.State.UPCOMING).order_by("-as_at")
    slug = request.GET.get("period")
    open_periods = periods.filter(state=ReportingPeriod.State.OPEN)
    period = get_object_or_404(periods, slug=slug) if slug else (open_periods.first() or periods.first())
    returns_by_department = {item.department_id: item for item in DepartmentReturn.objects.for_tracker(period)}
    rows = [
        {"department": department, "return": returns_by_department.get(department.pk)}
        for department in Department.objects.order_by("code")
    ]
    counts = Counter(item.state for item in returns_by_department.values())
    return render(
        request,
        "departments/returns/tracker.html",
        {
            "period": period,
            "periods": periods,
            "rows": rows,
            "not_started": len(rows) - len(returns_by_department),
            "counts": [(state.label, counts[state.value]) for state in DepartmentReturn.State],
        },
    )
