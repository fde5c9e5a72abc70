from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from frontline.referrals.sweep import sweep


class Command(BaseCommand):
    help = "Escalate every open referral past its deadline (run it every few minutes)."

    def handle(self, *args: Any, **options: Any) -> None:
        done = sweep()
        for reference, level in done:
            self.stdout.write(f"{reference}: escalated to level {level}")
        self.stdout.write(f"{len(done)} referral(s) escalated")
