"""Parallel guesses: the limits hold when many requests arrive at once.

These need separate database connections that really run at the same time, so they run on
PostgreSQL (`make test` with FRONTLINE_TEST_DATABASE_URL); SQLite's in-memory test database is
one connection.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar
from unittest import skipUnless

from django.db import connection
from django.test import TransactionTestCase
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontline.accounts import second_factor
from frontline.accounts.models import User
from frontline.lib.ratelimit import Limit

T = TypeVar("T")
PARALLEL = 8


def at_once(work: Callable[[], T]) -> list[T]:
    """Run `work` in PARALLEL threads released together; return what each returned."""
    barrier = threading.Barrier(PARALLEL)
    results: list[T] = []
    lock = threading.Lock()

    def run() -> None:
        try:
            barrier.wait()
            result = work()
            with lock:
                results.append(result)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@skipUnless(connection.vendor == "postgresql", "needs concurrent database connections")
class ParallelTests(TransactionTestCase):
    def test_parallel_wrong_codes_get_one_check_between_them(self) -> None:
        user = User.objects.create_user("parallel", password="x" * 12)
        device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
        checks = at_once(lambda: second_factor.verify(user, "000000"))
        self.assertEqual(len(checks), PARALLEL)
        # One was checked (and failed); the others found the device waiting after it.
        self.assertEqual(sum(1 for c in checks if c.wait is None), 1)
        device.refresh_from_db()
        self.assertEqual(device.throttling_failure_count, 1)

    def test_a_limit_counts_parallel_events_exactly(self) -> None:
        limit = Limit("tests.parallel", allowed=3, window=timedelta(minutes=5))
        entries = at_once(lambda: limit.hit("one key"))
        self.assertEqual(len(entries), PARALLEL)
        self.assertEqual(len({e for e in entries if e is not None}), 3)
        self.assertEqual(entries.count(None), PARALLEL - 3)
