from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import DESKTOP, PHONE, axe_violations, new_page, screenshot, sign_in

pytestmark = pytest.mark.browser

LEARNER_PAGES = [
    "/learn/",
    "/learn/u4/",
    "/learn/u4/u4-l07/",
    "/learn/glossary/",
    "/search/?q=reflection+period",
    "/library/?topic=border",
    "/library/palermo-protocol/",
]


@pytest.fixture
def content(personas: dict) -> None:
    from frontline.curriculum.loading import load_content
    from frontline.curriculum.tests.base import CONTENT

    load_content(CONTENT)


def test_learner_reads_a_lesson_on_a_phone_and_marks_it_done(
    browser: Any, live_server: Any, content: None
) -> None:
    page = new_page(browser, PHONE)
    sign_in(page, live_server.url, "learner")
    page.goto(live_server.url + "/learn/")
    page.click("text=Continue where you left off")
    page.wait_for_url("**/learn/u1/u1-l01/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "lesson-360")
    page.click("button:has-text('Mark as done')")
    # HTMX swaps the form in place: no page load, and the new state is announced.
    page.wait_for_selector("text=You have marked this lesson as done.")
    assert page.url.endswith("/learn/u1/u1-l01/")
    page.goto(live_server.url + "/learn/")
    first_unit = page.locator(".unit-card").first
    assert "1 of 7" in first_unit.inner_text()
    page.click("text=Continue where you left off")
    page.wait_for_url("**/learn/u1/u1-l02/")


def test_glossary_term_explained_on_focus(browser: Any, live_server: Any, content: None) -> None:
    page = new_page(browser, PHONE)
    sign_in(page, live_server.url, "learner")
    page.goto(live_server.url + "/learn/u1/u1-l03/")
    term = page.locator("a.term").first
    term.focus()
    tip = page.evaluate("getComputedStyle(document.activeElement, '::after').content")
    assert len(tip) > 20
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "desktop"])
def test_learner_pages_accessible(
    browser: Any, live_server: Any, content: None, viewport: dict
) -> None:
    page = new_page(browser, viewport)
    sign_in(page, live_server.url, "learner")
    for path in LEARNER_PAGES:
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], path
    page.goto(live_server.url + "/search/?q=reflection+period")
    screenshot(page, f"search-{viewport['width']}")
