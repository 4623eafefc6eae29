"""Every page passes axe-core's WCAG 2.2 A and AA rules, at desktop and mobile widths."""

import pytest

from tests.browser.pages import PAGES, VIEWPORTS
from tests.browser.tools import AXE_PATH

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

RUN_AXE = """async (tags) => {
    const results = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
    return results.violations;
}"""


# The Content-Security-Policy lets scripts run only from the site itself, so axe-core is served as if from there.
AXE_URL = "/axe-core-for-tests.js"


def axe_violations(page):
    page.route(f"**{AXE_URL}", lambda route: route.fulfill(path=AXE_PATH, content_type="text/javascript"))
    page.add_script_tag(url=AXE_URL)
    return page.evaluate(RUN_AXE, WCAG_TAGS)


def describe(violations):
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}\n  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"  - at {' '.join(map(str, node['target']))}\n    {node['html']}")
            lines.extend(f"    {line}" for line in node["failureSummary"].splitlines())
    return "\n".join(lines)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_axe_violations(browse, path, viewport):
    violations = browse(path, axe_violations, viewport=viewport).result
    assert not violations, (
        f"axe found {len(violations)} WCAG violations on {path} ({viewport}):\n{describe(violations)}"
    )


# axe accepts an empty caption, and a region with an empty label as no region at all.
NAMELESS_TABLES_AND_REGIONS = """() => [...document.querySelectorAll("caption, [role=region]")]
    .filter(element => !(element.getAttribute("aria-label") ?? element.textContent).trim())
    .map(element => element.outerHTML.slice(0, 120))"""


@pytest.mark.parametrize("path", PAGES)
def test_every_table_caption_and_scrolling_region_has_a_name(browse, path):
    nameless = browse(path, lambda page: page.evaluate(NAMELESS_TABLES_AND_REGIONS)).result
    assert not nameless, f"Unnamed on {path}: {nameless}"
