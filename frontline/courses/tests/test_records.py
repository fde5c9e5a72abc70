"""Learning records belong to the course that produced them (courses/records.py), and an
existing account added to a course is an invitation its owner accepts first.

The leak this closes: a trainer of an unrelated agency created a course, added an existing
officer by e-mail, and the course's results at once showed the officer's tests and case
exercises from another agency's course.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from frontline.accounts.models import Agency, Membership, Role, User
from frontline.assessment.models import Attempt
from frontline.audit.models import AuditEvent
from frontline.courses import records
from frontline.courses.models import CourseOffering, Enrolment, TeamMember
from frontline.courses.tests.base import CourseTestCase
from frontline.mail.models import Message
from frontline.scenarios import play
from frontline.scenarios.models import Play, Scenario


class NorthmarkCourseTestCase(CourseTestCase):
    """The academy course of the base (the officer took its tests and its case exercise), and
    a course run now by a Northmark trainer who has never met the officer."""

    content = True

    northmark: Agency
    stranger: User
    course: CourseOffering

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.northmark = Agency.objects.get(name="Northmark Police")
        cls.stranger = User.objects.create(username="nm-trainer", first_name="Nils",
                                           last_name="Moor", email="nils@example.org")  # fmt: skip
        Membership.objects.create(user=cls.stranger, agency=cls.northmark, role=Role.TRAINER)
        today = timezone.localdate()
        cls.course = CourseOffering.objects.create(
            title="Lakeside refresher", agency=cls.northmark, starts_on=today - timedelta(days=1),
            ends_on=today + timedelta(days=5), venue="Lakeside", language="English",
        )  # fmt: skip
        TeamMember.objects.create(offering=cls.course, user=cls.stranger,
                                  role=TeamMember.TeamRole.LEAD)  # fmt: skip

    def setUp(self) -> None:
        # The officer's earlier record, all made for the academy course.
        self.take(self.officer, "pre-test", right=5)
        self.take(self.officer, "post-test", right=30)
        self.finish_case(self.officer, self.offering)

    def finish_case(self, user: User, offering: CourseOffering | None) -> Play:
        current = play.start(Scenario.objects.get(key="border-minibus"), acting_user=user,
                             offering_id=offering.pk if offering else None)  # fmt: skip
        for step in current.scenario.graph.best_path().steps:  # type: ignore[union-attr]
            play.choose(current, step.choice.id, acting_user=user)
        current.refresh_from_db()
        return current

    def invite_officer(self) -> Enrolment:
        self.login(self.stranger)
        r = self.client.post(f"/courses/{self.course.pk}/participants/", {
            "first_name": "Bruno", "last_name": "K.", "email": "OFFICER@example.org",
            "agency": self.northmark.pk,
        })  # fmt: skip
        self.assertEqual(r.status_code, 302)
        return Enrolment.objects.get(offering=self.course, user=self.officer)

    def results_csv(self) -> list[dict[str, str]]:
        self.login(self.stranger)
        r = self.client.get(f"/courses/{self.course.pk}/results.csv")
        return [row for row in csv.DictReader(io.StringIO(r.content.decode()))
                if not row["participant"].startswith("[agency]")]  # fmt: skip


class LeakClosedTests(NorthmarkCourseTestCase):
    def test_before_accepting_the_team_sees_the_name_it_typed_and_invited(self) -> None:
        enrolment = self.invite_officer()
        self.assertEqual(enrolment.status, Enrolment.Status.INVITED)
        page = self.client.get(f"/courses/{self.course.pk}/participants/")
        self.assertContains(page, "Bruno K.")
        self.assertContains(page, "invited")
        self.assertNotContains(page, "Kasza")  # the account's own name
        self.assertEqual(self.results_csv(), [])
        results = self.client.get(f"/courses/{self.course.pk}/results/")
        self.assertNotContains(results, "Kasza")
        self.assertNotContains(results, "Bruno")
        stats = self.client.get(f"/courses/statistics/?course={self.course.pk}")
        self.assertNotContains(stats, "Kasza")
        self.assertEqual(records.attempts_for(self.course).count(), 0)

    def test_after_accepting_earlier_records_stay_out_and_new_ones_count(self) -> None:
        enrolment = self.invite_officer()
        self.login(self.officer)
        page = self.client.get(f"/courses/{self.course.pk}/")
        self.assertContains(page, "You are invited to this course")
        self.assertContains(page, "Nothing you did before accepting")
        r = self.client.post(f"/courses/{self.course.pk}/invitation", {"answer": "accept"})
        self.assertRedirects(r, f"/courses/{self.course.pk}/")
        enrolment.refresh_from_db()
        self.assertEqual(enrolment.status, Enrolment.Status.ACCEPTED)
        self.assertTrue(AuditEvent.objects.filter(action="courses.invitation_accepted",
                                                  actor=self.officer).exists())  # fmt: skip
        [row] = self.results_csv()
        self.assertIn("Kasza", row["participant"])
        self.assertEqual((row["pre_test"], row["post_test"], row["normalised_gain"]), ("", "", ""))
        self.assertEqual(row["scenario_competencies"], "")
        # The academy's team still sees the officer's work for the academy course.
        academy = records.attempts_for(self.offering)
        self.assertEqual(academy.filter(user=self.officer).count(), 2)
        # The officer takes the post-test from the Northmark course's page.
        self.login(self.officer)
        r = self.client.post(f"/courses/{self.course.pk}/quiz/post-test")
        attempt = Attempt.objects.get(user=self.officer, offering=self.course)
        self.assertRedirects(r, attempt.get_absolute_url(), fetch_redirect_response=False)
        self.assertEqual(list(records.attempts_for(self.course)), [attempt])
        self.assertEqual(records.attempts_for(self.offering).filter(pk=attempt.pk).count(), 0)

    def test_declining_shows_the_team_nothing_more(self) -> None:
        self.invite_officer()
        self.login(self.officer)
        r = self.client.post(f"/courses/{self.course.pk}/invitation", {"answer": "decline"})
        self.assertRedirects(r, "/courses/")
        self.assertEqual(self.client.get(f"/courses/{self.course.pk}/").status_code, 404)
        self.login(self.stranger)
        page = self.client.get(f"/courses/{self.course.pk}/participants/")
        self.assertContains(page, "declined")
        self.assertEqual(self.results_csv(), [])


class WindowTests(NorthmarkCourseTestCase):
    """Records started outside the course's page count from acceptance to the last day."""

    def accept(self) -> Enrolment:
        enrolment = self.invite_officer()
        Enrolment.objects.filter(pk=enrolment.pk).update(
            status=Enrolment.Status.ACCEPTED, responded_at=timezone.now() - timedelta(hours=1)
        )
        return enrolment

    def test_made_meanwhile_counts_made_for_another_course_does_not(self) -> None:
        self.accept()
        meanwhile = self.take(self.officer, "u1-quiz", right=3, for_course=False)
        elsewhere = self.finish_case(self.officer, self.offering)  # for the academy course
        unlinked = self.finish_case(self.officer, None)
        self.assertEqual(list(records.attempts_for(self.course)), [meanwhile])
        self.assertEqual(set(records.plays_for(self.course)), {unlinked})
        self.assertNotIn(elsewhere, records.plays_for(self.course))

    def test_made_after_the_last_day_or_before_accepting_does_not_count(self) -> None:
        self.accept()
        late = self.take(self.officer, "u1-quiz", right=3, for_course=False)
        Attempt.objects.filter(pk=late.pk).update(
            started_at=timezone.now() + timedelta(days=6)  # the day after the last day
        )
        early = self.take(self.officer, "u2-quiz", right=3, for_course=False)
        Attempt.objects.filter(pk=early.pk).update(started_at=timezone.now() - timedelta(hours=2))
        self.assertEqual(records.attempts_for(self.course).count(), 0)

    def test_a_record_made_for_the_course_counts_after_its_last_day(self) -> None:
        self.accept()
        self.login(self.officer)
        self.client.post(f"/courses/{self.course.pk}/quiz/u1-quiz")
        Attempt.objects.filter(offering=self.course).update(
            started_at=timezone.now() + timedelta(days=9)
        )
        self.assertEqual(records.attempts_for(self.course).count(), 1)

    def test_unenrolled_participant_takes_their_records_along(self) -> None:
        self.accept()
        self.login(self.officer)
        self.client.post(f"/courses/{self.course.pk}/quiz/u1-quiz")
        Enrolment.objects.filter(offering=self.course).delete()
        self.assertEqual(records.attempts_for(self.course).count(), 0)

    def test_a_second_course_has_its_own_pre_test(self) -> None:
        # The pre-test allows one attempt; the officer used it for the academy course.
        self.accept()
        self.login(self.officer)
        r = self.client.post(f"/courses/{self.course.pk}/quiz/pre-test")
        attempt = Attempt.objects.get(user=self.officer, offering=self.course, quiz__key="pre-test")
        self.assertRedirects(r, attempt.get_absolute_url(), fetch_redirect_response=False)


class ParticipantPageTests(NorthmarkCourseTestCase):
    def test_pages_for_participants_wait_for_acceptance(self) -> None:
        self.invite_officer()
        self.login(self.officer)
        for page in ("quiz/post-test", "case/border-minibus"):
            with self.subTest(page=page):
                self.assertEqual(self.client.post(f"/courses/{self.course.pk}/{page}").status_code,
                                 403)  # fmt: skip
        self.assertEqual(self.client.get(f"/courses/{self.course.pk}/survey/").status_code, 403)
        self.assertFalse(Attempt.objects.filter(offering=self.course).exists())

    def test_the_invitation_is_listed_and_answered_once(self) -> None:
        self.invite_officer()
        self.login(self.officer)
        self.assertContains(self.client.get("/courses/"), "Invitations")
        self.assertEqual(
            self.client.post(f"/courses/{self.course.pk}/invitation", {"answer": "maybe"})
            .status_code, 400,
        )  # fmt: skip
        self.client.post(f"/courses/{self.course.pk}/invitation", {"answer": "accept"})
        self.client.post(f"/courses/{self.course.pk}/invitation", {"answer": "decline"})
        enrolment = Enrolment.objects.get(offering=self.course, user=self.officer)
        self.assertEqual(enrolment.status, Enrolment.Status.ACCEPTED)
        self.assertEqual(AuditEvent.objects.filter(action__startswith="courses.invitation_")
                         .count(), 1)  # fmt: skip

    def test_outsiders_get_404_and_wrong_methods_405(self) -> None:
        self.invite_officer()
        for user in (self.learner, self.outsider, self.trainer):
            self.login(user)
            for page in ("invitation", "quiz/post-test", "case/border-minibus"):
                with self.subTest(user=user.username, page=page):
                    r = self.client.post(f"/courses/{self.course.pk}/{page}", {"answer": "accept"})
                    self.assertEqual(r.status_code, 404)
        self.login(self.officer)
        for page in ("invitation", "quiz/post-test", "case/border-minibus"):
            with self.subTest(page=page):
                self.assertEqual(self.client.get(f"/courses/{self.course.pk}/{page}").status_code,
                                 405)  # fmt: skip

    def test_the_team_does_not_answer_for_the_participant(self) -> None:
        self.invite_officer()
        self.login(self.stranger)
        r = self.client.post(f"/courses/{self.course.pk}/invitation", {"answer": "accept"})
        self.assertEqual(r.status_code, 403)
        self.assertEqual(Enrolment.objects.get(offering=self.course).status, "invited")

    def test_starting_from_the_course_page(self) -> None:
        self.invite_officer()
        accepted = {"status": Enrolment.Status.ACCEPTED, "responded_at": timezone.now()}
        Enrolment.objects.filter(offering=self.course).update(**accepted)
        self.login(self.officer)
        page = self.client.get(f"/courses/{self.course.pk}/")
        self.assertContains(page, "For this course")
        self.assertContains(page, f"/courses/{self.course.pk}/quiz/pre-test")
        r = self.client.post(f"/courses/{self.course.pk}/case/border-minibus")
        current = Play.objects.get(user=self.officer, offering=self.course)
        self.assertRedirects(r, current.get_absolute_url(), fetch_redirect_response=False)
        self.assertEqual(self.client.post(f"/courses/{self.course.pk}/case/nope").status_code,
                         404)  # fmt: skip


class StatisticsTests(NorthmarkCourseTestCase):
    """Item statistics for the people a trainer teaches, whatever agency sent them."""

    def test_the_academy_trainer_sees_the_border_guard_s_attempts(self) -> None:
        self.take(self.outsider, "pre-test", right=3, for_course=False)  # nobody's course
        self.login(self.trainer)
        for page in (f"/courses/statistics/?course={self.offering.pk}", "/courses/statistics/"):
            with self.subTest(page=page):
                r = self.client.get(page)
                self.assertContains(r, "Bruno Kasza")  # a border guard, not the trainer's agency
                self.assertNotContains(r, "Oskar")
        r = self.client.get(f"/courses/statistics/pre-test/?course={self.offering.pk}")
        self.assertContains(r, "<dt>Submitted attempts</dt><dd>1</dd>", html=True)
        r = self.client.get(f"/courses/statistics/pre-test/items.csv?course={self.offering.pk}")
        self.assertEqual(r["Content-Type"], "text/csv; charset=utf-8")
        r = self.client.get(f"/courses/statistics/gain.csv?course={self.offering.pk}")
        self.assertIn("Bruno Kasza", r.content.decode())
        event = AuditEvent.objects.get(action="assessment.export_gain")
        self.assertEqual(event.object_id, str(self.offering.pk))

    def test_a_trainer_sees_nobody_else_s(self) -> None:
        self.login(self.stranger)  # runs the Northmark course only
        r = self.client.get("/courses/statistics/")
        self.assertNotContains(r, "Kasza")
        self.assertContains(r, "<td>0</td>", html=True)
        self.login(self.other_trainer)  # same academy, not on the team
        self.assertNotContains(self.client.get("/courses/statistics/"), "Kasza")

    def test_per_persona(self) -> None:
        page = f"/courses/statistics/?course={self.offering.pk}"
        expected = {"trainer": 200, "coordinator": 200, "admin": 200, "learner": 403,
                    "officer": 403, "outsider": 404, "analyst": 404, "caseworker": 404}  # fmt: skip
        for username, status in expected.items():
            self.login(getattr(self, username))
            with self.subTest(persona=username):
                self.assertEqual(self.client.get(page).status_code, status)
        across = {"trainer": 200, "coordinator": 200, "admin": 200, "learner": 403,
                  "officer": 403, "outsider": 403, "analyst": 403, "caseworker": 403}  # fmt: skip
        for username, status in across.items():
            self.login(getattr(self, username))
            with self.subTest(persona=username, page="across"):
                self.assertEqual(self.client.get("/courses/statistics/").status_code, status)
        self.login(self.trainer)
        self.assertEqual(self.client.get("/courses/statistics/?course=x").status_code, 404)
        self.assertEqual(self.client.post("/courses/statistics/").status_code, 405)
        self.assertEqual(self.client.get("/courses/statistics/nope/").status_code, 404)


class QueryCountTests(NorthmarkCourseTestCase):
    """The team's pages over participants cost the same number of queries for 2 people or 7."""

    def grow(self, count: int) -> None:
        for n in range(count):
            user = User.objects.create(username=f"p{n}", first_name="P", last_name=str(n),
                                       email=f"p{n}@example.org")  # fmt: skip
            enrolment = Enrolment.objects.create(
                offering=self.offering, user=user, agency=self.border,
                status=Enrolment.Status.ACCEPTED if n % 2 else Enrolment.Status.INVITED,
                responded_at=timezone.now(), invited_name=f"P {n}",
            )  # fmt: skip
            if n % 2:
                self.take(user, "pre-test", right=3)
                self.finish_case(user, self.offering)
            else:
                enrolment.invitation = Message.objects.create(
                    composer="frontline.courses.mail.invitation", recipient=user,
                    status=Message.Status.FAILED,
                )  # fmt: skip
                enrolment.save()

    def test_results_participants_and_statistics(self) -> None:
        pages = ["results/", "results.csv", "participants/", "attendance/"]
        self.login(self.trainer)
        before = {}
        for page in pages:
            self.client.get(f"/courses/{self.offering.pk}/{page}")
            with CaptureQueriesContext(connection) as queries:
                self.client.get(f"/courses/{self.offering.pk}/{page}")
            before[page] = len(queries)
        self.grow(5)
        for page in pages:
            with self.subTest(page=page), CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(f"/courses/{self.offering.pk}/{page}")
                                 .status_code, 200)  # fmt: skip
            self.assertEqual(len(queries), before[page], page)
