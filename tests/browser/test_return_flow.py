"""End to end in Chromium: a lead enters and submits a return, CDDO approves it, the public page shows it."""

import datetime

import pytest
from django.core.management import call_command

from commitments.models import DepartmentReturn, Metric, ReportingPeriod
from departments.accounts import create_account

# serialized_rollback brings back what migrations made (the role groups) once the test empties the database.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "a-long-browser-test-password"


def sign_in(context, base, username):
    page = context.new_page()
    page.goto(f"{base}/admin/login/?next=/returns/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    return page


def return_cycle(browser, base, period_slug, vacancy_id, no_plan_id):
    """Runs on the browser's thread; returns what each person saw."""
    seen = {}
    lead = browser.new_context()
    page = sign_in(lead, base, "dwp-lead")
    page.click("text=Department for Work and Pensions")
    page.fill(f"#id_value_{vacancy_id}", "9.4")
    page.fill(f"#id_value_{no_plan_id}", "0")
    page.click("button[name=submit]")
    seen["lead"] = page.inner_text("main")
    lead.close()

    cddo = browser.new_context()
    page = sign_in(cddo, base, "cddo-admin")
    page.goto(f"{base}/returns/tracker/?period={period_slug}")
    seen["tracker"] = page.inner_text("main")
    page.click("a[href*='/returns/review/']")
    page.check("input[value=approve]")
    page.click("text=Record the decision")
    seen["after review"] = page.inner_text("main")
    cddo.close()

    public = browser.new_context()
    page = public.new_page()
    page.goto(f"{base}/departments/dwp/?period={period_slug}")
    seen["public"] = page.inner_text("main")
    public.close()
    return seen


def test_a_full_return_from_entry_to_the_public_page(browser, live_server):
    call_command("load_report", verbosity=0)
    period = ReportingPeriod.objects.create(
        slug="2024-05",
        name="May 2024 return",
        as_at=datetime.date(2024, 5, 31),
        as_at_label="May 2024",
        state=ReportingPeriod.State.OPEN,
    )
    create_account("dwp-lead", PASSWORD, "lead", ["DWP"])
    create_account("cddo-admin", PASSWORD, "cddo-admin")
    vacancy = Metric.objects.get(slug="vacancy-rate")
    no_plan = Metric.objects.get(slug="legacy-no-plan")

    seen = browser.run(return_cycle, browser.browser, live_server.url, period.slug, vacancy.pk, no_plan.pk)

    assert "Return submitted. CDDO will review it before it is published." in seen["lead"]
    assert "Submitted for review: 1." in seen["tracker"]
    assert "approved and published" in seen["after review"]
    assert "9.4%" in seen["public"]
    assert "Meets the target (at or under 10%)" in seen["public"]
    assert DepartmentReturn.objects.get(period=period).state == DepartmentReturn.State.APPROVED
