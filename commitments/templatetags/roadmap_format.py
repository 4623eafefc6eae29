from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from commitments.dashboard import describe_against_target
from commitments.formatting import format_value
from commitments.markup import escaped, html_join
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
def figure_flags(item):
    """The flags a figure or a department status carries, as tags: unverified, revised on a date.

    A tag, not an included template: it runs for every row of the long department tables.
    """
    flags = []
    if not item.verified:
        flags.append(' <strong class="govuk-tag govuk-tag--orange">Unverified</strong>')
    revised_on = getattr(item, "revised_on", None)  # department statuses are not revised, only replaced
    if revised_on:
        flags.append(
            format_html(
                ' <strong class="govuk-tag govuk-tag--purple">Revised {}</strong>', date_format(revised_on, "j F Y")
            )
        )
    return mark_safe("".join(flags))  # fixed markup, and a date escaped by format_html


DEPARTMENT_FIGURE_ROW = (
    '<tr class="govuk-table__row">'
    '<th scope="row" class="govuk-table__header"><a class="govuk-link" href="{}{}">{}</a></th>'
    '<td class="govuk-table__cell">{}{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell">{}{}{}</td>'
    "</tr>"
)


@register.simple_tag
def department_figure_rows(figures, metric, period_query):
    """The rows of a measure's department table: its department, figure, flags, how it stands
    against the target, source and note. A tag, not a template loop: with a hundred departments
    to a measure, the loop was a third of a commitment page's time."""
    return html_join(
        "\n",
        DEPARTMENT_FIGURE_ROW,
        (
            (
                figure.department.get_absolute_url(),
                period_query,
                figure.department.code,
                figure_value(figure),
                figure_flags(figure),
                describe_against_target(figure, metric),
                figure.source.title,
                mark_safe(f", page {escaped(figure.source_page)}") if figure.source_page else "",
                mark_safe(f'<br><span class="govuk-body-s roadmap-figure-note">{escaped(figure.note)}</span>')
                if figure.note
                else "",
            )
            for figure in figures
        ),
    )


SERIES_FIGURE_ROW = (
    '<tr class="govuk-table__row">'
    '<th scope="row" class="govuk-table__header">{}</th>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell">{}{}{}</td>'
    '<td class="govuk-table__cell">{}{}{}{}{}</td>'
    "</tr>"
)


@register.simple_tag
def series_figure_rows(figures):
    """The rows of a measure's government-wide table: period, as-at date, figure, flags, source and
    notes. A tag, not a template loop, for the same reason as the department rows: a commitment with
    a dozen measures over twenty periods looked up each row's dozen values in the template."""
    return html_join(
        "\n",
        SERIES_FIGURE_ROW,
        (
            (
                figure.period.name,
                date_format(figure.as_at, "j F Y") if figure.as_at else figure.period.as_at_label,
                figure_value(figure),
                f" of {floatformat(figure.denominator, 0)}" if figure.denominator else "",
                figure_flags(figure),
                figure.source.title,
                f", page {figure.source_page}" if figure.source_page else "",
                " (secondary source)" if figure.source.is_secondary else "",
                mark_safe(f'<br><span class="govuk-body-s roadmap-figure-note">{escaped(figure.note)}</span>')
                if figure.note
                else "",
                mark_safe(
                    '<br><span class="govuk-body-s roadmap-figure-note">'
                    f"Correction: {escaped(figure.revision_reason)}</span>"
                )
                if figure.revision_reason
                else "",
            )
            for figure in figures
        ),
    )


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
