"""Settings read the environment strictly and fail fast with a message that says what to set."""

import pytest

from tests.processes import run_manage


def run_check(**environment):
    return run_manage("check", **environment)


@pytest.mark.parametrize("debug", ["0", "false", ""])
def test_without_debug_a_missing_secret_key_stops_start_up(debug):
    result = run_check(DEBUG=debug, ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_without_debug_missing_allowed_hosts_stops_start_up():
    result = run_check(DEBUG="0", SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_a_debug_value_that_is_not_a_yes_or_no_stops_start_up():
    result = run_check(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


def test_debug_runs_without_a_secret_key():
    result = run_check(DEBUG="1")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("site_url", "message"),
    [
        ("roadmap.example.gov.uk", "SITE_URL must be the site's scheme and host only"),
        ("https://roadmap.example.gov.uk/data/", "SITE_URL must be the site's scheme and host only"),
        ("ftp://roadmap.example.gov.uk", "SITE_URL must be the site's scheme and host only"),
        ("https://editor:secret@roadmap.example.gov.uk", "SITE_URL must be the site's scheme and host only"),
        ("https://roadmap.example.gov.uk:99999", "SITE_URL must be the site's scheme and host only"),
        ("https://roadmap.example.gov.uk:web", "SITE_URL must be the site's scheme and host only"),
        ("https://roadmap.example.gov.uk:", "SITE_URL must be the site's scheme and host only"),
        ("https://elsewhere.example.com", "SITE_URL's host elsewhere.example.com is not in ALLOWED_HOSTS"),
    ],
)
def test_a_site_url_the_site_would_not_answer_at_stops_start_up(site_url, message):
    result = run_check(DEBUG="1", ALLOWED_HOSTS="roadmap.example.gov.uk", SITE_URL=site_url)
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize(
    ("site_url", "allowed_hosts", "read_as"),
    [
        ("https://roadmap.example.gov.uk/", ".example.gov.uk", "https://roadmap.example.gov.uk"),
        ("https://Roadmap.Example.gov.uk.:8443", "roadmap.example.gov.uk", "https://Roadmap.Example.gov.uk.:8443"),
        ("http://[::1]:8000", "[::1]", "http://[::1]:8000"),
    ],
)
def test_a_site_url_on_an_allowed_host_is_read_as_scheme_and_host(site_url, allowed_hosts, read_as):
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SITE_URL)",
        DEBUG="1",
        ALLOWED_HOSTS=allowed_hosts,
        SITE_URL=site_url,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == read_as


def test_production_settings_pass_the_deploy_checks():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="k" * 20 + "-long-and-random-enough-for-the-deploy-check-0123456789",
        ALLOWED_HOSTS="roadmap.example.gov.uk",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
