"""Issue a second-factor set-up link for an account, from the server.

For the first administrator (made with `createsuperuser`, with nobody yet to send them a link)
and for accounts without an e-mail address: whoever runs this has the server, not just a
password. The link is printed, or with --email sent to the account's address.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from frontline.accounts import second_factor
from frontline.accounts.actions import send_second_factor_link
from frontline.accounts.models import User


class Command(BaseCommand):
    help = "Print (or e-mail) a one-time link to set up an account's authenticator app."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--email", action="store_true", help="e-mail the link to the account instead"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No account is called {options['username']!r}.")
        if options["email"]:
            if not user.email:
                raise CommandError(f"{user.username!r} has no e-mail address.")
            send_second_factor_link(user, acting_user=None)
            self.stdout.write(f"Set-up link queued for e-mail to {user.username}.")
            return
        url = second_factor.issue_link(user, acting_user=None)
        self.stdout.write(url)
