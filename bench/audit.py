"""What the audit log costs: one `record` / `record_read`, writers at once, and `audit verify`.

1. For SQLite (a scratch file) and PostgreSQL (a scratch database), each in its own process:
   migrate, then time `record` and `record_read` called outside any transaction, as a read page
   calls `record_read`: CPU ms of this process and of the PostgreSQL backend, wall ms, and the
   SQL statements per call.
   For comparison, a plain INSERT of the same row into a copy of the table without chain, lock
   or index, committed on its own: what the commit alone costs.
2. PostgreSQL only: 1, 4 and 8 threads calling `record_read` at once (the chain lock makes them
   take turns), and the same with the plain INSERT (which PostgreSQL may commit together): rows
   per second and the wall time of one call.
3. Fill the log to --rows chained rows (100,000 by default) and time `frontline audit verify`.

Usage: python bench/audit.py [--calls 2000] [--rows 100000] [--only sqlite|postgresql]
FRONTLINE_BENCH_DATABASE_URL names the PostgreSQL database; it is DROPPED and created afresh.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))

from quiz_load import DATABASE_URL, drop_database, recreate_database  # noqa: E402


def backend_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def setup(database_url: str) -> None:
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "frontline.settings",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-only-not-a-real-secret-0123456789abcdef",
        "FRONTLINE_DEMO": "0",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_MANIFEST": "0",
    })  # fmt: skip
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def per_call(name: str, calls: int, call: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(200):  # warm-up
        call()
    pg = connection.vendor == "postgresql"
    backend = connection.connection.info.backend_pid if pg else None
    app, db, wall = [], [], []
    rounds = 10
    for _ in range(rounds):
        db0 = backend_cpu_seconds(backend) if backend else 0.0
        app0, wall0 = time.process_time(), time.perf_counter()
        for _ in range(calls // rounds):
            call()
        n = calls // rounds
        app.append(1000 * (time.process_time() - app0) / n)
        wall.append(1000 * (time.perf_counter() - wall0) / n)
        db.append(1000 * ((backend_cpu_seconds(backend) if backend else 0.0) - db0) / n)
    with CaptureQueriesContext(connection) as captured:
        call()
    db_text = f"{min(db):6.3f}" if pg else "   n/a"
    print(f"  {name:<12} app CPU {min(app):6.3f} ms (median {statistics.median(app):.3f})"
          f"   db CPU {db_text} ms   wall {min(wall):6.3f} ms   "
          f"{len(captured)} statements + commit")  # fmt: skip
    for query in captured.captured_queries:
        print(f"      {query['sql'][:110]}")


def plain_insert() -> None:
    """The same row into a copy of the table with no chain, no lock and no index: what a commit
    alone costs, for comparison."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_plain (at, action, kind, object_type, object_id, justification,"
            " details, prev_hash, hash) VALUES (%s, 'bench.read', 'consultation',"
            " 'accounts.agency', '1', '', '{}', '', '')",
            [datetime.now(UTC)],
        )


def writers_at_once(threads: int, seconds: float, chained: bool = True) -> None:
    from django.db import connection

    from frontline.audit.log import record_read

    def one() -> None:
        if chained:
            record_read("bench.read", actor=None, details={"page": "1"})
        else:
            plain_insert()

    stop = time.perf_counter() + seconds
    walls: list[float] = []
    lock = threading.Lock()

    def work() -> None:
        mine = []
        try:
            while time.perf_counter() < stop:
                t0 = time.perf_counter()
                one()
                mine.append(time.perf_counter() - t0)
        finally:
            connection.close()
        with lock:
            walls.extend(mine)

    pool = [threading.Thread(target=work) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    walls.sort()
    p95 = walls[int(len(walls) * 0.95)] * 1000
    what = "record_read" if chained else "plain INSERT"
    print(f"  {what:<12} {threads} writer(s): {len(walls) / seconds:6.0f} rows/s   "
          f"one call p50 {statistics.median(walls) * 1000:6.2f} ms  p95 {p95:6.2f} ms")  # fmt: skip


def fill(rows: int) -> None:
    """Append chained rows quickly: COPY on PostgreSQL, batched INSERTs on SQLite."""
    from django.db import connection, transaction

    from frontline.audit.chain import GENESIS, row_hash
    from frontline.audit.models import AuditEvent

    have = AuditEvent.objects.count()
    prev = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS
    at = datetime.now(UTC) - timedelta(days=365)
    columns = ("at, action, kind, object_type, object_id, justification, details, ip_address,"
               " prev_hash, hash")  # fmt: skip
    values: list[tuple[Any, ...]] = []
    for n in range(have, rows):
        at += timedelta(seconds=3)
        # Three reads to one change, as on a case file.
        if n % 4:
            action, kind, details = "referrals.view", "consultation", {"page": "1"}
        else:
            action, kind = "referrals.update", "alteration"
            details = {"changes": {"status": {"old": "received", "new": "acknowledged"}}}
        fields = {"at": at, "actor_id": None, "action": action, "kind": kind,
                  "object_type": "referrals.referral", "object_id": str(n % 5000),
                  "justification": "case 2026/0412" if n % 7 == 0 else "",
                  "details": details, "ip_address": "198.51.100.7"}  # fmt: skip
        digest = row_hash(prev, **fields)
        values.append((at, action, kind, fields["object_type"], fields["object_id"],
                       fields["justification"], json.dumps(details), "198.51.100.7",
                       prev, digest))  # fmt: skip
        prev = digest
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY audit_auditevent ({columns}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
        else:
            sql = f"INSERT INTO audit_auditevent ({columns}) VALUES ({', '.join(['%s'] * 10)})"
            cursor.executemany(sql, values)


def time_verify(rows: int) -> None:
    from io import StringIO

    from django.core.management import call_command
    from django.db import connection

    t0 = time.perf_counter()
    fill(rows)
    print(f"  filled to {rows:,} rows in {time.perf_counter() - t0:.1f} s")
    connection.close()
    connection.ensure_connection()
    pg = connection.vendor == "postgresql"
    backend = connection.connection.info.backend_pid if pg else None
    db0 = backend_cpu_seconds(backend) if backend else 0.0
    app0, wall0 = time.process_time(), time.perf_counter()
    out = StringIO()
    call_command("audit", "verify", stdout=out, stderr=out)
    app, wall = time.process_time() - app0, time.perf_counter() - wall0
    db = (backend_cpu_seconds(backend) - db0) if backend else 0.0
    print(f"  audit verify: {out.getvalue().strip()}")
    print(f"  audit verify over {rows:,} rows: wall {wall:.2f} s, app CPU {app:.2f} s"
          + (f", db CPU {db:.2f} s" if pg else ""))  # fmt: skip


def child(database_url: str, calls: int, rows: int) -> None:
    setup(database_url)
    from django.db import connection

    from frontline.accounts.models import Agency, User
    from frontline.audit.log import Kind, record, record_read

    print(f"== {connection.vendor}")
    actor = User.objects.create(username="bench-admin")
    target = Agency.objects.create(name="Bench Agency", kind="police", country="XA")
    connection.ensure_connection()
    per_call("record", calls, lambda: record(
        "bench.change", actor=actor, target=target,
        details={"changes": {"region": {"old": "North", "new": "South"}}}))  # fmt: skip
    per_call("record_read", calls, lambda: record_read(
        "bench.export", actor=actor, target=target, kind=Kind.DISCLOSURE,
        details={"format": "csv", "rows": 40}))  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_plain AS SELECT * FROM audit_auditevent WHERE 1 = 0")
    per_call("plain INSERT", calls, plain_insert)
    if connection.vendor == "postgresql":
        for threads in (1, 4, 8):
            writers_at_once(threads, seconds=3.0)
            writers_at_once(threads, seconds=3.0, chained=False)
    connection.close()
    time_verify(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.calls, args.rows)
        return 0
    command = [sys.executable, __file__, "--calls", str(args.calls), "--rows", str(args.rows)]
    if args.only != "postgresql":
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([*command, "--child", f"sqlite:///{tmp}/audit.sqlite3"], check=True)
    if args.only != "sqlite":
        recreate_database()
        try:
            subprocess.run([*command, "--child", DATABASE_URL], check=True)
        finally:
            drop_database()
    return 0


if __name__ == "__main__":
    sys.exit(main())
