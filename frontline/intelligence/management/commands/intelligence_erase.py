"""Erase the intelligence reports whose retention period has ended (run daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from frontline.intelligence.actions import erase_report
from frontline.intelligence.models import Report


class Command(BaseCommand):
    help = "Erase intelligence reports past their retention date; the audit log keeps the record."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="only count them")

    def handle(self, *args: Any, **options: Any) -> None:
        due = Report.objects.past_retention(timezone.localdate()).order_by("pk")
        if options["dry_run"]:
            self.stdout.write(f"{due.count()} report(s) past their retention date")
            return
        erased = 0
        for report in due.iterator():
            erase_report(report, acting_user=None, reason="retention period ended")
            erased += 1
        self.stdout.write(f"erased {erased} report(s); the audit log keeps who did what")
