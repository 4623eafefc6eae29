"""The reporting period a page is viewed at: ``?period=<slug>``, else the latest with figures."""

from django.http import Http404

from commitments.models import ReportingPeriod

MAX_SLUG_LENGTH = 40


def period_context(request):
    """The period, every period (for the switcher) and the query string that keeps the choice in links."""
    slug = request.GET.get("period", "")
    periods = list(ReportingPeriod.objects.with_has_figures().order_by("as_at"))
    if slug:
        period = next((candidate for candidate in periods if candidate.slug == slug), None)
        if period is None:
            shown = slug[:MAX_SLUG_LENGTH]
            raise Http404(f"There is no reporting period called “{shown}”. Choose one from the list on any page.")
        query = f"?period={period.slug}"
    else:
        period = next((candidate for candidate in reversed(periods) if candidate.has_figures), None)
        if period is None:
            raise Http404("No report data has been loaded yet: run `python manage.py load_report`.")
        query = ""
    return {"period": period, "periods": periods, "period_query": query}
