from django.shortcuts import render

from commitments.models import ReportingPeriod
from missions.models import Mission


def home(request):
    period = ReportingPeriod.objects.latest_with_figures()
    missions = Mission.objects.for_overview(period) if period else Mission.objects.none()
    return render(request, "missions/home.html", {"period": period, "missions": missions})
