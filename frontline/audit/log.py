"""The one way to write to the audit log."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.http import HttpRequest

from frontline.audit.models import AuditEvent


def client_address(request: HttpRequest | None) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is set by clients and cannot be trusted without a proxy
    # that overwrites it, which deployments configure at the proxy, not here.
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    action: str,
    *,
    actor: AbstractBaseUser | None,
    target: models.Model | None = None,
    justification: str = "",
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Write one audit row. Call it inside the same transaction as the change it describes."""
    return AuditEvent.objects.create(
        actor_id=actor.pk if actor is not None else None,
        action=action,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        justification=justification,
        ip_address=client_address(request),
    )
