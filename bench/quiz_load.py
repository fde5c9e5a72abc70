"""Saving quiz answers under load: p50/p95/p99 with N concurrent simulated learners, PostgreSQL.

1. Creates a fresh PostgreSQL database (`frontline_bench`), migrates it and loads the content.
2. Creates N learners, each signed in (a session row) with an open unit-quiz attempt.
3. Starts the app under gunicorn (the production server) on 127.0.0.1.
4. Runs N simulated learners at once for a fixed time. Each opens their attempt page, then keeps
   answering its questions (HTMX posts, as the browser sends them) with a think time between
   answers, and the latency of every answer is recorded.
5. Prints the figures, checks that every acknowledged answer is in the database, and drops the
   database.

Usage: make bench-load   (or: python bench/quiz_load.py [--learners 200] [--seconds 60])
Needs PostgreSQL. FRONTLINE_BENCH_DATABASE_URL names the database to use; it is DROPPED and
created afresh, so never point it at data you keep (default:
postgres://postgres@127.0.0.1:5432/frontline_bench).
The load generator runs on the same machine as the server, so both share its cores.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
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


async def learner(
    client: httpx.AsyncClient, person: dict[str, Any], until: float, ramp: float,
    think: tuple[float, float], latencies: list[float], errors: list[str],
    saved: list[tuple[int, int]],
) -> None:  # fmt: skip
    csrf = secrets.token_hex(16)  # a 32-character secret: Django compares header and cookie
    cookies = {"sessionid": person["session"], "csrftoken": csrf}
    base = f"/learn/attempts/{person['attempt']}/"
    await asyncio.sleep(random.uniform(0, ramp))  # learners open the quiz over the first seconds
    page = await client.get(base, cookies=cookies)
    if page.status_code != 200:
        errors.append(f"attempt page {page.status_code}")
        return
    forms = {item: choices_for(page.text, item) for item in person["items"]}
    headers = {"HX-Request": "true", "X-CSRFToken": csrf}
    await asyncio.sleep(random.uniform(*think))  # reading the first question
    while time.monotonic() < until:
        item = random.choice(person["items"])
        started = time.perf_counter()
        try:
            r = await client.post(
                f"{base}items/{item}", data=random.choice(forms[item]), headers=headers,
                cookies=cookies,
            )  # fmt: skip
        except httpx.HTTPError as exc:
            errors.append(type(exc).__name__)
            continue
        latencies.append(time.perf_counter() - started)
        if r.status_code == 200 and "Saved." in r.text:
            saved.append((person["attempt"], item))
        else:
            errors.append(f"HTTP {r.status_code}")
        await asyncio.sleep(random.uniform(*think))


async def run(
    people: list[dict[str, Any]], seconds: float, ramp: float, think: tuple[float, float]
) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    saved: list[tuple[int, int]] = []
    limits = httpx.Limits(max_connections=len(people), max_keepalive_connections=len(people))
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{PORT}", limits=limits, timeout=30
    ) as client:
        until = time.monotonic() + seconds
        await asyncio.gather(
            *(learner(client, p, until, ramp, think, latencies, errors, saved) for p in people)
        )
    return {"latencies": latencies, "errors": errors, "saved": saved}


def start_server(workers: int, threads: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "frontline.wsgi", "--bind", f"127.0.0.1:{PORT}",
         "--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread",
         "--log-level", "warning"],
        env=environment(), cwd=REPO,
    )  # fmt: skip
    for _ in range(100):
        try:
            if httpx.get(f"http://127.0.0.1:{PORT}/healthz").status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not start")


def percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=90)
    parser.add_argument("--ramp", type=float, default=20, help="seconds over which learners join")
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(5.0, 15.0),
        metavar=("MIN", "MAX"),
        help="seconds between a learner's answers",
    )
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()  # fmt: skip

    recreate_database()
    try:
        print(f"preparing {args.learners} learners on PostgreSQL ...", flush=True)
        people = prepare(args.learners)
        server = start_server(args.workers, args.threads)
        try:
            print(f"running {args.seconds:.0f} s: {args.learners} learners, think time "
                  f"{args.think[0]}-{args.think[1]} s, gunicorn {args.workers} workers x "
                  f"{args.threads} threads, {os.cpu_count()} cores", flush=True)  # fmt: skip
            started = time.monotonic()
            result = asyncio.run(run(people, args.seconds, args.ramp, tuple(args.think)))  # type: ignore[arg-type]
            elapsed = time.monotonic() - started
        finally:
            server.terminate()
            server.wait(timeout=30)

        from frontline.assessment.models import Answer

        latencies = [1000 * s for s in result["latencies"]]
        stored = set(Answer.objects.values_list("attempt_id", "item_id"))
        lost = set(result["saved"]) - stored
        print(f"answers posted     {len(latencies):>8,}  ({len(latencies) / elapsed:,.0f}/s)")
        print(f"errors             {len(result['errors']):>8,}  {sorted(set(result['errors']))}")
        if latencies:
            for p in (50, 95, 99):
                print(f"p{p:<17} {percentile(latencies, p):>8.1f} ms")
            print(f"max                {max(latencies):>8.1f} ms")
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
