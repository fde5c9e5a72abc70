"""The course pages cost the same number of queries for 10 participants as for 200, and the
overview the same for one finished course as for several (bench/course_scale.py measures them
at 1,000 participants)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from itertools import count

from django.db import connection
from django.test.utils import CaptureQueriesContext

from frontline.accounts.models import Membership, Role, User
from frontline.assessment import reports
from frontline.assessment.models import Answer, Attempt, Item, Quiz
from frontline.assessment.tests.base import right_form, wrong_form
from frontline.courses import records, results
from frontline.courses.models import AgendaItem, Attendance, CourseOffering, Enrolment
from frontline.courses.tests.base import ACCEPTED_AT, FIRST_DAY, CourseTestCase
from frontline.curriculum.models import SessionRow

_numbers = count()


def grow(offering: CourseOffering, people: int, *, recorder: User) -> None:
    """Add `people` accepted participants to `offering`, each present on its first day, with a
    pre-test and a post-test submitted for it (every answer stored), written in bulk."""
    agency = offering.agency
    users = User.objects.bulk_create(
        User(username=f"scale-{n}", first_name="Pat", last_name=f"{n:05d}")
        for n in (next(_numbers) for _ in range(people))
    )
    Membership.objects.bulk_create(Membership(user=u, agency=agency, role=Role.LEARNER)
                                   for u in users)  # fmt: skip
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(offering=offering, user=u, agency=agency, status=Enrolment.Status.ACCEPTED,
                  responded_at=ACCEPTED_AT)
        for u in users
    )  # fmt: skip
    Attendance.objects.bulk_create(
        Attendance(enrolment=e, day=offering.starts_on, present=True, recorded_by=recorder)
        for e in enrolments
    )
    started = datetime.combine(offering.starts_on, time(9), UTC)
    attempts = []
    for quiz in Quiz.objects.filter(kind__in=[Quiz.Kind.PRE, Quiz.Kind.POST]):
        items = list(quiz.items.values_list("pk", flat=True)[:6])
        attempts += [
            Attempt(quiz=quiz, user=u, offering=offering, number=1, seed=1, item_ids=items,
                    started_at=started, submitted_at=started + timedelta(minutes=20),
                    score=50.0 if quiz.kind == Quiz.Kind.PRE else 80.0,
                    passed=quiz.kind == Quiz.Kind.POST)
            for u in users
        ]  # fmt: skip
    attempts = Attempt.objects.bulk_create(attempts)
    by_id = Item.objects.in_bulk({i for a in attempts for i in a.item_ids})
    answers = []
    for a in attempts:
        for n, item_id in enumerate(a.item_ids):
            item = by_id[item_id]
            form = right_form(item) if n % 2 else wrong_form(item)
            response = item.behaviour.parse(item.data, form)
            answers.append(Answer(attempt=a, item=item, response=response,
                                  score=item.behaviour.score(item.data, response),
                                  answered_at=a.submitted_at))  # fmt: skip
    Answer.objects.bulk_create(answers)


class QueriesDoNotGrowTests(CourseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        AgendaItem.objects.bulk_create(
            AgendaItem(offering=cls.offering, source=row, unit=row.unit, position=n,
                       title=row.title, planned_minutes=row.minutes, minutes=row.minutes)
            for n, row in enumerate(SessionRow.objects.select_related("unit")[:6], 1)
        )  # fmt: skip

    def queries(self, path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(path)
        self.assertEqual(response.status_code, 200, path)
        return len(captured)

    def test_the_team_s_pages_cost_the_same_for_10_and_200_participants(self) -> None:
        pk = self.offering.pk
        pages = [
            f"/courses/{pk}/results/",
            f"/courses/{pk}/results.csv",
            f"/courses/{pk}/participants/",
            f"/courses/{pk}/attendance/",
            f"/courses/{pk}/attendance/{FIRST_DAY.isoformat()}/",
            f"/courses/statistics/?course={pk}",
            f"/courses/statistics/post-test/?course={pk}",
        ]
        self.login(self.trainer)
        grow(self.offering, 8, recorder=self.trainer)  # 10 with the learner and the officer
        small = {path: self.queries(path) for path in pages}
        grow(self.offering, 190, recorder=self.trainer)
        for path in pages:
            with self.subTest(path), self.assertNumQueries(small[path]):
                self.client.get(path)

    def test_the_overview_costs_the_same_for_one_course_or_five(self) -> None:
        grow(self.offering, 8, recorder=self.trainer)
        self.login(self.coordinator)
        one = self.queries("/courses/overview/")
        for n in range(4):
            other = CourseOffering.objects.create(
                title=f"Course {n}", agency=self.academy, venue="v", language="en",
                starts_on=FIRST_DAY - timedelta(weeks=n + 1),
                ends_on=FIRST_DAY - timedelta(weeks=n + 1, days=-2),
            )  # fmt: skip
            grow(other, 20, recorder=self.trainer)
        with self.assertNumQueries(one):
            page = self.client.get("/courses/overview/")
        self.assertContains(page, "from 5 finished courses you coordinate")


class OverviewAgreesWithEachCourseTests(CourseTestCase):
    def test_batched_results_are_each_course_s_results(self) -> None:
        """The overview reads every course at once; what it finds for each participant is what
        the course's own results page finds, record rule and completion included."""
        later = CourseOffering.objects.create(
            title="Later", agency=self.academy, venue="v", language="en",
            starts_on=FIRST_DAY + timedelta(days=14), ends_on=FIRST_DAY + timedelta(days=16),
        )  # fmt: skip
        # The officer takes part in both; a test taken outside any course during the first
        # counts for it only (the second was not accepted yet).
        Enrolment.objects.create(offering=later, user=self.officer, agency=self.border,
                                 status=Enrolment.Status.ACCEPTED,
                                 responded_at=ACCEPTED_AT + timedelta(days=20))  # fmt: skip
        outside = self.take(self.officer, "pre-test", right=3, for_course=False)
        Attempt.objects.filter(pk=outside.pk).update(
            started_at=datetime.combine(FIRST_DAY, time(10), UTC)
        )
        self.take(self.learner, "pre-test", right=5)
        self.take(self.learner, "post-test", right=20)
        Attendance.objects.create(enrolment=self.enrolment(self.learner), day=FIRST_DAY,
                                  present=True, recorded_by=self.trainer)  # fmt: skip
        grow(later, 3, recorder=self.trainer)
        courses = {o.pk: o for o in (self.offering, later)}
        batched = {
            (o.pk, r.enrolment.pk): (r.pre, r.post, r.evidence, r.outstanding)
            for o, r in results._many_courses(courses)
        }
        one_by_one = {
            (o.pk, r.enrolment.pk): (r.pre, r.post, r.evidence, r.outstanding)
            for o in courses.values()
            for r in results.participant_results(
                o, list(o.enrolments.accepted()), with_mastery=False
            )
        }
        self.assertEqual(batched, one_by_one)
        self.assertEqual(len(batched), 6)


class PaginationTests(CourseTestCase):
    def test_participants_and_results_come_a_hundred_at_a_time(self) -> None:
        grow(self.offering, 148, recorder=self.trainer)  # 150 with the learner and the officer
        self.login(self.trainer)
        for page in ("participants", "results"):
            first = self.client.get(f"/courses/{self.offering.pk}/{page}/")
            self.assertContains(first, "1 to 100 of 150, page 1 of 2")
            # By last name: the 148 numbered ones first, Lena Marek on the second page.
            self.assertNotContains(first, "Marek")
            second = self.client.get(f"/courses/{self.offering.pk}/{page}/?page=2")
            self.assertContains(second, "101 to 150 of 150, page 2 of 2")
            self.assertContains(second, "Marek")
            # A page number past the end or not a number shows the last or the first page.
            self.assertContains(
                self.client.get(f"/courses/{self.offering.pk}/{page}/?page=x"), "page 1 of 2"
            )
        # The summaries count everyone, not only the page.
        self.assertContains(first, "of 150 participants have completed")


class StatisticsOverviewTests(CourseTestCase):
    def test_the_overview_counts_attempts_and_means_per_quiz_in_one_query(self) -> None:
        grow(self.offering, 4, recorder=self.trainer)
        with self.assertNumQueries(2):  # the figures, the quizzes
            summaries = {s.quiz.key: s for s in
                         reports.quiz_summaries(records.attempts_for(self.offering))}  # fmt: skip
        self.assertEqual((summaries["pre-test"].attempts, summaries["pre-test"].mean), (4, 50.0))
        self.assertEqual((summaries["post-test"].attempts, summaries["post-test"].mean), (4, 80.0))
        self.assertEqual(summaries["u1-quiz"].attempts, 0)
        self.assertIsNone(summaries["u1-quiz"].mean)
        self.login(self.trainer)
        page = self.client.get(f"/courses/statistics/?course={self.offering.pk}")
        self.assertContains(page, "<td>4</td><td>80.0%</td>", html=False)
