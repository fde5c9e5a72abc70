"""`frontline restore DIR`: replace this installation's database and media with a backup made
by `frontline backup`, then check it: row counts, the audit chain up to the backup's head.

Refuses a backup whose files do not match its manifest, one of another database engine, and,
unless --ignore-keys, one made under other keys (sessions would end, which is harmless, but
badges issued before would no longer verify). Stop the app servers and workers first.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from frontline.ops.backup import BackupError, key_problems, read_manifest, restore, state


class Command(BaseCommand):
    help = "Restore a backup made by `frontline backup` (database and media), then check it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dir", type=Path, help="the backup's folder (with manifest.json)")
        parser.add_argument(
            "--ignore-keys",
            action="store_true",
            help="restore even though SECRET_KEY or BADGE_SIGNING_KEY differ from the backup's",
        )

    def handle(self, *args: Any, dir: Path, ignore_keys: bool, **options: Any) -> None:
        try:
            manifest = read_manifest(dir)
            problems = key_problems(manifest)
            if problems and not ignore_keys:
                raise BackupError(
                    "; ".join(problems) + ": set the keys kept with this backup's records "
                    "(docs/deployment.md), or pass --ignore-keys"
                )
            restore(dir, manifest)
        except (BackupError, OSError, subprocess.CalledProcessError) as error:
            raise CommandError(f"restore failed: {error}") from None
        now = state()
        short = [
            f"{name}: {now['counts'].get(name)} < {count}"
            for name, count in manifest["counts"].items()
            if now["counts"].get(name, 0) < count
        ]
        if short:
            raise CommandError(
                "restored database has fewer rows than the backup: " + ", ".join(short)
            )
        head = manifest["audit_head"]
        anchor = [f"{head['id']}:{head['hash']}"] if head else []
        call_command("audit", "verify", *(a for x in anchor for a in ("--anchor", x)))
        self.stdout.write(
            self.style.SUCCESS(
                f"restored {dir.name}: " + ", ".join(f"{n} {c}" for n, c in now["counts"].items())
            )
        )
