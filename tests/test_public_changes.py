"""Only a change the public can see clears the cached pages and republishes the exports.

A department's draft return is not public: while a lead saves it again and again, readers keep
being served from the cache. CDDO's approval, or any change to a figure already public, clears it.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments import returns
from commitments.models import DepartmentReturn, DepartmentStatus, Figure, Metric, ReportingPeriod, Source
from departments.models import Department
from missions.models import DataVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def dwp_return(open_period, dwp_lead):
    department_return = DepartmentReturn(department=Department.objects.get(code="DWP"), period=open_period)
    return returns.save_return(department_return, [vacancy(Decimal("9.1"))], dwp_lead, submit=False)


def vacancy(value):
    return (Metric.objects.get(slug="vacancy-rate"), value, None, "")


def version():
    return DataVersion.objects.current_token()


def draft_figure(department_return):
    return Figure.objects.get(department_return=department_return)


def test_saving_and_submitting_a_draft_leave_the_cached_pages_alone(client, dwp_return, dwp_lead):
    url = reverse("missions:home")
    client.get(url)
    before = version()
    returns.save_return(dwp_return, [vacancy(Decimal("9.3"))], dwp_lead, submit=False)
    returns.save_return(dwp_return, [vacancy(Decimal("9.4"))], dwp_lead, submit=True)
    assert version() == before
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) == 1


def test_approving_a_return_changes_the_version(dwp_return, dwp_lead, cddo_admin):
    returns.save_return(dwp_return, [vacancy(Decimal("9.1"))], dwp_lead, submit=True)
    before = version()
    returns.approve(dwp_return, cddo_admin)
    assert version() != before


def test_reopening_an_approved_return_changes_the_version(dwp_return, dwp_lead, cddo_admin):
    returns.save_return(dwp_return, [vacancy(Decimal("9.1"))], dwp_lead, submit=True)
    returns.approve(dwp_return, cddo_admin)
    before = version()
    dwp_return.state = DepartmentReturn.State.DRAFT
    dwp_return.save()
    assert version() != before


def test_changing_a_figure_of_an_approved_return_changes_the_version(dwp_return, dwp_lead, cddo_admin):
    returns.save_return(dwp_return, [vacancy(Decimal("9.1"))], dwp_lead, submit=True)
    returns.approve(dwp_return, cddo_admin)
    before = version()
    figure = draft_figure(dwp_return)
    figure.value = Decimal("9.2")
    figure.save()
    assert version() != before


def test_deleting_a_draft_figure_leaves_the_version_alone(dwp_return):
    before = version()
    draft_figure(dwp_return).delete()
    assert version() == before


def test_moving_a_public_figure_into_a_draft_changes_the_version(dwp_return):
    public = Figure.objects.filter(department__isnull=False, department_return__isnull=True).first()
    before = version()
    public.department_return = dwp_return
    public.save()
    assert version() != before


def test_a_status_in_a_draft_leaves_the_version_alone_and_one_of_cddos_changes_it(dwp_return, latest_period):
    status = DepartmentStatus.objects.filter(department_return__isnull=True).first()
    before = version()
    status.note = "Checked again with the department."
    status.save()
    changed = version()
    assert changed != before
    DepartmentStatus.objects.create(
        department=Department.objects.get(code="DWP"),
        commitment=status.commitment,
        period=dwp_return.period,
        state=status.state,
        source=Source.objects.first(),
        department_return=dwp_return,
    )
    assert version() == changed


# It commits; serialized_rollback puts back the groups and permissions the migrations made.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_outside_a_transaction_a_draft_approved_while_it_saved_is_looked_at_again(report, monkeypatch):
    """The answer taken before the write can be out of date by its commit: here, as if CDDO approved
    the return in between, which this worker's read before the write missed."""
    period = ReportingPeriod.objects.create(slug="2024-05", name="May 2024 return", as_at=datetime.date(2024, 5, 31))
    department_return = DepartmentReturn.objects.create(department=Department.objects.get(code="DWP"), period=period)
    figure = Figure.objects.create(
        metric=Metric.objects.get(slug="vacancy-rate"),
        period=period,
        department=department_return.department,
        value=Decimal("9.1"),
        source=Source.objects.first(),
        department_return=department_return,
    )
    DepartmentReturn.objects.filter(pk=department_return.pk).update(state=DepartmentReturn.State.APPROVED)
    answers = iter([False])
    monkeypatch.setattr(Figure, "changes_public_data", lambda self: next(answers, True))
    before = version()
    figure.value = Decimal("9.2")
    figure.save()
    assert version() != before
