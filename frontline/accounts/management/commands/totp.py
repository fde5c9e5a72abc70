"""Print the current second-factor code of a demo account (demo mode only): of its
authenticator, or of the one being set up on the set-up page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Print the current TOTP code of a user's authenticator (demo mode only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO:
            raise CommandError("totp only runs in demo mode (FRONTLINE_DEMO=1).")
        # A confirmed authenticator, else the one being set up through a set-up link.
        device = (
            TOTPDevice.objects.filter(user__username=options["username"])
            .order_by("-confirmed", "-pk")
            .first()
        )
        if device is None:
            raise CommandError(
                f"{options['username']!r} has no authenticator: open their set-up link first."
            )
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
