"""On a phone, no page is wider than the screen: wide tables scroll inside their own region."""

import pytest

from tests.browser.pages import PAGES

pytestmark = pytest.mark.browser


def overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("path", PAGES)
def test_no_page_scrolls_sideways_on_a_phone(browse, path):
    assert browse(path, overflow, viewport="mobile").result <= 0
