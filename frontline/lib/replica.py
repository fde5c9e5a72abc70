"""Reports and statistics read from a replica, when there is one.

A page that only reads aggregates (the quiz statistics, their CSV) runs its queries inside
`reporting()`; the router sends those reads to the "replica" database alias when settings define
one (DATABASE_REPLICA_URL), and everything else, every write and every read outside `reporting()`,
to "default". A replica is a little behind the primary: statistics may miss the last seconds of
answers, which is why nothing that decides access or writes ever runs inside `reporting()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.conf import settings

REPLICA = "replica"
_reporting: ContextVar[bool] = ContextVar("frontline_reporting", default=False)

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def reporting() -> Iterator[None]:
    """Reads in this block may go to the replica."""
    token = _reporting.set(True)
    try:
        yield
    finally:
        _reporting.reset(token)


def reads_from_replica(view: Callable[P, R]) -> Callable[P, R]:
    """A view decorator: the whole view runs inside `reporting()`."""

    @wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        with reporting():
            return view(*args, **kwargs)

    return wrapped


class ReplicaRouter:
    """Django database router: reads inside `reporting()` to the replica, if configured."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if _reporting.get() and REPLICA in settings.DATABASES:
            return REPLICA
        return None

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db != REPLICA  # the replica follows the primary; it is never migrated itself
