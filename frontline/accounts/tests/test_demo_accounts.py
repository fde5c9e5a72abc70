"""The demo's second factors: keys for the enrolled personas, a set-up link for the investigator,
and `make totp` for both."""

from __future__ import annotations

import re
from io import StringIO
from types import SimpleNamespace
from unittest import mock
from urllib.parse import urlsplit

from django.core.management import call_command
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontline.accounts import second_factor
from frontline.ops.management.commands.demo_data import DEMO_PASSWORD
from frontline.test import BaseTestCase

COMMAND = "frontline.ops.management.commands.demo_data"


@override_settings(DEMO=True)
class DemoAccountsTests(BaseTestCase):
    def demo(self) -> str:
        out = StringIO()
        with (
            mock.patch(f"{COMMAND}.create_demo_courses", return_value=[]),
            mock.patch(f"{COMMAND}.load_demo_directory",
                       return_value=SimpleNamespace(created=0, updated=0)),
        ):  # fmt: skip
            call_command("demo_data", stdout=out)
        return out.getvalue()

    def totp(self, username: str) -> str:
        out = StringIO()
        call_command("totp", username, stdout=out)
        return out.getvalue().strip()

    def test_enrolled_personas_get_a_key_the_investigator_a_link(self) -> None:
        text = self.demo()
        for username in ("analyst", "caseworker", "admin"):
            device = TOTPDevice.objects.get(user__username=username, confirmed=True)
            self.assertIn(second_factor.secret_of(device), text)
            self.assertIn(f"make totp WHO={username}", text)
        self.assertFalse(TOTPDevice.objects.filter(user=self.investigator).exists())
        link = re.search(r"set-up link \(once, after signing in\): (\S+)", text)
        assert link is not None
        self.assertEqual(self.client.get(urlsplit(link.group(1)).path).status_code, 302)

    def test_the_investigator_can_enrol_with_make_totp(self) -> None:
        link = re.search(r"(http\S+/set-up/\S+)", self.demo())
        assert link is not None
        self.assertEqual(self.client.get(urlsplit(link.group(1)).path).status_code, 302)
        # The demo gives every persona the demo password.
        r = self.client.post(
            "/accounts/login/", {"username": "investigator", "password": DEMO_PASSWORD}
        )
        self.assertEqual(r.status_code, 302)
        self.assertEqual(self.client.get("/accounts/second-factor/set-up/").status_code, 200)
        r = self.client.post(
            "/accounts/second-factor/set-up/", {"token": self.totp("investigator")}
        )
        self.assertContains(r, "Your recovery codes")
        # Run again: the investigator starts afresh, with a new link.
        self.demo()
        self.assertFalse(TOTPDevice.objects.filter(user=self.investigator).exists())

    def test_totp_prints_the_current_code(self) -> None:
        self.demo()
        self.login(self.analyst, verified=False)
        r = self.client.post("/accounts/second-factor/", {"token": self.totp("analyst")})
        self.assertEqual(r.status_code, 302)
