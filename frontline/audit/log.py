"""The one way to write to the audit log."""

from __future__ import annotations

from django.db import models
from django.http import HttpRequest

from frontline.accounts.models import User
from frontline.audit.models import AuditEvent
from frontline.lib.clientip import client_ip


def client_address(request: HttpRequest | None) -> str | None:
    # Read through the trusted proxies as the sign-in throttling and rate limits read it.
    return client_ip(request)


def record(
    action: str,
    *,
    actor: User | None,
    target: models.Model | None = None,
    justification: str = "",
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Write one audit row. Call it inside the same transaction as the change it describes."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        action=action,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        justification=justification,
        ip_address=client_address(request),
    )
