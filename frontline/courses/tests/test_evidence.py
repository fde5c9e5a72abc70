"""Evidence is kept: a participant is withdrawn, never deleted; a course is cancelled or
archived, never deleted with its enrolments and attendance."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import ProtectedError
from django.utils import timezone

from frontline.audit.models import AuditEvent
from frontline.courses import actions
from frontline.courses.models import Attendance, CourseOffering, Enrolment
from frontline.courses.tests.base import FIRST_DAY, CourseTestCase


class WithdrawTests(CourseTestCase):
    def setUp(self) -> None:
        for day, present in ((FIRST_DAY, True), (FIRST_DAY + timedelta(days=1), True)):
            Attendance.objects.create(enrolment=self.enrolment(self.officer), day=day,
                                      present=present, recorded_by=self.trainer)  # fmt: skip
        self.take(self.officer, "post-test", right=20)
        self.url = (f"/courses/{self.offering.pk}/participants/"
                    f"{self.enrolment(self.officer).pk}/withdraw")  # fmt: skip

    def test_asks_first_and_deletes_nothing(self) -> None:
        self.login(self.trainer)
        page = self.client.get(self.url)
        self.assertContains(page, "Withdraw Bruno Kasza?")  # the officer persona
        self.assertContains(page, "the 2 attendance marks, the results")
        self.assertTrue(self.enrolment(self.officer).accepted)  # a GET changes nothing
        self.assertEqual(self.client.post(self.url, {"reason": " "}).status_code, 400)
        self.assertEqual(self.client.post(self.url, {"reason": "x" * 301}).status_code, 400)
        self.assertTrue(self.enrolment(self.officer).accepted)
        r = self.client.post(self.url, {"reason": "Posted abroad"})
        self.assertRedirects(r, f"/courses/{self.offering.pk}/participants/")
        enrolment = self.enrolment(self.officer)
        self.assertTrue(enrolment.withdrawn)
        self.assertEqual(enrolment.withdrawal_reason, "Posted abroad")
        self.assertEqual(enrolment.attendance.count(), 2)
        event = AuditEvent.objects.get(action="courses.withdraw")
        self.assertEqual(event.justification, "Posted abroad")
        # Withdrawn twice: refused, nothing changes.
        self.assertEqual(self.client.post(self.url, {"reason": "again"}).status_code, 409)

    def test_results_keep_the_withdrawn_and_say_so(self) -> None:
        self.login(self.trainer)
        self.client.post(self.url, {"reason": "Posted abroad"})
        results = self.client.get(f"/courses/{self.offering.pk}/results/")
        self.assertContains(results, "of 2 participants have completed the course")
        self.assertContains(results, "1 of them was withdrawn.")
        self.assertContains(results, "Posted abroad")
        csv = self.client.get(f"/courses/{self.offering.pk}/results.csv").content.decode()
        officer_row = next(line for line in csv.splitlines() if "Valdoria Border Guard" in line
                           and not line.startswith("[agency]"))  # fmt: skip
        self.assertTrue(officer_row.endswith(",Posted abroad"))
        # Off the attendance list of a day; the day's counts keep their marks.
        day = self.client.get(f"/courses/{self.offering.pk}/attendance/{FIRST_DAY}/")
        self.assertNotContains(day, "Valdoria Border Guard")
        # The attendance overview counts the withdrawn among those its marks are out of.
        overview = self.client.get(f"/courses/{self.offering.pk}/attendance/")
        self.assertContains(overview, "1 of 2")
        participants = self.client.get(f"/courses/{self.offering.pk}/participants/")
        self.assertContains(participants, "withdrawn")
        # No certificate for the withdrawn.
        self.assertFalse(
            any(
                c.holder_id == self.officer.pk
                for c in actions.issue_certificates(self.offering, acting_user=self.trainer)
            )
        )

    def test_an_enrolment_or_a_course_with_evidence_cannot_be_deleted(self) -> None:
        with self.assertRaises(ProtectedError):
            self.enrolment(self.officer).delete()
        with self.assertRaises(ProtectedError):
            CourseOffering.objects.get(pk=self.offering.pk).delete()

    def test_outsiders_and_participants_cannot_withdraw(self) -> None:
        for user, status in ((self.outsider, 404), (self.learner, 403), (self.other_trainer, 404)):
            self.login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(self.url).status_code, status)
                self.assertEqual(self.client.post(self.url, {"reason": "r"}).status_code, status)
        self.assertTrue(self.enrolment(self.officer).accepted)
        self.login(self.trainer)
        self.assertEqual(self.client.put(self.url).status_code, 405)


class CloseCourseTests(CourseTestCase):
    def test_a_finished_course_is_archived_and_then_read_only(self) -> None:
        self.login(self.trainer)
        url = f"/courses/{self.offering.pk}/close/"
        self.assertContains(self.client.get(url), "Archive the course?")
        self.assertEqual(self.client.post(url, {"reason": ""}).status_code, 400)
        self.assertRedirects(self.client.post(url, {"reason": "Year closed"}),
                             f"/courses/{self.offering.pk}/")  # fmt: skip
        self.offering.refresh_from_db()
        self.assertEqual(self.offering.status, CourseOffering.Status.ARCHIVED)
        self.assertTrue(AuditEvent.objects.filter(action="courses.archived").exists())
        page = self.client.get(f"/courses/{self.offering.pk}/")
        self.assertContains(page, "it can be read, not changed")
        # Every change is refused with a 409; reading still works.
        pk = self.offering.pk
        enrolment = self.enrolment(self.officer).pk
        for path, data in (
            (f"/courses/{pk}/attendance/{FIRST_DAY}/", {"present": []}),
            (f"/courses/{pk}/participants/", {"first_name": "A"}),
            (f"/courses/{pk}/participants/{enrolment}/withdraw", {"reason": "r"}),
            (f"/courses/{pk}/certificates", {}),
            (f"/courses/{pk}/agenda/units", {}),
            (f"/courses/{pk}/edit/", {}),
            (url, {"reason": "again"}),
        ):
            with self.subTest(path=path):
                self.assertEqual(self.client.post(path, data).status_code, 409)
        self.assertTrue(self.enrolment(self.officer).accepted)
        self.assertEqual(self.client.get(f"/courses/{pk}/results/").status_code, 200)

    def test_a_course_to_come_is_cancelled_not_archived(self) -> None:
        today = timezone.localdate()
        later = CourseOffering.objects.create(
            title="Later", agency=self.academy, venue="v", language="en",
            starts_on=today + timedelta(days=7), ends_on=today + timedelta(days=9),
        )  # fmt: skip
        with self.assertRaises(actions.Refused):
            actions.close_course(later, CourseOffering.Status.ARCHIVED, reason="r",
                                 acting_user=self.coordinator)  # fmt: skip
        with self.assertRaises(actions.Refused):
            actions.close_course(self.offering, CourseOffering.Status.CANCELLED, reason="r",
                                 acting_user=self.coordinator)  # fmt: skip
        self.login(self.coordinator)
        self.assertContains(self.client.get(f"/courses/{later.pk}/close/"), "Cancel the course?")
        self.client.post(f"/courses/{later.pk}/close/", {"reason": "Trainer ill"})
        later.refresh_from_db()
        self.assertEqual(later.status, CourseOffering.Status.CANCELLED)
        self.assertEqual(later.status_reason, "Trainer ill")

    def test_outsiders_get_404_and_participants_403(self) -> None:
        url = f"/courses/{self.offering.pk}/close/"
        for user, status in ((self.outsider, 404), (self.learner, 403)):
            self.login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.post(url, {"reason": "r"}).status_code, status)
        self.offering.refresh_from_db()
        self.assertEqual(self.offering.status, CourseOffering.Status.OPEN)


class InvitationWithdrawnTests(CourseTestCase):
    def test_an_invitation_withdrawn_before_it_was_answered_never_took_part(self) -> None:
        invited = Enrolment.objects.create(offering=self.offering, user=self.analyst,
                                           agency=self.academy, invited_name="Ana")  # fmt: skip
        actions.withdraw(invited, reason="Wrong person", acting_user=self.trainer)
        self.assertNotIn(invited, self.offering.enrolments.took_part())
        self.assertEqual(invited.display_name, "Ana")
