"""A department's six-monthly return: one screen, validated, reviewed by CDDO, then published."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from commitments import returns
from commitments.models import DepartmentReturn, Figure, Metric
from departments.models import Department
from tests.conftest import MODEL_BACKEND

pytestmark = pytest.mark.django_db


def metric(slug):
    return Metric.objects.get(slug=slug)


def return_data(action="save", **values):
    """The return form's POST: values by metric slug, as {slug: value} or {slug: (value, note)}."""
    data = {action: "1"}
    for slug, entry in values.items():
        value, note = entry if isinstance(entry, tuple) else (entry, "")
        data[f"value_{metric(slug).pk}"] = value
        data[f"note_{metric(slug).pk}"] = note
    return data


@pytest.fixture
def entry_url(open_period):
    return reverse("returns:entry", args=["dwp", open_period.slug])


def dwp_figures(period):
    return Figure.objects.filter(department__code="DWP", period=period)


class TestOneScreen:
    def test_lists_every_metric_for_departments_with_last_periods_value(self, dwp_client, entry_url):
        html = dwp_client.get(entry_url).content.decode()
        for slug in ["vacancy-rate", "legacy-fully-funded", "legacy-partially-funded", "legacy-no-plan"]:
            assert metric(slug).name.replace("'", "&#x27;") in html
        # DWP's vacancy reading from the February 2024 update.
        assert "Last period: <strong>10.5%</strong> (February 2024 progress update)" in html

    def test_saves_the_whole_return_at_once(self, dwp_client, entry_url, open_period):
        response = dwp_client.post(entry_url, return_data(**{"vacancy-rate": "9.8", "legacy-no-plan": "0"}))
        assert response.status_code == 302
        saved = {figure.metric.slug: figure.value for figure in dwp_figures(open_period)}
        assert saved == {"vacancy-rate": Decimal("9.8"), "legacy-no-plan": Decimal("0")}
        assert DepartmentReturn.objects.get(department__code="DWP", period=open_period).state == "draft"

    def test_a_save_from_a_form_opened_before_the_approval_changes_nothing(self, dwp_lead, cddo_admin, open_period):
        dwp = Department.objects.get(code="DWP")
        vacancy = metric("vacancy-rate")
        entries = [(vacancy, Decimal("9.8"), None, "")]
        department_return = DepartmentReturn(department=dwp, period=open_period)
        department_return = returns.save_return(department_return, entries, dwp_lead, submit=False)
        opened_earlier = DepartmentReturn.objects.get(pk=department_return.pk)
        returns.save_return(department_return, entries, dwp_lead, submit=True)
        returns.approve(department_return, cddo_admin)
        with pytest.raises(ValidationError, match="can't be changed now"):
            returns.save_return(opened_earlier, [(vacancy, Decimal("1.0"), None, "")], dwp_lead, submit=False)
        assert DepartmentReturn.objects.get(pk=department_return.pk).state == "approved"
        assert [figure.value for figure in dwp_figures(open_period)] == [Decimal("9.8")]

    def test_two_first_saves_at_once_make_one_return(self, dwp_lead, open_period):
        """Two leads open a return not started yet, then both save: the second takes the first's return."""
        dwp = Department.objects.get(code="DWP")
        opened_by_second = DepartmentReturn(department=dwp, period=open_period)
        first = DepartmentReturn(department=dwp, period=open_period)
        vacancy = metric("vacancy-rate")
        returns.save_return(first, [(vacancy, Decimal("9.8"), None, "")], dwp_lead, submit=False)
        returns.save_return(opened_by_second, [(vacancy, Decimal("9.6"), None, "")], dwp_lead, submit=False)
        assert DepartmentReturn.objects.filter(department=dwp, period=open_period).count() == 1
        assert [figure.value for figure in dwp_figures(open_period)] == [Decimal("9.6")]


class TestValidation:
    @pytest.mark.parametrize(
        ("values", "message"),
        [
            (
                {"vacancy-rate": "101"},
                "Digital and data vacancy rate is a percentage, so it must be between 0 and 100.",
            ),
            ({"vacancy-rate": "-1"}, "Digital and data vacancy rate cannot be negative."),
            ({"legacy-no-plan": "2.5"}, "with no remediation plan is a count, so it must be a whole number."),
            ({"legacy-no-plan": "-3"}, "with no remediation plan cannot be negative."),
            ({"vacancy-rate": "ten"}, "Enter digital and data vacancy rate as a number, like 12 or 4.5."),
            ({"vacancy-rate": "30"}, "has changed by more than half since last period (10.5%): add a note saying why."),
        ],
    )
    def test_each_rule_has_a_message_and_one_bad_value_saves_nothing(
        self, dwp_client, entry_url, open_period, values, message
    ):
        response = dwp_client.post(entry_url, return_data(**{"legacy-partially-funded": "1"}, **values))
        assert response.status_code == 200
        assert message.replace("'", "&#x27;") in response.content.decode()
        assert not dwp_figures(open_period).exists()
        assert not DepartmentReturn.objects.filter(period=open_period).exists()

    def test_a_large_change_with_a_note_is_accepted(self, dwp_client, entry_url, open_period):
        response = dwp_client.post(
            entry_url, return_data(**{"vacancy-rate": ("30", "Contractors converted to vacancies.")})
        )
        assert response.status_code == 302
        assert dwp_figures(open_period).get().value == Decimal("30")

    def test_numerator_above_its_denominator(self, dwp_client, entry_url, open_period):
        data = return_data(**{"legacy-fully-funded": "5"})
        data[f"denominator_{metric('legacy-fully-funded').pk}"] = "4"
        response = dwp_client.post(entry_url, data)
        assert "the total must be at least the number with a plan (5)" in response.content.decode()
        assert not dwp_figures(open_period).exists()

    def test_a_period_not_open_takes_no_figures(self, dwp_client):
        url = reverse("returns:entry", args=["dwp", "2024-02-update"])
        assert "This period is not open for returns." in dwp_client.get(url).content.decode()
        assert dwp_client.post(url, return_data(**{"vacancy-rate": "9"})).status_code == 403
        assert dwp_figures_count_unchanged()


def dwp_figures_count_unchanged():
    return Figure.objects.filter(department__code="DWP", period__slug="2024-02-update").count() == 1


class TestWorkflow:
    def submit(self, dwp_client, entry_url, value="9.5"):
        response = dwp_client.post(entry_url, return_data("submit", **{"vacancy-rate": value}))
        assert response.status_code == 302

    def review(self, user, department_return, **data):
        cddo = Client()
        cddo.force_login(user, backend=MODEL_BACKEND)
        return cddo.post(reverse("returns:review", args=[department_return.pk]), data)

    def test_draft_figures_are_not_public(self, dwp_client, entry_url, open_period, client):
        dwp_client.post(entry_url, return_data(**{"vacancy-rate": "9.5"}))
        dwp_client.logout()
        html = client.get(reverse("departments:detail", args=["dwp"]) + f"?period={open_period.slug}").content
        assert b"9.5%" not in html
        assert b"No figures for DWP" in html

    def test_a_lead_previews_their_draft(self, dwp_client, entry_url, open_period):
        dwp_client.post(entry_url, return_data(**{"vacancy-rate": "9.5"}))
        url = reverse("departments:detail", args=["dwp"]) + f"?period={open_period.slug}&preview=1"
        html = dwp_client.get(url).content.decode()
        assert "9.5%" in html
        assert "Preview: this page includes your department" in html

    def test_submitted_returns_are_locked_for_the_lead(self, dwp_client, entry_url, open_period):
        self.submit(dwp_client, entry_url)
        assert DepartmentReturn.objects.get(period=open_period).state == "submitted"
        assert dwp_client.post(entry_url, return_data(**{"vacancy-rate": "1"})).status_code == 403
        assert dwp_figures(open_period).get().value == Decimal("9.5")

    def test_approval_publishes(self, dwp_client, entry_url, open_period, client, cddo_admin):
        self.submit(dwp_client, entry_url)
        department_return = DepartmentReturn.objects.get(period=open_period)
        assert self.review(cddo_admin, department_return, decision="approve").status_code == 302
        department_return.refresh_from_db()
        assert department_return.state == "approved"
        assert department_return.reviewed_by == cddo_admin
        client = Client()
        html = client.get(reverse("commitments:detail", args=[16]) + f"?period={open_period.slug}").content.decode()
        assert "9.5%" in html
        # The approved period is now the latest the dashboard shows by default.
        assert "May 2024 return" in client.get(reverse("missions:home")).content.decode()

    def test_returning_needs_a_comment_and_reopens_the_return(
        self, dwp_client, entry_url, open_period, client, cddo_admin
    ):
        self.submit(dwp_client, entry_url)
        department_return = DepartmentReturn.objects.get(period=open_period)
        response = self.review(cddo_admin, department_return, decision="return", comment="")
        assert "Say what needs changing when returning figures." in response.content.decode()
        self.review(cddo_admin, department_return, decision="return", comment="Check the HMRC split.")
        department_return.refresh_from_db()
        assert department_return.state == "returned"
        html = dwp_client.get(entry_url).content.decode()
        assert "CDDO returned these figures: Check the HMRC split." in html
        assert dwp_client.post(entry_url, return_data(**{"vacancy-rate": "9.6"})).status_code == 302

    def test_only_a_submitted_return_can_be_approved(self, dwp_client, entry_url, open_period, client, cddo_admin):
        dwp_client.post(entry_url, return_data(**{"vacancy-rate": "9.5"}))
        department_return = DepartmentReturn.objects.get(period=open_period)
        response = self.review(cddo_admin, department_return, decision="approve")
        assert response.status_code == 200
        department_return.refresh_from_db()
        assert department_return.state == "draft"

    def test_the_tracker_shows_each_departments_state(self, dwp_client, entry_url, open_period, client, reviewer):
        self.submit(dwp_client, entry_url)
        client.force_login(reviewer, backend=MODEL_BACKEND)
        html = client.get(reverse("returns:tracker")).content.decode()
        assert "Submitted for review: <strong>1</strong>" in html
        assert f"Not started: <strong>{24 - 1}</strong>" in html
