from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import DESKTOP, PHONE, axe_violations, new_page, screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def bank(personas: dict) -> None:
    from frontline.assessment.tests.base import EVERYTHING
    from frontline.content import load_all

    load_all(EVERYTHING)


def answer(form: Any) -> str:
    """Give some answer to one question form, the way a learner would; return what was set."""
    if form.locator("input[type=text]").count():
        form.locator("input[type=text]").fill("guardian")
        form.locator("input[type=text]").press("Tab")  # change fires when the field is left
        return "text"
    if form.locator("input[type=radio], input[type=checkbox]").count():
        form.locator("label").first.click()
        return "choice"
    selects = form.locator("select")
    for n in range(selects.count()):
        selects.nth(n).select_option(index=n % (selects.nth(n).locator("option").count() - 1) + 1)
    return "select"


def state(form: Any) -> list[Any]:
    """What the form shows as answered: checked boxes, chosen options, typed text."""
    return form.evaluate(
        """f => [...f.elements].filter(e => e.name && e.name !== 'csrfmiddlewaretoken')
                 .map(e => e.type === 'radio' || e.type === 'checkbox' ? e.checked : e.value)"""
    )


def test_half_a_quiz_answered_survives_a_reload(browser: Any, live_server: Any, bank: None) -> None:
    from frontline.assessment.models import Answer, Quiz

    Quiz.objects.filter(key="u2-quiz").update(feedback="deferred")
    page = new_page(browser, PHONE)
    sign_in(page, live_server.url, "learner")
    page.goto(live_server.url + "/learn/quizzes/u2-quiz/")
    page.click("button:has-text('Start')")
    page.wait_for_url("**/learn/attempts/*/")
    forms = page.locator("form.question")
    total = forms.count()
    assert total == 12
    before = []
    for n in range(total // 2):
        form = page.locator("form.question").nth(n)
        answer(form)
        # Each answer is acknowledged in place once the server has stored it.
        page.locator("form.question").nth(n).locator(".saved").wait_for()
        before.append(state(page.locator("form.question").nth(n)))
    assert page.locator("#answered-count").inner_text() == str(total // 2)
    assert Answer.objects.count() == total // 2
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "quiz-half-answered-360")

    page.reload()
    forms = page.locator("form.question")
    after = [state(forms.nth(n)) for n in range(total // 2)]
    assert after == before
    assert page.locator(".saved").count() == total // 2
    assert page.locator("#answered-count").inner_text() == str(total // 2)
    assert axe_violations(page) == []


def test_offline_answer_is_reported_not_lost_silently(
    browser: Any, live_server: Any, bank: None
) -> None:
    from frontline.assessment.models import Answer, Quiz

    Quiz.objects.filter(key="u3-quiz").update(feedback="deferred", shuffle_items=False)
    page = new_page(browser, PHONE)
    sign_in(page, live_server.url, "learner")
    page.goto(live_server.url + "/learn/quizzes/u3-quiz/")
    page.click("button:has-text('Start')")
    page.wait_for_url("**/learn/attempts/*/")
    page.context.set_offline(True)
    form = page.locator("form.question").first
    answer(form)
    page.locator("form.question").first.locator("text=Not saved: no connection").wait_for()
    assert Answer.objects.count() == 0
    page.context.set_offline(False)
    page.locator("form.question").first.locator("button:has-text('Save answer')").click()
    page.locator("form.question").first.locator(".saved").wait_for()
    assert Answer.objects.count() == 1


def test_immediate_feedback_review_and_statistics(
    browser: Any, live_server: Any, bank: None
) -> None:
    page = new_page(browser, PHONE)
    sign_in(page, live_server.url, "learner")
    page.goto(live_server.url + "/learn/quizzes/u4-quiz/")
    page.click("button:has-text('Start')")
    page.wait_for_url("**/learn/attempts/*/")
    for n in range(3):
        form = page.locator("form.question").nth(n)
        answer(form)
        form.locator("button:has-text('Check answer')").click()
        page.locator("form.question").nth(n).locator(".feedback").wait_for()
    screenshot(page, "quiz-feedback-360")
    assert axe_violations(page) == []
    page.click("button:has-text('Submit and see my result')")
    page.wait_for_url("**/review/")
    assert page.locator(".result strong").inner_text().endswith("%")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []
    screenshot(page, "quiz-review-360")

    coordinator = new_page(browser, DESKTOP)
    sign_in(coordinator, live_server.url, "coordinator")
    coordinator.goto(live_server.url + "/assessment/statistics/u4-quiz/")
    assert "Submitted attempts" in coordinator.inner_text("main")
    assert axe_violations(coordinator) == []
    screenshot(coordinator, "quiz-statistics-desktop")
