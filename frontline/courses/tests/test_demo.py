from __future__ import annotations

from datetime import date

from frontline.certificates.models import Certificate
from frontline.courses import results
from frontline.courses.demo import FINISHED, UPCOMING, create_demo_courses
from frontline.courses.models import CourseOffering
from frontline.courses.survey import MIN_ANSWERS
from frontline.courses.tests.base import CourseTestCase
from frontline.lib.pageweight import BUDGET_BYTES, measure


class DemoTests(CourseTestCase):
    def test_demo_courses_have_data_on_every_screen(self) -> None:
        users = {u: getattr(self, u) for u in ("trainer", "caseworker", "officer", "learner")}
        created = create_demo_courses(users, today=date(2026, 6, 1))
        self.assertEqual(created, [FINISHED, UPCOMING])
        finished = CourseOffering.objects.get(title=FINISHED)
        outcome = results.course_results(finished)
        self.assertEqual(len(outcome.participants), 7)
        self.assertGreaterEqual(len(outcome.agencies), 3)
        # Two do not complete: one failed the post-test, one missed two days.
        self.assertEqual(outcome.completed, 5)
        self.assertTrue(all(r.gain is not None for r in outcome.participants))
        # Everyone played the required case exercise; the strong followed the model response.
        self.assertEqual(finished.required_scenarios, ["border-minibus"])
        self.assertTrue(all(r.evidence.completed_scenarios for r in outcome.participants))
        shares = {r.enrolment.user.username: r.scenarios for r in outcome.participants}
        self.assertEqual(set(shares["officer"].values()), {100.0})
        self.assertTrue(any(min(s.values()) < 100 for s in shares.values()))
        self.assertGreaterEqual(finished.survey.count(), MIN_ANSWERS)
        self.assertEqual(Certificate.objects.filter(reference=f"course:{finished.pk}").count(), 5)
        self.assertTrue(Certificate.objects.filter(holder=self.officer).exists())
        upcoming = CourseOffering.objects.get(title=UPCOMING)
        self.assertGreater(upcoming.agenda.count(), 30)
        self.assertTrue(upcoming.enrolments.filter(user=self.learner).exists())
        # Running the demo again adds nothing.
        self.assertEqual(create_demo_courses(users), [])
        # The heaviest course pages, with the demo's data in them, stay within the budget.
        self.login(self.trainer)
        for url in (f"/courses/{finished.pk}/results/", f"/courses/{upcoming.pk}/agenda/",
                    f"/courses/{finished.pk}/evaluation/"):  # fmt: skip
            with self.subTest(url=url):
                weight = measure(self.client, url)
                self.assertEqual((weight.status, weight.missing), (200, []))
                self.assertLess(weight.total, BUDGET_BYTES)
        self.assertContains(self.client.get(f"/courses/{finished.pk}/evaluation/"),
                            "6 participants answered")  # fmt: skip
