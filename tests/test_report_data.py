"""The February 2024 progress update, as loaded, says what the report says."""

from decimal import Decimal

import pytest

from commitments.models import Commitment, DepartmentStatus, Figure, KeyFact, Metric, Phase, Source
from departments.models import Department
from missions.models import Mission

pytestmark = pytest.mark.django_db

MISSION_OF_COMMITMENT = {1: 1, 2: 2} | dict.fromkeys(range(3, 7), 3) | dict.fromkeys(range(7, 15), 4)
MISSION_OF_COMMITMENT |= dict.fromkeys(range(15, 22), 5) | dict.fromkeys(range(22, 25), 6)


def national(slug, period="2024-02-update"):
    return Figure.objects.get(metric__slug=slug, period__slug=period, department__isnull=True)


def test_six_missions_and_24_commitments_each_in_its_mission():
    assert list(Mission.objects.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert dict(Commitment.objects.values_list("number", "mission__number")) == MISSION_OF_COMMITMENT


def test_mission_sponsors_are_the_reports():
    assert dict(Mission.objects.values_list("number", "sponsor_name")) == {
        1: "Peter Schofield",
        2: "Jim Harra",
        3: "Professor Sir Ian Diamond",
        4: "Paul Lincoln",
        5: "Sir Matthew Rycroft",
        6: "Conrad Smewing",
    }


def test_commitment_text_is_verbatim():
    assert Commitment.objects.get(number=1).text == (
        "By 2025, at least 50 of the government's top 75 identified services will move to a 'great' standard, "
        "against a consistent measure of service performance."
    )
    assert Commitment.objects.get(number=16).text.endswith("reduces average time to hire to 30 days.")


@pytest.mark.parametrize(
    ("slug", "value", "denominator", "target"),
    [
        ("great-services", "16", "75", "50"),
        ("one-login-services", "29", "145", "145"),
        ("profession-share", "5.4", None, "6"),
        ("legacy-fully-funded", "44", "63", "63"),
        ("new-entrants", "608", None, "2500"),
        ("scs-upskilled", "9.5", None, "90"),
        ("single-service-owner", "39", "75", "75"),
    ],
)
def test_headline_figures_equal_the_reports(slug, value, denominator, target):
    figure = national(slug)
    assert figure.value == Decimal(value)
    assert figure.denominator == (Decimal(denominator) if denominator else None)
    assert figure.metric.target_value == Decimal(target)
    assert figure.verified
    assert figure.source.slug == "progress-update-2024-02"
    assert figure.source_page


def test_baselines():
    assert national("profession-share", "2022-06-launch").value == Decimal("4")
    assert national("great-services", "2022-06-launch").value == Decimal("8")
    assert Metric.objects.get(slug="profession-share").baseline_period.slug == "2022-06-launch"


def test_vacancy_rate_is_lower_is_better_with_a_10_percent_target():
    metric = Metric.objects.get(slug="vacancy-rate")
    assert metric.direction == Metric.Direction.LOWER_IS_BETTER
    assert metric.target_value == Decimal("10")


def test_garbled_vacancy_chart_readings_are_unverified_with_a_reason():
    readings = Figure.objects.filter(metric__slug="vacancy-rate", period__slug="2024-02-update")
    assert dict(readings.values_list("department__code", "value")) == {
        "DWP": Decimal("10.5"),
        "DBT": Decimal("30"),
        "DCMS": Decimal("30.4"),
        "DESNZ/DSIT": Decimal("13.4"),
        "HO": Decimal("8.7"),
        "Defra": Decimal("27.5"),
        "MoJ": Decimal("6"),
        "CO": Decimal("11.2"),
    }
    for figure in readings:
        assert not figure.verified
        assert figure.note.startswith(("Unverified", "Secondary source"))


def test_nothing_is_published_for_the_unreadable_legacy_chart_values():
    # "2" and "17" are printed beside the 44 but the extraction doesn't say which is which.
    assert not Figure.objects.filter(
        metric__slug__in=["legacy-partially-funded", "legacy-no-plan"], department__isnull=True
    ).exists()


def test_one_login_figures_are_as_at_31_december_2023():
    figure = national("one-login-services")
    assert figure.effective_as_at.isoformat() == "2023-12-31"


def test_qualified_figures_keep_their_qualifier():
    assert national("one-login-identities").qualifier == Figure.Qualifier.OVER
    assert national("one-login-identities").value == Decimal("3300000")
    assert national("scs-enrolled").qualifier == Figure.Qualifier.APPROXIMATELY


def test_secondary_sources_are_marked_and_unverified():
    secondary = Figure.objects.filter(source__kind=Source.Kind.SECONDARY)
    assert secondary.count() == 9
    assert not secondary.filter(verified=True).exists()


def test_every_primary_figure_key_fact_and_status_cites_a_page():
    primary = {"source__kind": Source.Kind.PRIMARY}
    assert not Figure.objects.filter(source_page="", **primary).exists()
    assert not KeyFact.objects.filter(source_page="").exists()
    assert not DepartmentStatus.objects.filter(source_page="").exists()


def test_department_statuses():
    diversity = DepartmentStatus.objects.filter(commitment__number=21)
    in_place = set(diversity.filter(state="roadmap_in_place").values_list("department__code", flat=True))
    assert in_place == {"DCMS", "DBT", "Defra", "DLUHC", "DWP", "HMT", "MoD", "HO"}
    in_development = set(diversity.filter(state="roadmap_in_development").values_list("department__code", flat=True))
    assert in_development == {"DfT", "MoJ"}
    one_login = DepartmentStatus.objects.filter(commitment__number=2, state="adoption_roadmap_agreed")
    assert set(one_login.values_list("department__code", flat=True)) == {"NI Executive", "Welsh Government"}


def test_departments_have_the_reports_structure():
    assert Department.objects.get(code="HMCTS").parent.code == "MoJ"
    assert Department.objects.get(code="SLC").parent.code == "DfE"
    assert Department.objects.get(code="DVSA").parent.code == "DfT"
    assert set(Department.objects.get(code="DESNZ/DSIT").combines.values_list("code", flat=True)) == {"DESNZ", "DSIT"}
    assert Department.objects.get(code="Welsh Government").kind == Department.Kind.DEVOLVED
    assert "reported collectively for Missions Four and Five" in Department.objects.get(code="DSIT").reporting_note


def test_phases_with_due_dates():
    operational_resilience = Phase.objects.filter(commitment__number=8)
    assert [(phase.name, phase.due_label) for phase in operational_resilience] == [
        ("Define operational resilience risk management framework", "mid 2024"),
        ("Departments adopt and embed framework", "April 2025"),
    ]
    assert operational_resilience[0].status == Phase.Status.IN_PROGRESS


def test_key_facts_hide_figures_the_headlines_do_not():
    texts = " ".join(KeyFact.objects.values_list("text", flat=True))
    for fact in ["almost 12,000 attendees", "£270m", "75 entrants in 2023", "80 digital sustainability experts"]:
        assert fact in texts
