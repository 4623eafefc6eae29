from django.shortcuts import get_object_or_404, render

from commitments.charts import charts_for
from commitments.dashboard import CommitmentProgress
from commitments.models import Commitment, DepartmentStatus, KeyFact
from commitments.periods import period_context
from departments.access import preview_departments
from roadmap_site.page_cache import cached_public_page


@cached_public_page
def commitment_detail(request, number):
    context = period_context(request)
    period = context["period"]
    commitment = get_object_or_404(Commitment.objects.for_detail(period, preview_departments(request)), number=number)
    progress = CommitmentProgress(commitment, period)
    metrics = [
        {
            "progress": metric_progress,
            "department_figures": metric_progress.metric.department_figures,
            "charts": charts_for(metric_progress, metric_progress.metric.department_figures),
        }
        for metric_progress in progress.metrics
    ]
    key_facts = KeyFact.objects.for_page(period).filter(commitment=commitment)
    statuses = DepartmentStatus.objects.for_page(period).filter(commitment=commitment)
    return render(
        request,
        "commitments/commitment_detail.html",
        {
            **context,
            "commitment": commitment,
            "progress": progress,
            "metrics": metrics,
            "key_facts": key_facts,
            "department_statuses": statuses,
        },
    )
