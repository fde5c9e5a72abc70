"""`frontline verify_badge FILE`: check a badge file (or `-` for standard input) against this
issuer's key and the certificate's current status. Exits 0 only for a valid badge."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from frontline.certificates.badges import NoSigningKey, verify_credential


class Command(BaseCommand):
    help = "Verify an Open Badges 3.0 credential issued here (JSON envelope or VC-JWT)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the badge file, or - for standard input")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        try:
            data = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"cannot read {path}: {error}") from None
        try:
            result = verify_credential(data)
        except NoSigningKey:
            raise CommandError("BADGE_SIGNING_KEY is not set") from None
        line = result.status + (f": {result.reason}" if result.reason else "")
        if result.credential and result.status != "invalid":
            line += f" ({result.credential['name']}, {result.credential['id']})"
        self.stdout.write(line)
        if not result.valid:
            raise CommandError(line, returncode=1 if result.status == "invalid" else 2)
