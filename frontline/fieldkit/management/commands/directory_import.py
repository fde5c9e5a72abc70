"""`frontline directory_import FILE.csv [--replace] [--as USERNAME]`: all rows or none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from frontline.accounts.models import User
from frontline.fieldkit.directory import DirectoryInvalid, import_csv


class Command(BaseCommand):
    help = "Import contacts into the field-kit directory from a CSV file (nothing on any error)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--replace", action="store_true", help="deactivate entries the file does not list"
        )
        parser.add_argument("--as", dest="username", default="", help="recorded in the audit log")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        user = None
        if options["username"]:
            user = User.objects.filter(username=options["username"]).first()
            if user is None:
                raise CommandError(f"no user {options['username']!r}")
        try:
            report = import_csv(
                path.read_bytes(),
                name=path.name,
                acting_user=user,
                replace=options["replace"],
            )
        except DirectoryInvalid as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(exc.problems)} problem(s) in {path}; nothing imported"
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"directory: {report.created} created, {report.updated} updated, "
                f"{report.deactivated} deactivated"
            )
        )
