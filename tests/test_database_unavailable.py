"""While the database is unreachable, pages answer 503 with a plain message, never a stack trace."""

import pytest
from django.db import OperationalError
from django.urls import reverse

from commitments.models import ReportingPeriod
from missions.models import DataVersion, Mission
from roadmap_site import page_cache

pytestmark = pytest.mark.django_db


def test_a_database_outage_is_a_503_with_retry_after(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(Mission.objects, "for_dashboard", unreachable)
    response = client.get(reverse("missions:home"))
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    page = response.content.decode()
    assert "Sorry, the service is unavailable" in page
    assert "Traceback" not in page and "OperationalError" not in page


def test_a_cached_page_is_still_served_while_the_database_is_down(client, monkeypatch):
    cached_url, uncached_url = reverse("missions:home"), reverse("missions:about")
    assert client.get(cached_url).status_code == 200

    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(DataVersion.objects, "current_token", unreachable)
    monkeypatch.setattr(Mission.objects, "for_dashboard", unreachable)
    monkeypatch.setattr(ReportingPeriod.objects, "with_has_figures", unreachable)

    response = client.get(cached_url)
    assert response.status_code == 200
    assert "Transforming for a Digital Future" in response.content.decode()
    assert client.get(uncached_url).status_code == 503


def test_an_outage_before_any_version_was_read_is_a_503(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(page_cache, "last_known_token", None)
    monkeypatch.setattr(DataVersion.objects, "current_token", unreachable)
    monkeypatch.setattr(Mission.objects, "for_dashboard", unreachable)
    response = client.get(reverse("missions:home"))
    assert response.status_code == 503
    assert "Sorry, the service is unavailable" in response.content.decode()
