"""With JavaScript off every page still has its content, and every table is there to read.

Charts are drawn by JavaScript beside the tables, so the tables are what someone without it reads.
"""

import pytest

from tests.browser.pages import PAGES

pytestmark = pytest.mark.browser


def readable_content(page):
    # A table behind a "show the data" disclosure counts as there to read: <details> opens without JavaScript.
    for summary in page.locator("details:not([open]) > summary").all():
        summary.click()
    main = page.locator("main")
    return {
        "mains": main.count(),
        "text": main.first.inner_text().strip() if main.count() else "",
        "tables": [(table.is_visible(), table.locator("td, th").count()) for table in page.locator("table").all()],
    }


@pytest.mark.parametrize("path", PAGES)
def test_page_works_without_javascript(browse, path):
    content = browse(path, readable_content, javascript=False).result
    assert content["mains"] == 1, f"{path} has {content['mains']} <main> elements, not 1"
    assert content["text"], f"{path} shows nothing in <main> without JavaScript"
    for number, (visible, cells) in enumerate(content["tables"], start=1):
        assert visible, f"{path}: table {number} is hidden when JavaScript is off"
        assert cells, f"{path}: table {number} has no cells"
