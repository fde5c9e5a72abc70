"""The audit log: who did what, to which object, why, from where, and of what kind.

Rows are append-only and chained by hash (`audit/chain.py`): each row stores the hash of the row
before it (`prev_hash`) and its own (`hash`, over its content and `prev_hash`). The database
refuses UPDATE, DELETE and TRUNCATE with triggers (migration 0005); this model refuses them too,
so a mistake in Python fails before it reaches the database. Write rows only with
`audit.log.record` and `audit.log.record_read`.
"""

from __future__ import annotations

import json
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontline.audit.chain import GENESIS


def may_read_audit_log(user: Any) -> bool:
    """Superusers and administrators read the audit log; nobody else (audit/access.py). The
    role rule is the access vocabulary's (`accounts.policy.ADMINISTER`), reached through the
    permission that the accounts backend answers, since the audit app sits below accounts."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.has_perm("audit.view_auditevent"))


class AppendOnly(Exception):
    """Raised when code tries to change or remove an audit row."""


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    def visible_to(self, user: Any) -> AuditQuerySet:
        """The rows `user` may read: today all or nothing; the one place to narrow it, e.g. to
        the agencies an administrator looks after."""
        return self if may_read_audit_log(user) else self.none()

    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnly("audit rows cannot be changed")

    def delete(self) -> NoReturn:
        raise AppendOnly("audit rows cannot be deleted")

    def bulk_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnly("audit rows are written one at a time by audit.log, which chains them")


class AuditEvent(models.Model):
    class Kind(models.TextChoices):
        # The operations EU Directive 2016/680 Art. 25 asks to log, plus sign-in events.
        COLLECTION = "collection", _("collection")
        ALTERATION = "alteration", _("alteration")
        CONSULTATION = "consultation", _("consultation")
        DISCLOSURE = "disclosure", _("disclosure")
        COMBINATION = "combination", _("combination")
        ERASURE = "erasure", _("erasure")
        AUTHENTICATION = "authentication", _("authentication")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.ALTERATION)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    justification = models.TextField(_("justification"), blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("from"), null=True, blank=True)
    prev_hash = models.CharField(_("previous row's hash"), max_length=64, default=GENESIS)
    hash = models.CharField(_("hash"), max_length=64, default="")

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        constraints = [
            # Two rows with the same predecessor would fork the chain; the database refuses it.
            models.UniqueConstraint(fields=["prev_hash"], name="audit_chain_never_forks"),
        ]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        target = f"{self.object_type}:{self.object_id}"
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {target}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnly("audit rows cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnly("audit rows cannot be deleted")

    def details_items(self) -> list[tuple[str, str]]:
        """The details as (key, text) pairs for display: nested keys joined with dots, and a
        change as "old → new"."""
        return _flatten(self.details if isinstance(self.details, dict) else {"": self.details})


def _flatten(details: dict[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    for key, value in sorted(details.items()):
        name = f"{prefix}{key}"
        if isinstance(value, dict) and set(value) == {"old", "new"}:
            items.append((name, f"{_text(value['old'])} → {_text(value['new'])}"))
        elif isinstance(value, dict) and value:
            items.extend(_flatten(value, f"{name}."))
        else:
            items.append((name, _text(value)))
    return items


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
