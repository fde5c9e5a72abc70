"""What one saved quiz answer costs: CPU milliseconds and SQL queries per request, in-process.

A figure that stays meaningful on a busy machine (wall-clock latency does not): process CPU time
is what the request costs the application server, and the PostgreSQL backend's own CPU time is
read from /proc for the one connection the requests use.

1. Prepares a fresh PostgreSQL database as `quiz_load.py` does (learners signed in, attempts open).
2. Sends answer saves through the full WSGI stack (every middleware, the real session store and
   CSRF check), as the HTMX autosave does, after a warm-up.
3. Prints CPU ms per request (application, database backend), the queries per request and the
   statements themselves; `--profile` adds the functions that cost most.

Usage: python bench/answer_cpu.py [--requests 2000] [--profile]
FRONTLINE_BENCH_DATABASE_URL names the database to use; it is DROPPED and created afresh.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from quiz_load import drop_database, prepare, recreate_database

CSRF = "0123456789abcdef0123456789abcdef"


def backend_cpu_seconds(pid: int) -> float:
    """User + system CPU of a PostgreSQL backend process (same machine only)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def answer_environ(person: dict[str, Any], item: int, body: bytes) -> dict[str, Any]:
    return {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": f"/learn/attempts/{person['attempt']}/items/{item}",
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8765",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_COOKIE": f"sessionid={person['session']}; csrftoken={CSRF}",
        "HTTP_X_CSRFTOKEN": CSRF,
        "HTTP_HX_REQUEST": "true",
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }


def bodies(person: dict[str, Any]) -> dict[int, bytes]:
    """A valid answer to each item of the attempt, read off the attempt page like a browser."""
    from django.test import Client
    from quiz_load import choices_for

    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["sessionid"] = person["session"]
    page = client.get(f"/learn/attempts/{person['attempt']}/").content.decode()
    return {item: urlencode(choices_for(page, item)[0]).encode() for item in person["items"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--learners", type=int, default=20)
    parser.add_argument("--profile", action="store_true", help="print the costliest functions")
    args = parser.parse_args()

    recreate_database()
    try:
        print(f"preparing {args.learners} learners on PostgreSQL ...", flush=True)
        people = prepare(args.learners)
        from django.core.wsgi import get_wsgi_application
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        app: Callable[..., Any] = get_wsgi_application()
        forms = [bodies(p) for p in people]
        statuses: dict[str, int] = {}

        def start_response(status: str, headers: list[tuple[str, str]]) -> None:
            statuses[status] = statuses.get(status, 0) + 1

        def one() -> None:
            n = random.randrange(len(people))
            item = random.choice(people[n]["items"])
            response = app(answer_environ(people[n], item, forms[n][item]), start_response)
            b"".join(response)
            response.close()  # type: ignore[attr-defined]

        for _ in range(200):  # warm-up: imports, template compilation, connection
            one()
        statuses.clear()
        # One connection for the whole run, so its backend's CPU can be read.
        connection.close()
        connection.settings_dict["CONN_MAX_AGE"] = None
        connection.ensure_connection()
        backend = connection.cursor().connection.info.backend_pid
        # Rounds, reporting the least and the median: on a shared machine other processes can
        # only make a round dearer (caches, hyper-threads), so the least is the truest figure.
        app_ms: list[float] = []
        db_ms: list[float] = []
        wall_ms: list[float] = []
        per_round = max(1, args.requests // args.rounds)
        for _ in range(args.rounds):
            db_before, app_before = backend_cpu_seconds(backend), time.process_time()
            wall_before = time.perf_counter()
            for _ in range(per_round):
                one()
            app_ms.append(1000 * (time.process_time() - app_before) / per_round)
            wall_ms.append(1000 * (time.perf_counter() - wall_before) / per_round)
            db_ms.append(1000 * (backend_cpu_seconds(backend) - db_before) / per_round)
        with CaptureQueriesContext(connection) as captured:
            one()

        print(f"requests           {per_round * args.rounds:>8,}  statuses {statuses}")
        print("ms per request         least   median")
        for name, values in [("app CPU (this process)", app_ms), ("database CPU (backend)", db_ms),
                             ("wall, one at a time", wall_ms)]:  # fmt: skip
            print(f"{name:<22} {min(values):>6.2f} {statistics.median(values):>8.2f}")
        print(f"SQL statements     {len(captured):>8}  per request:")
        for query in captured.captured_queries:
            print(f"    {query['sql'][:150]}")
        # Python function calls per request: the same on a busy machine as on a quiet one.
        profiler = cProfile.Profile(time.process_time)
        profiled = min(args.requests, 500)
        profiler.enable()
        for _ in range(profiled):
            one()
        profiler.disable()
        stats = pstats.Stats(profiler)
        print(f"Python calls       {stats.total_calls / profiled:>8,.0f}  per request")  # type: ignore[attr-defined]
        if args.profile:
            stats.sort_stats("tottime").print_stats(40)
            stats.sort_stats("cumulative").print_stats(90)
    finally:
        from django.db import connections

        connections.close_all()
        drop_database()
    return 0


if __name__ == "__main__":
    sys.exit(main())
