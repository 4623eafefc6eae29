"""Plotly figures for the dashboard, in the GOV.UK palette.

Each chart has a sentence and a table beside it on the page carrying the same data,
so colour and the chart itself are never the only way to read it.
"""

import json

import plotly.graph_objects as go

from commitments.models import Unit

BLUE = "#1d70b8"
BLACK = "#0b0c0c"
DARK_GREY = "#505a5f"
MID_GREY = "#b1b4b6"
GREEN = "#00703c"
RED = "#d4351c"
ORANGE = "#f47738"
FONT = {"family": "GDS Transport, arial, sans-serif", "size": 16, "color": BLACK}


def _as_json(figure):
    return json.loads(figure.to_json())


def _layout(title, unit, **extra):
    return {
        "title": {"text": title, "font": {"size": 19}},
        "font": FONT,
        "margin": {"l": 60, "r": 20, "t": 60, "b": 50},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "legend": {"orientation": "h", "y": -0.2},
        "yaxis": {"ticksuffix": "%" if unit == Unit.PERCENT else "", "gridcolor": MID_GREY, "rangemode": "tozero"},
        **extra,
    }


def progress_chart(progress):
    """The government-wide figure over the periods, against the target and the trajectory needed."""
    metric = progress.metric
    series = progress.series
    if not series and progress.baseline is None:
        return None
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=[item.effective_as_at.isoformat() for item in series],
            y=[float(item.value) for item in series],
            mode="lines+markers",
            name="Reported",
            line={"color": BLUE, "width": 3},
            marker={"size": 10, "symbol": ["circle" if item.verified else "circle-open" for item in series]},
            text=["" if item.verified else "Unverified" for item in series],
        )
    )
    if metric.target_value is not None and metric.target_date and progress.baseline:
        baseline = progress.baseline
        figure.add_trace(
            go.Scatter(
                x=[baseline.on.isoformat(), metric.target_date.isoformat()],
                y=[float(baseline.value), float(metric.target_value)],
                mode="lines",
                name="Trajectory to the target",
                line={"color": DARK_GREY, "dash": "dot", "width": 2},
            )
        )
    projected = progress.assessment.projected_value
    if projected is not None and progress.current is not None:
        figure.add_trace(
            go.Scatter(
                x=[progress.current.effective_as_at.isoformat(), metric.target_date.isoformat()],
                y=[float(progress.current.value), float(projected)],
                mode="lines",
                name="At the current rate",
                line={"color": ORANGE, "dash": "dash", "width": 2},
            )
        )
    if metric.target_value is not None:
        figure.add_trace(
            go.Scatter(
                x=[metric.target_date.isoformat()] if metric.target_date else [],
                y=[float(metric.target_value)],
                mode="markers",
                name="Target",
                marker={"symbol": "star", "size": 16, "color": BLACK},
            )
        )
    figure.update_layout(**_layout(metric.name, metric.unit, height=400, xaxis={"type": "date", "gridcolor": MID_GREY}))
    return _as_json(figure)


def share_chart(progress):
    """An 'X of N' metric as a progress bar, with the target marked."""
    metric = progress.metric
    if progress.current is None or not metric.of_total:
        return None
    value = float(progress.current.value)
    figure = go.Figure()
    figure.add_trace(
        go.Bar(
            x=[value], y=[""], orientation="h", name="Reported", marker={"color": BLUE}, text=[progress.value_text()]
        )
    )
    figure.add_trace(
        go.Bar(
            x=[metric.of_total - value],
            y=[""],
            orientation="h",
            name=f"Remaining of {metric.of_total}",
            marker={"color": MID_GREY},
        )
    )
    shapes = []
    if metric.target_value is not None:
        target = float(metric.target_value)
        shapes.append(
            {"type": "line", "x0": target, "x1": target, "y0": -0.5, "y1": 0.5, "line": {"color": BLACK, "width": 3}}
        )
    figure.update_layout(
        **_layout(
            f"{metric.name}: {progress.value_text()} of {metric.of_total}",
            metric.unit,
            barmode="stack",
            height=220,
            shapes=shapes,
            xaxis={"range": [0, metric.of_total], "gridcolor": MID_GREY},
        )
    )
    return _as_json(figure)


def department_chart(metric, department_figures):
    """Each department's figure as a bar, against the target line; labels say above or below it in words."""
    if not department_figures:
        return None
    rows = sorted(department_figures, key=lambda item: item.value)
    labels = []
    for item in rows:
        words = [f"{float(item.value):g}{'%' if metric.unit == Unit.PERCENT else ''}"]
        meets = metric.meets_target(item.value, metric.target_for(item))
        if meets is not None:
            words.append("meets target" if meets else "misses target")
        if not item.verified:
            words.append("unverified")
        labels.append(", ".join(words))
    figure = go.Figure(
        go.Bar(
            x=[float(item.value) for item in rows],
            y=[item.department.code for item in rows],
            orientation="h",
            marker={
                "color": [BLUE if item.verified else "#ffffff" for item in rows],
                "line": {"color": BLUE, "width": 2},
            },
            text=labels,
            textposition="outside",
            name=metric.name,
        )
    )
    shapes = []
    if metric.target_value is not None and metric.department_target == metric.DepartmentTarget.SAME:
        target = float(metric.target_value)
        shapes.append(
            {
                "type": "line",
                "x0": target,
                "x1": target,
                "yref": "paper",
                "y0": 0,
                "y1": 1,
                "line": {"color": BLACK, "width": 3, "dash": "dash"},
            }
        )
    longest = max(float(item.value) for item in rows)
    figure.update_layout(
        **_layout(
            f"{metric.name} by department",
            metric.unit,
            height=120 + 40 * len(rows),
            shapes=shapes,
            showlegend=False,
            xaxis={
                "ticksuffix": "%" if metric.unit == Unit.PERCENT else "",
                "range": [0, longest * 1.6],
                "gridcolor": MID_GREY,
            },
            yaxis={"automargin": True},
        )
    )
    return _as_json(figure)


def charts_for(progress, department_figures=()):
    """The charts that suit a metric, each as {"kind", "figure"}: progress over time, or the share
    of its total when there is only one figure; then the departments' figures."""
    charts = []
    if len(progress.series) > 1 or (progress.series and progress.baseline):
        charts.append(("progress", progress_chart(progress)))
    elif progress.metric.of_total:
        charts.append(("share", share_chart(progress)))
    if department_figures:
        charts.append(("departments", department_chart(progress.metric, department_figures)))
    return [{"kind": kind, "figure": figure} for kind, figure in charts if figure]
