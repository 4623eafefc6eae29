"""A department page printed to PDF in Chromium carries the department's figures, on A4."""

import io

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.browser


def print_to_pdf(page):
    page.emulate_media(media="print")
    return page.pdf(format="A4", print_background=False)


def test_a_printed_department_page_has_its_figures(browse):
    pdf = browse("/departments/mod/", print_to_pdf).result
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Ministry of Defence" in text
    assert "7 of 11" in text
    assert "Roadmap in place" in text
    assert "Printed from" in text and "/departments/mod/" in text
    # No site navigation on paper.
    assert "Sign in to enter figures" not in text
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    # A4 is 595 by 842 points; Chromium rounds its page size to whole hundredths of an inch.
    assert abs(float(width) - 595) < 2 and abs(float(height) - 842) < 2
