"""`frontline content check|load|stats [--json]`: validate, load and count the content files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from frontline.assessment import cues as item_cues
from frontline.content import Everything, load_all, read_all
from frontline.lib.analyze import analyze
from frontline.lib.yamlfiles import ContentInvalid
from frontline.scenarios import cues as scenario_cues
from frontline.scenarios.engine import Graph


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
            self._cues(content)
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

    def _cues(self, content: Everything) -> None:
        """The answer-cue figures, within their limits (or the check would have failed)."""
        bank = item_cues.measure(content.bank.items)["bank"].as_dict()
        graphs = [Graph.from_json(s.graph) for s in content.scenarios]
        exercises = scenario_cues.measure(graphs).as_dict()
        self.stdout.write(
            f"answer cues: key longest {bank['longest_key_pct']} %, shortest "
            f"{bank['shortest_key_pct']} % (chance {bank['chance_pct']} %); true/false keyed "
            f"false {bank['false_pct']} %; ticking every box {bank['tick_all_pct']} %; case "
            f"exercises' best choice longest {exercises['longest_best_pct']} %, first "
            f"{exercises['first_best_pct']} % (chance {exercises['chance_pct']} %)"
        )

    def _read(self, root: Path) -> Everything:
        try:
            return read_all(root)
        except ContentInvalid as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(exc.problems)} problem(s) in {root}; nothing loaded"
            ) from None
