import pytest
from django.core.management import call_command

from commitments.models import ReportingPeriod


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the report's data, loaded once per session and rolled back after each test."""
    with django_db_blocker.unblock():
        call_command("load_report", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def latest_period(db):
    return ReportingPeriod.objects.get(slug="2024-02-update")


@pytest.fixture
def baseline_period(db):
    return ReportingPeriod.objects.get(slug="2022-06-launch")
