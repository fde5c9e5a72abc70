"""The hash chain of the audit log, in plain Python (no Django).

Each row's hash is SHA-256 over a canonical JSON array of its content and the previous row's
hash (`GENESIS` for the first row). Anyone who changes a row must recompute its hash and the
`prev_hash` of every row after it, or `verify` names the row where the chain breaks; an anchor
(a row id and its hash kept outside the database) catches even a chain recomputed to the end.

`canonical_details` is applied by the writer before storing, so what the database gives back
(PostgreSQL's jsonb reorders keys and may print a float like 1e20 as an integer) hashes the same
as what was written.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

VERSION = "frontline-audit-v1"
GENESIS = "0" * 64
# How many recent hashes `verify` remembers to tell an inserted row from a removed one.
_WINDOW = 1000


@dataclass
class Row:
    id: int
    at: datetime
    actor_id: int | None
    action: str
    kind: str
    object_type: str
    object_id: str
    justification: str
    details: Any
    ip_address: str | None
    prev_hash: str
    hash: str


# The column order `Row` is built from; the verify command reads exactly these.
COLUMNS = tuple(Row.__dataclass_fields__)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k).replace("\x00", "\ufffd"): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    if isinstance(value, bool) or value is None or isinstance(value, int):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("audit details cannot hold NaN or infinity")
        return int(value) if value.is_integer() else value
    # PostgreSQL text refuses NUL; everything else (dates, decimals, ids) is kept as text.
    return str(value).replace("\x00", "\ufffd")


def canonical_details(details: Any) -> Any:
    """`details` as JSON-safe values that survive a round trip through jsonb unchanged."""
    return _plain(details if details is not None else {})


def clean_text(value: str) -> str:
    return value.replace("\x00", "\ufffd")


def _ip(value: str | None) -> str | None:
    return str(ipaddress.ip_address(str(value))) if value else None


def row_hash(
    prev_hash: str,
    *,
    at: datetime,
    actor_id: int | None,
    action: str,
    kind: str,
    object_type: str,
    object_id: str,
    justification: str,
    details: Any,
    ip_address: str | None,
) -> str:
    payload = [
        VERSION,
        prev_hash,
        at.astimezone(UTC).isoformat(timespec="microseconds"),
        actor_id,
        action,
        kind,
        object_type,
        object_id,
        justification,
        canonical_details(details),
        _ip(ip_address),
    ]
    text = json.dumps(payload, ensure_ascii=True, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


class Content(Protocol):
    """What a row's hash covers: a `Row`, or an `AuditEvent` (same attribute names)."""

    prev_hash: str
    at: datetime
    actor_id: int | None
    action: str
    kind: str
    object_type: str
    object_id: str
    justification: str
    details: Any
    ip_address: str | None


def hash_of(row: Content) -> str:
    """What `row.hash` should be, given its content and `row.prev_hash`."""
    return row_hash(
        row.prev_hash,
        at=row.at,
        actor_id=row.actor_id,
        action=row.action,
        kind=row.kind,
        object_type=row.object_type,
        object_id=row.object_id,
        justification=row.justification,
        details=row.details,
        ip_address=row.ip_address,
    )


@dataclass(frozen=True)
class Problem:
    row_id: int
    message: str

    def __str__(self) -> str:
        return f"row #{self.row_id}: {self.message}"


@dataclass
class Result:
    rows: int = 0
    head_id: int | None = None
    head_hash: str = GENESIS


def verify(rows: Iterable[Row], result: Result | None = None) -> Iterator[Problem]:
    """Walk `rows` in id order and yield every break in the chain.

    1. A row whose stored hash is not the hash of its content: altered (or forged by hand).
    2. A row whose `prev_hash` is not the hash of the row before it: if it is the hash of a
       recent earlier row, the rows in between were inserted; otherwise rows before it were
       removed, or the row before it was rewritten with a recomputed hash.
    `result` (if given) ends up holding the number of rows and the head (last id and hash).
    """
    result = result if result is not None else Result()
    recent: OrderedDict[str, int] = OrderedDict()
    prev: Row | None = None
    for row in rows:
        result.rows += 1
        if hash_of(row) != row.hash:
            yield Problem(row.id, "its content does not match its hash: the row was altered")
        expected = prev.hash if prev is not None else GENESIS
        if row.prev_hash != expected:
            yield _break(row, prev, recent)
        recent[row.hash] = row.id
        if len(recent) > _WINDOW:
            recent.popitem(last=False)
        prev = row
    if prev is not None:
        result.head_id, result.head_hash = prev.id, prev.hash


def _break(row: Row, prev: Row | None, recent: OrderedDict[str, int]) -> Problem:
    if prev is None:
        return Problem(row.id, "it is the first row but does not start the chain: "
                               "the rows before it were removed")  # fmt: skip
    if row.prev_hash == GENESIS:
        return Problem(row.id, "it claims to start the chain after other rows: it was inserted")
    if row.prev_hash in recent:
        follows = recent[row.prev_hash]
        return Problem(
            row.id, f"it follows #{follows}, not #{prev.id}: the rows after #{follows} and before "
                    f"#{row.id} were inserted",
        )  # fmt: skip
    return Problem(
        row.id, f"it does not follow #{prev.id}: a row between #{prev.id} and #{row.id} was "
                f"removed, or #{prev.id} was rewritten with a recomputed hash",
    )  # fmt: skip
