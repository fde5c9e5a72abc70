"""Send the xAPI statements that are due (for cron, or after the LRS was down)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from frontline.xapi import outbox


class Command(BaseCommand):
    help = "Send the xAPI statements waiting for the learning record store."

    def handle(self, *args: Any, **options: Any) -> None:
        if not outbox.enabled():
            raise CommandError("no learning record store configured (XAPI_LRS_URL)")
        sent, waiting = outbox.send_due()
        self.stdout.write(f"{sent} sent, {waiting} still waiting")
