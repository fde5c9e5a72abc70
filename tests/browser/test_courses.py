"""A trainer builds an agenda, invites three participants from a CSV file and records
attendance; a participant who completed downloads a certificate whose code verifies. A trainer
invites an officer while the mail server is down, sends the invitation again, and the officer
accepts it on a phone."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.browser.conftest import DESKTOP, PHONE, axe_violations, new_page, screenshot, sign_in

pytestmark = pytest.mark.browser

CSV = (
    "first_name,last_name,email,agency\n"
    "Mira,Dellan,mira.dellan@example.org,Valdoria Border Guard\n"
    "Jonas,Ferre,jonas.ferre@example.org,Valdoria Police\n"
    "Ines,Corbel,ines.corbel@example.org,Northmark Police\n"
)


@pytest.fixture
def course(personas: dict) -> Any:
    from django.utils import timezone

    from frontline.accounts.models import Agency
    from frontline.assessment.tests.base import EVERYTHING
    from frontline.content import load_all
    from frontline.courses.models import CourseOffering, TeamMember

    load_all(EVERYTHING)
    today = timezone.localdate()
    offering = CourseOffering.objects.create(
        title="Border checks and presumed victims",
        agency=Agency.objects.get(name="Valdoria Police Academy"),
        starts_on=today - timedelta(days=1), ends_on=today, venue="Hall B", language="English",
        require_post_test=False, min_attendance=50,
    )  # fmt: skip
    TeamMember.objects.create(offering=offering, user=personas["trainer"], role="lead",
                              discipline="law_enforcement")  # fmt: skip
    return offering


def test_trainer_runs_a_course_and_a_learner_verifies_a_certificate(
    browser: Any, live_server: Any, course: Any, personas: dict, tmp_path: Any
) -> None:
    from django.core import mail
    from django.utils import timezone

    from frontline.accounts.models import Agency
    from frontline.courses.models import Attendance, Enrolment

    base = f"{live_server.url}/courses/{course.pk}"
    page = new_page(browser, DESKTOP)
    sign_in(page, live_server.url, "trainer")

    # Agenda: start from unit 1, drop the wrap-up, shorten the definition session.
    page.goto(f"{base}/")
    assert "no co-trainer from victim assistance" in page.inner_text("main")
    page.goto(f"{base}/agenda/")
    page.check("label:has-text('1. The crime of trafficking')")
    page.click("button:has-text('Add their sessions')")
    assert "Total: 4 h 55 min of sessions over 1 day" in page.inner_text("main")
    page.uncheck("tr:has-text('Wrap-up') input[type=checkbox]")
    page.fill("tr:has-text('The international definition') input[name^=minutes]", "45")
    page.click("button:has-text('Save the agenda')")
    assert "Total: 4 h 25 min of sessions over 1 day" in page.inner_text("main")
    assert axe_violations(page) == []
    screenshot(page, "course-agenda-desktop")

    # Enrol three participants from a CSV file.
    page.goto(f"{base}/participants/")
    csv_file = tmp_path / "participants.csv"
    csv_file.write_text(CSV)
    page.set_input_files("input[type=file]", str(csv_file))
    page.click("button:has-text('Check and import')")
    page.wait_for_url(f"{base}/participants/")
    assert "3 people invited" in page.inner_text("main")
    assert len(mail.outbox) == 3
    assert axe_violations(page) == []

    # The learner persona is invited one by one and accepts on her phone; the three from the
    # list accept theirs too (here through the ORM). Then attendance for the first day.
    page.fill("#id_first_name", "Lena")
    page.fill("#id_last_name", "Marek")
    page.fill("#id_email", "learner@example.org")
    page.select_option("#id_agency", label="Valdoria Police Academy")
    page.click("button:has-text('Invite')")
    page.wait_for_url(f"{base}/participants/")
    assert Enrolment.objects.filter(offering=course).count() == 4
    learner = new_page(browser, PHONE)
    sign_in(learner, live_server.url, "learner")
    learner.goto(f"{base}/")
    learner.click("button:has-text('Accept and take part')")
    assert "You take part in this course." in learner.inner_text("main")
    Enrolment.objects.filter(offering=course, status="invited").update(
        status="accepted", responded_at=timezone.now()
    )
    page.goto(f"{base}/attendance/")
    page.click(f"a[href$='/attendance/{course.starts_on.isoformat()}/']")
    page.check("label:has-text('Lena Marek') input")
    page.check("label:has-text('Mira Dellan') input")
    assert axe_violations(page) == []
    page.click("button:has-text('Save attendance')")
    page.wait_for_url(f"{base}/attendance/")
    assert "2 of 4 present" in page.inner_text("main")
    assert Attendance.objects.filter(present=True).count() == 2

    # Lena has attended half the course (the rule here): the trainer issues certificates.
    page.goto(f"{base}/results/")
    assert "2 of 4 participants have completed the course." in page.inner_text("main")
    assert axe_violations(page) == []
    page.click("button:has-text('Issue certificates')")
    page.wait_for_url(f"{base}/results/")
    screenshot(page, "course-results-desktop")

    # The learner downloads the certificate and its code verifies publicly.
    learner.goto(f"{base}/")
    assert "You have completed this course." in learner.inner_text("main")
    assert learner.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(learner) == []
    screenshot(learner, "course-learner-360")
    with learner.expect_download() as download:
        learner.click("a:has-text('Download your certificate')")
    assert download.value.path().read_bytes().startswith(b"%PDF")
    code = learner.inner_text(".certificate-code")
    anonymous = new_page(browser, PHONE)
    anonymous.goto(f"{live_server.url}/certificates/verify/{code}")
    text = anonymous.inner_text("main")
    assert "Lena Marek" in text
    assert course.title in text
    assert Agency.objects.count() >= 3


def test_every_other_course_page_passes_axe(browser: Any, live_server: Any, personas: dict) -> None:
    from frontline.assessment.tests.base import EVERYTHING
    from frontline.content import load_all
    from frontline.courses.demo import FINISHED, UPCOMING, create_demo_courses
    from frontline.courses.models import CourseOffering, Enrolment

    load_all(EVERYTHING)
    create_demo_courses(personas)
    done = CourseOffering.objects.get(title=FINISHED).pk
    soon = CourseOffering.objects.get(title=UPCOMING).pk
    page = new_page(browser, PHONE)
    sign_in(page, live_server.url, "coordinator")
    for url in ["/courses/", "/courses/overview/", "/courses/new/", f"/courses/{done}/",
                f"/courses/{done}/team/", f"/courses/{done}/evaluation/",
                f"/courses/{done}/attendance/", f"/courses/{done}/edit/",
                f"/courses/{soon}/live/", f"/courses/{soon}/agenda/"]:  # fmt: skip
        page.goto(live_server.url + url)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], url
        assert axe_violations(page) == [], url
        if url.endswith("/live/"):
            screenshot(page, "course-live-start-360")
    screenshot(page, "course-agenda-five-units-360")
    # A participant of the finished course answers the evaluation.
    Enrolment.objects.filter(offering=done, user=personas["officer"]).update(survey_done=False)
    officer = new_page(browser, PHONE)
    sign_in(officer, live_server.url, "officer")
    officer.goto(f"{live_server.url}/courses/{done}/survey/")
    assert axe_violations(officer) == []
    officer.check("#id_relevance_3")
    for select in officer.locator("select[name$='-before'], select[name$='-after']").all():
        select.select_option("3")
    officer.click("button:has-text('Send my evaluation')")
    assert "Thank you" in officer.inner_text("main")


def test_a_failed_invitation_is_sent_again_and_accepted(
    browser: Any, live_server: Any, course: Any, personas: dict, settings: Any
) -> None:
    from django.core import mail

    from frontline.courses.models import Enrolment

    base = f"{live_server.url}/courses/{course.pk}"
    trainer = new_page(browser, DESKTOP)
    sign_in(trainer, live_server.url, "trainer")
    trainer.goto(f"{base}/participants/")
    # The mail server is down while the trainer invites an officer who already has an account.
    settings.EMAIL_BACKEND = "frontline.mail.tests.backends.DownBackend"
    trainer.fill("#id_first_name", "Bruno")
    trainer.fill("#id_last_name", "Kasza")
    trainer.fill("#id_email", "officer@example.org")
    trainer.select_option("#id_agency", label="Valdoria Border Guard")
    trainer.click("button:has-text('Invite')")
    trainer.wait_for_url(f"{base}/participants/")
    text = trainer.inner_text("main")
    assert "1 invitation could not be sent" in text
    assert "e-mail could not be sent" in text
    assert axe_violations(trainer) == []
    screenshot(trainer, "course-invitation-failed-desktop")
    phone = new_page(browser, PHONE)
    sign_in(phone, live_server.url, "trainer")
    phone.goto(f"{base}/participants/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(phone, "course-invitation-failed-360")
    # The server is back: "Send again".
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    phone.click("button:has-text('Send again')")
    phone.wait_for_url(f"{base}/participants/")
    assert "on its way again" in phone.inner_text("main")
    assert "e-mail sent" in phone.inner_text("main")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["officer@example.org"]
    assert axe_violations(phone) == []
    screenshot(phone, "course-invitation-resent-360")

    # The officer reads the invitation on a phone and accepts it.
    officer = new_page(browser, PHONE)
    sign_in(officer, live_server.url, "officer@example.org")
    officer.goto(f"{live_server.url}/courses/")
    officer.click(f"a:has-text('{course.title}')")
    assert "You are invited to this course" in officer.inner_text("main")
    assert officer.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(officer) == []
    screenshot(officer, "course-invitation-360")
    wide = new_page(browser, DESKTOP)
    sign_in(wide, live_server.url, "officer")
    wide.goto(f"{base}/")
    screenshot(wide, "course-invitation-desktop")
    officer.click("button:has-text('Accept and take part')")
    assert "For this course" in officer.inner_text("main")
    assert axe_violations(officer) == []
    screenshot(officer, "course-accepted-360")
    assert Enrolment.objects.get(offering=course, user=personas["officer"]).status == "accepted"
    desk = new_page(browser, DESKTOP)
    sign_in(desk, live_server.url, "trainer")
    desk.goto(f"{base}/participants/")
    assert "taking part" in desk.inner_text("main")
    screenshot(desk, "course-participants-desktop")
