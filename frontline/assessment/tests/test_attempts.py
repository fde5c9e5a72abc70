"""Taking a quiz: drawing, saving each answer at once, submitting, limits."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from django.utils import timezone

from frontline.assessment import attempts
from frontline.assessment.kinds import BadResponse
from frontline.assessment.models import Answer, Attempt, Item
from frontline.assessment.tests.base import BankTestCase, right_form, wrong_form


class DrawTests(BankTestCase):
    def test_unit_quiz_draws_per_objective_from_its_pool(self) -> None:
        attempt = self.start(self.learner, "u4-quiz")
        items = self.items(attempt)
        self.assertEqual(len(items), 2 * 7)
        per_objective = Counter(i.primary_objective.key for i in items if i.primary_objective)
        self.assertEqual(set(per_objective.values()), {2})
        self.assertTrue(all(i.unit.key == "u4" for i in items))
        self.assertFalse(
            Item.objects.filter(pk__in=attempt.item_ids, quizzes__key__in=["pre-test", "post-test"])
        )

    def test_fixed_forms_give_everyone_the_same_items(self) -> None:
        a = self.start(self.learner, "pre-test")
        b = self.start(self.officer, "pre-test")
        self.assertEqual(sorted(a.item_ids), sorted(b.item_ids))
        self.assertEqual(len(a.item_ids), 31)

    def test_start_resumes_the_open_attempt(self) -> None:
        first = self.start(self.learner)
        self.assertEqual(self.start(self.learner).pk, first.pk)
        self.assertEqual(Attempt.objects.filter(user=self.learner).count(), 1)

    def test_attempts_run_out(self) -> None:
        for _ in range(2):
            attempts.submit(self.start(self.learner, max_attempts=2))
        with self.assertRaisesMessage(attempts.Refused, "used all 2 attempts"):
            self.start(self.learner)
        self.start(self.learner, max_attempts=0)  # 0 = unlimited

    def test_questions_keep_their_order_on_reload(self) -> None:
        attempt = self.start(self.learner)
        first = [q.item.pk for q in attempts.questions(attempt)]
        self.assertEqual(first, [q.item.pk for q in attempts.questions(attempt)])
        self.assertEqual(sorted(first), sorted(attempt.item_ids))


class AnswerTests(BankTestCase):
    def test_right_and_wrong_answers_are_scored_and_kept(self) -> None:
        attempt = self.start(self.learner, feedback="deferred")
        items = self.items(attempt)
        for item in items[:3]:
            attempts.save_answer(attempt, item, right_form(item))
        for item in items[3:5]:
            attempts.save_answer(attempt, item, wrong_form(item))
        scores = dict(Answer.objects.filter(attempt=attempt).values_list("item_id", "score"))
        self.assertEqual([scores[i.pk] for i in items[:5]], [1.0, 1.0, 1.0, 0.0, 0.0])
        done = attempts.submit(attempt)
        self.assertEqual(done.score, round(100 * 3 / len(items), 1))
        self.assertFalse(done.passed)

    def test_every_kind_in_the_bank_can_be_answered_right(self) -> None:
        for item in Item.objects.filter(retired=False):
            form = right_form(item)
            response = item.behaviour.parse(item.data, form)
            self.assertEqual(item.behaviour.score(item.data, response), 1.0, item.key)
            response = item.behaviour.parse(item.data, wrong_form(item))
            self.assertLess(item.behaviour.score(item.data, response), 1.0, item.key)

    def test_deferred_feedback_lets_the_learner_change_an_answer(self) -> None:
        attempt = self.start(self.learner, feedback="deferred")
        item = self.items(attempt)[0]
        attempts.save_answer(attempt, item, wrong_form(item))
        attempts.save_answer(attempt, item, right_form(item))
        answer = Answer.objects.get(attempt=attempt, item=item)
        self.assertEqual(answer.score, 1.0)

    def test_immediate_feedback_makes_the_first_answer_final(self) -> None:
        attempt = self.start(self.learner, feedback="immediate")
        item = self.items(attempt)[0]
        attempts.save_answer(attempt, item, wrong_form(item))
        with self.assertRaisesMessage(attempts.Refused, "already answered"):
            attempts.save_answer(attempt, item, right_form(item))
        self.assertEqual(Answer.objects.get(attempt=attempt, item=item).score, 0.0)

    def test_saving_reports_how_many_items_are_answered(self) -> None:
        attempt = self.start(self.learner, feedback="deferred")
        first, second = self.items(attempt)[:2]
        other = self.start(self.officer, feedback="deferred")  # its answers do not count here
        attempts.save_answer(other, self.items(other)[0], right_form(self.items(other)[0]))
        counts = [
            attempts.save_answer(attempt, first, wrong_form(first)).answered,
            attempts.save_answer(attempt, first, right_form(first)).answered,  # a change
            attempts.save_answer(attempt, second, right_form(second)).answered,
        ]
        self.assertEqual(counts, [1, 1, 2])
        self.assertEqual(Answer.objects.filter(attempt=attempt).count(), 2)

    def test_immediate_feedback_counts_too(self) -> None:
        attempt = self.start(self.learner, feedback="immediate")
        first, second = self.items(attempt)[:2]
        self.assertEqual(attempts.save_answer(attempt, first, right_form(first)).answered, 1)
        self.assertEqual(attempts.save_answer(attempt, second, wrong_form(second)).answered, 2)

    def test_bad_response_saves_nothing(self) -> None:
        attempt = self.start(self.learner, feedback="deferred")
        item = self.items(attempt)[0]
        attempts.save_answer(attempt, item, right_form(item))
        with self.assertRaises(BadResponse):
            attempts.save_answer(attempt, item, {"choice": ["nope"], "text": [""]})
        self.assertEqual(Answer.objects.get(attempt=attempt, item=item).score, 1.0)

    def test_nothing_changes_after_submission(self) -> None:
        attempt = self.start(self.learner, feedback="deferred")
        item = self.items(attempt)[0]
        attempts.save_answer(attempt, item, wrong_form(item))
        submitted = attempts.submit(attempt)
        with self.assertRaisesMessage(attempts.Refused, "submitted"):
            attempts.save_answer(attempt, item, right_form(item))
        with self.assertRaisesMessage(attempts.Refused, "already submitted"):
            attempts.submit(attempt)
        attempt.refresh_from_db()
        self.assertEqual(attempt.score, submitted.score)
        self.assertEqual(Answer.objects.get(attempt=attempt, item=item).score, 0.0)

    def test_time_limit(self) -> None:
        start = timezone.now()
        attempt = attempts.start(self.learner, self.quiz("u1-quiz", time_limit_minutes=10),
                                 now=start)  # fmt: skip
        self.assertEqual(attempt.deadline, start + timedelta(minutes=10))
        item = self.items(attempt)[0]
        attempts.save_answer(attempt, item, right_form(item), now=start + timedelta(minutes=9))
        with self.assertRaisesMessage(attempts.Refused, "Time is up"):
            attempts.save_answer(attempt, item, right_form(item), now=start + timedelta(minutes=11))
        closed = attempts.close_if_expired(attempt, now=start + timedelta(minutes=11))
        self.assertFalse(closed.is_open)
        self.assertEqual(closed.submitted_at, attempt.deadline)
        self.assertGreater(closed.score or 0, 0)
