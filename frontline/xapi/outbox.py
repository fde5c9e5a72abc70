"""Statements leave for the LRS through the task queue, never in the request.

    outbox.send(statements.lesson_completed(user, ...), user=user)

`send` does nothing when no LRS is configured (`XAPI_LRS_URL` empty). Otherwise it stores a
`Statement` and enqueues its delivery once the transaction commits, so a statement about
something rolled back never leaves, and an LRS that is slow or down cannot slow or break a page.

Delivery PUTs the statement with its own id (`statementId`), so sending it twice is harmless.
A failure (network, timeout, any 5xx or 429) is retried after 1, 5, 25, 125 minutes, then every
6 hours, never given up: nothing is lost while the store is down. With a backend that cannot
wait (the immediate one of the demo and the tests) the statement stays due, and the next
delivery that succeeds, or `frontline xapi_send`, sends what is due. The LRS refusing a
statement (another 4xx) is recorded and not retried: sending it again would not change that.
"""

from __future__ import annotations

import base64
import json
import logging
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from functools import partial
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from frontline.xapi.models import Statement

logger = logging.getLogger(__name__)
VERSION = "1.0.3"
LONGEST_WAIT = timedelta(hours=6)
REFUSED = "refused"  # last_error of a statement the LRS will not take


def enabled() -> bool:
    return bool(settings.XAPI_LRS_URL)


def send(body: dict[str, Any], *, user: AbstractBaseUser) -> Statement | None:
    """Store `body` for the LRS and deliver it after the commit; None when there is no LRS."""
    if not enabled():
        return None
    statement = Statement(user_id=user.pk, verb=body["verb"]["id"], next_attempt_at=timezone.now(),
                          activity=body["object"]["id"][:500])  # fmt: skip
    statement.body = {"id": str(statement.id), **body}
    statement.save(force_insert=True)
    transaction.on_commit(partial(_enqueue, statement.pk))
    return statement


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failure: 1, 5, 25, 125 minutes, then 6 hours."""
    return min(timedelta(minutes=5 ** min(attempts - 1, 6)), LONGEST_WAIT)


def _enqueue(statement_id: Any, run_after: datetime | None = None) -> None:
    task_ = deliver_task if run_after is None else deliver_task.using(run_after=run_after)
    task_.enqueue(str(statement_id))


@task()
def deliver_task(statement_id: str) -> None:
    if deliver(statement_id) and not deliver_task.get_backend().supports_defer:
        # The store answers again: send what waited while it was down (no timer to do it).
        send_due(limit=100)


def due() -> Any:
    return Statement.objects.filter(sent_at__isnull=True).exclude(last_error=REFUSED).filter(
        Q(next_attempt_at__lte=timezone.now()) | Q(next_attempt_at__isnull=True)
    )  # fmt: skip


def send_due(*, limit: int | None = None) -> tuple[int, int]:
    """Deliver the statements that are due, oldest first; return (sent, still waiting)."""
    ids = list(due().order_by("created").values_list("pk", flat=True)[:limit])
    sent = sum(1 for pk in ids if deliver(str(pk)))
    return sent, len(ids) - sent


class LrsRefused(Exception):
    pass


def deliver(statement_id: str) -> bool:
    """Send one statement; True when the LRS has it.

    1. Skip it when it was sent meanwhile (a task may run twice).
    2. PUT it; on success mark it sent.
    3. On a failure count the attempt and, when the backend can wait, queue the next try.
    """
    statement = Statement.objects.filter(pk=statement_id, sent_at__isnull=True).first()
    if statement is None:
        return False
    try:
        _put(statement)
    except LrsRefused as error:
        _failed(statement, error, retry=False)
        return False
    except (OSError, ValueError) as error:  # network, timeout, 5xx, 429: try again later
        _failed(statement, error, retry=True)
        return False
    Statement.objects.filter(pk=statement.pk).update(sent_at=timezone.now(), next_attempt_at=None)
    return True


def _put(statement: Statement) -> None:
    url = f"{settings.XAPI_LRS_URL.rstrip('/')}/statements?statementId={quote(str(statement.pk))}"
    request = urllib.request.Request(  # noqa: S310 (the URL is the configured LRS)
        url, data=json.dumps(statement.body).encode(), method="PUT",
        headers={"Content-Type": "application/json", "X-Experience-API-Version": VERSION,
                 **_authorisation()},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=settings.XAPI_TIMEOUT):  # noqa: S310
            pass
    except urllib.error.HTTPError as error:
        # 409: the store holds a statement with this id already (an earlier try got through).
        if error.code == 409:
            return
        if error.code >= 500 or error.code == 429:
            raise
        raise LrsRefused(f"HTTP {error.code}") from error


def _authorisation() -> dict[str, str]:
    if not settings.XAPI_LRS_USERNAME:
        return {}
    pair = f"{settings.XAPI_LRS_USERNAME}:{settings.XAPI_LRS_PASSWORD}".encode()
    return {"Authorization": "Basic " + base64.b64encode(pair).decode()}


def _failed(statement: Statement, error: Exception, *, retry: bool) -> None:
    attempts = statement.attempts + 1
    name = REFUSED if not retry else type(error).__name__[:100]
    wait = deliver_task.get_backend().supports_defer and retry
    # Without a backend that can wait, a statement stays due: the next delivery that gets
    # through, or `frontline xapi_send`, takes it along.
    next_attempt = (
        (timezone.now() + (backoff(attempts) if wait else timedelta(0))) if retry else None
    )
    # The error's name only: a store's answer may quote the statement.
    logger.warning("xAPI statement %s not sent, attempt %d: %s", statement.pk, attempts, name)
    with transaction.atomic():
        Statement.objects.filter(pk=statement.pk).update(
            attempts=attempts, last_error=name, next_attempt_at=next_attempt
        )
        if wait and next_attempt is not None:
            transaction.on_commit(partial(_enqueue, statement.pk, next_attempt))
