"""Accounts: created by command, demo accounts only with DEBUG, lockout after repeated failures."""

from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from departments.models import DepartmentMembership

pytestmark = pytest.mark.django_db


def test_create_account_makes_a_lead_tied_to_their_department(monkeypatch):
    monkeypatch.setenv("ROADMAP_ACCOUNT_PASSWORD", "a-long-enough-password-2024")
    out = StringIO()
    call_command("create_account", "new-lead", "--role", "lead", "--department", "HMRC", stdout=out)
    user = get_user_model().objects.get(username="new-lead")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Department lead"]
    assert list(DepartmentMembership.objects.filter(user=user).values_list("department__code", flat=True)) == ["HMRC"]
    assert "Created new-lead as Department lead." in out.getvalue()


def test_create_account_refuses_a_weak_password(monkeypatch):
    monkeypatch.setenv("ROADMAP_ACCOUNT_PASSWORD", "password")
    with pytest.raises(CommandError, match="too short"):
        call_command("create_account", "weak", "--role", "reviewer")
    assert not get_user_model().objects.filter(username="weak").exists()


def test_a_lead_needs_a_department(monkeypatch):
    monkeypatch.setenv("ROADMAP_ACCOUNT_PASSWORD", "a-long-enough-password-2024")
    with pytest.raises(CommandError, match="needs at least one department"):
        call_command("create_account", "orphan", "--role", "lead")


def test_demo_accounts_are_refused_under_production_settings():
    with pytest.raises(CommandError, match="runs only with DEBUG=1"):
        call_command("seed_demo")
    assert not get_user_model().objects.exists()


@override_settings(DEBUG=True)
def test_demo_accounts_one_per_role_with_debug():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=StringIO())
    users = get_user_model().objects
    assert sorted(users.values_list("username", flat=True)) == ["cddo-admin", "dwp-lead", "hmrc-lead", "reviewer"]
    assert "dwp-lead     password demo-dwp-lead-password" in out.getvalue()


def test_repeated_failed_logins_lock_the_account_out(client, dwp_lead):
    login = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(login, {"username": "dwp-lead", "password": "wrong-password"})
    response = client.post(login, {"username": "dwp-lead", "password": "a-long-test-password-2024"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_good_login_works_before_any_lockout(client, dwp_lead):
    response = client.post(reverse("admin:login"), {"username": "dwp-lead", "password": "a-long-test-password-2024"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(dwp_lead.pk)


def test_sessions_expire():
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
