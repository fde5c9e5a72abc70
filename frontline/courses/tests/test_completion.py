"""Completion rules as a pure function, and the evidence gathered from the database."""

from __future__ import annotations

from datetime import timedelta

from django.test import SimpleTestCase
from django.utils import timezone

from frontline.assessment.models import Attempt
from frontline.courses import completion
from frontline.courses.completion import Evidence, Rules, is_complete, outstanding
from frontline.courses.models import Attendance
from frontline.courses.tests.base import FIRST_DAY, LAST_DAY, CourseTestCase
from frontline.scenarios import play
from frontline.scenarios.models import Scenario

RULES = Rules(min_attendance=80, require_post_test=True, required_scenarios=frozenset({"s1"}))


class RuleTests(SimpleTestCase):
    def test_all_met(self) -> None:
        evidence = Evidence(5, 5, True, frozenset({"s1", "s2"}))
        self.assertTrue(is_complete(RULES, evidence))
        self.assertEqual(outstanding(RULES, evidence), [])

    def test_each_missing_piece_is_named(self) -> None:
        left = outstanding(RULES, Evidence(3, 5, False, frozenset()))
        self.assertEqual(len(left), 3)
        self.assertIn("80% of the course days (4 of 5); you attended 3", left[0])
        self.assertEqual(left[1], "Pass the post-test.")
        self.assertIn("“s1”", left[2])

    def test_attendance_share_boundary(self) -> None:
        rules = Rules(80, require_post_test=False)
        self.assertTrue(is_complete(rules, Evidence(4, 5, False)))  # exactly 80 %
        self.assertFalse(is_complete(rules, Evidence(3, 4, False)))  # 75 %
        # Days needed round up: 80 % of 3 days is 2.4, so 3 days.
        self.assertIn("(3 of 3)", outstanding(rules, Evidence(2, 3, False))[0])

    def test_rules_switched_off(self) -> None:
        rules = Rules(0, require_post_test=False)
        self.assertTrue(is_complete(rules, Evidence(0, 3, False)))

    def test_no_course_days_is_no_attendance(self) -> None:
        self.assertEqual(Evidence(0, 0, True).attendance, 0.0)

    def test_required_scenarios_compare_as_sets(self) -> None:
        rules = Rules(0, False, frozenset({"a", "b"}))
        self.assertEqual(len(outstanding(rules, Evidence(0, 1, False, frozenset({"a"})))), 1)
        self.assertTrue(is_complete(rules, Evidence(0, 1, False, frozenset({"b", "a", "c"}))))


class EvidenceTests(CourseTestCase):
    def test_attendance_post_test_and_scenarios(self) -> None:
        learner = self.enrolment(self.learner)
        for day in (FIRST_DAY, LAST_DAY):
            Attendance.objects.create(enrolment=learner, day=day, present=True,
                                      recorded_by=self.trainer)  # fmt: skip
        Attendance.objects.create(enrolment=learner, day=FIRST_DAY + timedelta(days=1),
                                  present=False, recorded_by=self.trainer)  # fmt: skip
        # Outside the course's days: does not count.
        Attendance.objects.create(enrolment=learner, day=LAST_DAY + timedelta(days=7),
                                  present=True, recorded_by=self.trainer)  # fmt: skip
        post = self.take(self.learner, "post-test", right=99)
        self.assertTrue(post.passed)
        # Submitted after the course began.
        Attempt.objects.filter(pk=post.pk).update(
            submitted_at=timezone.make_aware(timezone.datetime(2026, 3, 4, 15))
        )
        # A case exercise played for the course to its end counts; one left half-way does not.
        for_course = {"acting_user": self.learner, "offering_id": self.offering.pk}
        finished = play.start(Scenario.objects.get(key="border-minibus"), **for_course)
        for step in finished.scenario.graph.best_path().steps:  # type: ignore[union-attr]
            play.choose(finished, step.choice.id, acting_user=self.learner)
        play.start(Scenario.objects.get(key="sports-team"), **for_course)
        evidence = completion.evidence_for(self.offering, [learner, self.enrolment(self.officer)])
        self.assertEqual(evidence[learner.pk], Evidence(2, 3, True, frozenset({"border-minibus"})))
        self.assertEqual(evidence[self.enrolment(self.officer).pk], Evidence(0, 3, False))

    def test_a_post_test_passed_before_the_course_does_not_count(self) -> None:
        post = self.take(self.learner, "post-test", right=99)
        Attempt.objects.filter(pk=post.pk).update(
            submitted_at=timezone.make_aware(timezone.datetime(2026, 2, 1, 12))
        )
        learner = self.enrolment(self.learner)
        self.assertFalse(completion.evidence_for(self.offering, [learner])[learner.pk]
                         .post_test_passed)  # fmt: skip
