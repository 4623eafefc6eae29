"""Who may open and change what: every admin page and return view, for every persona.

Personas: anonymous, the DWP lead, the HMRC lead, a reviewer and a CDDO administrator.
A guessed URL or crafted POST outside a persona's scope is refused and changes nothing.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from commitments.models import Commitment, DepartmentReturn, Figure, Metric
from departments.models import Department

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "dwp_lead", "hmrc_lead", "reviewer", "cddo_admin"]


def expect(**statuses):
    """Parametrise over every persona with its expected status code."""
    assert set(statuses) == set(PERSONAS)
    return pytest.mark.parametrize(("persona", "status"), list(statuses.items()), indirect=["persona"])


@pytest.fixture
def hmrc_figure(open_period):
    department_return = DepartmentReturn.objects.create(
        department=Department.objects.get(code="HMRC"), period=open_period
    )
    return Figure.objects.create(
        metric=Metric.objects.get(slug="vacancy-rate"),
        period=open_period,
        department=department_return.department,
        value=Decimal("12"),
        source=Figure.objects.first().source,
        department_return=department_return,
    )


def status_of(client, url, data=None):
    response = client.post(url, data) if data is not None else client.get(url)
    return response.status_code


ADMIN_LOGIN_REDIRECT = 302


@expect(anonymous=ADMIN_LOGIN_REDIRECT, dwp_lead=200, hmrc_lead=200, reviewer=200, cddo_admin=200)
def test_figure_list(persona, status):
    assert status_of(persona, reverse("admin:commitments_figure_changelist")) == status


@expect(anonymous=ADMIN_LOGIN_REDIRECT, dwp_lead=403, hmrc_lead=200, reviewer=200, cddo_admin=200)
def test_another_departments_figure_by_its_guessed_url(persona, status, hmrc_figure):
    assert status_of(persona, reverse("admin:commitments_figure_change", args=[hmrc_figure.pk])) == status


ALLOWED_TO_CHANGE_HMRC = {"hmrc_lead", "cddo_admin"}


@expect(anonymous=ADMIN_LOGIN_REDIRECT, dwp_lead=403, hmrc_lead=302, reviewer=403, cddo_admin=302)
def test_changing_the_hmrc_figure(request, persona, status, hmrc_figure):
    url = reverse("admin:commitments_figure_change", args=[hmrc_figure.pk])
    data = {
        "metric": hmrc_figure.metric_id,
        "period": hmrc_figure.period_id,
        "department": hmrc_figure.department_id,
        "value": "9",
        "qualifier": "",
        "source": hmrc_figure.source_id,
        "department_return": hmrc_figure.department_return_id,
        "verified": "on",
    }
    assert status_of(persona, url, data) == status
    hmrc_figure.refresh_from_db()
    allowed = request.node.callspec.params["persona"] in ALLOWED_TO_CHANGE_HMRC
    assert hmrc_figure.value == (Decimal("9") if allowed else Decimal("12"))


@expect(anonymous=ADMIN_LOGIN_REDIRECT, dwp_lead=200, hmrc_lead=200, reviewer=403, cddo_admin=200)
def test_adding_a_figure_page(persona, status):
    assert status_of(persona, reverse("admin:commitments_figure_add")) == status


def test_a_lead_sees_only_their_own_departments_figures(client, dwp_lead, hmrc_figure):
    client.force_login(dwp_lead, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("admin:commitments_figure_changelist"))
    codes = {figure.department.code for figure in response.context["cl"].result_list if figure.department}
    assert codes <= {"DWP"}
    assert "DWP" in codes
    assert not any(figure.department_id is None for figure in response.context["cl"].result_list)


def test_a_lead_is_offered_only_their_department_and_open_periods(client, dwp_lead, open_period):
    client.force_login(dwp_lead, backend="django.contrib.auth.backends.ModelBackend")
    form = client.get(reverse("admin:commitments_figure_add")).context["adminform"].form
    assert list(form.fields["department"].queryset.values_list("code", flat=True)) == ["DWP"]
    assert list(form.fields["period"].queryset) == [open_period]


def test_a_crafted_post_naming_another_department_saves_nothing(client, dwp_lead, open_period):
    client.force_login(dwp_lead, backend="django.contrib.auth.backends.ModelBackend")
    before = Figure.objects.count()
    response = client.post(
        reverse("admin:commitments_figure_add"),
        {
            "metric": Metric.objects.get(slug="vacancy-rate").pk,
            "period": open_period.pk,
            "department": Department.objects.get(code="HMRC").pk,
            "value": "5",
            "qualifier": "",
            "source": Figure.objects.first().source_id,
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Figure.objects.count() == before


def test_a_lead_cannot_post_into_a_locked_period(client, dwp_lead):
    client.force_login(dwp_lead, backend="django.contrib.auth.backends.ModelBackend")
    before = Figure.objects.count()
    response = client.post(
        reverse("admin:commitments_figure_add"),
        {
            "metric": Metric.objects.get(slug="vacancy-rate").pk,
            "period": Figure.objects.first().period_id,
            "department": Department.objects.get(code="DWP").pk,
            "value": "5",
            "qualifier": "",
            "source": Figure.objects.first().source_id,
        },
    )
    assert response.status_code == 200
    assert Figure.objects.count() == before


@expect(anonymous=ADMIN_LOGIN_REDIRECT, dwp_lead=403, hmrc_lead=403, reviewer=403, cddo_admin=200)
def test_changing_a_metric_or_its_target(persona, status):
    metric = Metric.objects.get(slug="vacancy-rate")
    url = reverse("admin:commitments_metric_change", args=[metric.pk])
    if status == 200:
        assert status_of(persona, url) == 200
        return
    assert status_of(persona, url, {"name": "x", "target_value": "50"}) == status
    metric.refresh_from_db()
    assert metric.target_value == Decimal("10")


@expect(anonymous=ADMIN_LOGIN_REDIRECT, dwp_lead=403, hmrc_lead=403, reviewer=403, cddo_admin=200)
def test_deleting_a_commitment_is_refused_to_all_but_cddo(persona, status):
    commitment = Commitment.objects.get(number=14)
    url = reverse("admin:commitments_commitment_delete", args=[commitment.pk])
    if status == 200:
        # CDDO is asked to confirm.
        assert status_of(persona, url) == 200
        return
    assert status_of(persona, url, {"post": "yes"}) == status
    assert Commitment.objects.filter(number=14).exists()


@expect(anonymous=ADMIN_LOGIN_REDIRECT, dwp_lead=403, hmrc_lead=403, reviewer=403, cddo_admin=200)
def test_changing_a_department(persona, status):
    department = Department.objects.get(code="DWP")
    url = reverse("admin:departments_department_change", args=[department.pk])
    if status == 200:
        assert status_of(persona, url) == 200
    else:
        assert status_of(persona, url, {"code": "XX", "name": "x", "slug": "x", "kind": "ministerial"}) == status
        assert Department.objects.filter(code="DWP").exists()


@expect(anonymous=302, dwp_lead=200, hmrc_lead=403, reviewer=403, cddo_admin=200)
def test_the_dwp_return_screen(persona, status, open_period):
    assert status_of(persona, reverse("returns:entry", args=["dwp", open_period.slug])) == status


@expect(anonymous=302, dwp_lead=403, hmrc_lead=302, reviewer=403, cddo_admin=302)
def test_posting_the_hmrc_return(persona, status, open_period):
    url = reverse("returns:entry", args=["hmrc", open_period.slug])
    assert status_of(persona, url, {"save": "1"}) == status
    if status == 403:
        assert not DepartmentReturn.objects.filter(department__code="HMRC", period=open_period).exists()


@expect(anonymous=302, dwp_lead=403, hmrc_lead=403, reviewer=200, cddo_admin=200)
def test_the_returns_tracker(persona, status, open_period):
    assert status_of(persona, reverse("returns:tracker")) == status


@expect(anonymous=302, dwp_lead=403, hmrc_lead=403, reviewer=403, cddo_admin=200)
def test_reviewing_a_return(persona, status, hmrc_figure):
    department_return = hmrc_figure.department_return
    department_return.state = DepartmentReturn.State.SUBMITTED
    department_return.save()
    url = reverse("returns:review", args=[department_return.pk])
    assert status_of(persona, url) == status
    if status == 403:
        assert status_of(persona, url, {"decision": "approve"}) == 403
        department_return.refresh_from_db()
        assert department_return.state == DepartmentReturn.State.SUBMITTED
