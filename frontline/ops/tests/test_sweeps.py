from __future__ import annotations

from datetime import timedelta
from io import StringIO

from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from frontline.mail.outbox import deliver_task
from frontline.ops import sweeps
from frontline.test import BaseTestCase

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@override_settings(TASKS=DATABASE_TASKS, TASK_STALE_SECONDS=600)
class StaleTaskTests(BaseTestCase):
    def _task(self, status: str, started_minutes_ago: int | None) -> DBTaskResult:
        task = DBTaskResult.objects.get(pk=deliver_task.enqueue(0).id)
        started = timezone.now() - timedelta(minutes=started_minutes_ago or 0)
        DBTaskResult.objects.filter(pk=task.pk).update(
            status=status, started_at=started if started_minutes_ago is not None else None
        )
        return task

    def test_a_task_whose_worker_died_is_put_back_others_are_left(self) -> None:
        dead = self._task(TaskResultStatus.RUNNING, 11)
        busy = self._task(TaskResultStatus.RUNNING, 2)
        waiting = self._task(TaskResultStatus.READY, None)
        self.assertEqual(sweeps.requeue_stale_tasks(), 1)
        statuses = dict(DBTaskResult.objects.values_list("pk", "status"))
        self.assertEqual(statuses[dead.pk], TaskResultStatus.READY)
        self.assertEqual(statuses[busy.pk], TaskResultStatus.RUNNING)
        self.assertEqual(statuses[waiting.pk], TaskResultStatus.READY)
        # what a worker claims next
        self.assertEqual(
            set(DBTaskResult.objects.ready().values_list("pk", flat=True)), {dead.pk, waiting.pk}
        )

    def test_old_finished_results_are_pruned(self) -> None:
        old = self._task(TaskResultStatus.SUCCESSFUL, None)
        DBTaskResult.objects.filter(pk=old.pk).update(
            finished_at=timezone.now() - timedelta(days=8)
        )
        recent = self._task(TaskResultStatus.FAILED, None)
        DBTaskResult.objects.filter(pk=recent.pk).update(finished_at=timezone.now())
        self.assertEqual(sweeps.prune_finished_tasks(), 1)
        self.assertEqual(list(DBTaskResult.objects.values_list("pk", flat=True)), [recent.pk])


class SchedulerTests(BaseTestCase):
    def setUp(self) -> None:
        cache.clear()

    def test_expired_sessions_are_cleared(self) -> None:
        now = timezone.now()
        Session.objects.create(
            session_key="a" * 32, session_data="", expire_date=now - timedelta(1)
        )
        Session.objects.create(
            session_key="b" * 32, session_data="", expire_date=now + timedelta(1)
        )
        self.assertEqual(sweeps.clear_expired_sessions(), 1)
        self.assertEqual(list(Session.objects.values_list("session_key", flat=True)), ["b" * 32])

    def test_two_schedulers_never_run_a_sweep_twice_in_its_interval(self) -> None:
        runs: list[str] = []
        sweep = sweeps.Sweep("count", timedelta(minutes=5), lambda: runs.append("x") or 1)
        self.assertEqual(sweeps.run_due([sweep]), {"count": 1})
        self.assertEqual(sweeps.run_due([sweep]), {})  # the second scheduler, same minute
        self.assertEqual(runs, ["x"])

    def test_command_once(self) -> None:
        out = StringIO()
        call_command("scheduler", "--once", stdout=out)
        self.assertIn("requeue_stale_tasks: 0", out.getvalue())
        self.assertIn("clear_expired_sessions: 0", out.getvalue())
