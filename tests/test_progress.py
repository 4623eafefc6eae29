"""Status and projection on hand-worked cases.

The dates are the report's: baseline at the roadmap's launch (30 June 2022), figures
as at 30 November 2023, targets on 31 March 2025. That is 518 days elapsed of 1,005,
with 487 days left: 2.667 six-month spans of 182.625 days.
"""

from datetime import date
from decimal import Decimal

import pytest

from commitments.progress import PhaseStatus, Point, Status, assess, phase_status, worst

LAUNCH = date(2022, 6, 30)
AS_AT = date(2023, 11, 30)
TARGET_DATE = date(2025, 3, 31)


def approx(value, places=2):
    return Decimal(value).quantize(Decimal(10) ** -places)


def profession(current="5.4"):
    # Commitment 18: 4% at launch, 5.4% now, at least 6% by 2025.
    return assess(
        baseline=Point(Decimal("4"), LAUNCH),
        current=Point(Decimal(current), AS_AT),
        target_value=Decimal("6"),
        target_date=TARGET_DATE,
    )


def test_higher_is_better_on_track():
    # Needed by now: 2 x 518/1005 = 1.031 points; made: 1.4; ratio 1.358.
    assessment = profession()
    assert assessment.status == Status.ON_TRACK
    assert approx(assessment.ratio, 3) == Decimal("1.358")
    assert assessment.reason == "136% of the progress needed by this date has been made."
    # 1.4 points in 518 days, carried 487 days on: 5.4 + 1.316 = 6.716.
    assert approx(assessment.projected_value) == Decimal("6.72")
    # 0.6 points over 487 / 182.625 = 2.667 six-month spans: 0.225 each.
    assert approx(assessment.needed_per_six_months, 3) == Decimal("0.225")


def test_higher_is_better_off_track():
    # Commitment 1: 8 at launch, 16 now, 50 by 2025. Needed 42 x 518/1005 = 21.648; made 8; ratio 0.370.
    assessment = assess(
        baseline=Point(Decimal("8"), LAUNCH),
        current=Point(Decimal("16"), AS_AT),
        target_value=Decimal("50"),
        target_date=TARGET_DATE,
    )
    assert assessment.status == Status.OFF_TRACK
    assert approx(assessment.ratio, 3) == Decimal("0.370")
    # 8 in 518 days, carried 487 days on: 16 + 7.52 = 23.52.
    assert approx(assessment.projected_value) == Decimal("23.52")
    # 34 more over 2.667 spans: 12.75 each.
    assert approx(assessment.needed_per_six_months) == Decimal("12.75")


def test_higher_is_better_at_risk():
    # Made 0.8 of the 1.031 needed: ratio 0.776.
    assert profession("4.8").status == Status.AT_RISK


@pytest.mark.parametrize(
    ("current", "status", "ratio"),
    [
        # Vacancies: 15% at launch, target 10%. Needed by now: 5 x 518/1005 = 2.577 points down.
        ("12", Status.ON_TRACK, "1.164"),  # 3 points down
        ("13", Status.AT_RISK, "0.776"),  # 2 points down
        ("14", Status.OFF_TRACK, "0.388"),  # 1 point down
        ("16", Status.OFF_TRACK, "-0.388"),  # moved the wrong way
    ],
)
def test_lower_is_better(current, status, ratio):
    assessment = assess(
        baseline=Point(Decimal("15"), LAUNCH),
        current=Point(Decimal(current), AS_AT),
        target_value=Decimal("10"),
        target_date=TARGET_DATE,
        higher_is_better=False,
    )
    assert assessment.status == status
    assert approx(assessment.ratio, 3) == Decimal(ratio)


def test_lower_is_better_projection_and_pace():
    assessment = assess(
        baseline=Point(Decimal("15"), LAUNCH),
        current=Point(Decimal("12"), AS_AT),
        target_value=Decimal("10"),
        target_date=TARGET_DATE,
        higher_is_better=False,
    )
    # 3 points down in 518 days, carried 487 days on: 12 - 2.82 = 9.18.
    assert approx(assessment.projected_value) == Decimal("9.18")
    # 2 points to go over 2.667 spans: 0.75 each.
    assert approx(assessment.needed_per_six_months) == Decimal("0.75")


@pytest.mark.parametrize(
    ("current", "target", "higher_is_better"),
    [("6.1", "6", True), ("6", "6", True), ("9", "10", False), ("10", "10", False)],
)
def test_achieved(current, target, higher_is_better):
    assessment = assess(
        baseline=None,
        current=Point(Decimal(current), AS_AT),
        target_value=Decimal(target),
        target_date=TARGET_DATE,
        higher_is_better=higher_is_better,
    )
    assert assessment.status == Status.ACHIEVED


def test_no_baseline_is_not_assessed_but_still_says_the_pace_needed():
    # Commitment 10: 44 of 63 with funded plans, one figure only.
    assessment = assess(
        baseline=None, current=Point(Decimal("44"), AS_AT), target_value=Decimal("63"), target_date=TARGET_DATE
    )
    assert assessment.status == Status.NOT_ASSESSED
    assert assessment.projected_value is None
    # 19 more over 2.667 spans: 7.12 each.
    assert approx(assessment.needed_per_six_months) == Decimal("7.12")


def test_no_figure_yet_is_not_reported():
    assessment = assess(baseline=None, current=None, target_value=Decimal("30"), target_date=TARGET_DATE)
    assert assessment.status == Status.NOT_REPORTED


def test_no_target_is_not_assessed():
    assessment = assess(baseline=None, current=Point(Decimal("27"), AS_AT), target_value=None, target_date=None)
    assert assessment.status == Status.NOT_ASSESSED


def test_target_date_passed_is_off_track():
    assessment = assess(
        baseline=Point(Decimal("0"), LAUNCH),
        current=Point(Decimal("39"), date(2024, 7, 31)),
        target_value=Decimal("75"),
        target_date=date(2024, 6, 30),
    )
    assert assessment.status == Status.OFF_TRACK


def test_running_total_from_zero():
    # Commitment 17: 608 since 1 July 2022 (517 days to 30 November 2023), 2,500 by 31 March 2025 (1,004 days).
    # Needed by now: 2500 x 517/1004 = 1287.35; made 608; ratio 0.472.
    assessment = assess(
        baseline=Point(Decimal("0"), date(2022, 7, 1)),
        current=Point(Decimal("608"), AS_AT),
        target_value=Decimal("2500"),
        target_date=TARGET_DATE,
    )
    assert assessment.status == Status.OFF_TRACK
    assert approx(assessment.ratio, 3) == Decimal("0.472")
    # 608 in 517 days, carried 487 days on: 608 + 572.7 = 1180.7.
    assert approx(assessment.projected_value, 1) == Decimal("1180.7")


def test_worst_rolls_up_ignoring_unassessed():
    assert worst([Status.ON_TRACK, Status.NOT_ASSESSED, Status.AT_RISK]) == Status.AT_RISK
    assert worst([Status.ACHIEVED, Status.ACHIEVED]) == Status.ACHIEVED
    assert worst([Status.NOT_ASSESSED, Status.NOT_REPORTED]) == Status.NOT_REPORTED
    assert worst([]) == Status.NOT_REPORTED


class TestPhaseStatus:
    def test_all_done_is_achieved(self):
        assert phase_status([(PhaseStatus.DONE, None)] * 3, AS_AT).status == Status.ACHIEVED

    def test_in_progress_and_none_overdue_is_on_track(self):
        phases = [
            (PhaseStatus.DONE, None),
            (PhaseStatus.IN_PROGRESS, date(2024, 6, 30)),
            (PhaseStatus.NOT_STATED, None),
        ]
        assessment = phase_status(phases, AS_AT)
        assert assessment.status == Status.ON_TRACK
        assert assessment.reason == "1 of 3 delivery phases done, none past its due date."

    def test_an_overdue_phase_is_off_track(self):
        phases = [(PhaseStatus.IN_PROGRESS, date(2023, 4, 30))]
        assert phase_status(phases, AS_AT).status == Status.OFF_TRACK

    def test_no_stated_phase_is_not_reported(self):
        assert phase_status([(PhaseStatus.NOT_STATED, None)], AS_AT).status == Status.NOT_REPORTED
        assert phase_status([], AS_AT).status == Status.NOT_REPORTED
