"""`frontline content check|load|stats [--json]`: validate, load and count the content files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from frontline.content import Everything, load_all, read_all
from frontline.lib.analyze import analyze
from frontline.lib.yamlfiles import ContentInvalid


class Command(BaseCommand):
    help = "Check, load or count the training content under content/."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["check", "load", "stats"])
        parser.add_argument("--dir", type=Path, default=None, help="content folder")
        parser.add_argument("--json", action="store_true", help="stats as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        root: Path = options["dir"] or settings.CONTENT_DIR
        content = self._read(root)
        if options["action"] == "check":
            stats = content.stats()
            self.stdout.write(
                self.style.SUCCESS(
                    f"content OK: {stats['units']} units, {stats['lessons']} lessons, "
                    f"{stats['glossary_terms']} terms, {stats['resources']} resources, "
                    f"{stats['items']} items, {stats['scenarios']} scenarios, "
                    f"{stats['indicators']} indicators, "
                    f"{stats['phrases']} phrases in {stats['phrase_languages']} languages"
                )
            )
        elif options["action"] == "load":
            report = load_all(content)
            analyze()  # the planner's statistics of the tables just filled
            self.stdout.write(
                self.style.SUCCESS(
                    f"content loaded: {report.created} created, {report.updated} updated, "
                    f"{report.retired} retired, {report.removed} removed"
                )
            )
        else:
            stats = content.stats()
            if options["json"]:
                self.stdout.write(json.dumps(stats, indent=2, sort_keys=True))
            else:
                for key, value in stats.items():
                    self.stdout.write(f"{key:<24} {value:>8,}")

    def _read(self, root: Path) -> Everything:
        try:
            return read_all(root)
        except ContentInvalid as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(exc.problems)} problem(s) in {root}; nothing loaded"
            ) from None
