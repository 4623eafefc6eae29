"""The charts embedded in the pages: valid Plotly figures that carry the report's numbers.

The figures are built as plain dictionaries for speed; plotly.py's own schema checks them here,
so a misspelt property fails this test rather than drawing a wrong chart.
"""

import json
import re

import plotly.graph_objects as go
import pytest
from django.urls import reverse

from commitments.models import ReportingPeriod

pytestmark = pytest.mark.django_db

CHART_DATA = re.compile(r'<script id="(chart-[^"]+)" type="application/json">(.*?)</script>', re.S)


def charts_on(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return {data_id: json.loads(data) for data_id, data in CHART_DATA.findall(response.content.decode())}


def trace(figure, name):
    return next(item for item in figure["data"] if item.get("name") == name)


def every_chart_page():
    return [reverse("missions:detail", args=[number]) for number in range(1, 7)] + [
        reverse("commitments:detail", args=[number]) for number in range(1, 25)
    ]


def test_every_embedded_chart_is_a_valid_plotly_figure(client):
    checked = 0
    for url in every_chart_page():
        for data_id, figure in charts_on(client, url).items():
            # Raises ValueError, naming the property, on anything plotly.js would not understand.
            go.Figure(figure)
            assert "template" not in figure["layout"], data_id
            checked += 1
    assert checked >= 10


def test_progress_chart_plots_the_series_the_trajectory_and_the_target(client):
    figure = charts_on(client, reverse("commitments:detail", args=[1]))["chart-great-services-progress"]
    reported = trace(figure, "Reported")
    assert reported["y"] == [8.0, 15.0, 16.0]
    assert reported["x"][-1] == ReportingPeriod.objects.get(slug="2024-02-update").as_at.isoformat()
    target = trace(figure, "Target")
    assert target["x"] == ["2025-03-31"]
    assert target["y"] == [50.0]
    assert trace(figure, "Trajectory to the target")["y"] == [8.0, 50.0]
    assert round(trace(figure, "At the current rate")["y"][-1]) == 24


def test_share_chart_shows_the_figure_out_of_its_total(client):
    figure = charts_on(client, reverse("commitments:detail", args=[24]))["chart-single-service-owner-share"]
    assert figure["data"][0]["x"] == [39.0]
    assert trace(figure, "Remaining of 75")["x"] == [36.0]
    assert figure["layout"]["shapes"][0]["x0"] == 75.0


def test_department_chart_says_in_words_which_departments_meet_the_target(client):
    figure = charts_on(client, reverse("commitments:detail", args=[16]))["chart-vacancy-rate-departments"]
    bars = figure["data"][0]
    assert bars["x"] == sorted(bars["x"])
    assert bars["x"][-1] == 30.4
    assert all(("meets target" in label) == (value <= 10) for value, label in zip(bars["x"], bars["text"], strict=True))
    assert figure["layout"]["shapes"][0]["x0"] == 10.0
    assert figure["layout"]["xaxis"]["ticksuffix"] == "%"
    # Just the figures, for a phone's narrow chart.
    assert bars["customdata"][-1] == "30.4%"
    assert len(bars["customdata"]) == len(bars["x"])
