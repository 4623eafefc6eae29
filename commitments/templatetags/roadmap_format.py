from django import template

from commitments.dashboard import describe_against_target
from commitments.formatting import format_value
from commitments.progress import Status

register = template.Library()

TAG_COLOURS = {
    Status.ACHIEVED: "green",
    Status.ON_TRACK: "blue",
    Status.AT_RISK: "yellow",
    Status.OFF_TRACK: "red",
    Status.NOT_REPORTED: "grey",
    Status.NOT_ASSESSED: "grey",
}


@register.simple_tag
def figure_value(figure):
    """A figure as the page shows it: '16', '5.4%', 'over 3.3 million'."""
    return format_value(figure.value, figure.metric.unit, figure.qualifier)


@register.simple_tag
def against_target(figure, metric):
    return describe_against_target(figure, metric)


@register.simple_tag
def metric_target(metric):
    return format_value(metric.target_value, metric.unit)


@register.inclusion_tag("includes/status_tag.html")
def status_tag(status):
    """The status in words on a coloured tag: the colour is never the only signal."""
    status = Status(status)
    return {"label": status.label, "colour": TAG_COLOURS[status]}


@register.inclusion_tag("includes/chart.html")
def chart(figure, data_id):
    return {"figure": figure, "data_id": data_id}
