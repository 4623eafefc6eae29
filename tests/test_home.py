"""The first page lists the six missions, their commitments and headline figures with targets."""

import pytest
from django.urls import reverse

from tests.factories import CommitmentFactory, FigureFactory, MetricFactory

pytestmark = pytest.mark.django_db


def test_home_shows_every_mission_and_commitment(client):
    response = client.get(reverse("missions:home"))
    assert response.status_code == 200
    page = response.content.decode()
    for number, title in [(1, "Transformed public services"), (2, "GOV.UK One Login"), (6, "A system that unlocks")]:
        assert f"Mission {number}: {title}" in page
    for number in range(1, 25):
        assert f"Commitment {number}:" in page


@pytest.mark.parametrize(
    "expected",
    [
        "16 of 75",  # top 75 services at 'great'
        "29 of 145",  # services on One Login
        "5.4%",  # the profession's share of the Civil Service
        "44 of 63",  # red-rated legacy systems with funded plans
        "608",  # new entrants
        "9.5%",  # senior civil servants upskilled
        "39 of 75",  # services with a single service owner
        "At least 50 of the top 75 by 2025",
        "Under 10% of total Government Digital and Data headcount",
    ],
)
def test_home_shows_headline_figures_and_targets(client, expected):
    assert expected in client.get(reverse("missions:home")).content.decode()


def test_home_names_the_period_and_its_as_at_date(client):
    page = client.get(reverse("missions:home")).content.decode()
    assert "February 2024 progress update" in page
    assert "As-at dates: Mostly November 2023; One Login at 31 December 2023" in page


def test_home_query_count_does_not_grow_with_data(client, django_assert_num_queries, latest_period):
    with django_assert_num_queries(4):
        client.get(reverse("missions:home"))
    for _ in range(10):
        commitment = CommitmentFactory(mission_id=1)
        FigureFactory(metric=MetricFactory(commitment=commitment, is_headline=True), period=latest_period)
    with django_assert_num_queries(4):
        response = client.get(reverse("missions:home"))
    assert response.content.decode().count("Commitment 1") >= 10
