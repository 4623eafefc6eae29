"""Department leads enter their six-monthly return; CDDO tracks and reviews returns."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from commitments import returns
from commitments.models import DepartmentReturn, Figure, Metric, ReportingPeriod
from departments import spreadsheets
from departments.access import get_return_for_entry, get_return_for_review, led_departments, sees_every_department
from departments.forms import ReturnForm, ReviewForm
from departments.models import Department

UPLOAD_SALT = "departments.return-upload"


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
    form, _, _ = _return_form(department_return, request.POST or None)
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


def _return_form(department_return, data=None):
    current, previous = return_figures(department_return)
    metrics = Metric.objects.for_department_returns()
    return ReturnForm(data, metrics=metrics, current=current, previous=previous), current, previous


@login_required
def return_template(request, department_slug, period_slug, extension):
    department_return = get_return_for_entry(request.user, department_slug, period_slug)
    form, current, previous = _return_form(department_return)
    dataset = spreadsheets.template_dataset(department_return, form.metrics, current, previous)
    response = HttpResponse(dataset.export(extension), content_type=spreadsheets.FORMATS[extension])
    filename = f"{department_return.department.slug}-return-{department_return.period.slug}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def return_upload(request, department_slug, period_slug):
    """Upload a filled-in template, see every row with its errors, and confirm only a clean file."""
    department_return = get_return_for_entry(request.user, department_slug, period_slug)
    if not department_return.is_editable:
        raise PermissionDenied("This return can't be changed now.")
    context = {"department_return": department_return}
    if request.method == "POST" and "confirm" in request.POST:
        try:
            data = signing.loads(request.POST["confirm"], salt=UPLOAD_SALT, max_age=60 * 60)
        except signing.BadSignature:
            context["file_error"] = "That upload has expired or was changed: upload the file again."
            return render(request, "departments/returns/return_upload.html", context, status=400)
        form, _, _ = _return_form(department_return, data)
        if form.is_valid():
            returns.save_return(department_return, form.figures(), request.user, submit=False)
            messages.success(request, "Spreadsheet saved as your draft return. Check it, then submit it for review.")
            return redirect("returns:entry", department_slug, period_slug)
        context["file_error"] = "The figures no longer pass the checks: upload the file again."
    elif request.method == "POST":
        uploaded = request.FILES.get("spreadsheet")
        if uploaded is None:
            context["file_error"] = "Choose a spreadsheet to upload."
        else:
            try:
                dataset, notices = spreadsheets.read_upload(uploaded)
                metrics = {metric.slug: metric for metric in Metric.objects.for_department_returns()}
                upload = spreadsheets.check_rows(dataset, department_return, metrics)
            except spreadsheets.SpreadsheetError as error:
                context["file_error"] = str(error)
            else:
                upload.notices[:0] = notices
                form, _, _ = _return_form(department_return, upload.form_data)
                if not form.is_valid():
                    spreadsheets.attach_form_errors(upload, form)
                context["upload"] = upload
                if not upload.has_errors and form.is_valid():
                    context["confirm"] = signing.dumps(upload.form_data, salt=UPLOAD_SALT)
    status = 400 if context.get("file_error") or (context.get("upload") and context["upload"].has_errors) else 200
    return render(request, "departments/returns/return_upload.html", context, status=status)
