from __future__ import annotations

from typing import Any

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import DESKTOP, PHONE, axe_violations, new_page, screenshot, sign_in

pytestmark = pytest.mark.browser


def sign_in_with_second_factor(page: Any, base: str, user: Any) -> None:
    # Since the second factor is enrolled only through a set-up link, the person needs a
    # confirmed authenticator before signing in (as the demo's personas have).
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    sign_in(page, base, user.username)
    page.wait_for_url("**/accounts/second-factor/**")
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    page.fill("#id_token", f"{token:06d}")
    page.click("main button[type=submit]")
    page.wait_for_url(base + "/home/")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "desktop"])
def test_who_looked_at_this(browser: Any, live_server: Any, personas: dict, viewport: dict) -> None:
    from frontline.accounts.actions import change_account
    from frontline.accounts.models import Agency
    from frontline.audit.log import Kind, record_read

    agency = Agency.objects.get(name="Northmark Police")
    record_read("courses.export_results", actor=personas["trainer"], target=agency,
                kind=Kind.DISCLOSURE, details={"format": "csv", "participants": 14})  # fmt: skip
    record_read("test.view", actor=personas["analyst"], target=agency, justification="case 7")
    change_account(personas["learner"], acting_user=personas["admin"], is_staff=True,
                   email="lena.marek@example.org")  # fmt: skip
    page = new_page(browser, viewport)
    sign_in_with_second_factor(page, live_server.url, personas["admin"])
    page.goto(f"{live_server.url}/audit/")
    assert "change_account" in page.inner_text("main")
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    screenshot(page, f"audit-{viewport['width']}")
    # "Who looked at this?": follow an object's link.
    page.click(f"a[href='?object_type=accounts.agency&object_id={agency.pk}']")
    page.wait_for_url("**object_id=*")
    text = page.inner_text("main table")
    assert "test.view" in text and "courses.export_results" in text
    assert "change_account" not in text
    # A person typed by name comes back as a filter by id.
    page.fill("#id_person", "analyst")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**actor={personas['analyst'].pk}**")
    assert "case 7" in page.inner_text("main table")
    assert axe_violations(page) == []
