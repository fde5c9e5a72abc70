"""What an operator watches: `/healthz` (the process answers), `/readyz` (it can do its work:
database, cache, task worker), and `/metrics` for Prometheus behind a token.

Metrics hold counts and durations only, labelled by URL pattern and status, never by path or
user. Under gunicorn each worker process keeps its own; with PROMETHEUS_MULTIPROC_DIR set (the
gunicorn configuration in deploy/ sets it) prometheus_client adds them up across the workers of
one server. Queue depth and task lag are read from the database when scraped, so they are the
same whichever server answers.
"""

from __future__ import annotations

import hmac
import os
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import Min
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_tasks import task_backends
from django_tasks.base import TaskResultStatus
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

REQUEST_SECONDS = Histogram(
    "frontline_request_duration_seconds",
    "Time from the request reaching Django to the response leaving it.",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
RESPONSES = Counter(
    "frontline_responses", "Responses by URL pattern and status class.", ["route", "status"]
)


def observe(route: str, method: str, status: int, seconds: float) -> None:
    REQUEST_SECONDS.labels(route, method).observe(seconds)
    RESPONSES.labels(route, f"{status // 100}xx").inc()


def queued_tasks() -> tuple[int, float]:
    """Tasks waiting that are due now, and how long the oldest of them has waited (s)."""
    now = timezone.now()
    due = DBTaskResult.objects.ready()
    # A task waits from when it was queued, or, when it was put off (an e-mail retried
    # later), from when it fell due.
    waiting_since = [
        due.filter(run_after=get_date_max()).aggregate(t=Min("enqueued_at"))["t"],
        due.exclude(run_after=get_date_max()).aggregate(t=Min("run_after"))["t"],
    ]
    oldest = min((t for t in waiting_since if t is not None), default=None)
    return due.count(), (now - oldest).total_seconds() if oldest else 0.0


class _QueueCollector(Collector):
    def collect(self):  # type: ignore[no-untyped-def]
        if not isinstance(task_backends["default"], DatabaseBackend):
            return
        depth, lag = queued_tasks()
        yield GaugeMetricFamily(
            "frontline_tasks_due", "Background tasks due and not started.", depth
        )
        yield GaugeMetricFamily(
            "frontline_tasks_oldest_due_seconds", "How long the oldest due task has waited.", lag
        )
        stuck = DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING,
            started_at__lt=timezone.now() - timedelta(seconds=settings.TASK_STALE_SECONDS),
        ).count()
        yield GaugeMetricFamily(
            "frontline_tasks_stale_running", "Tasks started by a worker that seems gone.", stuck
        )


def _registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = CollectorRegistry()
        for collector in (REQUEST_SECONDS, RESPONSES):
            registry.register(collector)
    registry.register(_QueueCollector())
    return registry


def _authorised(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    return bool(token) and hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


@never_cache
@require_http_methods(["GET"])
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus text format, for `Authorization: Bearer <METRICS_TOKEN>` only; without the
    token (or with none configured) the endpoint does not exist (404)."""
    if not _authorised(request):
        raise Http404
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)


@never_cache
@require_http_methods(["GET", "HEAD"])
def readyz(request: HttpRequest) -> JsonResponse:
    """503 unless the database answers, the cache keeps a value, and (with the database task
    backend) no due task has waited longer than TASK_LAG_LIMIT_SECONDS for a worker."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except DatabaseError:
        checks["database"] = "unreachable"
    try:
        probe = f"readyz:{os.getpid()}:{time.monotonic_ns()}"
        cache.set(probe, 1, timeout=10)
        checks["cache"] = "ok" if cache.get(probe) == 1 else "not keeping values"
        cache.delete(probe)
    except Exception:  # any backend error (Redis down, table missing) means not ready
        checks["cache"] = "unreachable"
    if not isinstance(task_backends["default"], DatabaseBackend):
        checks["worker"] = "not needed (tasks run in the web process)"
    elif checks["database"] == "ok":
        _, lag = queued_tasks()
        checks["worker"] = "ok" if lag <= settings.TASK_LAG_LIMIT_SECONDS else "behind"
    ready = all(v == "ok" or v.startswith("not needed") for v in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "error", **checks}, status=200 if ready else 503
    )
