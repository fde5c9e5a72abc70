"""Two app servers behind nginx, sharing PostgreSQL and Redis: what one knows, the other knows.

    python deploy/checks/two_servers.py [--database-url postgres://.../frontline_cluster]
        [--redis-url redis://127.0.0.1:6379/8] [--ports 8120,8121,8122] [--learners 16]

1. A scratch PostgreSQL database (DROPPED and made again) with the content, the personas and
   learners with an open quiz attempt each; the Redis database named is emptied (FLUSHDB).
2. Two gunicorn app servers (A and B, two workers each, deploy/gunicorn.conf.py) and nginx in
   front of both (deploy/nginx/frontline-proxy.conf), all on loopback.
3. A session made by signing in on A is signed in on B; signing out on B signs out on A.
4. The certificate-code limit (20 misses an address an hour) counts across both: misses sent
   alternately to A and B are refused from the 21st.
5. Learners save quiz answers through nginx; after a few seconds A is killed (kill -9 of its
   master and workers, as if its host died). Every answer acknowledged to a learner must be in
   the database, and B must go on serving.

Prints the figures; exits 1 if any check fails.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[2]
BIN = REPO / ".venv" / "bin"
sys.path.insert(0, str(REPO / "bench"))
from quiz_load import choices_for  # noqa: E402  (reads an attempt page like a browser)

PASSWORD = "two-servers-check-password"
CLIENT = "203.0.113.7"  # the learner's address, as nginx would forward it

PREPARE = r"""
import json
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from frontline.accounts.models import Agency, Membership, User
from frontline.accounts.personas import create_personas
from frontline.assessment import attempts
from frontline.assessment.models import Quiz

create_personas(PASSWORD)
Quiz.objects.filter(kind=Quiz.Kind.UNIT).update(feedback="deferred", time_limit_minutes=0)
academy = Agency.objects.create(name="Check Academy", kind=Agency.Kind.ACADEMY, country="XA")
quizzes = list(Quiz.objects.filter(kind=Quiz.Kind.UNIT))
Store = import_module(settings.SESSION_ENGINE).SessionStore
people = []
for n in range(LEARNERS):
    user = User.objects.create(username=f"check-learner-{n}")
    Membership.objects.create(user=user, agency=academy, role="learner")
    session = Store()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    attempt = attempts.start(user, quizzes[n % len(quizzes)])
    people.append(
        {"session": session.session_key, "attempt": attempt.pk, "items": attempt.item_ids}
    )
print(json.dumps(people))
"""

STORED = r"""
import json
from frontline.assessment.models import Answer
rows = Answer.objects.values_list("attempt_id", "item_id", "answered_at")
print(json.dumps([(a, i, at.timestamp()) for a, i, at in rows]))
"""

NGINX = """
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    upstream frontline {{
        server 127.0.0.1:{a} max_fails=1 fail_timeout=5s;
        server 127.0.0.1:{b} max_fails=1 fail_timeout=5s;
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{front};
        client_max_body_size 1m;
        location / {{
            proxy_pass http://frontline;
            include {repo}/deploy/nginx/frontline-proxy.conf;
        }}
    }}
}}
"""


def frontline(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([str(BIN / "frontline"), *args], env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"frontline {args[0]} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def fresh_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    for sql in (f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", admin, "-qc", sql], check=True, capture_output=True)


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    sys.exit(f"{url} did not answer within {seconds:.0f} s")


def start_app(env: dict[str, str], port: int, tmp: Path, name: str) -> subprocess.Popen[bytes]:
    metrics = tmp / f"metrics-{name}"
    metrics.mkdir()
    app_env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2",
               "PROMETHEUS_MULTIPROC_DIR": str(metrics)}  # fmt: skip
    log = (tmp / f"app-{name}.log").open("wb")
    return subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", str(REPO / "deploy" / "gunicorn.conf.py"), "frontline.wsgi"],
        env=app_env, stdout=log, stderr=log, start_new_session=True, cwd=REPO,
    )  # fmt: skip


def headers(**extra: str) -> dict[str, str]:
    return {"X-Forwarded-For": CLIENT, **extra}


def check_session(a: str, b: str) -> list[str]:
    """Sign in on A, be signed in on B; sign out on B, be signed out on A."""
    failures = []
    with httpx.Client(base_url=a, headers=headers()) as on_a:
        page = on_a.get("/accounts/login/").text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        r = on_a.post("/accounts/login/", data={"csrfmiddlewaretoken": token,
                      "username": "learner", "password": PASSWORD})  # fmt: skip
        cookies = dict(on_a.cookies)
    signed_in_on_a = r.status_code == 302
    with httpx.Client(base_url=b, headers=headers(), cookies=cookies) as on_b:
        profile_b = on_b.get("/accounts/")
        out = on_b.post("/accounts/logout/", headers={"X-CSRFToken": cookies["csrftoken"]})
    with httpx.Client(base_url=a, headers=headers(), cookies=cookies) as again:
        after = again.get("/accounts/")
    print(
        f"session: signed in on A {signed_in_on_a}; profile on B HTTP {profile_b.status_code}; "
        f"signed out on B HTTP {out.status_code}; profile on A then HTTP {after.status_code}"
    )
    if not signed_in_on_a or profile_b.status_code != 200 or "learner" not in profile_b.text:
        failures.append("a session made on A is not signed in on B")
    if after.status_code != 302:
        failures.append("signing out on B did not sign out on A")
    return failures


def check_rate_limit(a: str, b: str) -> list[str]:
    """Unknown certificate codes, alternately on A and B: the 21st is refused, wherever."""
    statuses = []
    for n in range(24):
        base = a if n % 2 == 0 else b
        code = f"ZZZZ-ZZZZ-{n:04d}"
        statuses.append(
            httpx.get(f"{base}/certificates/verify/{code}", headers=headers()).status_code
        )
    first_refused = statuses.index(429) + 1 if 429 in statuses else None
    marks = "".join("x" if s == 429 else "." for s in statuses)
    print(
        f"rate limit: 24 unknown codes alternately on A and B -> first 429 at #{first_refused} "
        f"(allowed 20 an address); statuses {marks}"
    )
    if first_refused != 21 or statuses[20:] != [429] * 4:
        return ["the certificate-code limit does not count across the two servers"]
    return []


def learner(front: str, person: dict[str, Any], stop: threading.Event,
            results: dict[str, list[Any]], lock: threading.Lock) -> None:  # fmt: skip
    csrf = "c" * 32
    cookies = {"sessionid": person["session"], "csrftoken": csrf}
    base = f"/learn/attempts/{person['attempt']}/"
    with httpx.Client(base_url=front, cookies=cookies, headers=headers(), timeout=30) as client:
        page = client.get(base)
        if page.status_code != 200:
            with lock:
                results["errors"].append(("page", page.status_code, time.monotonic()))
            return
        forms = {item: choices_for(page.text, item) for item in person["items"]}
        n = 0
        while not stop.is_set():
            item = person["items"][n % len(person["items"])]
            form = forms[item][n % len(forms[item])]
            n += 1
            sent = time.time()
            try:
                r = client.post(f"{base}items/{item}", data=form,
                                headers={"HX-Request": "true", "X-CSRFToken": csrf})  # fmt: skip
            except httpx.HTTPError as error:
                with lock:
                    results["errors"].append((type(error).__name__, 0, time.monotonic()))
                continue
            with lock:
                if r.status_code == 200 and "Saved." in r.text:
                    results["saved"].append((person["attempt"], item, time.monotonic(), sent))
                else:
                    results["errors"].append(("HTTP", r.status_code, time.monotonic()))
            time.sleep(0.05)


def check_kill_under_load(env: dict[str, str], front: str, app_a: subprocess.Popen[bytes],
                          people: list[dict[str, Any]], seconds: float) -> list[str]:  # fmt: skip
    results: dict[str, list[Any]] = {"saved": [], "errors": []}
    lock = threading.Lock()
    stop = threading.Event()
    threads = [
        threading.Thread(target=learner, args=(front, p, stop, results, lock)) for p in people
    ]
    for t in threads:
        t.start()
    time.sleep(seconds / 3)
    killed_at = time.monotonic()
    os.killpg(app_a.pid, signal.SIGKILL)  # the master and its workers: the host is gone
    time.sleep(seconds * 2 / 3)
    stop.set()
    for t in threads:
        t.join()
    rows = json.loads(frontline(env, "shell", "-c", STORED).strip().splitlines()[-1])
    stored = {(attempt, item): at for attempt, item, at in rows}
    # The last acknowledged write of each question must be the one kept, or a later one: the
    # stored answer was saved no earlier than that write was sent.
    last_sent: dict[tuple[int, int], float] = {}
    for attempt, item, _, sent in results["saved"]:
        last_sent[(attempt, item)] = max(sent, last_sent.get((attempt, item), 0.0))
    lost = {key for key, sent in last_sent.items() if stored.get(key, 0.0) < sent}
    after = [s for s in results["saved"] if s[2] > killed_at + 1]
    errors = [e for e in results["errors"]]
    kinds = sorted({f"{e[0]} {e[1]}" for e in errors})
    print(f"kill -9 of A under load ({len(people)} learners through nginx, {seconds:.0f} s): "
          f"{len(results['saved'])} answers acknowledged, to {len(last_sent)} questions; "
          f"{len(lost)} questions lost their last acknowledged answer; "
          f"{len(after)} acknowledged from 1 s after the kill on (B alone); "
          f"{len(errors)} requests failed {kinds}")  # fmt: skip
    failures = []
    if lost:
        failures.append(f"{len(lost)} questions lost their last acknowledged answer")
    if not after:
        failures.append("B did not go on serving after A was killed")
    return failures


def check_metrics(b: str) -> list[str]:
    """B's /metrics adds up its two workers' requests (prometheus_client's multiprocess files)."""
    auth = {"Authorization": "Bearer two-servers-metrics-token"}
    refused = httpx.get(f"{b}/metrics").status_code
    text = httpx.get(f"{b}/metrics", headers=auth).text
    counts = [
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith("frontline_request_duration_seconds_count")
    ]
    due = re.search(r"^frontline_tasks_due (\S+)", text, re.MULTILINE)
    print(f"metrics on B: without the token HTTP {refused}; {sum(counts):.0f} requests counted "
          f"over {len(counts)} series; tasks due {due.group(1) if due else None}")  # fmt: skip
    if refused != 404 or not counts or due is None:
        return ["B's /metrics is not protected or does not count requests and tasks"]
    return []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "FRONTLINE_CLUSTER_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/frontline_cluster"
        ),
        help="a scratch PostgreSQL database: DROPPED and made again",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("FRONTLINE_CLUSTER_REDIS_URL", "redis://127.0.0.1:6379/8"),
        help="a Redis database of its own: emptied (FLUSHDB)",
    )
    parser.add_argument("--ports", default="8120,8121,8122", help="nginx, app server A, B")
    parser.add_argument("--learners", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=12)
    options = parser.parse_args()
    front_port, port_a, port_b = (int(p) for p in options.ports.split(","))
    tmp = Path(tempfile.mkdtemp(prefix="frontline-cluster-"))
    env = {
        **os.environ,
        "FRONTLINE_DEMO": "0",
        "SECRET_KEY": "two-servers-check-" + "s" * 40,
        "DATABASE_URL": options.database_url,
        "REDIS_URL": options.redis_url,
        "TASKS_BACKEND": "database",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "STATIC_MANIFEST": "0",
        "TRUSTED_PROXY_COUNT": "1",
        "FRONTLINE_VAR_DIR": str(tmp / "var"),
        "DB_POOL_MAX": "4",
        "METRICS_TOKEN": "two-servers-metrics-token",
    }
    fresh_database(options.database_url)
    subprocess.run(
        ["redis-cli", "-u", options.redis_url, "FLUSHDB"], check=True, capture_output=True
    )
    frontline(env, "migrate", "--noinput")
    frontline(env, "content", "load")
    code = f"PASSWORD = {PASSWORD!r}\nLEARNERS = {options.learners}\n" + PREPARE
    people = json.loads(frontline(env, "shell", "-c", code).strip().splitlines()[-1])

    a, b = f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"
    front = f"http://127.0.0.1:{front_port}"
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX.format(tmp=tmp, a=port_a, b=port_b, front=front_port, repo=REPO))
    app_a = start_app(env, port_a, tmp, "a")
    app_b = start_app(env, port_b, tmp, "b")
    nginx = subprocess.Popen(["nginx", "-p", str(tmp), "-c", str(conf), "-g", "daemon off;"],
                             start_new_session=True)  # fmt: skip
    failures: list[str] = []
    try:
        for url in (a, b, front):
            wait_for(f"{url}/healthz")
        ready = [httpx.get(f"{u}/readyz").json() for u in (a, b)]
        print(f"readyz: A {ready[0]}, B {ready[1]}")
        failures += check_session(a, b)
        failures += check_rate_limit(a, b)
        failures += check_kill_under_load(env, front, app_a, people, options.seconds)
        failures += check_metrics(b)
    finally:
        for process in (app_a, app_b, nginx):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in (app_a, app_b, nginx):
            process.wait(timeout=30)
    if failures:
        sys.exit("FAILED: " + "; ".join(failures))
    print("two servers: OK")


if __name__ == "__main__":
    main()
