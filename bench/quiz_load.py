"""Saving quiz answers under load: p50/p95/p99 with N concurrent simulated learners, PostgreSQL.

1. Creates a fresh PostgreSQL database, migrates it and loads the content.
2. Creates N learners, each signed in (a session row) with an open unit-quiz attempt.
3. Starts the app under gunicorn (the production server) on 127.0.0.1.
4. The N learners join over the ramp: each opens their attempt page, then keeps answering its
   questions (HTMX posts, as the browser sends them) with a think time between answers. Once
   all have joined and answered once, the latency of every answer is measured for a fixed time.
5. Prints the figures, the CPU spent per request by the server and by the load generator,
   checks that every acknowledged answer is in the database, and drops the database.

Usage: make bench-load   (or: python bench/quiz_load.py [--learners 200] [--seconds 60])
Needs PostgreSQL. FRONTLINE_BENCH_DATABASE_URL names the database to use; it is DROPPED and
created afresh, so never point it at data you keep (default:
postgres://postgres@127.0.0.1:5432/frontline_bench).
The load generator is one light asyncio process on the same machine: the server, PostgreSQL
and it share the cores. `bench/answer_cpu.py` gives the per-request cost without the noise.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import psycopg
from psycopg import sql

REPO = Path(__file__).resolve().parents[1]
DATABASE_URL = os.environ.get(
    "FRONTLINE_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/frontline_bench"
)
SERVER, _, DB_NAME = DATABASE_URL.rpartition("/")
PORT = 8765


def environment() -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "frontline.settings",
        "DATABASE_URL": DATABASE_URL,
        "DB_CONN_MAX_AGE": "60",
        "SECRET_KEY": "bench-only-not-a-real-secret-0123456789abcdef",
        "FRONTLINE_DEMO": "0",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_MANIFEST": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
    }


def recreate_database() -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DB_NAME))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DB_NAME)))


def drop_database() -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DB_NAME))
        )


def prepare(learners: int) -> list[dict[str, Any]]:
    """Learners with a session and an open attempt each; returns what the clients need."""
    os.environ.update(environment())
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from frontline.accounts.models import Agency, Membership, User
    from frontline.assessment import attempts
    from frontline.assessment.models import Quiz
    from frontline.content import load_all, read_all

    call_command("migrate", verbosity=0)
    load_all(read_all(settings.CONTENT_DIR))
    # Deferred feedback: answers may change until submission, so a learner can keep answering.
    Quiz.objects.filter(kind=Quiz.Kind.UNIT).update(feedback="deferred", time_limit_minutes=0)
    academy = Agency.objects.create(name="Bench Academy", kind=Agency.Kind.ACADEMY, country="XA")
    quizzes = list(Quiz.objects.filter(kind=Quiz.Kind.UNIT))
    people = []
    for n in range(learners):
        user = User.objects.create(username=f"bench-learner-{n}")
        user.set_unusable_password()
        user.save()
        Membership.objects.create(user=user, agency=academy, role="learner")
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]  # the password one
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        attempt = attempts.start(user, quizzes[n % len(quizzes)])
        people.append(
            {"session": session.session_key, "attempt": attempt.pk, "items": attempt.item_ids}
        )
    return people


def choices_for(page: str, item: int) -> list[dict[str, str]]:
    """Possible form bodies for one question, read off the attempt page like a browser."""
    import re

    start = page.index(f'id="q-{item}"')
    form = page[start : page.index("</form>", start)]
    radios = re.findall(r'name="choice" value="([^"]+)"', form)
    if radios:
        return [{"choice": value} for value in radios]
    selects = re.findall(r'<select id="[^"]+" name="([^"]+)"', form)
    if selects:
        values = re.findall(r'<option value="([^"]+)"', form)
        return [{name: random.choice(values) for name in selects} for _ in range(4)]
    return [{"text": word} for word in ("guardian", "eighteen", "the ATU")]


class Connection:
    """One learner's keep-alive HTTP/1.1 connection to the server.

    A few lines of asyncio streams instead of an HTTP library: the load generator shares the
    machine's cores with the server, so every millisecond it spends is taken from the figures.
    """

    def __init__(self) -> None:
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def request(
        self, method: str, path: str, headers: dict[str, str], body: bytes = b""
    ) -> tuple[int, bytes]:
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "".join(
            f"{name}: {value}\r\n" for name, value in headers.items()
        )
        if body:
            head += "Content-Type: application/x-www-form-urlencoded\r\n"
        head += f"Content-Length: {len(body)}\r\n\r\n"
        for retry in (False, True):
            if self.reader is None or self.reader.at_eof():
                self.close()
                self.reader, self.writer = await asyncio.open_connection("127.0.0.1", PORT)
            assert self.writer is not None
            try:
                self.writer.write(head.encode() + body)
                await self.writer.drain()
                return await self._response()
            except (ConnectionError, asyncio.IncompleteReadError):
                # The server closed an idle connection just as it was reused: like a browser,
                # send again once on a new one (saving an answer twice stores it once).
                self.close()
                if retry:
                    raise
        raise AssertionError("unreachable")

    async def _response(self) -> tuple[int, bytes]:
        assert self.reader is not None
        lines = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        fields = dict(line.lower().split(": ", 1) for line in lines[1:] if ": " in line)
        if fields.get("transfer-encoding") == "chunked":
            body = b""
            while size := int((await self.reader.readuntil(b"\r\n")).strip(), 16):
                body += (await self.reader.readexactly(size + 2))[:-2]
            await self.reader.readuntil(b"\r\n")
        else:
            body = await self.reader.readexactly(int(fields.get("content-length", "0")))
        if fields.get("connection") == "close":
            self.close()
        return status, body


async def learner(
    person: dict[str, Any], steady: float, until: float, ramp: float,
    think: tuple[float, float], results: dict[str, list[Any]],
) -> None:  # fmt: skip
    """Open the attempt (joining during the ramp), then answer its questions until `until`.
    Answers sent from `steady` on, when every learner has joined, are the measured ones."""
    csrf = secrets.token_hex(16)  # a 32-character secret: Django compares header and cookie
    cookie = {"Cookie": f"sessionid={person['session']}; csrftoken={csrf}"}
    base = f"/learn/attempts/{person['attempt']}/"
    connection = Connection()
    await asyncio.sleep(random.uniform(0, ramp))
    try:
        status, page = await asyncio.wait_for(connection.request("GET", base, cookie), 30)
    except (OSError, asyncio.IncompleteReadError, TimeoutError) as exc:
        results["errors"].append(f"attempt page {type(exc).__name__}")
        return
    if status != 200:
        results["errors"].append(f"attempt page HTTP {status}")
        return
    forms = {
        item: [urlencode(form).encode() for form in choices_for(page.decode(), item)]
        for item in person["items"]
    }
    headers = {**cookie, "HX-Request": "true", "X-CSRFToken": csrf}
    await asyncio.sleep(random.uniform(*think))  # reading the first question
    while time.monotonic() < until:
        item = random.choice(person["items"])
        path = f"{base}items/{item}"
        started = time.monotonic()
        measured = "answers" if started >= steady else "ramp"
        try:
            status, body = await asyncio.wait_for(
                connection.request("POST", path, headers, random.choice(forms[item])), 30
            )
        except (OSError, asyncio.IncompleteReadError, TimeoutError) as exc:
            results["errors"].append(type(exc).__name__)
            connection.close()
            continue
        results[measured].append(time.monotonic() - started)
        if status == 200 and b"Saved." in body:
            results["saved"].append((person["attempt"], item))
        else:
            results["errors"].append(f"HTTP {status}")
        await asyncio.sleep(random.uniform(*think))
    connection.close()


async def run(
    people: list[dict[str, Any]], seconds: float, ramp: float, think: tuple[float, float]
) -> dict[str, list[Any]]:
    results: dict[str, list[Any]] = {"answers": [], "ramp": [], "errors": [], "saved": []}
    steady = time.monotonic() + ramp + think[1]  # everyone has joined and answered once
    until = steady + seconds
    await asyncio.gather(
        *(learner(p, steady, until, ramp, think, results) for p in people)
    )  # fmt: skip
    return results


def start_server(workers: int, threads: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "frontline.wsgi", "--bind", f"127.0.0.1:{PORT}",
         "--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread",
         # Connections stay open through a learner's think time; the app is loaded once.
         "--keep-alive", "30", "--preload", "--log-level", "warning"],
        env=environment(), cwd=REPO,
    )  # fmt: skip
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", PORT), timeout=1) as probe:
                probe.sendall(b"GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                if probe.recv(64).split(b" ")[1:2] == [b"200"]:
                    return server
        except OSError:
            pass
        time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not start")


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children that have ended or still run."""
    total = 0.0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(child) for child in children.read_text().split()]
    for each in pids:
        fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        total += sum(int(f) for f in fields[11:15])  # utime, stime, cutime, cstime
    return total / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60, help="measured, after the ramp")
    parser.add_argument("--ramp", type=float, default=20, help="seconds over which learners join")
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(5.0, 15.0),
        metavar=("MIN", "MAX"),
        help="seconds between a learner's answers",
    )
    # Two cores: a process per core and two more, so a request that waits on the database or
    # on the other process does not hold up the rest; a second thread each overlaps the waits.
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()  # fmt: skip

    recreate_database()
    try:
        print(f"preparing {args.learners} learners on PostgreSQL ...", flush=True)
        people = prepare(args.learners)
        server = start_server(args.workers, args.threads)
        try:
            print(f"running: {args.learners} learners join over {args.ramp:.0f} s, then "
                  f"{args.seconds:.0f} s measured; think time {args.think[0]}-{args.think[1]} s; "
                  f"gunicorn {args.workers} workers x {args.threads} threads; "
                  f"{os.cpu_count()} cores shared with the load generator and PostgreSQL",
                  flush=True)  # fmt: skip
            server_cpu, own_cpu = cpu_seconds(server.pid), time.process_time()
            result = asyncio.run(run(people, args.seconds, args.ramp, tuple(args.think)))  # type: ignore[arg-type]
            server_cpu = cpu_seconds(server.pid) - server_cpu
            own_cpu = time.process_time() - own_cpu
        finally:
            server.terminate()
            server.wait(timeout=30)

        from frontline.assessment.models import Answer

        latencies = [1000 * s for s in result["answers"]]
        posted = len(latencies) + len(result["ramp"])
        stored = set(Answer.objects.values_list("attempt_id", "item_id"))
        lost = set(result["saved"]) - stored
        print(f"answers measured   {len(latencies):>8,}  ({len(latencies) / args.seconds:,.0f}/s; "
              f"{len(result['ramp']):,} more while learners joined, not counted)")  # fmt: skip
        print(f"errors             {len(result['errors']):>8,}  {sorted(set(result['errors']))}")
        if latencies:
            for p in (50, 95, 99):
                print(f"p{p:<17} {percentile(latencies, p):>8.1f} ms")
            print(f"max                {max(latencies):>8.1f} ms")
        if result["ramp"]:
            ramp = [1000 * s for s in result["ramp"]]
            print(f"while joining: p95 {percentile(ramp, 95):.1f} ms (pages opened meanwhile)")
        print(f"CPU per request    server {1000 * server_cpu / (posted + len(people)):.1f} ms, "
              f"load generator {1000 * own_cpu / (posted + len(people)):.1f} ms "
              f"(pages and answers)")  # fmt: skip
        print(f"acknowledged but not stored: {len(lost)}")
        p95 = percentile(latencies, 95) if len(latencies) > 1 else float("inf")
        verdict = "within" if p95 < 50 and not result["errors"] and not lost else "OVER"
        print(f"budget: p95 under 50 ms with zero errors -> {verdict} budget")
    finally:
        from django.db import connections

        connections.close_all()
        drop_database()
    return 0


if __name__ == "__main__":
    sys.exit(main())
