from __future__ import annotations

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontline.audit.models import AuditEvent
from frontline.test import BaseTestCase


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


class SecondFactorTests(BaseTestCase):
    def test_roles_that_need_it(self) -> None:
        for user in (self.analyst, self.caseworker, self.admin):
            self.assertTrue(user.needs_second_factor(), user)
        for user in (self.learner, self.trainer, self.coordinator, self.officer, self.outsider):
            self.assertFalse(user.needs_second_factor(), user)

    def test_unverified_analyst_is_sent_to_second_factor(self) -> None:
        self.login(self.analyst, verified=False)
        r = self.client.get("/accounts/")
        self.assertRedirects(
            r, "/accounts/second-factor/?next=/accounts/", fetch_redirect_response=False
        )

    def test_enrol_then_verify(self) -> None:
        self.login(self.analyst, verified=False)
        r = self.client.get("/accounts/second-factor/?next=/accounts/")
        self.assertContains(r, "data:image/svg+xml")
        device = TOTPDevice.objects.get(user=self.analyst, confirmed=False)
        r = self.client.post(
            "/accounts/second-factor/", {"token": current_code(device), "next": "/accounts/"}
        )
        self.assertRedirects(r, "/accounts/")
        device.refresh_from_db()
        self.assertTrue(device.confirmed)
        self.assertTrue(
            AuditEvent.objects.filter(action="accounts.second_factor_enrolled").exists()
        )
        self.assertContains(self.client.get("/accounts/"), "Verified for this session")

    def test_wrong_code_is_400_and_stays_unverified(self) -> None:
        self.login(self.caseworker, verified=False)
        TOTPDevice.objects.create(user=self.caseworker, name="phone", confirmed=True)
        r = self.client.post("/accounts/second-factor/", {"token": "000000"})
        self.assertContains(r, "That code is not valid", status_code=400)
        r = self.client.get("/accounts/")
        self.assertEqual(r.status_code, 302)

    def test_malformed_code_is_400(self) -> None:
        self.login(self.caseworker, verified=False)
        r = self.client.post("/accounts/second-factor/", {"token": "abc"})
        self.assertContains(r, "Enter the six digits", status_code=400)

    def test_confirmed_device_is_not_shown_again(self) -> None:
        self.login(self.admin, verified=False)
        TOTPDevice.objects.create(user=self.admin, name="phone", confirmed=True)
        r = self.client.get("/accounts/second-factor/")
        self.assertNotContains(r, "data:image/svg+xml")

    def test_off_site_next_is_ignored(self) -> None:
        self.login(self.admin, verified=False)
        device = TOTPDevice.objects.create(user=self.admin, name="phone", confirmed=True)
        r = self.client.post(
            "/accounts/second-factor/",
            {"token": current_code(device), "next": "https://evil.example.org/"},
        )
        self.assertRedirects(r, "/")

    def test_anonymous_is_sent_to_login(self) -> None:
        r = self.client.get("/accounts/second-factor/")
        self.assertEqual(r.status_code, 302)
        self.assertTrue(r["Location"].startswith("/accounts/login/"))

    def test_wrong_method_is_405(self) -> None:
        self.login(self.admin, verified=False)
        self.assertEqual(self.client.put("/accounts/second-factor/").status_code, 405)

    def test_admin_site_needs_verified_second_factor(self) -> None:
        self.login(self.admin, verified=False)
        self.assertEqual(self.client.get("/admin/").status_code, 302)
        self.login(self.admin)
        self.assertEqual(self.client.get("/admin/").status_code, 200)
