"""The officer files a referral on a phone: screening -> "Refer this case" -> draft saved ->
sent -> the status page; the unit finds it in its inbox (second factor set up as the tests do)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import PHONE, axe_violations, new_page, screenshot, sign_in

pytestmark = pytest.mark.browser


def test_officer_refers_a_case_from_the_screening_on_a_phone(
    browser: Any, live_server: Any, personas: dict
) -> None:
    from frontline.referrals.models import Referral, Status

    page = new_page(browser, PHONE)
    sign_in(page, live_server.url, "officer")
    page.goto(live_server.url + "/field/screening/")
    page.select_option("#where", "workplace")
    page.select_option("#check", "inspection")
    page.check("input[name=minor][value=no]")
    page.check("input[name=documents_held][value=yes]")
    page.click("button:has-text('See what to do')")
    page.click("button:has-text('Refer this case')")
    page.wait_for_selector("text=Send to the unit")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []
    screenshot(page, "referral-draft-360")
    page.fill("#id_alias", "Mira K.")
    page.fill("#id_statement", "Met at the greenhouses; her passport is held by the manager.")
    page.check("input[name=consent][value=given]")
    page.check("input[name=consent_shares][value=needs]")
    page.click("button[name=save]")
    page.wait_for_selector("text=Draft saved")
    referral = Referral.objects.get()
    assert (referral.status, referral.alias) == (Status.DRAFT, "Mira K.")
    page.click("button[name=send]")
    page.wait_for_selector("text=Sent to the anti-trafficking unit")
    assert page.is_visible("text=Valdoria Anti-Trafficking Unit")
    assert not page.is_visible("text=Mira K.")  # the officer follows the status, not the person
    assert axe_violations(page) == []
    screenshot(page, "referral-sent-360")
    referral.refresh_from_db()
    assert referral.status == Status.RECEIVED
    assert referral.deadline_kind == "acknowledge"
