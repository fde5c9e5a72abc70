"""A trainer withdraws a participant from a finished course and the evidence stays; a five-day
course over a weekend is laid out on weekdays; the trainer lands on a home page that lists
what is waiting."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tests.browser.conftest import DESKTOP, PHONE, axe_violations, new_page, screenshot, sign_in

pytestmark = pytest.mark.browser


def _course(personas: dict, starts: date, ends: date, title: str) -> Any:
    from frontline.accounts.models import Agency
    from frontline.assessment.tests.base import EVERYTHING
    from frontline.content import load_all
    from frontline.courses.models import CourseOffering, TeamMember

    load_all(EVERYTHING)
    offering = CourseOffering.objects.create(
        title=title, agency=Agency.objects.get(name="Valdoria Police Academy"),
        starts_on=starts, ends_on=ends, venue="Hall B", language="English",
        require_post_test=False, min_attendance=50,
    )  # fmt: skip
    TeamMember.objects.create(offering=offering, user=personas["trainer"], role="lead",
                              discipline="law_enforcement")  # fmt: skip
    return offering


def test_withdrawing_from_a_finished_course_keeps_the_evidence(
    browser: Any, live_server: Any, personas: dict
) -> None:
    from django.utils import timezone

    from frontline.accounts.models import Agency
    from frontline.courses.models import Attendance, Enrolment

    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday() + 14)
    course = _course(personas, monday, monday + timedelta(days=2), "Finished course")
    border = Agency.objects.get(name="Valdoria Border Guard")
    for user in (personas["learner"], personas["officer"]):
        enrolment = Enrolment.objects.create(
            offering=course, user=user, agency=border, status=Enrolment.Status.ACCEPTED,
            responded_at=timezone.now() - timedelta(days=30),
        )  # fmt: skip
        for n in range(3):
            Attendance.objects.create(enrolment=enrolment, day=monday + timedelta(days=n),
                                      present=True, recorded_by=personas["trainer"])  # fmt: skip
    base = f"{live_server.url}/courses/{course.pk}"
    page = new_page(browser, PHONE)
    sign_in(page, live_server.url, "trainer")
    page.goto(f"{base}/participants/")
    page.click("a:has-text('Withdraw…'):has-text('Bruno Kasza')")
    assert "Withdraw Bruno Kasza?" in page.inner_text("main")
    assert "the 3 attendance marks, the results" in page.inner_text("main")
    assert axe_violations(page) == []
    screenshot(page, "academy-withdraw-phone")
    page.fill("#id_reason", "Transferred to another unit")
    page.click("main button:has-text('Withdraw')")
    page.wait_for_url(f"{base}/participants/")
    assert "withdrawn" in page.inner_text("main")
    assert "Transferred to another unit" in page.inner_text("main")
    page.goto(f"{base}/results/")
    text = page.inner_text("main")
    assert "2 of 2 participants have completed the course." in text
    assert "1 of them was withdrawn." in text
    page.goto(f"{base}/attendance/")
    assert "2 of 2" in page.inner_text("main")  # the day's marks are all still there
    assert Attendance.objects.filter(enrolment__offering=course).count() == 6


def test_a_five_day_course_over_a_weekend_is_taught_on_weekdays(
    browser: Any, live_server: Any, personas: dict
) -> None:
    from frontline.courses.models import AgendaItem
    from frontline.curriculum.models import Unit

    thursday = date(2027, 1, 7)
    course = _course(personas, thursday, thursday + timedelta(days=6), "Over the weekend")
    unit = Unit.objects.get(number=1)
    AgendaItem.objects.bulk_create(
        AgendaItem(offering=course, position=n, title=f"Day-long exercise {n}", minutes=390,
                   planned_minutes=390, unit=unit)
        for n in range(1, 6)
    )  # fmt: skip
    page = new_page(browser, DESKTOP)
    sign_in(page, live_server.url, "trainer")
    page.goto(f"{live_server.url}/courses/{course.pk}/agenda/")
    text = page.inner_text("main")
    for day in ("Thursday 7 Jan", "Friday 8 Jan", "Monday 11 Jan", "Tuesday 12 Jan",
                "Wednesday 13 Jan"):  # fmt: skip
        assert day in text, day
    assert "Saturday" not in text and "Sunday" not in text
    assert "needs 1 day more" not in text
    assert axe_violations(page) == []
    screenshot(page, "academy-weekend-agenda-desktop")
    page.goto(f"{live_server.url}/courses/{course.pk}/attendance/")
    assert "/attendance/2027-01-09/" not in page.content()


def test_the_trainer_lands_on_a_home_page_of_what_is_waiting(
    browser: Any, live_server: Any, personas: dict
) -> None:
    from django.utils import timezone

    from frontline.courses.models import Enrolment

    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday() + 7)
    course = _course(personas, monday, today + timedelta(days=9), "Running course")
    Enrolment.objects.create(offering=course, user=personas["learner"],
                             agency=course.agency, status=Enrolment.Status.ACCEPTED,
                             responded_at=timezone.now())  # fmt: skip
    for viewport, name in ((PHONE, "phone"), (DESKTOP, "desktop")):
        page = new_page(browser, viewport)
        sign_in(page, live_server.url, "trainer")
        page.wait_for_url(f"{live_server.url}/home/")
        text = page.inner_text("main")
        assert "Your teaching" in text
        assert "Attendance to take" in text
        assert "Running course" in text
        assert axe_violations(page) == []
        screenshot(page, f"academy-trainer-home-{name}")
    page.click(f"a[href='/courses/{course.pk}/attendance/{monday.isoformat()}/']")
    page.wait_for_url(f"{live_server.url}/courses/{course.pk}/attendance/{monday.isoformat()}/")
