"""The periodic sweeps run by `frontline scheduler`, each a plain function returning how many
rows it touched.

Several schedulers (one per host, for redundancy) may run at once: each sweep takes a lease in
the shared cache (`cache.add`, atomic on Redis and on the database cache) for its interval, so
one of them runs it and the others skip it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

log = logging.getLogger("frontline.scheduler")


def requeue_stale_tasks() -> int:
    """Put back in the queue the tasks a worker started more than TASK_STALE_SECONDS ago and
    never finished: the worker died (kill -9, a lost host). Tasks are written to be run twice
    without harm (the outbox sends a message only while it is still queued)."""
    cutoff = timezone.now() - timedelta(seconds=settings.TASK_STALE_SECONDS)
    with transaction.atomic():
        stale = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status=TaskResultStatus.RUNNING, started_at__lt=cutoff
        )
        return stale.update(status=TaskResultStatus.READY, started_at=None)


def prune_finished_tasks() -> int:
    """Forget the results of tasks finished more than a week ago."""
    cutoff = timezone.now() - timedelta(days=7)
    deleted, _ = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED], finished_at__lt=cutoff
    ).delete()
    return deleted


def clear_expired_sessions() -> int:
    """Delete expired sessions from the database (Redis expires its own)."""
    engine = import_module(settings.SESSION_ENGINE)
    store = engine.SessionStore
    if not hasattr(store, "get_model_class"):
        return 0
    model = store.get_model_class()
    deleted, _ = model.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@dataclass(frozen=True)
class Sweep:
    name: str
    every: timedelta
    run: Callable[[], int]


SWEEPS = [
    Sweep("requeue_stale_tasks", timedelta(minutes=1), requeue_stale_tasks),
    Sweep("clear_expired_sessions", timedelta(hours=1), clear_expired_sessions),
    Sweep("prune_finished_tasks", timedelta(hours=6), prune_finished_tasks),
]


def run_due(sweeps: list[Sweep] = SWEEPS) -> dict[str, int]:
    """Run each sweep whose lease this scheduler wins; returns {name: rows} of those it ran."""
    ran = {}
    for sweep in sweeps:
        if not cache.add(f"sweep:{sweep.name}", 1, timeout=int(sweep.every.total_seconds())):
            continue  # another scheduler (or this one) ran it within its interval
        ran[sweep.name] = sweep.run()
        log.info("sweep", extra={"sweep": sweep.name, "rows": ran[sweep.name]})
    return ran
