"""Full-page screenshots of every page at desktop and mobile widths, to look at what the site shows a person.

Run against a server that is already up, for example `make run` in another terminal:

    .venv/bin/python -m tests.browser.screenshots --base-url http://127.0.0.1:8000 --out /tmp/shots
"""

import argparse
import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser.pages import PAGES, VIEWPORTS
from tests.browser.tools import launch, missing_tools


def file_stem(path):
    """A file name for a path and its query: "/" is "home", "/missions/1/?period=x" is "missions-1-period-x"."""
    page, _, query = path.partition("?")
    words = [re.sub(r"[^a-z0-9]+", "-", part.lower()).strip("-") for part in (page, query)]
    return "-".join(word for word in [words[0] or "home", words[1]] if word)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="where the site is served")
    parser.add_argument("--out", type=Path, required=True, help="folder for the PNG files")
    args = parser.parse_args(argv)
    if missing := missing_tools(chromium=True):
        sys.exit("Cannot take screenshots without " + "; ".join(missing))
    args.out.mkdir(parents=True, exist_ok=True)
    failures = 0
    with sync_playwright() as playwright:
        browser = launch(playwright)
        for name, viewport in VIEWPORTS.items():
            context = browser.new_context(viewport=viewport)
            page = context.new_page()
            for path in PAGES:
                # Charts are drawn once their scripts have loaded, after the load event.
                response = page.goto(args.base_url.rstrip("/") + path, wait_until="networkidle")
                status = response.status if response else "no response"
                if status != 200:
                    failures += 1
                file = args.out / f"{file_stem(path)}-{name}.png"
                page.screenshot(path=file, full_page=True)
                print(f"{status}  {path}  {name}  {file}")
            context.close()
        browser.close()
    if failures:
        sys.exit(f"{failures} page loads did not return 200; their screenshots show what came back instead.")


if __name__ == "__main__":
    main()
