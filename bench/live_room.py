"""A live run under load: one trainer and a room of N participants polling and voting, PostgreSQL.

1. Creates a fresh PostgreSQL database (`frontline_bench_live`), migrates it, loads the content.
2. Creates a trainer and N participants, each signed in (a session row), and the trainer's run.
3. Starts the app under gunicorn (the production server) on 127.0.0.1.
4. For a fixed time: every participant joins with the code, then polls its screen every 2 s
   (as the page does, sending the version it shows) and votes a few seconds after a decision
   appears; the trainer polls the votes every second and takes the majority once everyone has
   voted or the timer runs out, then opens the next vote. At an ending the run starts over.
5. Prints latency percentiles per kind of request, errors, and votes acknowledged against votes
   stored; then drops the database.

Usage: make bench-live   (or: python bench/live_room.py [--participants 40] [--seconds 30])
Needs PostgreSQL; FRONTLINE_BENCH_DATABASE_URL names the server (default: local, user postgres).
The load generator runs on the same machine as the server, so both share its cores.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx
import psycopg

REPO = Path(__file__).resolve().parents[1]
SERVER = os.environ.get("FRONTLINE_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432")
PORT = 8766
VERSION = re.compile(r'screen\?v=([^"]+)"')
CHOICE = re.compile(r'name="choice" value="([^"]+)"')


def environment(db: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "frontline.settings",
        "DATABASE_URL": f"{SERVER}/{db}",
        "DB_CONN_MAX_AGE": "60",
        "SECRET_KEY": "bench-only-not-a-real-secret-0123456789abcdef",
        "FRONTLINE_DEMO": "0",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_MANIFEST": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
    }


def drop_database(db: str, create: bool = False) -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
        if create:
            conn.execute(f"CREATE DATABASE {db}")


def session_for(user: Any) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]  # the password one
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return str(session.session_key)


def prepare(db: str, participants: int, vote_seconds: int) -> dict[str, Any]:
    """The trainer's session and run, and one session per participant."""
    os.environ.update(environment(db))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from frontline.accounts.models import Agency, Membership, Role, User
    from frontline.curriculum.content import read_content
    from frontline.curriculum.loading import load_content
    from frontline.lib.yamlfiles import ContentInvalid, Problem
    from frontline.scenarios import live
    from frontline.scenarios.loading import load_scenarios
    from frontline.scenarios.models import Scenario
    from frontline.scenarios.reader import collect_scenarios

    t = time.monotonic()
    call_command("migrate", verbosity=0)
    # The curriculum and the scenarios; the item bank plays no part in a live run.
    curriculum = read_content(settings.CONTENT_DIR)
    problems: list[Problem] = []
    scenarios = collect_scenarios(settings.CONTENT_DIR, curriculum, problems)
    if problems:
        raise ContentInvalid(problems)
    load_scenarios(scenarios, load_content(curriculum))
    print(f"migrated and loaded in {time.monotonic() - t:.1f} s", flush=True)
    academy = Agency.objects.create(name="Bench Academy", kind=Agency.Kind.ACADEMY, country="XA")
    trainer = User.objects.create(username="bench-trainer")
    Membership.objects.create(user=trainer, agency=academy, role=Role.TRAINER)
    # The scenario whose model response is longest: the most decisions per run.
    scenario = max(
        Scenario.objects.current(),
        key=lambda s: len(s.graph.best_path().steps),  # type: ignore[union-attr]
    )
    run = live.start_run(scenario, acting_user=trainer, agency=academy, vote_seconds=vote_seconds)
    people = []
    for n in range(participants):
        user = User.objects.create(username=f"bench-participant-{n}")
        Membership.objects.create(user=user, agency=academy, role=Role.LEARNER)
        people.append(session_for(user))
    return {"trainer": session_for(trainer), "people": people, "run": run}


class Tally:
    def __init__(self) -> None:
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.votes_acknowledged = 0
        self.rounds = 0

    async def request(
        self, kind: str, client: httpx.AsyncClient, method: str, url: str, **kwargs: Any
    ) -> httpx.Response | None:
        started = time.perf_counter()
        try:
            response = await client.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            self.errors.append(f"{kind}: {type(exc).__name__}")
            return None
        if kind == "poll":  # nothing changed (204) or a new screen (200)
            kind = f"poll {response.status_code}"
        self.latencies[kind].append(1000 * (time.perf_counter() - started))
        if response.status_code >= 500:
            self.errors.append(f"{kind}: HTTP {response.status_code}")
        return response


def client_for(session: str) -> httpx.AsyncClient:
    """One browser: its own connection, session cookie and CSRF token (header = cookie)."""
    csrf = secrets.token_hex(16)
    return httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{PORT}",
        cookies={"sessionid": session, "csrftoken": csrf},
        headers={"HX-Request": "true", "X-CSRFToken": csrf},
        timeout=30,
    )


async def participant(session: str, code: str, until: float, tally: Tally) -> None:
    async with client_for(session) as client:
        await _participant(client, code, until, tally)


async def _participant(client: httpx.AsyncClient, code: str, until: float, tally: Tally) -> None:
    await asyncio.sleep(random.uniform(0, 3))  # the room joins over the first seconds
    r = await tally.request("join", client, "POST", "/live/join", data={"code": code})
    if r is None or r.status_code != 302:
        tally.errors.append(f"join: {r.status_code if r else 'failed'}")
        return
    version = ""
    while time.monotonic() < until:
        await asyncio.sleep(random.uniform(1.8, 2.2))
        r = await tally.request("poll", client, "GET", f"/live/{code}/screen?v={version}")
        if r is None or r.status_code != 200:
            continue
        found = VERSION.search(r.text)
        version = found.group(1) if found else ""
        choices = CHOICE.findall(r.text)
        if choices and 'class="saved"' not in r.text:
            await asyncio.sleep(random.uniform(1, 4))  # reading the decision
            vote = await tally.request(
                "vote", client, "POST", f"/live/{code}/vote",
                data={"choice": random.choice(choices)},
            )  # fmt: skip
            if vote is not None and vote.status_code == 200:
                tally.votes_acknowledged += 1
                found = VERSION.search(vote.text)
                version = found.group(1) if found else version
            elif vote is not None and vote.status_code != 409:  # 409: the vote had closed
                tally.errors.append(f"vote: HTTP {vote.status_code}")


async def trainer(
    session: str, run_id: int, code: str, room: int, until: float, tally: Tally
) -> None:
    async with client_for(session) as client:
        await _trainer(client, run_id, code, room, until, tally)


async def _trainer(
    client: httpx.AsyncClient, run_id: int, code: str, room: int, until: float, tally: Tally
) -> None:
    from asgiref.sync import sync_to_async

    from frontline.scenarios import live
    from frontline.scenarios.models import LiveRun

    await asyncio.sleep(4)  # let the room join
    while time.monotonic() < until:
        await tally.request("trainer open", client, "POST", f"/live/{code}/control/open")
        run = await sync_to_async(LiveRun.objects.select_related("scenario").get)(pk=run_id)
        while time.monotonic() < until:
            await asyncio.sleep(1)
            await tally.request("trainer votes", client, "GET", f"/live/{code}/control/votes")
            counts = await sync_to_async(live.tally)(run)
            if sum(counts.values()) >= room or run.seconds_left() <= 0:
                break
        choice = live.majority(counts) or next(iter(counts))
        await tally.request(
            "trainer take", client, "POST", f"/live/{code}/control/take",
            data={"choice": choice},
        )  # fmt: skip
        tally.rounds += 1
        run = await sync_to_async(LiveRun.objects.select_related("scenario").get)(pk=run_id)
        if run.status == LiveRun.Status.FINISHED:
            # Bench only: the same room plays the scenario again from its start.
            start = run.scenario.graph.begin()
            await sync_to_async(
                LiveRun.objects.filter(pk=run_id).update
            )(status="discussing", node=start.node, facts=sorted(start.facts), path=[])  # fmt: skip


async def warm_up(session: str, workers: int) -> None:
    """A few requests per worker first, so that loading templates is not counted as latency."""
    async with client_for(session) as client:
        for _ in range(4 * workers):
            await client.get("/live/")


async def simulate(prepared: dict[str, Any], seconds: float, workers: int) -> Tally:
    await warm_up(prepared["trainer"], workers)
    tally = Tally()
    people = prepared["people"]
    run = prepared["run"]
    until = time.monotonic() + seconds
    await asyncio.gather(
        trainer(prepared["trainer"], run.pk, run.code, len(people), until, tally),
        *(participant(session, run.code, until, tally) for session in people),
    )
    return tally


def start_server(db: str, workers: int, threads: int, log: Any) -> subprocess.Popen[bytes]:
    # The server's log goes to a file: refused late votes (409) are expected and noisy.
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "frontline.wsgi", "--bind", f"127.0.0.1:{PORT}",
         "--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread",
         # Phones poll every 2 s on a kept-alive connection; gunicorn's default of 2 s would
         # close it just as the next poll is sent (a proxy in front would keep it open too).
         "--keep-alive", "10", "--log-level", "warning"],
        env=environment(db), cwd=REPO, stderr=log,
    )  # fmt: skip
    for _ in range(150):
        try:
            if httpx.get(f"http://127.0.0.1:{PORT}/healthz").status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not start")


def percentile(values: list[float], p: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--vote-seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--database", default="frontline_bench_live")
    args = parser.parse_args()

    drop_database(args.database, create=True)
    try:
        print(f"preparing a room of {args.participants} on PostgreSQL ...", flush=True)
        prepared = prepare(args.database, args.participants, args.vote_seconds)
        log_path = REPO / "var" / "bench-live-server.log"
        log_path.parent.mkdir(exist_ok=True)
        log = log_path.open("wb")
        server = start_server(args.database, args.workers, args.threads, log)
        try:
            print(
                f"running {args.seconds:.0f} s: 1 trainer, {args.participants} participants "
                f"polling every 2 s, {args.vote_seconds} s per vote, gunicorn {args.workers} "
                f"workers x {args.threads} threads, {os.cpu_count()} cores, load average "
                f"{os.getloadavg()[0]:.1f}",
                flush=True,
            )
            started = time.monotonic()
            tally = asyncio.run(simulate(prepared, args.seconds, args.workers))
            elapsed = time.monotonic() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()

        from frontline.scenarios.models import LiveParticipant, LiveVote

        total = sum(len(v) for v in tally.latencies.values())
        print(f"requests           {total:>8,}  ({total / elapsed:,.0f}/s)")
        print(f"{'kind':<16} {'count':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
        for kind, values in sorted(tally.latencies.items()):
            print(f"{kind:<16} {len(values):>7,} {percentile(values, 50):>8.1f} "
                  f"{percentile(values, 95):>8.1f} {percentile(values, 99):>8.1f} "
                  f"{max(values):>8.1f}")  # fmt: skip
        print(f"errors             {len(tally.errors):>8,}  {sorted(set(tally.errors))}")
        print(f"server log         {log_path.relative_to(REPO)}")
        print(f"decisions taken    {tally.rounds:>8,}")
        print(f"participants in    {LiveParticipant.objects.count():>8,}")
        print(f"votes acknowledged {tally.votes_acknowledged:>8,}")
        print(f"votes stored       {LiveVote.objects.count():>8,}  (one per participant and round)")
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(args.database)
    return 0


if __name__ == "__main__":
    sys.exit(main())
