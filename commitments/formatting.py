"""How figures read on the page: '16', '5.4%', 'over 3.3 million', '£270m', '30 days'."""

from decimal import Decimal

from commitments.models import Figure, Unit

MILLION = Decimal(1_000_000)


def plain_number(value):
    """A Decimal without trailing zeros, with thousands separators: 608, 5.4, 2,500."""
    if value == value.to_integral_value():
        # Most figures are whole numbers: half the time of the general path, for every cell of a table.
        return f"{int(value):,}"
    normalised = value.normalize()
    if normalised == normalised.to_integral():
        normalised = normalised.quantize(Decimal(1))
    text = f"{normalised:f}"
    whole, _, fraction = text.partition(".")
    # English only, so the separator is always a comma: humanize's intcomma looked up the locale per call.
    return f"{int(whole):,}" + (f".{fraction}" if fraction else "")


def format_value(value, unit, qualifier=""):
    if value is None:
        return "Not reported"
    if unit in (Unit.COUNT, Unit.PEOPLE) and value >= MILLION:
        number = f"{plain_number(value / MILLION)} million"
    else:
        number = plain_number(value)
    if unit == Unit.PERCENT:
        number = f"{number}%"
    elif unit == Unit.POUNDS:
        number = f"£{number}"
    elif unit == Unit.DAYS:
        number = f"{number} days"
    prefix = Figure.Qualifier(qualifier).label.lower() if qualifier else ""
    return f"{prefix} {number}" if prefix else number
