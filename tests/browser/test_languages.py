"""The French and Arabic pages on a phone: no horizontal scroll, axe-core clean, screenshots."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import PHONE, axe_violations, new_page, screenshot, sign_in

pytestmark = pytest.mark.browser

PAGES = {"home": "/", "lesson": "/learn/u1/u1-l01/", "screening": "/field/screening/"}


@pytest.fixture
def content(personas: dict) -> None:
    from frontline.assessment.tests.base import EVERYTHING
    from frontline.content import load_all

    load_all(EVERYTHING)


@pytest.mark.parametrize("code", ["fr", "ar"])
def test_pages_in_another_language(
    browser: Any, live_server: Any, content: None, code: str
) -> None:
    page = new_page(browser, PHONE)
    page.context.add_cookies([{"name": "django_language", "value": code, "url": live_server.url}])
    sign_in(page, live_server.url, "officer")
    for name, url in PAGES.items():
        page.goto(live_server.url + url)
        assert page.get_attribute("html", "lang") == code
        assert page.get_attribute("html", "dir") == ("rtl" if code == "ar" else "ltr")
        assert page.locator(".translation-note").count() == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], url
        screenshot(page, f"{code}-{name}-360")
        assert axe_violations(page) == [], (code, url)
