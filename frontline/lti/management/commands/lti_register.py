"""Register an academy's LMS as an LTI 1.3 platform, and print what to enter in the LMS."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from frontline.accounts.models import Agency
from frontline.lti.actions import register_platform
from frontline.lti.models import Platform


class Command(BaseCommand):
    help = "Register an LMS (LTI 1.3 platform) and print the tool's URLs for it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument("--issuer", required=True, help="the LMS's issuer (platform id)")
        parser.add_argument("--client-id", required=True)
        parser.add_argument("--deployment", action="append", required=True)
        parser.add_argument("--login-url", required=True, help="its OIDC authorisation URL")
        parser.add_argument("--token-url", required=True, help="its access token URL")
        parser.add_argument("--keyset-url", required=True, help="its public keyset URL")
        parser.add_argument("--agency", required=True, help="new accounts join it as learners")
        parser.add_argument("--trust-email", action="store_true")

    def handle(self, *args: Any, **o: Any) -> None:
        agency = Agency.objects.filter(name=o["agency"]).first()
        if agency is None:
            raise CommandError(f"no agency named {o['agency']!r}")
        if Platform.objects.filter(issuer=o["issuer"], client_id=o["client_id"]).exists():
            raise CommandError("this issuer and client id are registered already")
        platform = register_platform(
            name=o["name"], issuer=o["issuer"], client_id=o["client_id"],
            deployment_ids=o["deployment"], auth_login_url=o["login_url"],
            auth_token_url=o["token_url"], key_set_url=o["keyset_url"], agency=agency,
            trust_email=o["trust_email"], acting_user=None,
        )  # fmt: skip
        site = settings.SITE_URL
        self.stdout.write(f"registered platform #{platform.pk}; in the LMS enter:")
        self.stdout.write(f"  login initiation URL: {site}{reverse('lti:login')}")
        self.stdout.write(f"  redirection (launch) URL: {site}{reverse('lti:launch')}")
        self.stdout.write(f"  public keyset URL: {site}{reverse('lti:jwks')}")
        self.stdout.write(f"  deep linking URL: {site}{reverse('lti:launch')}")
        self.stdout.write(
            f"  target link URI: a unit, lesson, quiz or case page, e.g. {site}/learn/u1/"
        )
