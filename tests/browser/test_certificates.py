from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.browser.conftest import DESKTOP, PHONE, axe_violations, new_page, screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def certificates(personas: dict) -> dict[str, Any]:
    from frontline.certificates.actions import issue_certificate, revoke_certificate

    learner, trainer = personas["learner"], personas["trainer"]
    valid = issue_certificate(
        holder=learner,
        title="Identifying and referring presumed victims of trafficking",
        completed_on=date(2026, 11, 20),
        reference="course:1",
        acting_user=trainer,
    )
    revoked = issue_certificate(
        holder=learner,
        title="Border checks: indicators of trafficking",
        completed_on=date(2026, 10, 2),
        reference="course:2",
        acting_user=trainer,
    )
    revoke_certificate(revoked, reason="attendance misrecorded", acting_user=trainer)
    return {"valid": valid, "revoked": revoked}


def fits(page: Any, viewport: dict) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "desktop"])
def test_learner_lists_and_verifies(
    browser: Any, live_server: Any, certificates: dict, viewport: dict
) -> None:
    page = new_page(browser, viewport)
    sign_in(page, live_server.url, "learner")
    page.goto(live_server.url + "/certificates/")
    assert page.locator(".card").count() == 2
    assert axe_violations(page) == []
    assert fits(page, viewport)
    screenshot(page, f"certificates-mine-{viewport['width']}")
    # The verification link of the valid certificate leads to its public page.
    card = page.locator(".card", has_text=certificates["valid"].title)
    card.get_by_role("link", name="Verification page").click()
    page.wait_for_url("**/certificates/verify/*")
    assert "This certificate is valid" in page.inner_text("main")
    assert axe_violations(page) == []
    assert fits(page, viewport)
    screenshot(page, f"certificates-verify-{viewport['width']}")


def test_anyone_types_a_code(browser: Any, live_server: Any, certificates: dict) -> None:
    page = new_page(browser, PHONE)  # not signed in
    page.goto(live_server.url + "/certificates/verify/")
    assert axe_violations(page) == []
    page.fill("#code", certificates["revoked"].code.lower())
    page.click("main button[type=submit]")
    page.wait_for_url(f"**{certificates['revoked'].get_absolute_url()}")
    text = page.inner_text("main")
    assert "This certificate has been revoked" in text
    assert "misrecorded" not in text
    assert axe_violations(page) == []
    screenshot(page, "certificates-verify-revoked-360")
    page.fill("#code", "0000-0000-0000")
    page.click("main button[type=submit]")
    assert "No certificate has this code" in page.inner_text("main")
    assert axe_violations(page) == []
    assert fits(page, PHONE)
    screenshot(page, "certificates-verify-unknown-360")
