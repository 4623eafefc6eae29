"""A backup and restore loses nothing: figures, history, returns, accounts and roles."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.management import CommandError, call_command

from commitments.models import DepartmentReturn, Figure, HistoricalFigure
from departments.models import DepartmentMembership
from missions.backup import EXCLUDED

# flush empties tables, which PostgreSQL refuses inside the test's own transaction.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def snapshot():
    """Every backed-up row, serialised the way the backup is, for comparison."""
    rows = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label.split(".")[0] in EXCLUDED or label in EXCLUDED:
            continue
        objects = model._default_manager.order_by("pk")
        # XML keeps timestamps to the microsecond, as the backup does.
        rows[label] = serializers.serialize("xml", objects, use_natural_foreign_keys=True)
    return rows


def test_round_trip_loses_nothing(tmp_path, report, dwp_lead, open_period):
    department_return = DepartmentReturn.objects.create(
        department=dwp_lead.department_memberships.get().department, period=open_period
    )
    figure = Figure.objects.get(metric__slug="great-services", period__slug="2024-02-update", department__isnull=True)
    figure.value = Decimal("17")
    figure._change_reason = "Test edit"
    figure.save()
    before = snapshot()
    assert HistoricalFigure.objects.filter(history_change_reason="Test edit").exists()

    backup = tmp_path / "backup.xml"
    call_command("backup_data", str(backup))
    call_command("flush", interactive=False, verbosity=0)
    assert not Figure.objects.exists() and not get_user_model().objects.exists()

    call_command("restore_data", str(backup))

    assert snapshot() == before
    assert Group.objects.get(name="Department lead").user_set.get() == get_user_model().objects.get(username="dwp-lead")
    assert DepartmentMembership.objects.get().department.code == "DWP"
    assert DepartmentReturn.objects.get().pk == department_return.pk
    assert get_user_model().objects.get(username="dwp-lead").check_password("a-long-test-password-2024")


def test_restore_refuses_a_database_with_data(tmp_path, report):
    backup = tmp_path / "backup.xml"
    call_command("backup_data", str(backup))
    with pytest.raises(CommandError, match="already has roadmap data"):
        call_command("restore_data", str(backup))
