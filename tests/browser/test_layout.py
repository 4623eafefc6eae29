"""On a phone, no page is wider than the screen: wide tables scroll inside their own region."""

import contextlib

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.pages import PAGES, VIEWPORTS

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


BAR_LABELS = """Array.from(document.querySelectorAll(".roadmap-chart .barlayer text"))
    .map((label) => label.textContent)"""


# Each chart's box and drawing: Plotly draws to the box's height when the window is resized.
CHART_HEIGHTS = """() => Array.from(document.querySelectorAll(".roadmap-chart"))
    .map((chart) => [chart.clientHeight, Math.round(chart.querySelector("svg").getBoundingClientRect().height)])"""


def bar_labels_after_turning_to(viewport):
    """The bar labels once the window has been resized to ``viewport`` and they have changed:
    all of them, and those that run past their chart."""

    def check(page):
        page.wait_for_selector(".roadmap-chart .barlayer text")
        before = page.evaluate(f"() => {BAR_LABELS}")
        heights_before = page.evaluate(CHART_HEIGHTS)
        page.set_viewport_size(VIEWPORTS[viewport])
        with contextlib.suppress(PlaywrightTimeoutError):  # the assertions below say what the labels are
            page.wait_for_function(
                f"(before) => JSON.stringify({BAR_LABELS}) !== JSON.stringify(before)", arg=before, timeout=5_000
            )
        page.wait_for_timeout(500)  # Plotly redraws on resize after a pause of its own
        return (
            page.evaluate(f"() => {BAR_LABELS}"),
            bar_labels_past_their_chart(page),
            (heights_before, page.evaluate(CHART_HEIGHTS)),
        )

    return check


@pytest.mark.parametrize(("first", "then", "words"), [("desktop", "mobile", False), ("mobile", "desktop", True)])
def test_bar_labels_follow_the_screen_when_it_turns(browse, first, then, words):
    labels, past_their_chart, (heights_before, heights_after) = browse(
        "/commitments/16/", bar_labels_after_turning_to(then), viewport=first
    ).result
    assert past_their_chart == []
    assert labels
    # Every chart keeps its height: Plotly's resize once took it from an empty container.
    assert heights_after == heights_before and heights_before
    # Words ("meets target", "unverified") only on a wide screen; a phone shows just the figures.
    assert any("," in label for label in labels) is words
