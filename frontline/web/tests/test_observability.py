from __future__ import annotations

import json
import logging
from datetime import timedelta
from unittest import mock

from django.db import DatabaseError
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from frontline.lib.logs import JsonFormatter
from frontline.test import BaseTestCase

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class ReadyzTests(BaseTestCase):
    def test_ready_with_tasks_run_in_process(self) -> None:
        r = self.client.get("/readyz")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.json()["database"], "ok")
        self.assertEqual(r.json()["cache"], "ok")
        self.assertTrue(r.json()["worker"].startswith("not needed"))
        self.assertIn("no-cache", r["Cache-Control"])

    def test_database_down_is_503(self) -> None:
        with mock.patch("frontline.web.metrics.connection.cursor", side_effect=DatabaseError):
            r = self.client.get("/readyz")
        self.assertEqual(r.status_code, 503)
        self.assertEqual(r.json()["database"], "unreachable")

    def test_cache_down_is_503(self) -> None:
        with mock.patch("frontline.web.metrics.cache.set", side_effect=ConnectionError):
            r = self.client.get("/readyz")
        self.assertEqual(r.status_code, 503)
        self.assertEqual(r.json()["cache"], "unreachable")

    @override_settings(TASKS=DATABASE_TASKS, TASK_LAG_LIMIT_SECONDS=60)
    def test_worker_behind_when_a_due_task_waits_too_long(self) -> None:
        self.assertEqual(self.client.get("/readyz").json()["worker"], "ok")
        task = _queued_task()
        self.assertEqual(self.client.get("/readyz").status_code, 200)  # just queued
        DBTaskResult.objects.filter(pk=task.pk).update(
            enqueued_at=timezone.now() - timedelta(minutes=5)
        )
        r = self.client.get("/readyz")
        self.assertEqual(r.status_code, 503)
        self.assertEqual(r.json()["worker"], "behind")

    @override_settings(TASKS=DATABASE_TASKS, TASK_LAG_LIMIT_SECONDS=60)
    def test_a_task_put_off_waits_from_when_it_falls_due(self) -> None:
        task = _queued_task()
        DBTaskResult.objects.filter(pk=task.pk).update(
            enqueued_at=timezone.now() - timedelta(hours=2),
            run_after=timezone.now() - timedelta(seconds=10),
        )
        self.assertEqual(self.client.get("/readyz").json()["worker"], "ok")


def _queued_task() -> DBTaskResult:
    from frontline.mail.outbox import deliver_task

    result = deliver_task.enqueue(0)
    return DBTaskResult.objects.get(pk=result.id)


@override_settings(METRICS_TOKEN="metrics-token-for-tests")
class MetricsTests(BaseTestCase):
    def test_without_or_with_a_wrong_token_it_does_not_exist(self) -> None:
        self.assertEqual(self.client.get("/metrics").status_code, 404)
        r = self.client.get("/metrics", headers={"Authorization": "Bearer wrong"})
        self.assertEqual(r.status_code, 404)

    @override_settings(METRICS_TOKEN="")
    def test_no_token_configured_means_no_endpoint(self) -> None:
        r = self.client.get("/metrics", headers={"Authorization": "Bearer "})
        self.assertEqual(r.status_code, 404)

    def test_latency_by_url_pattern_never_by_path(self) -> None:
        self.login(self.learner)
        self.client.get("/certificates/verify/NOPE-NOPE-NOPE")
        r = self.client.get("/metrics", headers={"Authorization": "Bearer metrics-token-for-tests"})
        self.assertEqual(r.status_code, 200)
        body = r.content.decode()
        self.assertIn("frontline_request_duration_seconds_bucket", body)
        self.assertIn('route="/certificates/verify/<str:code>"', body)
        self.assertNotIn("NOPE", body)
        self.assertNotIn("learner", body)


class RequestLogTests(BaseTestCase):
    def _lines(self, *paths: str, **headers: str) -> tuple[list[dict[str, object]], list[str]]:
        formatter = JsonFormatter()
        with self.assertLogs("frontline.request", level="INFO") as logs:
            ids = [self.client.get(p, headers=headers)["X-Request-ID"] for p in paths]
        return [json.loads(formatter.format(r)) for r in logs.records], ids

    def test_one_json_line_per_request_with_its_id_and_pattern(self) -> None:
        self.login(self.learner)
        lines, ids = self._lines("/certificates/verify/ABCD-EFGH-JKLM", "/healthz")
        self.assertEqual(len(lines), 2)
        first = lines[0]
        self.assertEqual(first["route"], "/certificates/verify/<str:code>")
        self.assertEqual(first["status"], 404)  # no such certificate
        self.assertEqual(first["request_id"], ids[0])
        self.assertEqual(len(ids[0]), 32)
        self.assertNotEqual(ids[0], ids[1])
        self.assertNotIn("ABCD", json.dumps(lines))
        self.assertNotIn("learner", json.dumps(lines))

    def test_a_plain_request_id_from_the_proxy_is_kept_anything_else_replaced(self) -> None:
        lines, ids = self._lines("/healthz", **{"X-Request-ID": "nginx-1234.abc"})
        self.assertEqual(ids, ["nginx-1234.abc"])
        self.assertEqual(lines[0]["request_id"], "nginx-1234.abc")
        _, ids = self._lines("/healthz", **{"X-Request-ID": "lena@example.org"})
        self.assertNotIn("@", ids[0])

    def test_an_unmatched_path_is_logged_without_the_path(self) -> None:
        lines, _ = self._lines("/no-such-page/lena.marek@example.org")
        self.assertEqual(lines[0]["route"], "(unmatched)")
        self.assertEqual(lines[0]["status"], 404)
        self.assertNotIn("example.org", json.dumps(lines))

    def test_djangos_not_found_warning_keeps_its_words_not_the_path(self) -> None:
        with self.assertLogs("django.request", level="WARNING") as logs:
            self.client.get("/no-such-page/someone@example.org")
        line = json.loads(JsonFormatter().format(logs.records[0]))
        self.assertEqual(line["msg"], "Not Found")
        self.assertNotIn("example.org", json.dumps(line))


class JsonFormatterTests(BaseTestCase):
    def test_extra_fields_and_exceptions(self) -> None:
        logger = logging.getLogger("frontline.tests")
        record = logger.makeRecord("frontline.tests", logging.ERROR, __file__, 1, "x %s", ("y",),
                                   None, extra={"rows": 3})  # fmt: skip
        line = json.loads(JsonFormatter().format(record))
        self.assertEqual((line["msg"], line["rows"], line["level"]), ("x y", 3, "ERROR"))
