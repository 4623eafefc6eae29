"""While the database is unreachable, pages answer 503 with a plain message, never a stack trace."""

import pytest
from django.db import OperationalError
from django.urls import reverse

from missions.models import Mission

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
