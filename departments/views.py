from django.shortcuts import get_object_or_404, render

from commitments.dashboard import department_rows
from commitments.models import DepartmentStatus, Figure, KeyFact
from commitments.periods import period_context
from departments.access import preview_departments
from departments.models import Department
from roadmap_site.page_cache import cached_public_page


@cached_public_page
def department_index(request):
    context = period_context(request)
    departments = Department.objects.for_index(context["period"])
    return render(request, "departments/department_index.html", {**context, "departments": departments})


@cached_public_page
def department_detail(request, slug):
    context = period_context(request)
    period = context["period"]
    department = get_object_or_404(Department.objects.for_detail(), slug=slug)
    # A department's figures include those of any joint reporting unit it belongs to (DESNZ/DSIT).
    reporting_units = [department, *department.reported_within.all()]
    previewing = preview_departments(request).filter(pk__in=[unit.pk for unit in reporting_units])
    figures = list(Figure.objects.visible_to(previewing).for_departments(reporting_units, period))
    metric_ids = {figure.metric_id for figure in figures if figure.period_id == period.pk}
    government_wide = {
        figure.metric_id: figure
        for figure in Figure.objects.published()
        .government_wide()
        .filter(period=period, metric_id__in=metric_ids)
        .select_related("metric")
    }
    return render(
        request,
        "departments/department_detail.html",
        {
            **context,
            "department": department,
            "previewing": previewing.exists(),
            "rows": department_rows(figures, period, government_wide),
            "statuses": DepartmentStatus.objects.for_page(period).filter(department__in=reporting_units),
            "key_facts": KeyFact.objects.for_page(period).filter(department=department),
        },
    )
