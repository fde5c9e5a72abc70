"""Backups that restore: the database, the media and a manifest, never the keys.

A backup is a directory:

    manifest.json     what was backed up, when, from which schema, with each file's SHA-256,
                      the head of the audit chain, row counts, and *fingerprints* of the keys
    database.dump     pg_dump's custom format (PostgreSQL), or
    database.sqlite3  a consistent copy made with SQLite's backup API
    media.tar.gz      MEDIA_ROOT (uploaded files), when there is one

SECRET_KEY and BADGE_SIGNING_KEY are not in it (docs/deployment.md, "Backup and restore"):
stored with the backup, whoever steals one could forge sessions and badges. They are kept
apart, and restore compares their fingerprints with the manifest's so a restore under the
wrong keys is caught at once rather than when badges stop verifying.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder

from frontline.accounts.models import User
from frontline.assessment.models import Answer, Attempt
from frontline.audit.models import AuditEvent
from frontline.certificates.badges import public_jwk, signing_key
from frontline.certificates.models import Certificate
from frontline.curriculum.models import Lesson

FORMAT = 1
PG_DUMP = shutil.which("pg_dump") or "pg_dump"
PG_RESTORE = shutil.which("pg_restore") or "pg_restore"
COUNTED: dict[str, type[Any]] = {
    "users": User,
    "lessons": Lesson,
    "attempts": Attempt,
    "answers": Answer,
    "certificates": Certificate,
    "audit_events": AuditEvent,
}


class BackupError(Exception):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env(alias: str = "default") -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump/pg_restore, the password in the environment."""
    db = connections[alias].settings_dict
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def key_fingerprints() -> dict[str, str | None]:
    """SHA-256 of the secret key and of the badge key's public half: enough to tell whether a
    restore runs under the keys the backup was made with, useless to forge anything."""
    secret = hashlib.sha256(settings.SECRET_KEY.encode()).hexdigest()[:16]
    badge = None
    if settings.BADGE_SIGNING_KEY:
        jwk = public_jwk(signing_key().public_key())
        badge = hashlib.sha256(jwk["x"].encode()).hexdigest()[:16]
    return {"secret_key": secret, "badge_signing_key": badge}


def state() -> dict[str, Any]:
    """What a restore must reproduce: row counts, the audit chain's head, the schema."""
    head = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
    latest = MigrationRecorder.Migration.objects.order_by("-id").values_list("app", "name").first()
    return {
        "counts": {name: model.objects.count() for name, model in COUNTED.items()},
        "audit_head": {"id": head[0], "hash": head[1]} if head else None,
        "latest_migration": "/".join(latest) if latest else None,
    }


def dump_database(target: Path) -> Path:
    """The database into `target`: pg_dump's custom format, or SQLite's online backup."""
    if connection.vendor == "postgresql":
        args, env = _pg_env()
        dump = target / "database.dump"
        # pg_dump and pg_restore from PATH: the version matching the server (docs/deployment.md).
        subprocess.run(  # noqa: S603
            [PG_DUMP, "--format=custom", "--no-owner", "--no-acl", "--file", str(dump), *args],
            check=True,
            env=env,
        )
        return dump
    if connection.vendor == "sqlite":
        copy = target / "database.sqlite3"
        connection.ensure_connection()
        out = sqlite3.connect(copy)
        try:
            connection.connection.backup(out)
        finally:
            out.close()
        return copy
    raise BackupError(f"cannot back up a {connection.vendor} database")


def backup(parent: Path) -> Path:
    """Write a backup into a new directory under `parent` and return it.

    1. Dump the database (pg_dump -Fc, or SQLite's online backup), without locking writers out.
    2. Pack MEDIA_ROOT.
    3. Write the manifest last, with the SHA-256 of each file: a backup without a manifest is
       unfinished and restore refuses it.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = parent / f"frontline-{stamp}"
    target.mkdir(parents=True)
    before = state()  # rows written during the dump may be in it too: counts are a floor
    files = [dump_database(target)]
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir() and any(media.iterdir()):
        packed = target / "media.tar.gz"
        with tarfile.open(packed, "w:gz") as tar:
            tar.add(media, arcname=".")
        files.append(packed)
    manifest = {
        "format": FORMAT,
        "made_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "engine": connection.vendor,
        "files": {f.name: _sha256(f) for f in files},
        "keys": key_fingerprints(),
        **before,
    }
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return target


def read_manifest(source: Path) -> dict[str, Any]:
    """The manifest of a finished, intact backup; BackupError otherwise."""
    path = source / "manifest.json"
    if not path.is_file():
        raise BackupError(f"{source} has no manifest.json: not a finished backup")
    manifest = json.loads(path.read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"backup format {manifest.get('format')!r} is not {FORMAT}")
    for name, expected in manifest["files"].items():
        if not (source / name).is_file() or _sha256(source / name) != expected:
            raise BackupError(f"{name} is missing or damaged (SHA-256 differs from the manifest)")
    return manifest


def key_problems(manifest: dict[str, Any]) -> list[str]:
    """Keys of this installation that differ from those the backup was made under."""
    now = key_fingerprints()
    return [
        f"{name} differs from the one this backup was made with"
        for name, fingerprint in manifest["keys"].items()
        if fingerprint and now.get(name) != fingerprint
    ]


def restore(source: Path, manifest: dict[str, Any]) -> None:
    """Replace this installation's database and media with the backup's.

    1. PostgreSQL: pg_restore --clean into the configured database (objects it holds that the
       backup has are dropped first). SQLite: the file is replaced.
    2. MEDIA_ROOT is replaced by the backup's media.
    """
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"the backup is of a {manifest['engine']} database, this one is {connection.vendor}"
        )
    if connection.vendor == "postgresql":
        args, env = _pg_env()
        connection.close()
        subprocess.run(  # noqa: S603
            [PG_RESTORE, "--clean", "--if-exists", "--no-owner", "--no-acl",
             "--single-transaction", "--exit-on-error", *args, str(source / "database.dump")],
            check=True,
            env=env,
        )  # fmt: skip
    else:
        target = Path(connection.settings_dict["NAME"])
        connection.close()
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(source / "database.sqlite3", target)
    media = Path(settings.MEDIA_ROOT)
    if (source / "media.tar.gz").is_file():
        if media.exists():
            shutil.rmtree(media)
        media.mkdir(parents=True)
        with tarfile.open(source / "media.tar.gz") as tar:
            tar.extractall(media, filter="data")
