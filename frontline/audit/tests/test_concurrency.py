"""Two writers at once on PostgreSQL: the chain must never fork."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any
from unittest import mock, skipUnless

from django.db import IntegrityError, connection, transaction
from django.test import TransactionTestCase

from frontline.audit import log
from frontline.audit.chain import verify
from frontline.audit.log import record, record_read
from frontline.audit.models import AuditEvent
from frontline.audit.tests.helpers import as_row


def in_threads(*work: Callable[[], None]) -> list[BaseException]:
    """Run each callable in its own thread (so its own database connection); return errors."""
    errors: list[BaseException] = []

    def run(job: Callable[[], None]) -> None:
        try:
            job()
        except BaseException as exc:  # reported to the test, not lost in the thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def chain_problems() -> list[str]:
    rows = (as_row(e) for e in AuditEvent.objects.order_by("id"))
    return [str(problem) for problem in verify(rows)]


@skipUnless(connection.vendor == "postgresql", "concurrent writers need PostgreSQL")
class ConcurrentWriterTests(TransactionTestCase):
    # Only these tables are emptied after each test (every table would take seconds).
    available_apps = ["frontline.accounts", "frontline.audit"]

    def test_a_writer_waits_for_the_open_transaction_before_it(self) -> None:
        written = threading.Event()

        def slow() -> None:
            with transaction.atomic():
                record("test.slow", actor=None)
                written.set()
                time.sleep(0.3)  # the other writer arrives now, and must wait for this commit

        def quick() -> None:
            written.wait(10)
            record_read("test.quick", actor=None)

        self.assertEqual(in_threads(slow, quick), [])
        slow_row, quick_row = AuditEvent.objects.order_by("id")
        self.assertEqual(quick_row.prev_hash, slow_row.hash)
        self.assertEqual(chain_problems(), [])

    def test_many_writers_many_rows_one_chain(self) -> None:
        def writer(name: str) -> Callable[[], None]:
            def write() -> None:
                for n in range(25):
                    with transaction.atomic():
                        record(f"test.{name}", actor=None, details={"n": n})
                        time.sleep(0.001 * (n % 3))

            return write

        self.assertEqual(in_threads(writer("a"), writer("b"), writer("c")), [])
        self.assertEqual(AuditEvent.objects.count(), 75)
        self.assertEqual(chain_problems(), [])

    def test_without_the_lock_the_database_still_refuses_a_fork(self) -> None:
        # Both writers read the same last row before either inserts: exactly what the lock
        # prevents. The unique prev_hash turns the would-be fork into an error for one of them.
        record("test.first", actor=None)
        both_read = threading.Barrier(2, timeout=10)
        real_hash = log.hash_of

        def hash_after_both_read(*args: Any, **kwargs: Any) -> str:
            both_read.wait()
            return real_hash(*args, **kwargs)

        def racing() -> None:
            record("test.racing", actor=None)

        with (
            mock.patch.object(log, "_lock_chain", lambda cursor: None),
            mock.patch.object(log, "hash_of", hash_after_both_read),
        ):
            errors = in_threads(racing, racing)
        self.assertEqual([type(e) for e in errors], [IntegrityError])
        self.assertEqual(AuditEvent.objects.count(), 2)
        self.assertEqual(chain_problems(), [])
