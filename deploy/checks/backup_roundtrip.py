"""Back up a populated Frontline, restore it elsewhere, and prove nothing was lost.

    python deploy/checks/backup_roundtrip.py --database-url postgres://postgres@127.0.0.1:5432/fl_backup
    python deploy/checks/backup_roundtrip.py --database-url sqlite

1. A scratch installation (the database named, dropped and made again; or a SQLite file) gets
   the content, the demo accounts, courses, attempts and certificates, and so audit rows.
2. Its fingerprint is taken (counts, user names, certificate codes, attempts' scores, the audit
   chain's head) and one certificate's Open Badge is saved to a file.
3. `frontline backup`, then `frontline restore` into a second, empty database (`<name>_restored`),
   under the same keys kept apart from the backup.
4. The restored fingerprint must equal the first; the audit chain must verify up to the old
   head (restore checks it); the saved badge must verify against the restored site.
5. A restore under another badge key must be refused.

Prints the time of each step; exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FRONTLINE = str(REPO / ".venv" / "bin" / "frontline")

FINGERPRINT = r"""
import hashlib, json
from frontline.accounts.models import User
from frontline.assessment.models import Answer, Attempt
from frontline.audit.models import AuditEvent
from frontline.certificates.badges import envelope
from frontline.certificates.models import Certificate
from frontline.curriculum.models import Lesson
from frontline.scenarios.models import Scenario

def digest(values):
    return hashlib.sha256(json.dumps(list(values), default=str).encode()).hexdigest()[:16]

head = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
print(json.dumps({
    "users": digest(User.objects.order_by("username").values_list("username", "email", "password")),
    "lessons": Lesson.objects.count(),
    "scenarios": Scenario.objects.count(),
    "attempts": digest(Attempt.objects.order_by("pk").values_list("pk", "user__username", "score")),
    "answers": Answer.objects.count(),
    "certificates": digest(Certificate.objects.order_by("pk").values_list("code", "revoked_at")),
    "audit_rows": AuditEvent.objects.count(),
    "audit_head": list(head) if head else None,
}))
certificate = Certificate.objects.order_by("pk").first()
if certificate is not None:
    open(BADGE, "w").write(json.dumps(envelope(certificate)))
"""


def run(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([FRONTLINE, *args], env=env, capture_output=True, text=True, check=False)
    if check and done.returncode != 0:
        sys.exit(f"frontline {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done


def fingerprint(env: dict[str, str], badge: Path) -> dict[str, object]:
    code = f"BADGE = {str(badge)!r}\n" + FINGERPRINT
    out = run(env, "shell", "-c", code).stdout.strip().splitlines()
    return json.loads(out[-1])


def fresh_postgres(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    for sql in (f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", admin, "-qc", sql], check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("FRONTLINE_BACKUP_DATABASE_URL",
                        "postgres://postgres@127.0.0.1:5432/frontline_backup"),
                        help='a PostgreSQL URL (dropped and made again), or "sqlite"')  # fmt: skip
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="frontline-backup-"))
    key = base64.b64encode(os.urandom(32)).decode()
    base = {
        **os.environ,
        "FRONTLINE_DEMO": "1",
        "SECRET_KEY": "backup-roundtrip-" + "k" * 40,
        "BADGE_SIGNING_KEY": key,
        "TASKS_BACKEND": "immediate",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "REDIS_URL": "",
    }
    if options.database_url == "sqlite":
        source_url = f"sqlite:///{work}/source.sqlite3"
        target_url = f"sqlite:///{work}/restored.sqlite3"
    else:
        source_url = options.database_url
        target_url = options.database_url + "_restored"
        fresh_postgres(source_url)
        fresh_postgres(target_url)
    source = {**base, "DATABASE_URL": source_url, "FRONTLINE_VAR_DIR": str(work / "source")}
    target = {**base, "DATABASE_URL": target_url, "FRONTLINE_VAR_DIR": str(work / "restored")}
    (work / "source" / "media" / "uploads").mkdir(parents=True)
    (work / "source" / "media" / "uploads" / "note.txt").write_text("an uploaded file\n")

    timings = {}
    started = time.perf_counter()
    for step in (["migrate", "--noinput"], ["content", "load"], ["demo_data"]):
        run(source, *step)
    timings["populate"] = time.perf_counter() - started
    badge = work / "badge.json"
    before = fingerprint(source, badge)

    started = time.perf_counter()
    made = Path(run(source, "backup", str(work / "backups")).stdout.strip().splitlines()[-1])
    timings["backup"] = time.perf_counter() - started
    size = sum(f.stat().st_size for f in made.iterdir())

    wrong = {**target, "BADGE_SIGNING_KEY": base64.b64encode(os.urandom(32)).decode()}
    refused = run(wrong, "restore", str(made), check=False)

    started = time.perf_counter()
    restored = run(target, "restore", str(made))
    timings["restore"] = time.perf_counter() - started
    after = fingerprint(target, work / "badge-after.json")
    verified = run(target, "verify_badge", str(badge), check=False)
    media = (work / "restored" / "media" / "uploads" / "note.txt").read_text()

    engine = "SQLite" if options.database_url == "sqlite" else "PostgreSQL"
    print(f"backup round trip on {engine}: backup {size / 1024:.0f} KB in {made.name}")
    for name, seconds in timings.items():
        print(f"  {name:<9} {seconds:6.2f} s")
    print(f"  before   {json.dumps(before)}")
    print(f"  after    {json.dumps(after)}")
    print(f"  restore: {restored.stdout.strip().splitlines()[-1]}")
    print(f"  badge issued before the backup: {verified.stdout.strip()}")
    why = refused.stderr.strip().splitlines()[-1] if refused.stderr.strip() else ""
    print(f"  restore under another badge key: exit {refused.returncode} ({why})")
    failures = []
    if before != after:
        failures.append("the restored data differ")
    if not before["audit_rows"] or not before["attempts"] or before["certificates"] is None:
        failures.append("the source had nothing to compare")
    if verified.returncode != 0:
        failures.append("the badge does not verify after restore")
    if refused.returncode == 0:
        failures.append("a restore under another badge key was not refused")
    if media != "an uploaded file\n":
        failures.append("media not restored")
    if failures:
        sys.exit("FAILED: " + "; ".join(failures))
    print("round trip: OK")


if __name__ == "__main__":
    main()
