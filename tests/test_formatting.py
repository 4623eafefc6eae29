from decimal import Decimal

import pytest
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from commitments.formatting import format_value
from commitments.markup import html_join
from commitments.models import Unit


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "expected"),
    [
        (Decimal("16.00"), Unit.COUNT, "", "16"),
        (Decimal("5.40"), Unit.PERCENT, "", "5.4%"),
        (Decimal("2500"), Unit.PEOPLE, "", "2,500"),
        (Decimal("123456.50"), Unit.POUNDS, "", "£123,456.5"),
        (Decimal("3300000"), Unit.PEOPLE, "over", "over 3.3 million"),
        (Decimal("700"), Unit.PEOPLE, "about", "about 700"),
        (Decimal("270"), Unit.POUNDS, "", "£270"),
        (Decimal("30"), Unit.DAYS, "", "30 days"),
        (Decimal("0"), Unit.PERCENT, "", "0%"),
        (Decimal("-0.00"), Unit.COUNT, "", "0"),
        (Decimal("1E+3"), Unit.COUNT, "", "1,000"),
        (Decimal("2500.000"), Unit.POUNDS, "", "£2,500"),
        (Decimal("-12.50"), Unit.PERCENT, "", "-12.5%"),
        (Decimal("0.05"), Unit.PERCENT, "", "0.05%"),
        (None, Unit.COUNT, "", "Not reported"),
    ],
)
def test_format_value(value, unit, qualifier, expected):
    assert format_value(value, unit, qualifier) == expected


def test_html_join_escapes_as_format_html_join_does():
    rows = [("<b>", mark_safe("<i>x</i>")), ("O'Neil & Co", 3)]
    assert html_join("\n", "<td>{}</td><td>{}</td>", rows) == format_html_join("\n", "<td>{}</td><td>{}</td>", rows)
    assert html_join("", "{}", [("<",)]) == "&lt;"
