"""All e-mail leaves through here, on the task queue, never in the request.

    message = outbox.queue(compose_invitation, recipient=user, about=enrolment)

`queue` stores a `Message` and enqueues its delivery once the transaction commits, so nobody is
e-mailed about something that was rolled back, and a mail server that is down cannot turn a
saved change into an error page. `deliver` writes the message with its composer (a function
marked `@composer` that returns an `Email`, or None when there is nothing to say any more) and
sends it. A failure is retried with growing waits (1, 5, 25, 125 minutes) when the task backend
can wait (the database backend); after the last try, or at once with the immediate backend of
the demo and the tests, the message is marked failed, for a person to send again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from frontline.mail.models import Message

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class Email:
    subject: str
    body: str


Composer = Callable[[Message], Email | None]
_COMPOSERS: set[str] = set()


def _path(function: Composer) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def composer(function: Composer) -> Composer:
    """Mark a function that writes a message: only marked functions are called from a path
    stored in the database."""
    _COMPOSERS.add(_path(function))
    return function


def backoff(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failure: 1, 5, 25, 125 minutes."""
    return timedelta(minutes=5 ** (attempts - 1))


def queue(
    compose: Composer, *, recipient: AbstractBaseUser, about: models.Model | None = None
) -> Message:
    """Store a message for `recipient` and send it once the current transaction commits."""
    path = _path(compose)
    if path not in _COMPOSERS:
        raise ValueError(f"{path} is not marked with @composer")
    message = Message.objects.create(
        composer=path,
        recipient_id=recipient.pk,
        about_id=about.pk if about is not None else None,
        next_attempt_at=timezone.now(),
    )
    transaction.on_commit(partial(_enqueue, message.pk))
    return message


def _enqueue(message_id: int, run_after: datetime | None = None) -> None:
    task = deliver_task if run_after is None else deliver_task.using(run_after=run_after)
    task.enqueue(message_id)


@task()
def deliver_task(message_id: int) -> None:
    deliver(message_id)


def deliver(message_id: int) -> None:
    """Send one message.

    1. Skip it unless it is still waiting (a task may run twice; a message may have been
       sent again by hand meanwhile).
    2. Write it with its composer now, so links carry fresh tokens; nothing to say any more
       (the invitation was withdrawn) cancels it.
    3. Send it. A failure counts an attempt and, while attempts are left and the backend can
       wait, queues the next try after `backoff`; otherwise the message is failed.
    """
    message = (
        Message.objects.select_related("recipient")
        .filter(pk=message_id, status=Message.Status.QUEUED)
        .first()
    )
    if message is None:
        return
    email = _compose(message)
    if email is None:
        _finish(message, Message.Status.CANCELLED)
        return
    try:
        EmailMessage(email.subject, email.body, to=[_address(message)]).send()
    except Exception as error:  # whatever the mail server or the network did: try again later
        _failed(message, error)
    else:
        _finish(message, Message.Status.SENT)


def _address(message: Message) -> str:
    return str(getattr(message.recipient, message.recipient.get_email_field_name(), ""))


def _compose(message: Message) -> Email | None:
    if not _address(message):
        return None
    try:
        compose: Composer = import_string(message.composer)  # importing it marks it
    except ImportError:
        return None  # written by a version of the code that is gone
    return compose(message) if message.composer in _COMPOSERS else None


def _finish(message: Message, status: str) -> None:
    sent_at = timezone.now() if status == Message.Status.SENT else None
    Message.objects.filter(pk=message.pk).update(
        status=status, sent_at=sent_at, next_attempt_at=None
    )


def _failed(message: Message, error: Exception) -> None:
    attempts = message.attempts + 1
    retry = attempts < MAX_ATTEMPTS and deliver_task.get_backend().supports_defer
    next_attempt = timezone.now() + backoff(attempts) if retry else None
    # The error's name only: its text may quote the recipient's address.
    logger.warning(
        "mail %s (%s) not sent, attempt %d: %s",
        message.pk,
        message.composer.rsplit(".", 1)[-1],
        attempts,
        type(error).__name__,
    )
    with transaction.atomic():
        Message.objects.filter(pk=message.pk).update(
            attempts=attempts,
            last_error=type(error).__name__[:100],
            status=Message.Status.QUEUED if retry else Message.Status.FAILED,
            next_attempt_at=next_attempt,
        )
        if next_attempt is not None:
            transaction.on_commit(partial(_enqueue, message.pk, next_attempt))
