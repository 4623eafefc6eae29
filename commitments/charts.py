"""Plotly figures for the dashboard, in the GOV.UK palette.

Each chart has a sentence and a table beside it on the page carrying the same data,
so colour and the chart itself are never the only way to read it.

The figures are written as the plain dictionaries plotly.js draws from. Building them through
``plotly.graph_objects`` validated every property on every render, about 20 ms a chart, and
embedded plotly.py's whole default template (7 KB) in each; the tests check every figure
against plotly's schema instead (tests/test_charts.py).
"""

from commitments.models import Unit

BLUE = "#1d70b8"
BLACK = "#0b0c0c"
DARK_GREY = "#505a5f"
MID_GREY = "#b1b4b6"
ORANGE = "#f47738"
FONT = {"family": "GDS Transport, arial, sans-serif", "size": 16, "color": BLACK}


def _percent_suffix(unit):
    return "%" if unit == Unit.PERCENT else ""


def _layout(title, unit, **extra):
    return {
        "title": {"text": title, "font": {"size": 19}},
        "font": FONT,
        "margin": {"l": 60, "r": 20, "t": 60, "b": 50},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "legend": {"orientation": "h", "y": -0.2},
        "yaxis": {"ticksuffix": _percent_suffix(unit), "gridcolor": MID_GREY, "rangemode": "tozero"},
        **extra,
    }


def _line(name, points, style):
    return {
        "type": "scatter",
        "x": [on.isoformat() for on, _ in points],
        "y": [float(value) for _, value in points],
        "mode": "lines",
        "name": name,
        "line": style,
    }


def progress_chart(progress):
    """The government-wide figure over the periods, against the target and the trajectory needed."""
    metric = progress.metric
    series = progress.series
    if not series and progress.baseline is None:
        return None
    traces = [
        {
            "type": "scatter",
            "x": [item.effective_as_at.isoformat() for item in series],
            "y": [float(item.value) for item in series],
            "mode": "lines+markers",
            "name": "Reported",
            "line": {"color": BLUE, "width": 3},
            "marker": {"size": 10, "symbol": ["circle" if item.verified else "circle-open" for item in series]},
            "text": ["" if item.verified else "Unverified" for item in series],
        }
    ]
    if metric.target_value is not None and metric.target_date and progress.baseline:
        baseline = progress.baseline
        traces.append(
            _line(
                "Trajectory to the target",
                [(baseline.on, baseline.value), (metric.target_date, metric.target_value)],
                {"color": DARK_GREY, "dash": "dot", "width": 2},
            )
        )
    projected = progress.assessment.projected_value
    if projected is not None and progress.current is not None:
        traces.append(
            _line(
                "At the current rate",
                [(progress.current.effective_as_at, progress.current.value), (metric.target_date, projected)],
                {"color": ORANGE, "dash": "dash", "width": 2},
            )
        )
    if metric.target_value is not None:
        traces.append(
            {
                "type": "scatter",
                "x": [metric.target_date.isoformat()] if metric.target_date else [],
                "y": [float(metric.target_value)],
                "mode": "markers",
                "name": "Target",
                "marker": {"symbol": "star", "size": 16, "color": BLACK},
            }
        )
    layout = _layout(metric.name, metric.unit, height=400, xaxis={"type": "date", "gridcolor": MID_GREY})
    return {"data": traces, "layout": layout}


def share_chart(progress):
    """An 'X of N' metric as a progress bar, with the target marked."""
    metric = progress.metric
    if progress.current is None or not metric.of_total:
        return None
    value = float(progress.current.value)
    traces = [
        {
            "type": "bar",
            "x": [value],
            "y": [""],
            "orientation": "h",
            "name": "Reported",
            "marker": {"color": BLUE},
            "text": [progress.value_text()],
        },
        {
            "type": "bar",
            "x": [metric.of_total - value],
            "y": [""],
            "orientation": "h",
            "name": f"Remaining of {metric.of_total}",
            "marker": {"color": MID_GREY},
        },
    ]
    shapes = []
    if metric.target_value is not None:
        target = float(metric.target_value)
        shapes.append(
            {"type": "line", "x0": target, "x1": target, "y0": -0.5, "y1": 0.5, "line": {"color": BLACK, "width": 3}}
        )
    layout = _layout(
        f"{metric.name}: {progress.value_text()} of {metric.of_total}",
        metric.unit,
        barmode="stack",
        height=220,
        shapes=shapes,
        xaxis={"range": [0, metric.of_total], "gridcolor": MID_GREY},
    )
    return {"data": traces, "layout": layout}


def department_chart(metric, department_figures):
    """Each department's figure as a bar, against the target line; labels say above or below it in words."""
    if not department_figures:
        return None
    rows = sorted(department_figures, key=lambda item: item.value)
    labels = []
    for item in rows:
        words = [f"{float(item.value):g}{_percent_suffix(metric.unit)}"]
        meets = metric.meets_target(item.value, metric.target_for(item))
        if meets is not None:
            words.append("meets target" if meets else "misses target")
        if not item.verified:
            words.append("unverified")
        labels.append(", ".join(words))
    bars = {
        "type": "bar",
        "x": [float(item.value) for item in rows],
        "y": [item.department.code for item in rows],
        "orientation": "h",
        "marker": {
            "color": [BLUE if item.verified else "#ffffff" for item in rows],
            "line": {"color": BLUE, "width": 2},
        },
        "text": labels,
        # Just the figures, for a phone's narrow chart (static/js/charts.js): the words would run
        # off its edge, and the table beneath says them for every department.
        "customdata": [f"{float(item.value):g}{_percent_suffix(metric.unit)}" for item in rows],
        "textposition": "outside",
        "name": metric.name,
    }
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
    layout = _layout(
        f"{metric.name} by department",
        metric.unit,
        height=120 + 40 * len(rows),
        shapes=shapes,
        showlegend=False,
        xaxis={"ticksuffix": _percent_suffix(metric.unit), "range": [0, longest * 1.6], "gridcolor": MID_GREY},
        yaxis={"automargin": True},
    )
    return {"data": [bars], "layout": layout}


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
