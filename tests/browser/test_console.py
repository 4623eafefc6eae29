"""No page logs a JavaScript error, throws, or fails to load something it asks for, such as a module script."""

import pytest

from tests.browser.pages import PAGES

pytestmark = pytest.mark.browser


def settle(page):
    # Errors from work that carries on after the load event, such as drawing charts, arrive once the network settles.
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_without_errors(browse, path):
    errors = browse(path, settle).errors
    assert not errors, f"{path} reported errors in the browser:\n" + "\n".join(errors)
