"""The home for each role: what is waiting for the signed-in person."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from frontline.certificates.actions import issue_certificate
from frontline.courses.models import Attendance, CourseOffering, Enrolment, TeamMember
from frontline.courses.tests.base import CourseTestCase
from frontline.test import PASSWORD


class DashboardTests(CourseTestCase):
    def setUp(self) -> None:
        today = timezone.localdate()
        # A course of the trainer's that began on a Monday at least a week ago and runs on.
        monday = today - timedelta(days=today.weekday() + 7)
        self.running = CourseOffering.objects.create(
            title="Running now", agency=self.academy, venue="v", language="en",
            starts_on=monday, ends_on=today + timedelta(days=10),
        )  # fmt: skip
        TeamMember.objects.create(offering=self.running, user=self.trainer,
                                  role=TeamMember.TeamRole.LEAD,
                                  discipline=TeamMember.Discipline.LAW_ENFORCEMENT)  # fmt: skip
        self.enrolment = Enrolment.objects.create(
            offering=self.running, user=self.learner, agency=self.academy,
            status=Enrolment.Status.ACCEPTED, responded_at=timezone.now(),
        )  # fmt: skip
        Attendance.objects.create(enrolment=self.enrolment, day=monday, present=True,
                                  recorded_by=self.trainer)  # fmt: skip
        self.monday = monday
        # An ended course of the trainer's with participants and no certificate yet.
        CourseOffering.objects.filter(pk=self.offering.pk).update(
            starts_on=today - timedelta(days=9), ends_on=today - timedelta(days=7)
        )

    def test_the_trainer_sees_attendance_to_take_certificates_to_issue_and_sessions(self) -> None:
        self.login(self.trainer)
        page = self.client.get("/home/")
        self.assertContains(page, "Attendance to take")
        # Monday's attendance is taken; Tuesday's is not.
        tuesday = self.monday + timedelta(days=1)
        self.assertContains(page, f"/courses/{self.running.pk}/attendance/{tuesday}/")
        self.assertNotContains(page, f"/courses/{self.running.pk}/attendance/{self.monday}/")
        self.assertNotContains(page, f"/attendance/{self.monday + timedelta(days=5)}/")  # Sat
        self.assertContains(page, "Certificates to issue")
        self.assertContains(page, f"/courses/{self.offering.pk}/results/")
        self.assertContains(page, "Your next sessions")
        self.assertContains(page, "Running now")
        # Once a certificate is issued, the course leaves the list.
        issue_certificate(
            holder=self.learner, title="t", completed_on=self.offering.ends_on,
            reference=f"course:{self.offering.pk}", acting_user=self.trainer,
        )  # fmt: skip
        self.assertNotContains(self.client.get("/home/"), "Certificates to issue")

    def test_the_learner_sees_their_courses_and_invitations_only(self) -> None:
        Enrolment.objects.create(offering=CourseOffering.objects.create(
            title="Invited to this", agency=self.academy, venue="v", language="en",
            starts_on=timezone.localdate() + timedelta(days=30),
            ends_on=timezone.localdate() + timedelta(days=32)),
            user=self.learner, agency=self.academy)  # fmt: skip
        self.login(self.learner)
        page = self.client.get("/home/")
        self.assertContains(page, "You are invited to “Invited to this”")
        self.assertContains(page, "Running now")
        self.assertContains(page, "Continue learning")
        self.assertNotContains(page, "Your teaching")
        self.assertNotContains(page, "Your agency&#x27;s courses")

    def test_the_coordinator_sees_the_agency_s_courses(self) -> None:
        self.login(self.coordinator)
        page = self.client.get("/home/")
        self.assertContains(page, "1 running now, 0 to come.")
        self.assertContains(page, "Ended, not archived yet")
        self.assertContains(page, f"/courses/{self.offering.pk}/close/")
        self.assertNotContains(page, "Your teaching")

    def test_others_see_no_course_of_agency_a(self) -> None:
        self.login(self.outsider)
        page = self.client.get("/home/")
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, "Running now")
        self.assertNotContains(page, "Spotting trafficking")

    def test_the_page_costs_the_same_for_one_course_or_many(self) -> None:
        self.login(self.trainer)
        with CaptureQueriesContext(connection) as one:
            self.client.get("/home/")
        for n in range(5):
            extra = CourseOffering.objects.create(
                title=f"More {n}", agency=self.academy, venue="v", language="en",
                starts_on=self.running.starts_on, ends_on=self.running.ends_on,
            )  # fmt: skip
            TeamMember.objects.create(offering=extra, user=self.trainer,
                                      role=TeamMember.TeamRole.LEAD,
                                      discipline=TeamMember.Discipline.LAW_ENFORCEMENT)  # fmt: skip
            Enrolment.objects.create(offering=extra, user=self.officer, agency=self.border,
                                     status=Enrolment.Status.ACCEPTED)  # fmt: skip
        with self.assertNumQueries(len(one)):
            self.client.get("/home/")

    def test_signing_in_lands_here(self) -> None:
        r = self.client.post("/accounts/login/", {"username": "coordinator",
                                                  "password": PASSWORD})  # fmt: skip
        self.assertRedirects(r, "/home/")
