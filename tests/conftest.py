import datetime
import os

import pytest
from django.core.cache import cache
from django.core.management import call_command

from commitments.models import ReportingPeriod
from departments.accounts import create_account


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the report's data, loaded once per session and rolled back after each test."""
    with django_db_blocker.unblock():
        call_command("load_report", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def report(transactional_db):
    """The report's data for a transactional test, whose database starts empty and is emptied after."""
    call_command("load_report", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: a page cached by another test may show data since rolled back."""
    cache.clear()


@pytest.fixture
def latest_period(db):
    return ReportingPeriod.objects.get(slug="2024-02-update")


@pytest.fixture
def baseline_period(db):
    return ReportingPeriod.objects.get(slug="2022-06-launch")


PASSWORD = "a-long-test-password-2024"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture
def cddo_admin(db):
    return create_account("cddo-admin", PASSWORD, "cddo-admin")


@pytest.fixture
def dwp_lead(db):
    return create_account("dwp-lead", PASSWORD, "lead", ["DWP"])


@pytest.fixture
def hmrc_lead(db):
    return create_account("hmrc-lead", PASSWORD, "lead", ["HMRC"])


@pytest.fixture
def reviewer(db):
    return create_account("reviewer", PASSWORD, "reviewer")


@pytest.fixture
def persona(request, client, cddo_admin, dwp_lead, hmrc_lead, reviewer):
    """A client signed in as the named persona ('anonymous' stays signed out)."""
    users = {"cddo_admin": cddo_admin, "dwp_lead": dwp_lead, "hmrc_lead": hmrc_lead, "reviewer": reviewer}
    if request.param != "anonymous":
        client.force_login(users[request.param], backend=MODEL_BACKEND)
    return client


@pytest.fixture
def dwp_client(client, dwp_lead):
    client.force_login(dwp_lead, backend=MODEL_BACKEND)
    return client


@pytest.fixture
def open_period(db):
    return ReportingPeriod.objects.create(
        slug="2024-05",
        name="May 2024 return",
        as_at=datetime.date(2024, 5, 31),
        as_at_label="May 2024",
        state=ReportingPeriod.State.OPEN,
    )
