from django.shortcuts import get_object_or_404, render

from commitments.charts import charts_for
from commitments.dashboard import CommitmentProgress, status_counts
from commitments.models import DepartmentStatus, Figure, KeyFact, Metric, Source
from commitments.periods import period_context
from missions.models import Mission
from roadmap_site.page_cache import cached_public_page


@cached_public_page
def home(request):
    context = period_context(request)
    period = context["period"]
    missions = []
    for mission in Mission.objects.for_dashboard(period, status_only=True):
        commitments = [CommitmentProgress(commitment, period) for commitment in mission.dashboard_commitments]
        missions.append({"mission": mission, "commitments": commitments, "status_counts": status_counts(commitments)})
    return render(request, "missions/home.html", {**context, "missions": missions})


@cached_public_page
def mission_detail(request, number):
    context = period_context(request)
    period = context["period"]
    mission = get_object_or_404(Mission.objects.for_dashboard(period), number=number)
    commitments = [CommitmentProgress(commitment, period) for commitment in mission.dashboard_commitments]
    headline_charts = [
        {"progress": progress, "charts": charts_for(progress)}
        for commitment in commitments
        for progress in commitment.headline_metrics
    ]
    return render(
        request,
        "missions/mission_detail.html",
        {
            **context,
            "mission": mission,
            "commitments": commitments,
            "status_counts": status_counts(commitments),
            "headline_charts": headline_charts,
            "key_facts": KeyFact.objects.for_page(period).filter(mission=mission, commitment__isnull=True),
        },
    )


@cached_public_page
def about(request):
    context = period_context(request)
    return render(
        request,
        "missions/about.html",
        {
            **context,
            "sources": Source.objects.with_published_figure_counts(),
            "unverified_figures": Figure.objects.published()
            .filter(verified=False)
            .select_related("metric", "department", "period", "source"),
            "unverified_statuses": DepartmentStatus.objects.published_unverified(),
            "metrics_without_figures": Metric.objects.without_published_figures().select_related("commitment"),
        },
    )
