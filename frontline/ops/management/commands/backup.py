"""`frontline backup DIR`: the database, the media and a manifest in a new folder under DIR
(ops/backup.py). The keys are not in it: keep SECRET_KEY and BADGE_SIGNING_KEY apart."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from frontline.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and media into a new folder under DIR (keys not included)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dir", type=Path, help="where to make the backup's folder")

    def handle(self, *args: Any, dir: Path, **options: Any) -> None:
        try:
            made = backup(dir)
        except (BackupError, OSError, subprocess.CalledProcessError) as error:
            raise CommandError(f"backup failed: {error}") from None
        self.stdout.write(str(made))
