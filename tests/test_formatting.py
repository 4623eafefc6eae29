from decimal import Decimal

import pytest

from commitments.formatting import format_value
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
        (None, Unit.COUNT, "", "Not reported"),
    ],
)
def test_format_value(value, unit, qualifier, expected):
    assert format_value(value, unit, qualifier) == expected
