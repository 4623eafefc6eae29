"""Security headers on a public page and an admin page, under the production settings."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

PAGES = [reverse("missions:home"), reverse("commitments:detail", args=[1]), reverse("admin:login")]


@pytest.mark.parametrize("url", PAGES)
def test_content_security_policy_allows_no_inline_script_or_style(client, url):
    policy = client.get(url, secure=True)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"].startswith("'self'")
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


@pytest.mark.parametrize("url", PAGES)
def test_transport_and_content_headers(client, url):
    # The second visit to a public page comes from the cache, before most of the middleware runs.
    for _visit in ("first", "repeat"):
        response = client.get(url, secure=True)
        assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_session_and_csrf_cookies_are_secure_and_http_only(client, dwp_lead):
    login = reverse("admin:login")
    csrf = client.get(login, secure=True).cookies["csrftoken"]
    assert csrf["secure"]
    response = client.post(login, {"username": "dwp-lead", "password": PASSWORD}, secure=True)
    session = response.cookies["sessionid"]
    assert session["secure"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"
