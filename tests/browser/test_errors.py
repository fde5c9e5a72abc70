"""The error pages at 360 px and on a desktop: readable, nothing overflowing, no serious
accessibility violations."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import DESKTOP, PHONE, axe_violations, new_page, screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "desktop"])
def test_error_pages(
    browser: Any, live_server: Any, personas: dict, settings: Any, viewport: dict
) -> None:
    settings.ROOT_URLCONF = "frontline.web.tests.error_urls"
    page = new_page(browser, viewport)
    for path, status, heading in [
        ("/tests/400", 400, "Request not understood"),
        ("/tests/403", 403, "You may not do this"),
        ("/no/such/page/", 404, "Page not found"),
        ("/tests/500", 500, "Something went wrong on our side"),
    ]:
        response = page.goto(live_server.url + path)
        assert response.status == status, path
        assert heading in page.inner_text("h1"), path
        assert axe_violations(page) == [], path
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], path
        screenshot(page, f"error-{status}-{viewport['width']}")
    # 429: five wrong passwords for one account.
    for _ in range(5):
        page.goto(live_server.url + "/accounts/login/")
        page.fill("#id_username", "learner")
        page.fill("#id_password", "not the password")
        page.click("main button[type=submit]")
    page.wait_for_selector("text=Sign-in paused")
    assert "Try again in 15" in page.inner_text("main")
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    screenshot(page, f"error-429-{viewport['width']}")
