"""A commitment's status: rolled up from its measures, else from its phases, or set by hand with a reason."""

import pytest
from django.db import IntegrityError, transaction
from django.forms import modelform_factory
from django.urls import reverse

from commitments.dashboard import CommitmentProgress
from commitments.models import Commitment
from commitments.progress import Status

pytestmark = pytest.mark.django_db


def progress_of(number, period):
    return CommitmentProgress(Commitment.objects.for_dashboard(period).get(number=number), period)


def test_rolls_up_the_least_advanced_measure(latest_period):
    assert progress_of(1, latest_period).status == Status.OFF_TRACK  # great services
    assert progress_of(18, latest_period).status == Status.ON_TRACK  # the profession at 6%


def test_without_an_assessed_measure_the_phases_decide(latest_period):
    # Commitment 23: two phases done, one in progress, none overdue.
    progress = progress_of(23, latest_period)
    assert progress.status == Status.ON_TRACK
    assert progress.assessment.reason == "2 of 4 delivery phases done, none past its due date."


def test_a_measure_that_cannot_be_assessed_says_why(latest_period):
    progress = progress_of(10, latest_period)
    assert progress.status == Status.NOT_ASSESSED
    assert "no earlier figure or baseline" in progress.assessment.reason


def test_a_manual_override_wins_and_shows_its_reason(client, latest_period):
    Commitment.objects.filter(number=1).update(
        status_override=Status.AT_RISK, status_override_reason="Twelve more services assessed since November."
    )
    progress = progress_of(1, latest_period)
    assert progress.status == Status.AT_RISK
    assert progress.is_overridden
    html = client.get(reverse("commitments:detail", args=[1])).content.decode()
    assert "Set by CDDO: Twelve more services assessed since November." in html


def test_the_database_refuses_an_override_without_a_reason():
    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.filter(number=1).update(status_override=Status.ON_TRACK, status_override_reason="")


def test_the_form_explains_an_override_without_a_reason():
    commitment = Commitment.objects.get(number=1)
    form_class = modelform_factory(
        Commitment, fields=["number", "mission", "short_title", "text", "source_page", "status_override"]
    )
    form = form_class(
        instance=commitment,
        data={
            "number": 1,
            "mission": commitment.mission_id,
            "short_title": commitment.short_title,
            "text": commitment.text,
            "source_page": "7",
            "status_override": Status.ON_TRACK,
        },
    )
    assert not form.is_valid()
    assert "A status override needs a reason." in str(form.errors)
