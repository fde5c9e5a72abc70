"""E-mail waiting to be sent, sent, or given up on: one row per message (mail/outbox.py).

A row keeps no text: the subject and body are written by the message's composer when it is
sent, so a link to set a password carries a fresh token and nothing secret waits in the
database. Failures are recorded by the name of the error only (never the server's answer,
which may quote the address).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A message still waiting this long after its time has lost its task (a worker that was down,
# a crash between commit and queueing): it is shown as not sent, so someone can send it again.
STALE_AFTER = timedelta(minutes=30)


class Message(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to be sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("could not be sent")
        CANCELLED = "cancelled", _("no longer needed")

    composer = models.CharField(
        max_length=200, help_text=_("dotted path of the function that writes the message")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    about_id = models.PositiveBigIntegerField(
        null=True, blank=True, help_text=_("the object the composer writes about, if any")
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=100, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.composer.rsplit('.', 1)[-1]} #{self.pk} ({self.status})"

    def undelivered(self, now: datetime | None = None) -> bool:
        """Given up on, or waiting long past its time: a person should send it again.
        (`undelivered_filter` is the same rule for counting in SQL.)"""
        if self.status == self.Status.FAILED:
            return True
        due = self.next_attempt_at or self.created
        return self.status == self.Status.QUEUED and due < (now or timezone.now()) - STALE_AFTER


def undelivered_filter(now: datetime, *, prefix: str = "") -> models.Q:
    """`Message.undelivered` as a filter, on a message reached through `prefix` (e.g.
    "invitation__"): count them without loading them."""
    stale = now - STALE_AFTER
    queued = models.Q(**{f"{prefix}status": Message.Status.QUEUED})
    return models.Q(**{f"{prefix}status": Message.Status.FAILED}) | (
        queued
        & (
            models.Q(**{f"{prefix}next_attempt_at__lt": stale})
            | models.Q(**{f"{prefix}next_attempt_at__isnull": True, f"{prefix}created__lt": stale})
        )
    )
