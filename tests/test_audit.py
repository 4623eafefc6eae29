"""Every change to a figure, status, target or text is recorded: who, when, old to new, and why."""

from decimal import Decimal

import pytest
from django.urls import reverse

from commitments.models import Commitment, DepartmentStatus, Figure, Metric
from missions.models import Mission
from tests.conftest import MODEL_BACKEND
from tests.factories import figure_form_data

pytestmark = pytest.mark.django_db


def great_services():
    return Figure.objects.get(metric__slug="great-services", period__slug="2024-02-update", department__isnull=True)


@pytest.fixture
def cddo_client(client, cddo_admin):
    client.force_login(cddo_admin, backend=MODEL_BACKEND)
    return client


@pytest.mark.parametrize(
    ("get_object", "field", "value"),
    [
        (great_services, "value", Decimal("17")),
        (lambda: DepartmentStatus.objects.get(department__code="DWP", commitment__number=21), "note", "Refreshed."),
        (lambda: Metric.objects.get(slug="great-services"), "target_value", Decimal("55")),
        (lambda: Commitment.objects.get(number=1), "short_title", "Great services"),
        (lambda: Mission.objects.get(number=1), "title", "Great public services"),
    ],
)
def test_history_is_recorded_for_each_kind_of_change(get_object, field, value):
    obj = get_object()
    before = obj.history.count()
    old = getattr(obj, field)
    setattr(obj, field, value)
    obj._change_reason = "Checked against the PDF."
    obj.save()
    latest = obj.history.first()
    assert obj.history.count() == before + 1
    assert latest.history_change_reason == "Checked against the PDF."
    change = latest.diff_against(latest.prev_record).changes[0]
    assert (change.field, change.old, change.new) == (field, old, value)


def test_an_admin_change_records_who_and_why_and_shows_old_to_new(cddo_client, cddo_admin):
    figure = great_services()
    url = reverse("admin:commitments_figure_change", args=[figure.pk])
    data = figure_form_data(figure, value="17", revision_reason="Twelfth service assessed.", change_reason="Fix")
    assert cddo_client.post(url, data).status_code == 302
    latest = great_services().history.first()
    assert latest.history_user == cddo_admin
    assert latest.history_change_reason == "Correction: Twelfth service assessed.; Fix"
    history_page = cddo_client.get(reverse("admin:commitments_figure_history", args=[figure.pk])).content.decode()
    assert "value: Decimal(&#x27;16.00&#x27;) → Decimal(&#x27;17.00&#x27;)" in history_page


def test_a_correction_to_a_published_figure_needs_a_reason_and_is_marked_revised(cddo_client, client):
    figure = great_services()
    url = reverse("admin:commitments_figure_change", args=[figure.pk])
    response = cddo_client.post(url, figure_form_data(figure, value="17"))
    assert "A correction to a published figure needs a reason." in response.content.decode()
    assert great_services().value == Decimal("16")

    cddo_client.post(url, figure_form_data(figure, value="17", revision_reason="A twelfth service was assessed."))
    corrected = great_services()
    assert corrected.value == Decimal("17")
    assert corrected.revised_on is not None
    cddo_client.logout()
    html = client.get(reverse("commitments:detail", args=[1])).content.decode()
    assert f"Revised {corrected.revised_on:%-d %B %Y}" in html
    assert "Correction: A twelfth service was assessed." in html


def test_revert_restores_the_old_value(cddo_client):
    figure = great_services()
    original = figure.history.first()
    figure.value = Decimal("99")
    figure.save()
    revert_url = reverse("admin:commitments_figure_simple_history", args=[figure.pk, original.history_id])
    form = cddo_client.get(revert_url).context["adminform"].form
    data = {name: ("" if value is None else value) for name, value in form.initial.items() if name in form.fields}
    data.update(verified="on", revision_reason="Reverting a mistaken edit.", change_reason="", as_at="")
    assert cddo_client.post(revert_url, data).status_code == 302
    assert great_services().value == Decimal("16")
