"""The outbox: mail leaves after the commit, by the task queue, and a mail server that is down
costs a retry, never a saved change or an error page."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

from django.core import mail
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from frontline.mail import outbox
from frontline.mail.models import Message
from frontline.mail.outbox import Email, composer
from frontline.mail.tests.backends import FlakyBackend
from frontline.test import BaseTestCase

DOWN = "frontline.mail.tests.backends.DownBackend"
FLAKY = "frontline.mail.tests.backends.FlakyBackend"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@composer
def hello(message: Message) -> Email:
    return Email("Hello", f"Message {message.pk} for {message.recipient.get_full_name()}.")


@composer
def nothing_to_say(message: Message) -> None:
    return None


def not_a_composer(message: Message) -> Email:
    return Email("x", "y")


class ImmediateTests(BaseTestCase):
    """The demo and the tests: the task runs in the process, right after the commit."""

    def test_sent_after_the_commit_not_before(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            message = outbox.queue(hello, recipient=self.learner)
            self.assertEqual(mail.outbox, [])
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["learner@example.org"])
        self.assertIn("Lena Marek", mail.outbox[0].body)
        message.refresh_from_db()
        self.assertEqual((message.status, message.attempts), (Message.Status.SENT, 0))
        self.assertIsNotNone(message.sent_at)

    def test_a_rolled_back_transaction_sends_nothing(self) -> None:
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            try:
                with transaction.atomic():
                    outbox.queue(hello, recipient=self.learner)
                    raise RuntimeError("the change failed")
            except RuntimeError:
                pass
        self.assertEqual((callbacks, mail.outbox), ([], []))
        self.assertFalse(Message.objects.exists())

    @override_settings(EMAIL_BACKEND=DOWN)
    def test_server_down_marks_the_message_failed_without_raising(self) -> None:
        with self.assertLogs("frontline.mail") as logs, self.captureOnCommitCallbacks(execute=True):
            message = outbox.queue(hello, recipient=self.learner)
        message.refresh_from_db()
        self.assertEqual(message.status, Message.Status.FAILED)
        self.assertEqual((message.attempts, message.last_error), (1, "ConnectionRefusedError"))
        self.assertTrue(message.undelivered())
        # The log names the message and the error, never the person.
        self.assertNotIn("learner", "\n".join(logs.output))

    def test_nothing_to_say_cancels(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            message = outbox.queue(nothing_to_say, recipient=self.learner)
        message.refresh_from_db()
        self.assertEqual((message.status, mail.outbox), (Message.Status.CANCELLED, []))

    def test_no_address_is_not_sent(self) -> None:
        self.learner.email = ""
        self.learner.save()
        with self.captureOnCommitCallbacks(execute=True):
            message = outbox.queue(hello, recipient=self.learner)
        message.refresh_from_db()
        self.assertEqual((message.status, mail.outbox), (Message.Status.CANCELLED, []))

    def test_only_marked_composers(self) -> None:
        with self.assertRaises(ValueError):
            outbox.queue(not_a_composer, recipient=self.learner)
        # A path in the database that is not a composer (or no longer exists) is never called.
        for path in (f"{__name__}.not_a_composer", "frontline.gone.compose"):
            message = Message.objects.create(composer=path, recipient=self.learner)
            outbox.deliver(message.pk)
            message.refresh_from_db()
            self.assertEqual(message.status, Message.Status.CANCELLED)
        self.assertEqual(mail.outbox, [])

    def test_a_message_is_sent_once(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            message = outbox.queue(hello, recipient=self.learner)
        outbox.deliver(message.pk)  # a task that ran twice
        self.assertEqual(len(mail.outbox), 1)

    def test_waiting_long_past_its_time_counts_as_undelivered(self) -> None:
        message = Message.objects.create(composer=f"{__name__}.hello", recipient=self.learner,
                                         next_attempt_at=timezone.now())  # fmt: skip
        self.assertFalse(message.undelivered())
        self.assertTrue(message.undelivered(timezone.now() + timedelta(hours=1)))


@override_settings(TASKS=DATABASE_TASKS, EMAIL_BACKEND=FLAKY)
class DatabaseQueueTests(BaseTestCase):
    """Production: the task waits in the database for `frontline worker`."""

    def work(self) -> None:
        # The worker, run inside the test's transaction: it must not close the connection
        # between tasks as it does in its own process.
        with mock.patch(f"{db_worker.__name__}.close_old_connections"):
            call_command("worker", batch=True, verbosity=0)

    def test_the_request_only_queues_and_the_worker_sends(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            message = outbox.queue(hello, recipient=self.learner)
        task = DBTaskResult.objects.get()
        # The task carries the message's number only: no address, no text, no link.
        self.assertEqual(task.args_kwargs, {"args": [message.pk], "kwargs": {}})
        self.assertEqual(mail.outbox, [])
        self.work()
        self.assertEqual(len(mail.outbox), 1)
        message.refresh_from_db()
        self.assertEqual(message.status, Message.Status.SENT)

    def test_retried_with_growing_waits_then_failed(self) -> None:
        FlakyBackend.failures = outbox.MAX_ATTEMPTS
        with self.captureOnCommitCallbacks(execute=True):
            message = outbox.queue(hello, recipient=self.learner)
        waits = []
        for attempt in range(1, outbox.MAX_ATTEMPTS + 1):
            with self.captureOnCommitCallbacks(execute=True):
                self.work()
            message.refresh_from_db()
            self.assertEqual(message.attempts, attempt)
            if attempt < outbox.MAX_ATTEMPTS:
                self.assertEqual(message.status, Message.Status.QUEUED)
                task = DBTaskResult.objects.get(status="READY")  # the next try, waiting
                self.assertFalse(DBTaskResult.objects.ready().exists())
                assert message.next_attempt_at is not None
                waits.append(round((task.run_after - timezone.now()).total_seconds() / 60))
                # Time passes: the retry is due.
                DBTaskResult.objects.filter(pk=task.pk).update(run_after=timezone.now())
        self.assertEqual(waits, [1, 5, 25, 125])
        self.assertEqual(message.status, Message.Status.FAILED)
        self.assertEqual(message.last_error, "TimeoutError")
        self.assertEqual(mail.outbox, [])
        self.assertFalse(DBTaskResult.objects.filter(status="READY").exists())

    def test_a_retry_succeeds_when_the_server_is_back(self) -> None:
        FlakyBackend.failures = 1
        with self.captureOnCommitCallbacks(execute=True):
            message = outbox.queue(hello, recipient=self.learner)
        with self.captureOnCommitCallbacks(execute=True):
            self.work()
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        self.work()
        message.refresh_from_db()
        self.assertEqual((message.status, message.attempts, len(mail.outbox)),
                         (Message.Status.SENT, 1, 1))  # fmt: skip

    def tearDown(self) -> None:
        FlakyBackend.failures = 0


class WorkerCommandTests(BaseTestCase):
    def test_refuses_with_the_immediate_backend(self) -> None:
        with self.assertRaisesMessage(CommandError, "nothing for a worker to do"):
            call_command("worker", batch=True)
