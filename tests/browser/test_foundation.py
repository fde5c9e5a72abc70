from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    axe_violations,
    new_page,
    screenshot,
    sign_in,
)

pytestmark = pytest.mark.browser

ANONYMOUS_PAGES = ["/", "/accounts/login/", "/accounts/password/reset/"]
SIGNED_IN_PAGES = ["/", "/accounts/", "/accounts/password/"]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "desktop"])
def test_anonymous_pages_accessible(browser: Any, live_server: Any, viewport: dict) -> None:
    page = new_page(browser, viewport)
    for path in ANONYMOUS_PAGES:
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path
        # Nothing overflows sideways on a phone.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], (path, width)
    page.goto(live_server.url + "/")
    screenshot(page, f"home-{viewport['width']}")


def test_sign_in_and_signed_in_pages(browser: Any, live_server: Any, personas: dict) -> None:
    page = new_page(browser)
    sign_in(page, live_server.url, "officer")
    page.wait_for_url(live_server.url + "/home/")  # signing in lands on the home page
    page.goto(live_server.url + "/")  # the site's front page says who is signed in
    assert "Frontline officer · Valdoria Border Guard" in page.inner_text("main")
    for path in SIGNED_IN_PAGES:
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path
    screenshot(page, "password-change-360")
    page.click("header button:has-text('Sign out')")
    page.wait_for_url(live_server.url + "/")
    assert page.locator("header a:has-text('Sign in')").is_visible()


def test_second_factor_enrolment(browser: Any, live_server: Any, personas: dict) -> None:
    from frontline.accounts import second_factor

    page = new_page(browser)
    # The password alone: told to use the set-up link, and nothing to enrol with.
    sign_in(page, live_server.url, "investigator")
    page.wait_for_url("**/accounts/second-factor/**")
    assert "open the set-up link" in page.inner_text("main")
    assert page.locator("img.qr").count() == 0
    assert axe_violations(page) == []
    screenshot(page, "second-factor-missing-360")
    # The link (as e-mailed), then a code from the app: recovery codes, shown once.
    link = second_factor.issue_link(personas["investigator"], acting_user=None)
    page.goto(live_server.url + urlsplit(link).path)
    page.wait_for_url("**/accounts/second-factor/set-up/")
    assert axe_violations(page) == []
    screenshot(page, "second-factor-setup-360")
    device = TOTPDevice.objects.get(user__username="investigator", confirmed=False)
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    page.fill("#id_token", f"{token:06d}")
    page.click("main button[type=submit]")
    page.wait_for_selector("ul.recovery-codes")
    codes = page.locator("ul.recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "recovery-codes-360")
    page.click("main a:has-text('continue')")
    page.wait_for_url(live_server.url + "/")
    assert "ATU analyst" in page.inner_text("main")
    # Later, without the phone: a recovery code.
    page.click("header button:has-text('Sign out')")
    sign_in(page, live_server.url, "investigator")
    page.wait_for_url("**/accounts/second-factor/**")
    screenshot(page, "second-factor-360")
    page.fill("#id_token", codes[0])
    page.click("main button[type=submit]")
    page.wait_for_url(live_server.url + "/home/")  # signing in lands on the home page


def test_keyboard_skip_link(browser: Any, live_server: Any) -> None:
    page = new_page(browser)
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_right_to_left(browser: Any, live_server: Any) -> None:
    page = new_page(browser)
    page.goto(live_server.url + "/")
    page.select_option("#language", "ar")
    page.click("footer button:has-text('Change')")
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert axe_violations(page) == []
    screenshot(page, "home-rtl-360")


def test_no_csp_violations(browser: Any, live_server: Any) -> None:
    # A page context without bypass: the real policy applies and nothing may be refused.
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(live_server.url + "/")
    page.wait_for_function("typeof window.htmx !== 'undefined'")
    assert [e for e in errors if "Content Security Policy" in e] == []
