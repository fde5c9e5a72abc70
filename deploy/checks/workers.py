"""Several task workers on one queue: no task runs twice at once, and a task survives the death
of the worker running it.

    python deploy/checks/workers.py [--database-url postgres://.../frontline_workers]
        [--messages 400] [--workers 3]

1. A scratch PostgreSQL database (DROPPED and made again) with the personas, and `--messages`
   e-mails queued through the outbox (database task backend): one task each.
2. `--workers` processes of `frontline worker` take them; e-mail goes to files (one per message).
3. Once all have run tasks, one worker is killed with SIGKILL, whatever it was doing.
4. `frontline scheduler --once` (with TASK_STALE_SECONDS=2) puts back a task the dead worker had
   claimed; the others finish the queue.
5. Every message must be sent; the number of e-mails written, the tasks claimed more than once
   and by whom are printed. A task claimed twice is one whose worker died: the outbox sends its
   message only if it is still queued, so only a worker killed between handing the e-mail to the
   server and recording it can make a second copy.

Exits 1 if a message is not sent or a task ran twice without a worker having died.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BIN = REPO / ".venv" / "bin"

QUEUE = r"""
from django.db import transaction
from frontline.accounts.mail import password_link
from frontline.accounts.models import User
from frontline.accounts.personas import create_personas
from frontline.mail import outbox

users = list(create_personas("workers-check-password").values())
with transaction.atomic():
    for n in range(MESSAGES):
        outbox.queue(password_link, recipient=users[n % len(users)])
"""

REPORT = r"""
import json
from collections import Counter
from django_tasks_db.models import DBTaskResult
from frontline.mail.models import Message
claims = [len(ids) for ids in DBTaskResult.objects.values_list("worker_ids", flat=True)]
print(json.dumps({
    "messages": dict(Counter(Message.objects.values_list("status", flat=True))),
    "tasks": dict(Counter(DBTaskResult.objects.values_list("status", flat=True))),
    "claimed_twice": sum(1 for c in claims if c > 1),
    "workers_used": len({w for ids in DBTaskResult.objects.values_list("worker_ids", flat=True)
                         for w in ids}),
}))
"""


def frontline(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([str(BIN / "frontline"), *args], env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"frontline {args[0]} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "FRONTLINE_WORKERS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/frontline_workers"
        ),
        help="a scratch PostgreSQL database: DROPPED and made again",
    )
    parser.add_argument("--messages", type=int, default=400)
    parser.add_argument("--workers", type=int, default=3)
    options = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="frontline-workers-"))
    name = options.database_url.rsplit("/", 1)[1]
    admin = options.database_url.rsplit("/", 1)[0] + "/postgres"
    for sql in (f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", admin, "-qc", sql], check=True, capture_output=True)
    env = {
        **os.environ,
        "FRONTLINE_DEMO": "0",
        "SECRET_KEY": "workers-check-" + "w" * 40,
        "DATABASE_URL": options.database_url,
        "TASKS_BACKEND": "database",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp / "mail"),
        "FRONTLINE_VAR_DIR": str(tmp / "var"),
        "REDIS_URL": "",
        "TASK_STALE_SECONDS": "2",
    }
    frontline(env, "migrate", "--noinput")
    frontline(env, "shell", "-c", f"MESSAGES = {options.messages}\n" + QUEUE)

    started = time.monotonic()
    workers = [
        subprocess.Popen(
            [str(BIN / "frontline"), "worker", "--interval", "0.2"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(options.workers)
    ]
    # Once every worker has run tasks, one dies mid-queue (with a task claimed, or between two).
    for _ in range(300):
        used = json.loads(frontline(env, "shell", "-c", REPORT).strip().splitlines()[-1])
        if used["workers_used"] >= options.workers:
            break
        time.sleep(0.2)
    workers[0].send_signal(signal.SIGKILL)
    workers[0].wait()
    killed_at = time.monotonic() - started
    # Past TASK_STALE_SECONDS, the scheduler puts back what the dead worker had claimed.
    time.sleep(3)
    requeued = frontline(env, "scheduler", "--once")
    deadline = time.monotonic() + 120
    report: dict[str, object] = {}
    while time.monotonic() < deadline:
        report = json.loads(frontline(env, "shell", "-c", REPORT).strip().splitlines()[-1])
        if report["messages"] == {"sent": options.messages}:
            break
        time.sleep(1)
    elapsed = time.monotonic() - started
    for worker in workers[1:]:
        worker.send_signal(signal.SIGTERM)
    for worker in workers[1:]:
        worker.wait(timeout=60)
    print(json.dumps(report))
    outbox_dir = tmp / "mail"
    files = list(outbox_dir.iterdir()) if outbox_dir.is_dir() else []
    mails = sum(f.read_text(errors="replace").count("\nSubject: ") for f in files)
    print(f"{options.workers} workers, {options.messages} e-mails queued; worker 1 killed at "
          f"{killed_at:.1f} s; queue empty after {elapsed:.1f} s")  # fmt: skip
    print(f"  scheduler: {' '.join(requeued.split())}")
    print(f"  messages {report['messages']}, tasks {report['tasks']}")
    print(
        f"  e-mails written {mails}; tasks claimed by more than one worker "
        f"{report['claimed_twice']}; workers that ran tasks {report['workers_used']}"
    )
    failures = []
    if report["messages"] != {"sent": options.messages}:
        failures.append("not every message was sent")
    if report["claimed_twice"] > 1:
        failures.append("more tasks ran twice than the one the dead worker held")
    if mails - options.messages > 1:
        failures.append(f"{mails - options.messages} e-mails sent twice")
    if failures:
        sys.exit("FAILED: " + "; ".join(failures))
    print("workers: OK")


if __name__ == "__main__":
    main()
