"""Each page type shows the report's figures, for the latest period and an earlier one."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse, set_script_prefix
from django.utils.html import escape

from commitments.models import Commitment, DepartmentReturn, DepartmentStatus, Figure, Metric, Source, Unit
from departments.models import Department

pytestmark = pytest.mark.django_db

EARLIER = "2023-09-update"


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


class TestHome:
    def test_lists_every_mission_and_commitment_with_its_status(self, client):
        html = page(client, reverse("missions:home"))
        missions = [(1, "Transformed public services"), (2, "GOV.UK One Login"), (6, "A system that unlocks")]
        for number, title in missions:
            assert f"Mission {number}: {title}" in html
        for number in range(1, 25):
            assert f"Commitment {number}:" in html
        assert "Commitments by status" in html

    @pytest.mark.parametrize(
        "expected",
        [
            "16 of 75",
            "29 of 145",
            "5.4%",
            "44 of 63",
            "608",
            "9.5%",
            "39 of 75",
            "At least 50 of the top 75 by 2025",
            "+1 since September 2023 update",  # great services: 15, then 16
            "+21 since End of 2022/23",  # One Login services: 8, then 29
        ],
    )
    def test_shows_headline_figures_targets_and_change(self, client, expected):
        assert expected in page(client, reverse("missions:home"))

    def test_an_earlier_period_shows_that_periods_figures(self, client):
        html = page(client, reverse("missions:home") + f"?period={EARLIER}")
        assert "15 of 75" in html
        assert "16 of 75" not in html
        # Links keep the chosen period.
        assert f'href="/missions/1/?period={EARLIER}"' in html

    def test_an_unknown_period_is_a_404_that_says_so(self, client):
        response = client.get(reverse("missions:home") + "?period=1999")
        assert response.status_code == 404


class TestMission:
    def test_shows_sponsor_quote_summary_and_commitments(self, client):
        html = page(client, reverse("missions:detail", args=[5]))
        assert "Sir Matthew Rycroft" in html
        assert "One Big Thing" in html
        for number in range(15, 22):
            assert f"Commitment {number}:" in html

    def test_headline_sentences_carry_status_and_projection(self, client):
        html = page(client, reverse("missions:detail", args=[5]))
        assert (
            "Government Digital and Data profession as a share of the Civil Service: 5.4%. Target: At least 6% by 2025."
            " On track: 136% of the progress needed by this date has been made." in html
        )
        assert "At the current rate, about 6.7% by March 2025." in html

    def test_earlier_period(self, client):
        html = page(client, reverse("missions:detail", args=[1]) + f"?period={EARLIER}")
        assert "Top 75 services at a &#x27;great&#x27; standard: 15 of 75 (20%)." in html

    def test_unknown_mission_is_404(self, client):
        page(client, reverse("missions:detail", args=[7]), status=404)

    def test_charts_load_plotly_only_where_drawn(self, client):
        assert "plotly-basic.min.js" in page(client, reverse("missions:detail", args=[1]))
        assert "plotly-basic.min.js" not in page(client, reverse("missions:home"))


class TestCommitment:
    def test_shows_text_phases_key_facts_and_sources(self, client):
        html = page(client, reverse("commitments:detail", args=[8]))
        assert "All &#x27;nationally important&#x27; systems will be identified" in html
        assert "Phase 1: Define operational resilience risk management framework" in html
        assert "Due mid 2024" in html
        assert "Government&#x27;s important systems must carry on providing services" in html

    def test_shows_the_department_breakdown_against_the_target(self, client):
        html = page(client, reverse("commitments:detail", args=[16]))
        assert "Digital and data vacancy rate by department" in html
        assert "30.4%" in html
        assert "Misses the target (over 10%)" in html
        assert "Meets the target (at or under 10%)" in html
        assert "Unverified" in html

    def test_department_rows_link_each_department_for_the_period_and_cite_source_page_and_note(self, client):
        html = page(client, reverse("commitments:detail", args=[16]) + "?period=2024-02-update")
        row = html[html.index('href="/departments/dbt/?period=2024-02-update">DBT</a>') :].split("</tr>")[0]
        assert '30% <strong class="govuk-tag govuk-tag--orange">Unverified</strong>' in row
        assert "Misses the target (over 10%)" in row
        assert "February 2024 progress update, page 26<br>" in row
        assert "where &#x27;30&#x27; follows &#x27;DBT&#x27;" in row

    def test_series_with_sources(self, client):
        html = page(client, reverse("commitments:detail", args=[1]))
        assert "Top 75 services at a &#x27;great&#x27; standard: 16 of 75 (21%)." in html
        assert "Off track: 37% of the progress needed by this date has been made." in html
        assert "At the current rate, about 24 by March 2025." in html
        assert "(secondary source)" in html

    def test_series_rows_give_period_date_figure_flags_source_and_notes(self, client):
        figure = Figure.objects.get(
            metric__slug="great-services", period__slug="2024-02-update", department__isnull=True
        )
        Figure.objects.filter(pk=figure.pk).update(
            as_at=datetime.date(2023, 11, 30),
            verified=False,
            revised_on=datetime.date(2024, 3, 1),
            revision_reason="A twelfth <service> assessed",
            note="Counted by CDDO & departments",
        )
        html = page(client, reverse("commitments:detail", args=[1]))
        row = html[html.index('<th scope="row" class="govuk-table__header">February 2024 progress update</th>') :]
        row = row.split("</tr>")[0]
        assert '<td class="govuk-table__cell">30 November 2023</td>' in row
        assert "16 of 75" in row
        assert "Unverified" in row and "Revised 1 March 2024" in row
        assert ", page 7<br>" in row
        assert "Counted by CDDO &amp; departments" in row
        assert "Correction: A twelfth &lt;service&gt; assessed" in row

    def test_earlier_period_hides_later_figures_and_phase_statuses(self, client):
        html = page(client, reverse("commitments:detail", args=[8]) + "?period=2022-06-launch")
        assert "Not stated in the report" in html
        assert "<strong>In progress</strong>" not in html
        html = page(client, reverse("commitments:detail", args=[1]) + "?period=2022-06-launch")
        assert "16 of 75" not in html
        assert "8 of 75" in html

    def test_unknown_commitment_is_404(self, client):
        page(client, reverse("commitments:detail", args=[25]), status=404)


class TestDepartments:
    def test_index_lists_departments_with_counts(self, client):
        html = page(client, reverse("departments:index"))
        for code in ["DWP", "HMRC", "DESNZ/DSIT", "Welsh Government"]:
            assert code in html

    def test_department_page_shows_figures_against_target_and_government_wide(self, client):
        html = page(client, reverse("departments:detail", args=["mod"]))
        assert "7 of 11" in html  # red-rated systems with fully funded plans (parliamentary answer)
        assert "44" in html  # the government-wide figure beside it
        assert "Below the target of 11" in html  # a department's target is all of its own systems
        assert "Roadmap in place" in html  # commitment 21

    def test_joint_reporting_unit_figures_show_on_its_members_pages(self, client):
        html = page(client, reverse("departments:detail", args=["dsit"]))
        assert "13.4%" in html
        assert "(as DESNZ/DSIT)" in html

    def test_department_page_for_an_earlier_period(self, client):
        html = page(client, reverse("departments:detail", args=["dwp"]) + f"?period={EARLIER}")
        assert "No figures for DWP in the September 2023 update." in html

    def test_unknown_department_is_404(self, client):
        page(client, reverse("departments:detail", args=["nope"]), status=404)


class TestAbout:
    def test_explains_sources_status_rule_unverified_and_unknowns(self, client):
        html = page(client, reverse("missions:about"))
        assert "at least 95% of the progress needed has been made" in html
        assert "Open SDG" in html
        assert "Written parliamentary answer by a Ministry of Defence minister" in html
        assert "Average time to hire (commitment 16): no figure has been published yet." in html
        assert 'stray "0.2"' in html

    def test_counts_only_published_figures(self, client, open_period):
        """A figure in a return CDDO has not approved is not public: not counted, and not yet a figure."""
        source = Source.objects.get(slug="progress-update-2024-02")
        counted = f"{Figure.objects.published().filter(source=source).count()} figures"
        draft = DepartmentReturn.objects.create(department=Department.objects.get(code="DWP"), period=open_period)
        Figure.objects.create(
            metric=Metric.objects.get(slug="time-to-hire"),
            period=open_period,
            department=draft.department,
            department_return=draft,
            value=Decimal("41"),
            unit=Unit.DAYS,
            source=source,
        )
        html = page(client, reverse("missions:about"))
        listed = html.split(escape(source.title), 1)[1].split("</li>", 1)[0]
        assert listed.endswith(f"; {counted}.")
        assert "Average time to hire (commitment 16): no figure has been published yet." in html

    def test_lists_only_published_unverified_statuses(self, client, open_period):
        draft = DepartmentReturn.objects.create(department=Department.objects.get(code="DWP"), period=open_period)
        DepartmentStatus.objects.create(
            department=draft.department,
            commitment=Commitment.objects.get(number=10),
            period=open_period,
            state=DepartmentStatus.State.ROADMAP_IN_PLACE,
            source=Source.objects.get(slug="progress-update-2024-02"),
            note="A draft note CDDO has not approved",
            verified=False,
            department_return=draft,
        )
        html = page(client, reverse("missions:about"))
        assert "A draft note CDDO has not approved" not in html
        draft.state = DepartmentReturn.State.APPROVED
        draft.save()
        assert "A draft note CDDO has not approved" in page(client, reverse("missions:about"))


def test_not_found_pages_say_why(client):
    response = client.get("/?period=1999")
    assert response.status_code == 404
    assert "There is no reporting period called “1999”." in response.content.decode()
    assert "Page not found" in client.get("/no-such-page/").content.decode()


def test_an_overlong_period_value_is_cut_short_in_the_message(client):
    response = client.get("/?period=" + "x" * 5000)
    assert response.status_code == 404
    html = response.content.decode()
    assert "called “" + "x" * 40 + "”" in html


def test_department_addresses_are_cached_but_follow_the_script_prefix():
    dwp = Department.objects.get(code="DWP")
    assert dwp.get_absolute_url() == reverse("departments:detail", args=["dwp"]) == "/departments/dwp/"
    set_script_prefix("/tracker/")
    try:
        assert dwp.get_absolute_url() == "/tracker/departments/dwp/"
    finally:
        set_script_prefix("/")
    assert dwp.get_absolute_url() == "/departments/dwp/"
