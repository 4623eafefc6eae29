"""Every page is valid HTML by the Nu HTML Checker (vnu), the W3C's validator."""

import warnings

import pytest

from tests.browser.pages import PAGES

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


class HTMLCheckerWarning(UserWarning):
    """A warning from the Nu HTML Checker: worth a look, but valid HTML."""


def describe(messages):
    return "\n".join(
        f"  line {message.get('lastLine', '?')}: {message['message']}\n    {message.get('extract', '').strip()}"
        for message in messages
    )


@pytest.mark.parametrize("path", PAGES)
def test_page_is_valid_html(checked_pages, path):
    page = checked_pages[path]
    assert page.status == 200, f"GET {path} returned {page.status}, not 200"
    problems = [message for message in page.messages if message["type"] != "info"]
    notes = [message for message in page.messages if message.get("subType") == "warning"]
    if notes:
        warnings.warn(HTMLCheckerWarning(f"The Nu HTML Checker warns on {path}:\n{describe(notes)}"), stacklevel=1)
    assert not problems, f"The Nu HTML Checker found {len(problems)} errors on {path}:\n{describe(problems)}"
