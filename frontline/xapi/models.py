"""xAPI statements waiting for, or delivered to, the learning record store (LRS)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class Statement(models.Model):
    """One statement as it will be sent (`body`, with its own `id`). Kept after sending, so the
    record of what left for the LRS stays here; `sent_at` is empty until the LRS took it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    verb = models.CharField(max_length=200)
    activity = models.CharField(max_length=500)
    body = models.JSONField()
    created = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=100, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["sent_at", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.verb.rsplit('/', 1)[-1]} {self.activity}"
