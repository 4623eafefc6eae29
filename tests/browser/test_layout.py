"""On a phone, no page is wider than the screen: wide tables scroll inside their own region."""

import pytest

from tests.browser.pages import PAGES

pytestmark = pytest.mark.browser


def overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("path", PAGES)
def test_no_page_scrolls_sideways_on_a_phone(browse, path):
    assert browse(path, overflow, viewport="mobile").result <= 0


def bar_labels_past_their_chart(page):
    """The bar labels that run past the right edge of their chart, which would cut them off."""
    page.wait_for_selector(".roadmap-chart .barlayer text")
    return page.evaluate(
        """() => Array.from(document.querySelectorAll(".roadmap-chart")).flatMap((chart) => {
            const edge = chart.querySelector("svg").getBoundingClientRect().right;
            return Array.from(chart.querySelectorAll(".barlayer text"))
                .filter((label) => label.getBoundingClientRect().right > edge + 1)
                .map((label) => label.textContent);
        })"""
    )


@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
def test_every_department_bar_label_fits_its_chart(browse, viewport):
    assert browse("/commitments/16/", bar_labels_past_their_chart, viewport=viewport).result == []
