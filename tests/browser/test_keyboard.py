"""Keyboard users get the skip link first, and can see where focus is on every element they tab to."""

from contextlib import suppress

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.pages import PAGES

pytestmark = pytest.mark.browser

# Enough to tab through a long page; a page with more tab stops than this is itself a keyboard problem.
MOST_TAB_STOPS = 400

# The styles that make a focus indicator stand out; a change of text colour or underline alone is too faint to
# count. An outline in a transparent colour (GOV.UK Frontend's, for Windows high contrast mode) shows nothing.
LOOK = """(element) => {
    const style = getComputedStyle(element);
    const outlineShows = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
        && !/^rgba\\(.*, 0\\)$|^transparent$/.test(style.outlineColor);
    return JSON.stringify({
        outline: outlineShows ? `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}` : "none",
        boxShadow: style.boxShadow,
        background: style.backgroundColor,
    });
}"""

REMEMBER_UNFOCUSED_LOOKS = f"""() => {{
    const look = {LOOK};
    for (const element of document.querySelectorAll("*")) element.unfocusedLook = look(element);
}}"""

# What the element Tab reached looks like, focused and not; "repeat" once focus wraps round to an element it had.
DESCRIBE_FOCUS = f"""() => {{
    const element = document.activeElement;
    if (element === null || element === document.body) return null;
    if (element.reachedByTab) return "repeat";
    element.reachedByTab = true;
    return {{
        html: element.outerHTML.slice(0, 200),
        unfocused: element.unfocusedLook ?? null,
        focused: ({LOOK})(element),
    }};
}}"""


def follow_skip_link(page):
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    first = {"text": focused.inner_text().strip(), "box": focused.bounding_box()}
    page.keyboard.press("Enter")
    # Following a link, even within the page, is a navigation that can finish after the key press returns.
    # If it never does, the test's assertions say where it went instead.
    with suppress(PlaywrightTimeoutError):
        page.wait_for_url("**#main-content", timeout=5_000)
    return first, page.url, page.evaluate("document.activeElement.id")


def tab_through(page):
    """How many tab stops there are, the HTML of those where focus looks no different, and whether Tab ended."""
    page.evaluate(REMEMBER_UNFOCUSED_LOOKS)
    unmarked, stops = [], 0
    for _ in range(MOST_TAB_STOPS):
        page.keyboard.press("Tab")
        focus = page.evaluate(DESCRIBE_FOCUS)
        if focus in (None, "repeat"):
            return stops, unmarked, True
        stops += 1
        if focus["unfocused"] == focus["focused"]:
            unmarked.append(focus["html"])
    return stops, unmarked, False


def test_skip_link_comes_first_and_moves_focus_to_main(browse):
    first, url, focused_id = browse("/", follow_skip_link).result
    assert first["text"] == "Skip to main content", f"The first Tab reaches {first['text']!r}, not the skip link"
    box = first["box"]
    assert box and box["width"] > 1 and box["height"] > 1 and box["y"] >= 0, "The focused skip link is not on screen"
    assert url.endswith("#main-content"), f"Following the skip link went to {url}"
    assert focused_id == "main-content", f"Following the skip link focused #{focused_id}, not the main content"


@pytest.mark.parametrize("path", PAGES)
def test_every_tab_stop_shows_focus(browse, path):
    stops, unmarked, ended = browse(path, tab_through).result
    assert ended, f"{path} has more than {MOST_TAB_STOPS} tab stops"
    assert stops, f"Tab reaches nothing on {path}"
    assert not unmarked, f"{path} has tab stops that look the same focused as not:\n" + "\n".join(unmarked)
