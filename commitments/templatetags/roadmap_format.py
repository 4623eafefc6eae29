from django import template

from commitments.formatting import format_value

register = template.Library()


@register.simple_tag
def metric_value(metric, value, qualifier=""):
    return format_value(value, metric.unit, qualifier or "")


@register.simple_tag
def metric_target(metric):
    return format_value(metric.target_value, metric.unit)
