from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from frontline.assessment import attempts
from frontline.assessment.tests.base import BankTestCase, right_form
from frontline.certificates.actions import issue_certificate
from frontline.curriculum.models import Lesson
from frontline.scenarios import play
from frontline.scenarios.tests.base import BEST, BEST_SCORES, ScenarioTestCase
from frontline.test import BaseTestCase
from frontline.xapi import outbox
from frontline.xapi.models import Statement
from frontline.xapi.tests.fake_lrs import FakeLrs

SITE = "http://127.0.0.1:8000"
ADL = "http://adlnet.gov/expapi/verbs/"


class LrsTestCase(BaseTestCase):
    lrs: FakeLrs

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.lrs = FakeLrs()
        cls.enterClassContext(override_settings(XAPI_LRS_URL=cls.lrs.url, SITE_URL=SITE))

    @classmethod
    def tearDownClass(cls) -> None:
        cls.lrs.stop()
        super().tearDownClass()

    def setUp(self) -> None:
        self.lrs.statements.clear()
        self.lrs.headers.clear()
        self.lrs.answer = 204

    def mark_done(self, lesson: Lesson) -> None:
        self.login(self.learner)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                lesson.get_absolute_url() + "done", {"done": "1"}, HTTP_HX_REQUEST="true"
            )
        self.assertLess(response.status_code, 400)


class LessonStatementTests(LrsTestCase):
    def test_a_lesson_marked_done_reaches_the_lrs_with_stable_ids_and_no_name(self) -> None:
        lesson = Lesson.objects.current().get(key="u1-l01")
        self.mark_done(lesson)
        [(statement_id, body)] = self.lrs.statements.items()
        self.assertEqual(body["id"], statement_id)
        self.assertEqual(body["verb"]["id"], ADL + "completed")
        self.assertEqual(body["object"]["id"], f"{SITE}/learn/u1/u1-l01/")
        self.assertEqual(
            body["object"]["definition"]["type"], "http://adlnet.gov/expapi/activities/lesson"
        )
        self.assertEqual(
            body["context"]["contextActivities"]["parent"][0]["id"], f"{SITE}/learn/u1/"
        )
        self.assertEqual(body["actor"], {"objectType": "Agent", "account": {
            "homePage": SITE, "name": str(self.learner.pk)}})  # fmt: skip
        self.assertNotIn(self.learner.email, str(body))
        self.assertEqual(self.lrs.headers[0]["x-experience-api-version"], "1.0.3")
        self.assertIsNotNone(Statement.objects.get().sent_at)
        # Marked done again: no second statement.
        self.mark_done(lesson)
        self.assertEqual(len(self.lrs.statements), 1)

    def test_without_an_lrs_nothing_is_kept(self) -> None:
        with override_settings(XAPI_LRS_URL=""):
            self.mark_done(Lesson.objects.current().get(key="u1-l02"))
        self.assertFalse(Statement.objects.exists())
        self.assertEqual(self.lrs.statements, {})


class StoreDownTests(LrsTestCase):
    def test_nothing_is_lost_while_the_store_is_down(self) -> None:
        self.lrs.answer = 503
        lessons = list(Lesson.objects.current().filter(unit__key="u1")[:3])
        for lesson in lessons[:2]:
            self.mark_done(lesson)
        self.assertEqual(self.lrs.statements, {})
        waiting = Statement.objects.filter(sent_at__isnull=True)
        self.assertEqual(waiting.count(), 2)
        self.assertEqual(set(waiting.values_list("last_error", flat=True)), {"HTTPError"})
        # The store is back: the next statement takes those that waited along.
        self.lrs.answer = 204
        self.mark_done(lessons[2])
        self.assertEqual(len(self.lrs.statements), 3)
        self.assertFalse(Statement.objects.filter(sent_at__isnull=True).exists())

    def test_the_command_sends_what_waited(self) -> None:
        self.lrs.answer = 503
        self.mark_done(Lesson.objects.current().get(key="u1-l01"))
        out = StringIO()
        call_command("xapi_send", stdout=out)
        self.assertEqual(out.getvalue().strip(), "0 sent, 1 still waiting")
        self.lrs.answer = 204
        call_command("xapi_send", stdout=out)
        self.assertIn("1 sent, 0 still waiting", out.getvalue())
        self.assertEqual(len(self.lrs.statements), 1)

    def test_a_store_that_cannot_be_reached_counts_as_down(self) -> None:
        with override_settings(XAPI_LRS_URL="http://127.0.0.1:9/xAPI"):
            self.mark_done(Lesson.objects.current().get(key="u1-l01"))
        statement = Statement.objects.get()
        self.assertIsNone(statement.sent_at)
        self.assertEqual(statement.attempts, 1)
        self.assertIn(statement, outbox.due())

    def test_a_statement_the_store_refuses_is_not_sent_again(self) -> None:
        self.lrs.answer = 400
        self.mark_done(Lesson.objects.current().get(key="u1-l01"))
        self.assertEqual(Statement.objects.get().last_error, outbox.REFUSED)
        self.assertFalse(outbox.due().exists())

    def test_a_statement_the_store_has_already_counts_as_sent(self) -> None:
        self.mark_done(Lesson.objects.current().get(key="u1-l01"))
        statement = Statement.objects.get()
        Statement.objects.update(sent_at=None)
        self.assertTrue(outbox.deliver(str(statement.pk)))  # the store answers 409
        self.assertEqual(len(self.lrs.statements), 1)


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
class DatabaseQueueTests(LrsTestCase):
    """Production: the request only queues; the worker sends and retries with waits."""

    def work(self) -> None:
        with mock.patch(f"{db_worker.__name__}.close_old_connections"):
            call_command("worker", batch=True, verbosity=0)

    def test_the_request_never_waits_for_the_store_and_retries_wait_longer(self) -> None:
        self.lrs.answer = 503
        self.mark_done(Lesson.objects.current().get(key="u1-l01"))
        statement = Statement.objects.get()
        task = DBTaskResult.objects.get()
        self.assertEqual(task.args_kwargs, {"args": [str(statement.pk)], "kwargs": {}})
        waits = []
        for _ in range(3):
            with self.captureOnCommitCallbacks(execute=True):
                self.work()
            task = DBTaskResult.objects.get(status="READY")
            waits.append(round((task.run_after - timezone.now()).total_seconds() / 60))
            DBTaskResult.objects.filter(pk=task.pk).update(run_after=timezone.now())
        self.assertEqual(waits, [1, 5, 25])
        self.lrs.answer = 204
        self.work()
        statement.refresh_from_db()
        self.assertEqual(statement.attempts, 3)
        self.assertIsNotNone(statement.sent_at)
        self.assertEqual(len(self.lrs.statements), 1)

    def test_backoff_never_gives_up_and_never_waits_more_than_six_hours(self) -> None:
        self.assertEqual(outbox.backoff(1), timedelta(minutes=1))
        self.assertEqual(outbox.backoff(4), timedelta(minutes=125))
        self.assertEqual(outbox.backoff(40), timedelta(hours=6))


class QuizStatementTests(LrsTestCase, BankTestCase):
    def test_each_answer_and_the_result_reach_the_store(self) -> None:
        attempt = attempts.start(self.learner, self.quiz("u1-quiz", feedback="deferred"))
        items = self.items(attempt)
        with self.captureOnCommitCallbacks(execute=True):
            for item in items:
                attempts.save_answer(attempt, item, right_form(item))
            attempts.submit(attempt)
        self.assertEqual(self.lrs.verbs(), ["answered"] * len(items) + ["passed"])
        final = list(self.lrs.statements.values())[-1]
        self.assertEqual(final["object"]["id"], f"{SITE}/learn/quizzes/u1-quiz/")
        self.assertEqual(final["result"]["score"], {"raw": 100.0, "min": 0, "max": 100,
                                                    "scaled": 1.0})  # fmt: skip
        first = next(iter(self.lrs.statements.values()))
        self.assertEqual(
            first["object"]["id"], f"{SITE}/learn/quizzes/u1-quiz/items/{items[0].key}"
        )
        self.assertEqual(first["result"]["success"], True)

    def test_a_quiz_failed(self) -> None:
        attempt = attempts.start(self.learner, self.quiz("u1-quiz"))
        with self.captureOnCommitCallbacks(execute=True):
            attempts.submit(attempt)
        self.assertEqual(self.lrs.verbs(), ["failed"])


class CaseStatementTests(LrsTestCase, ScenarioTestCase):
    def test_a_case_played_to_its_end_with_its_ending_and_competencies(self) -> None:
        current = play.start(self.scenario, acting_user=self.learner)
        with self.captureOnCommitCallbacks(execute=True):
            for choice in BEST:
                play.choose(current, choice, acting_user=self.learner)
        [body] = self.lrs.statements.values()
        current.refresh_from_db()
        self.assertEqual(body["verb"]["id"], ADL + "completed")
        self.assertEqual(body["object"]["id"], f"{SITE}/learn/scenarios/drill-van/")
        extensions = body["result"]["extensions"]
        self.assertEqual(extensions[f"{SITE}/xapi/extensions/ending"]["node"], current.ending)
        self.assertEqual(extensions[f"{SITE}/xapi/extensions/competencies"],
                         dict(sorted(BEST_SCORES.items())))  # fmt: skip


class CertificateStatementTests(LrsTestCase):
    def test_a_certificate_earned(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            certificate = issue_certificate(
                holder=self.learner, title="Frontline course", completed_on=date(2026, 3, 1),
                reference="course:12", acting_user=self.trainer,
            )  # fmt: skip
        [body] = self.lrs.statements.values()
        self.assertEqual(body["object"]["id"], f"{SITE}/courses/12/")
        self.assertEqual(
            body["result"]["extensions"][f"{SITE}/xapi/extensions/certificate"],
            f"{SITE}/certificates/verify/{certificate.code}",
        )
