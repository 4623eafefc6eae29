"""Fixtures for the browser tests: a live server over the test database, and the system Chromium beside it.

Playwright's sync API leaves its asyncio loop marked as running on the thread that drives it, between calls too.
On the test thread that would make Django refuse each test's database work as async-unsafe, and hand out a
second set of connections that outlive the tests. So Playwright runs on a thread of its own: a test passes it a
function of the page, and asserts on what comes back.
"""

import json
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest
from playwright.sync_api import sync_playwright
from pytest_django.live_server_helper import LiveServer

from tests.browser.pages import PAGES, VIEWPORTS
from tests.browser.tools import VNU_JAR_PATH, launch, missing_tools

# Long enough for a slow page on a busy machine; short enough that a hung browser fails the test.
BROWSER_CALL_TIMEOUT = 120


def require(missing):
    """Skips the tests that need a missing tool, or fails them where CI says the browser checks must run."""
    if not missing:
        return
    reason = "the browser tests need " + "; ".join(missing)
    if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
        pytest.fail(f"REQUIRE_BROWSER_TESTS=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def site_url(django_db_setup):
    """A live server over the test database, with the report the session loaded into it.

    pytest-django's live_server fixture would make each test transactional, emptying the database after it. These
    tests only read, so as plain database tests they share one server and run before any test empties it.
    """
    server = LiveServer("localhost")
    yield server.url
    server.stop()


class BrowserThread:
    """The system Chromium, driven through Playwright from a thread of its own."""

    def __init__(self):
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="playwright")
        self._playwright = self.run(lambda: sync_playwright().start())
        self.browser = self.run(launch, self._playwright)

    def run(self, function, *args):
        return self._thread.submit(function, *args).result(timeout=BROWSER_CALL_TIMEOUT)

    def close(self):
        self.run(self.browser.close)
        self.run(self._playwright.stop)
        self._thread.shutdown()


@pytest.fixture(scope="session")
def browser():
    require(missing_tools(chromium=True, axe=True))
    chromium = BrowserThread()
    yield chromium
    chromium.close()


@dataclass
class Visit:
    result: Any
    errors: list[str]


def open_page(browser, site_url, path, check, viewport, javascript):
    """Runs on the browser's thread: loads the page in a fresh context, then runs check on it.

    Console errors, uncaught exceptions and failed requests are noted on the way.
    """
    context = browser.new_context(viewport=VIEWPORTS[viewport], java_script_enabled=javascript)
    try:
        context.set_default_timeout(15_000)
        page = context.new_page()
        errors = []

        def on_console(message):
            if message.type == "error":
                errors.append(f"console error: {message.text} ({message.location.get('url')})")

        page.on("console", on_console)
        page.on("pageerror", lambda error: errors.append(f"uncaught exception: {error}"))
        page.on("requestfailed", lambda request: errors.append(f"request failed: {request.url} ({request.failure})"))
        response = page.goto(site_url + path)
        assert response is not None, f"GET {path} gave no response"
        assert response.status == 200, f"GET {path} returned {response.status}, not 200"
        return Visit(result=check(page), errors=errors)
    finally:
        context.close()


@pytest.fixture
def browse(browser, site_url, db):
    """browse(path, check) loads the page and returns a Visit with check(page)'s result and the errors seen."""

    def visit(path, check, *, viewport="desktop", javascript=True):
        return browser.run(open_page, browser.browser, site_url, path, check, viewport, javascript)

    return visit


@dataclass
class CheckedPage:
    status: int
    messages: list[dict] = field(default_factory=list)


@pytest.fixture(scope="session")
def checked_pages(site_url, django_db_blocker, tmp_path_factory):
    """Every page, fetched and then checked in one run of the checker, since the JVM takes seconds to start."""
    require(missing_tools(vnu=True))
    folder = tmp_path_factory.mktemp("html")
    checked, files = {}, {}
    # Session fixtures are set up before the test's own database access opens, and the server needs it.
    with django_db_blocker.unblock():
        for number, path in enumerate(PAGES):
            try:
                with urlopen(site_url + path, timeout=30) as response:
                    status, html = response.status, response.read()
            except HTTPError as error:
                status = error.code
            checked[path] = CheckedPage(status=status)
            if status == 200:
                file = folder / f"page-{number:02}.html"
                file.write_bytes(html)
                files[file.name] = path
    if not files:
        return checked
    command = ["java", "-jar", str(VNU_JAR_PATH), "--format", "json", "--stdout", "--exit-zero-always"]
    run = subprocess.run(
        [*command, *(str(folder / name) for name in files)], capture_output=True, text=True, timeout=300, check=False
    )
    assert run.returncode == 0, f"The Nu HTML Checker failed (exit {run.returncode}):\n{run.stderr}"
    for message in json.loads(run.stdout)["messages"]:
        name = Path(message.get("url", "")).name
        assert name in files, f"The Nu HTML Checker reported a problem with no page to it: {message}"
        checked[files[name]].messages.append(message)
    return checked
