"""The one way to write to the audit log: `record` for changes, `record_read` for consultation,
search, export and combination of data.

Rows are chained by hash (audit/chain.py). Writers are serialised so the chain never forks: on
PostgreSQL by a transaction-level advisory lock taken before reading the last row, held until the
caller's transaction ends; on SQLite by its single writer (Frontline opens SQLite transactions
with BEGIN IMMEDIATE). The unique `prev_hash` makes the database refuse a fork in any case.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from frontline.audit.chain import GENESIS, canonical_details, clean_text, hash_of
from frontline.audit.models import AuditEvent
from frontline.lib.clientip import client_ip

Kind = AuditEvent.Kind
READ_KINDS = frozenset({Kind.CONSULTATION, Kind.DISCLOSURE, Kind.COMBINATION})
# Any 64-bit number that no other part of Frontline uses for pg_advisory_xact_lock.
CHAIN_LOCK = 0x0A0D17_C4A1


def client_address(request: HttpRequest | None) -> str | None:
    # Read through the trusted proxies as the sign-in throttling and rate limits read it.
    return client_ip(request)


def record(
    action: str,
    *,
    actor: AbstractBaseUser | None,
    target: models.Model | None = None,
    justification: str = "",
    request: HttpRequest | None = None,
    details: Mapping[str, Any] | None = None,
    kind: str = Kind.ALTERATION,
) -> AuditEvent:
    """Write one audit row. Call it inside the same transaction as the change it describes, after
    the change: from here to the end of that transaction other audited writes wait, and a lock
    taken last cannot be part of a deadlock.

    `justification` is the reason the user gave; `details` what a reader of the log needs to
    rebuild the event (old and new values, search terms, export scope, recipients) and no more
    personal data than that: prefer ids to names. `kind` is one of `AuditEvent.Kind`.
    """
    if kind not in Kind.values:
        raise ValueError(f"unknown audit kind {kind!r}")
    # No savepoint: if the insert fails, the caller's transaction is lost anyway.
    with transaction.atomic(savepoint=False):
        last = _last_hash()
        event = AuditEvent(
            at=timezone.now(),
            actor_id=actor.pk if actor is not None else None,
            action=action,
            kind=kind,
            object_type=target._meta.label_lower if target is not None else "",
            object_id=str(target.pk) if target is not None else "",
            justification=clean_text(justification),
            details=canonical_details(details),
            ip_address=client_address(request),
            prev_hash=last,
        )
        event.hash = hash_of(event)
        event.save(force_insert=True)
    return event


def record_read(
    action: str,
    *,
    actor: AbstractBaseUser | None,
    target: models.Model | None = None,
    justification: str = "",
    request: HttpRequest | None = None,
    details: Mapping[str, Any] | None = None,
    kind: str = Kind.CONSULTATION,
) -> AuditEvent:
    """Record that `actor` consulted (the default), disclosed (exported, sent, printed) or
    combined data. Works inside or outside a transaction; outside one it commits at once, so
    the lock is held only for the three statements it takes."""
    if kind not in READ_KINDS:
        raise ValueError(
            f"record_read is for consultation, disclosure or combination, not {kind!r}"
        )
    return record(
        action,
        actor=actor,
        target=target,
        justification=justification,
        request=request,
        details=details,
        kind=kind,
    )


def audited_save(
    instance: models.Model,
    *,
    action: str,
    fields: Iterable[str],
    actor: AbstractBaseUser | None,
    request: HttpRequest | None = None,
    values_of: Iterable[str] | None = None,
) -> dict[str, Any]:
    """Save `instance`, new or edited, and record what changed, in one transaction; return the
    recorded changes. For the action functions of each app (one per sensitive write).

    1. An existing row is locked and its stored values of `fields` read.
    2. Nothing changed: nothing is saved or recorded.
    3. Otherwise save, and record `action`: a collection with the new values, or an alteration
       with old and new ones (only `values_of` with their values, when given).
    """
    fields = list(fields)
    after = {field: _value(instance, field) for field in fields}
    with transaction.atomic():
        adding = instance._state.adding
        before: dict[str, Any] = {}
        if not adding:
            stored = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
            before = {field: _value(stored, field) for field in fields}
        diff = changes(before, after, values_of=values_of)
        if adding:
            instance.save()
        elif not diff:
            return {}
        else:
            # Only what was compared and recorded (and timestamps kept by Django) is written.
            stamps = [f.name for f in instance._meta.concrete_fields if getattr(f, "auto_now", 0)]
            instance.save(update_fields=[*diff, *stamps])
        record(
            action,
            actor=actor,
            target=instance,
            request=request,
            details={"changes": diff},
            kind=Kind.COLLECTION if adding else Kind.ALTERATION,
        )
    return diff


def _value(instance: models.Model, field: str) -> Any:
    # Foreign keys by id, so the log holds no copy of the related row.
    return getattr(instance, instance._meta.get_field(field).attname)  # type: ignore[union-attr]


def changes(
    before: Mapping[str, Any], after: Mapping[str, Any], *, values_of: Iterable[str] | None = None
) -> dict[str, Any]:
    """The fields that differ between `before` and `after`, as {field: {"old": .., "new": ..}}.

    With `values_of`, only those fields carry their values; the others are listed as changed
    without them (for personal data that the log does not need to copy). For a new row (`before`
    empty) fields left empty are not listed.
    """
    shown = set(before) | set(after) if values_of is None else set(values_of)
    fields = set(before) | {f for f, v in after.items() if before or v not in ("", None)}
    return {
        field: {"old": before.get(field), "new": after.get(field)} if field in shown else "changed"
        for field in sorted(fields)
        if before.get(field) != after.get(field)
    }


def _last_hash() -> str:
    """The hash of the last row, once no other writer can append before this one does."""
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        _lock_chain(cursor)
        # Plain SQL: this runs on every audited request, and the ORM's query building costs
        # more CPU than the query.
        cursor.execute(f"SELECT hash FROM {table} ORDER BY id DESC LIMIT 1")  # noqa: S608
        row = cursor.fetchone()
    return row[0] if row else GENESIS


def _lock_chain(cursor: Any) -> None:
    # A statement of its own, before the read: under READ COMMITTED each statement takes a new
    # snapshot, so the read then sees the row of whoever held the lock before. SQLite needs
    # nothing: Frontline opens its transactions with BEGIN IMMEDIATE, one writer at a time.
    if connection.vendor == "postgresql":
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
