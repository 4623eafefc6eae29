"""The report loader is idempotent and never overwrites an edited value silently."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from commitments.models import DepartmentStatus, Figure, KeyFact, Metric, Phase
from departments.models import Department
from missions.models import Mission

pytestmark = pytest.mark.django_db

MODELS = [Mission, Department, Metric, Figure, KeyFact, Phase, DepartmentStatus]


def load(*args):
    out, err = StringIO(), StringIO()
    call_command("load_report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def great_services_now():
    return Figure.objects.get(metric__slug="great-services", period__slug="2024-02-update", department__isnull=True)


def test_loading_again_creates_and_changes_nothing():
    before = counts()
    out, err = load()
    assert counts() == before
    assert "0 created" in out
    assert "0 overwritten" in out
    assert err == ""


def test_a_second_load_after_an_edit_keeps_the_edit_and_says_so():
    figure = great_services_now()
    figure.value = Decimal("17")
    figure.save()

    out, err = load()

    assert great_services_now().value == Decimal("17")
    assert "1 edited value(s) kept" in out
    assert "value is Decimal('17.00') in the database, Decimal('16') in the report data" in err
    assert "--overwrite" in err


def test_overwrite_puts_the_report_value_back():
    figure = great_services_now()
    figure.value = Decimal("17")
    figure.save()

    out, _ = load("--overwrite")

    assert great_services_now().value == Decimal("16")
    assert "1 overwritten" in out


def test_a_deleted_record_is_restored():
    great_services_now().delete()
    out, _ = load()
    assert great_services_now().value == Decimal("16")
    assert "1 created" in out


def test_bad_data_loads_nothing_and_says_what_is_wrong(tmp_path):
    (tmp_path / "bad.toml").write_text(
        '[[missions]]\nnumber = 9\ntitle = "t"\nsummary = "s"\nsponsor_name = "n"\nsponsor_role = "r"\n'
        'sponsor_quote = "q"\nsource_page = "1"\n\n'
        '[[figures]]\nmetric = "no-such-metric"\nperiod = "2024-02-update"\nvalue = 1\n'
        'source = "progress-update-2024-02"\n'
    )
    with pytest.raises(CommandError, match="Nothing was loaded: No metric with slug 'no-such-metric'"):
        load("--directory", str(tmp_path))
    assert not Mission.objects.filter(number=9).exists()


def test_a_value_the_database_refuses_is_reported_not_raised(tmp_path):
    (tmp_path / "bad.toml").write_text(
        '[[figures]]\nmetric = "profession-share"\nperiod = "2023-03"\nvalue = 140\n'
        'source = "progress-update-2024-02"\n'
    )
    with pytest.raises(CommandError, match="A percentage must be between 0 and 100"):
        load("--directory", str(tmp_path))


def test_an_unknown_field_is_refused(tmp_path):
    (tmp_path / "bad.toml").write_text('[[figures]]\nmetric = "profession-share"\nvalu = 4\n')
    with pytest.raises(CommandError, match="unknown field"):
        load("--directory", str(tmp_path))
