"""Case exercises in the browser: a learner plays to an ending on a phone; a trainer leads a
room of three through a live run, each in their own browser context."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import DESKTOP, PHONE, axe_violations, new_page, screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def drill(personas: dict) -> None:
    from frontline.curriculum.loading import load_content
    from frontline.scenarios.loading import load_scenarios
    from frontline.scenarios.tests.base import CURRICULUM, FIXTURE_SCENARIOS

    load_scenarios(FIXTURE_SCENARIOS, load_content(CURRICULUM))


def fits(page: Any) -> None:
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_play_a_scenario_to_its_ending_on_a_phone(
    browser: Any, live_server: Any, drill: None
) -> None:
    from frontline.scenarios.models import Play

    page = new_page(browser, PHONE)
    sign_in(page, live_server.url, "learner")
    page.goto(live_server.url + "/learn/scenarios/?role=border_guard")
    fits(page)
    assert axe_violations(page) == []
    page.click("text=Drill — the van at the night checkpoint")
    page.click("main button:has-text('Start')")
    page.wait_for_url("**/learn/plays/*/")
    assert axe_violations(page) == []
    screenshot(page, "scenario-decision-360")
    page.click("button.decision-button:has-text('Speak to the passengers one by one')")
    # The consequence of the choice is shown with the next decision, and the step is saved.
    page.locator(".why").wait_for()
    assert "away from someone who may control them" in page.inner_text(".why")
    assert Play.objects.get().path == [{"node": "stop", "choice": "talk-apart"}]
    page.reload()  # a reload (or coming back later) resumes at the same decision
    assert "Decision 2" in page.inner_text("h1")
    page.click("button.decision-button:has-text('Call the specialist NGO')")
    page.click("button.decision-button:has-text('Hand over the case')")
    page.wait_for_url("**/debrief/")
    fits(page)
    assert "A referral with a clear record" in page.inner_text("main")
    assert page.locator("svg.profile-chart rect").count() == 10
    assert page.locator("a[href='/learn/u4/u4-l05/']").count() == 1
    assert axe_violations(page) == []
    screenshot(page, "scenario-debrief-360")
    page.click("text=My scenario results")
    assert "Drill — the van" in page.inner_text("main")
    fits(page)
    assert axe_violations(page) == []


def test_a_trainer_leads_three_participants_through_a_live_run(
    browser: Any, live_server: Any, drill: None
) -> None:
    from frontline.scenarios.models import LiveRun

    trainer = new_page(browser, DESKTOP)
    sign_in(trainer, live_server.url, "trainer")
    trainer.goto(live_server.url + "/live/")
    trainer.select_option("#scenario", "drill-van")
    trainer.fill("#group", "Cohort browser")
    trainer.fill("#seconds", "120")
    trainer.click("button:has-text('Start a run')")
    trainer.wait_for_url("**/control/")
    code = trainer.inner_text(".big-code")
    assert LiveRun.objects.get().code == code

    phones = []
    for username in ("learner", "officer", "coordinator"):
        phone = new_page(browser, PHONE)
        sign_in(phone, live_server.url, username)
        phone.goto(live_server.url + "/live/")
        phone.fill("#code", code.lower())
        phone.click("button:has-text('Join')")
        phone.wait_for_url(f"**/live/{code}/")
        phone.locator("text=You are in").wait_for()
        phones.append(phone)
    trainer.locator("#votes:has-text('3 participants in the room')").wait_for()
    assert axe_violations(trainer) == []
    assert axe_violations(phones[0]) == []

    def decide(votes: list[str], take: str) -> None:
        trainer.click("button:has-text('decision to the room')")
        for phone, choice in zip(phones, votes, strict=True):
            # Each phone notices the open vote by polling, then votes.
            button = phone.locator(f"button.decision-button:has-text('{choice}')")
            button.wait_for(timeout=10_000)
            button.click()
            phone.locator(".saved").wait_for()
        trainer.locator("#votes:has-text('3 votes')").wait_for(timeout=10_000)
        if take == "majority":
            trainer.click("button.take-majority")
        else:
            trainer.click(f"form.decision button.decision-button:has-text('{take}')")

    decide(["Speak to the passengers", "Speak to the passengers", "Search the cab"],
           "majority")  # fmt: skip
    phones[2].locator(".why").wait_for(timeout=10_000)
    screenshot(phones[2], "live-phone-discussing-360")
    assert axe_violations(phones[2]) == []
    decide(["Refuse entry", "Refuse entry", "Call the specialist"], "Call the specialist")
    screenshot(trainer, "live-trainer-voting-desktop")
    decide(["Hand over", "Hand over", "Leave without"], "majority")

    trainer.wait_for_url("**/debrief/")
    assert "A referral with a clear record" in trainer.inner_text("main")
    assert "taken by the trainer to discuss" in trainer.inner_text("main")
    for phone in phones:
        phone.locator("a:has-text('See the debrief')").click(timeout=10_000)
        phone.wait_for_url("**/debrief/")
        fits(phone)
    assert "The room's path" in phones[0].inner_text("main")
    assert axe_violations(phones[0]) == []
    screenshot(phones[0], "live-debrief-360")
    trainer.goto(live_server.url + "/live/results/")
    assert "Cohort browser" in trainer.inner_text("main")
    assert axe_violations(trainer) == []
    run = LiveRun.objects.get()
    assert run.status == "finished"
    assert [s["majority"] for s in run.path] == [True, False, True]
    assert [s["choice"] for s in run.path] == ["talk-apart", "call-ngo", "hand-over"]
