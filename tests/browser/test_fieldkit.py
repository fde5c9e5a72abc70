from __future__ import annotations

import json
from typing import Any

import pytest

from tests.browser.conftest import (
    PHONE,
    SCREENSHOTS,
    axe_violations,
    new_page,
    screenshot,
    sign_in,
)

pytestmark = pytest.mark.browser

FIELD_PAGES = [
    "/field/",
    "/field/indicators/?category=border",
    "/field/screening/",
    "/field/smuggling/",
    "/field/cards/",
    "/field/cards/child-protocol/",
    "/field/phrases/",
    "/field/phrases/ar/",
    "/field/phrases/ar/show/",
    "/field/directory/",
    "/field/directory/sheet/",
]


@pytest.fixture
def field(personas: dict) -> None:
    from django.conf import settings

    from frontline.fieldkit.directory import load_demo_directory

    load_demo_directory(settings.CONTENT_DIR)


def fill_screening(page: Any) -> None:
    """A possible minor at a border check whose companion answers for the group."""
    page.select_option("#where", "border")
    page.select_option("#check", "documents")
    page.select_option("#gender", "female")
    page.select_option("#shared_language", "no")
    page.check("input[name=minor][value=yes]")
    page.click("summary:has-text('Border checks')")
    page.check("input[value=bor-driver-answers]")
    page.check("input[name=documents_held][value=yes]")
    page.check("input[name=answers_for][value=yes]")


def server_actions() -> list[str]:
    from django.conf import settings

    from frontline.fieldkit.kit import read_fieldkit

    case = {
        "where": "border",
        "check": "documents",
        "gender": "female",
        "shared_language": "no",
        "minor": "yes",
        "observed": ["bor-driver-answers"],
        "answers": {"documents_held": "yes", "answers_for": "yes"},
    }
    result = read_fieldkit(settings.CONTENT_DIR).engine().evaluate(case)
    return [a["id"] for a in result["actions"]]


def shown_actions(page: Any) -> list[str]:
    return page.eval_on_selector_all("[data-action]", "els => els.map(e => e.dataset.action)")


def test_screening_from_context_to_action_list_on_a_phone(
    browser: Any, live_server: Any, field: None
) -> None:
    page = new_page(browser, PHONE)
    sign_in(page, live_server.url, "officer")
    page.goto(live_server.url + "/field/screening/")
    fill_screening(page)
    page.click("button:has-text('See what to do')")
    page.wait_for_selector("text=Reasonable grounds to suspect trafficking")
    actions = shown_actions(page)
    assert actions == server_actions()
    assert actions[:2] == ["presume-child", "notify-atu"]
    assert {"presume-child", "child-guardian", "interpreter", "female-officer"} <= set(actions)
    assert page.is_visible("text=Valdoria Guardianship Service")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []
    screenshot(page, "field-screening-result-360")


def test_the_same_screening_without_network(browser: Any, live_server: Any, field: None) -> None:
    page = new_page(browser, PHONE)
    sign_in(page, live_server.url, "officer")
    page.goto(live_server.url + "/field/")
    # Wait until the service worker has saved the screening page, its scripts and its rules.
    page.wait_for_function(
        """async () => {
            const reg = await navigator.serviceWorker.ready;
            if (!reg.active) return false;
            for (const key of await caches.keys()) {
                const cache = await caches.open(key);
                const needed = ['/field/screening/', '/field/screening.json',
                                '/static/fieldkit/field-screening.js', '/field/phrases/ar/',
                                '/field/smuggling/', '/static/fieldkit/field-smuggling.js'];
                const hits = await Promise.all(needed.map(u => cache.match(u)));
                if (hits.every(Boolean)) return true;
            }
            return false;
        }""",
        timeout=30000,
        polling=250,
    )
    page.context.set_offline(True)
    page.goto(live_server.url + "/field/screening/")
    page.wait_for_selector("#screening-form")
    assert page.evaluate("navigator.onLine") is False
    # The rules were read from the saved copy before the form is used.
    page.wait_for_function("() => window.FrontlineScreening !== undefined")
    fill_screening(page)
    page.click("button:has-text('See what to do')")
    page.wait_for_selector("text=Worked out on this phone without network")
    assert page.is_visible("text=Reasonable grounds to suspect trafficking")
    assert shown_actions(page) == server_actions()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "field-screening-offline-360")
    # The other saved pages open too, and the trafficking-or-smuggling comparison works.
    page.goto(live_server.url + "/field/phrases/ar/")
    assert page.is_visible("text=unreviewed translation")
    page.goto(live_server.url + "/field/smuggling/")
    page.wait_for_function("() => window.FrontlineSmuggling !== undefined")
    page.check("input[name=initiative][value=person]")
    page.check("input[name=consent][value=agreed]")
    page.check("input[name=exploitation][value=no]")
    page.check("input[name=relationship][value=ended]")
    page.click("button:has-text('Compare')")
    page.wait_for_selector("text=Looks like smuggling")
    assert page.is_visible("text=Worked out on this phone without network")
    page.context.set_offline(False)


def test_phrase_sheet_right_to_left_records_answers_into_the_screening(
    browser: Any, live_server: Any, field: None
) -> None:
    page = new_page(browser, PHONE)
    sign_in(page, live_server.url, "officer")
    page.goto(live_server.url + "/field/phrases/")
    page.click("text=العربية")
    page.wait_for_url("**/field/phrases/ar/")
    cell = page.locator("td.person-text").first
    assert cell.get_attribute("dir") == "rtl"
    assert cell.evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert page.is_visible("text=unreviewed translation")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []
    page.click("text=Show to the person")
    page.wait_for_url("**/field/phrases/ar/show/")
    big = page.locator(".show-text").first
    assert big.evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert float(big.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")) >= 28
    # The person points at ✓ for "does someone else have your passport?"
    page.locator("input[name=documents_held][value=yes]").check(force=True)
    screenshot(page, "field-phrases-ar-show-360")
    page.click("button:has-text('Use these answers in the screening')")
    page.wait_for_url("**/field/screening/?documents_held=yes")
    assert page.is_checked("input[name=documents_held][value=yes]")


def test_field_pages_accessible_at_360(browser: Any, live_server: Any, field: None) -> None:
    page = new_page(browser, PHONE)
    sign_in(page, live_server.url, "officer")
    for path in FIELD_PAGES:
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
    page.goto(live_server.url + "/field/smuggling/")
    page.check("input[name=initiative][value=recruited]")
    page.click("button:has-text('Compare')")
    page.wait_for_selector("text=Signs of trafficking")
    assert axe_violations(page) == []
    data = json.loads(page.evaluate("fetch('/field/screening.json').then(r => r.text())"))
    assert len(data["indicators"]) >= 80


def in_first_screen(page: Any, selector: str) -> bool:
    """Whether the element is wholly inside the first 360 x 740 screen, without scrolling."""
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


def test_a_child_sign_with_the_age_not_known_brings_the_child_protocol_to_the_top(
    browser: Any, live_server: Any, field: None
) -> None:
    page = new_page(browser, PHONE)
    sign_in(page, live_server.url, "officer")
    page.goto(live_server.url + "/field/screening/")
    page.select_option("#where", "street")
    page.select_option("#check", "routine")
    page.check("input[name=minor][value=unknown]")
    # The search box finds the sign without opening the categories one by one.
    page.fill("#obs-search", "under 18")
    page.wait_for_selector("input[value=chi-looks-under-age]", state="visible")
    assert page.locator(".obs-list li:visible").count() <= 3
    page.check("input[value=chi-looks-under-age]")
    page.click("button:has-text('See what to do')")
    page.wait_for_selector(".child-warning")
    firsts = page.eval_on_selector_all("[data-first]", "els => els.map(e => e.dataset.first)")
    assert firsts[0] == "presume-child"
    assert shown_actions(page)[0] == "presume-child"
    assert in_first_screen(page, ".child-warning")
    assert in_first_screen(page, "[data-first=presume-child]")
    page.screenshot(path=str(SCREENSHOTS / "field-child-sign-360.png"))
    # The safe place offered is one that takes children.
    page.click("summary:has-text('All the actions')")
    safe = page.locator("[data-action=child-safe-place]")
    assert "Little Harbour" in safe.inner_text()
    assert "women's shelter" not in safe.inner_text()
    assert axe_violations(page) == []


def test_an_act_now_result_fits_the_first_screen_of_a_phone(
    browser: Any, live_server: Any, field: None
) -> None:
    page = new_page(browser, PHONE)
    sign_in(page, live_server.url, "officer")
    page.goto(live_server.url + "/field/screening/")
    page.select_option("#where", "border")
    page.select_option("#check", "documents")
    page.select_option("#gender", "female")
    page.select_option("#shared_language", "no")
    page.check("input[name=minor][value=no]")
    page.fill("#obs-search", "forced")
    page.check("input[value=gen-says-forced]")
    page.fill("#obs-search", "driver")
    page.check("input[value=bor-documents-collected]")
    page.check("input[value=bor-driver-answers]")
    page.check("input[name=documents_held][value=yes]")
    page.check("input[name=threatened][value=yes]")
    page.click("button:has-text('See what to do')")
    page.wait_for_selector("text=Reasonable grounds to suspect trafficking")
    page.screenshot(path=str(SCREENSHOTS / "field-act-now-first-screen-360x740.png"))
    assert page.evaluate("window.scrollY") == 0
    for selector in ("#result-title", "[data-first]:nth-child(3)", "#calls-title",
                     ".calls .contact-list a[href^='tel:']"):  # fmt: skip
        assert in_first_screen(page, selector), selector
    assert page.locator("[data-first]").count() == 3
    assert page.is_visible("text=Valdoria Anti-Trafficking Unit")
    # The rest is folded until asked for.
    assert not page.is_visible("[data-action=reflection-period]")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []
