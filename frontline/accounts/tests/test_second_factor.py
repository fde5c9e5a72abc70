from __future__ import annotations

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontline.accounts.actions import grant_role, revoke_role
from frontline.accounts.backends import UserBackend
from frontline.accounts.models import Agency, Membership, Role, User
from frontline.accounts.second_factor import secret_of
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

    def test_a_next_that_is_not_a_path_goes_home(self) -> None:
        # Found by the request fuzz: a bare word was taken for a view name (500). "Home" is the
        # person's own home page, where signing in lands.
        self.login(self.learner)
        for bad in ("xxxx", "[]", "£ÜlÈ", "https://example.org/", "//example.org/"):
            with self.subTest(next=bad):
                r = self.client.get("/accounts/second-factor/", {"next": bad})
                self.assertRedirects(r, "/home/", fetch_redirect_response=False)
        r = self.client.get("/accounts/second-factor/", {"next": "/learn/"})
        self.assertRedirects(r, "/learn/", fetch_redirect_response=False)

    def test_unverified_analyst_is_sent_to_second_factor(self) -> None:
        self.login(self.analyst, verified=False)
        r = self.client.get("/accounts/")
        self.assertRedirects(
            r, "/accounts/second-factor/?next=/accounts/", fetch_redirect_response=False
        )

    def test_wrong_code_is_400_and_stays_unverified(self) -> None:
        self.login(self.caseworker, verified=False)
        TOTPDevice.objects.create(user=self.caseworker, name="phone", confirmed=True)
        r = self.client.post("/accounts/second-factor/", {"token": "000000"})
        self.assertContains(r, "That code is not valid", status_code=400)
        r = self.client.get("/accounts/")
        self.assertEqual(r.status_code, 302)

    def test_malformed_code_is_400(self) -> None:
        self.login(self.caseworker, verified=False)
        TOTPDevice.objects.create(user=self.caseworker, name="phone", confirmed=True)
        r = self.client.post("/accounts/second-factor/", {"token": "abc"})
        self.assertContains(r, "Enter the six digits", status_code=400)

    def test_a_confirmed_device_is_never_shown(self) -> None:
        self.login(self.admin, verified=False)
        device = TOTPDevice.objects.create(user=self.admin, name="phone", confirmed=True)
        r = self.client.get("/accounts/second-factor/")
        self.assertNotContains(r, "data:image/svg+xml")
        self.assertNotContains(r, secret_of(device))

    def test_off_site_next_is_ignored(self) -> None:
        self.login(self.admin, verified=False)
        device = TOTPDevice.objects.create(user=self.admin, name="phone", confirmed=True)
        r = self.client.post(
            "/accounts/second-factor/",
            {"token": current_code(device), "next": "https://evil.example.org/"},
        )
        self.assertRedirects(r, "/home/")

    def test_anonymous_is_sent_to_login(self) -> None:
        r = self.client.get("/accounts/second-factor/")
        self.assertEqual(r.status_code, 302)
        self.assertTrue(r["Location"].startswith("/accounts/login/"))

    def test_wrong_method_is_405(self) -> None:
        self.login(self.admin, verified=False)
        TOTPDevice.objects.create(user=self.admin, name="phone", confirmed=True)
        self.assertEqual(self.client.put("/accounts/second-factor/").status_code, 405)

    def test_admin_site_needs_verified_second_factor(self) -> None:
        self.login(self.admin, verified=False)
        self.assertEqual(self.client.get("/admin/").status_code, 302)
        self.login(self.admin)
        self.assertEqual(self.client.get("/admin/").status_code, 200)


class RoleChangeTests(BaseTestCase):
    """Whether a user needs a second factor is read afresh on every request, never remembered
    in a session: a role granted to someone already signed in takes effect at their next click."""

    def test_role_granted_mid_session_forces_the_second_factor(self) -> None:
        self.login(self.learner)
        self.assertEqual(self.client.get("/accounts/").status_code, 200)
        atu = Agency.objects.get(name="Valdoria Anti-Trafficking Unit")
        grant_role(self.learner, atu, Role.ANALYST, acting_user=self.admin)
        r = self.client.get("/accounts/")
        self.assertRedirects(
            r, "/accounts/second-factor/?next=/accounts/", fetch_redirect_response=False
        )

    def test_role_added_outside_the_actions_also_counts(self) -> None:
        # A membership written without accounts.actions (a shell, a data migration).
        self.login(self.trainer)
        self.assertEqual(self.client.get("/accounts/").status_code, 200)
        ngo = Agency.objects.get(name="Safe Harbour Valdoria")
        Membership.objects.create(user=self.trainer, agency=ngo, role=Role.CASEWORKER)
        self.assertEqual(self.client.get("/accounts/").status_code, 302)

    def test_superuser_flag_set_mid_session_forces_the_second_factor(self) -> None:
        self.login(self.coordinator)
        User.objects.filter(pk=self.coordinator.pk).update(is_superuser=True)
        self.assertEqual(self.client.get("/accounts/").status_code, 302)

    def test_role_revoked_mid_session_no_longer_asks(self) -> None:
        self.login(self.officer, verified=False)
        atu = Agency.objects.get(name="Valdoria Anti-Trafficking Unit")
        membership = grant_role(self.officer, atu, Role.ANALYST, acting_user=self.admin)
        self.assertEqual(self.client.get("/accounts/").status_code, 302)
        revoke_role(membership, acting_user=self.admin)
        self.assertEqual(self.client.get("/accounts/").status_code, 200)

    def test_the_signed_in_user_is_loaded_with_the_answer(self) -> None:
        backend = UserBackend()
        for user, expected in [(self.learner, False), (self.analyst, True), (self.admin, True)]:
            loaded = backend.get_user(user.pk)
            assert loaded is not None
            with self.assertNumQueries(0):
                self.assertEqual(loaded.needs_second_factor(), expected, user)

    def test_granting_a_role_to_a_loaded_user_forgets_what_was_loaded(self) -> None:
        loaded = UserBackend().get_user(self.learner.pk)
        assert loaded is not None
        self.assertFalse(loaded.needs_second_factor())
        atu = Agency.objects.get(name="Valdoria Anti-Trafficking Unit")
        membership = grant_role(loaded, atu, Role.ANALYST, acting_user=self.admin)
        self.assertTrue(loaded.needs_second_factor())
        revoke_role(membership, acting_user=self.admin)
        self.assertFalse(membership.user.needs_second_factor())

    def test_inactive_or_unknown_users_are_not_loaded(self) -> None:
        User.objects.filter(pk=self.learner.pk).update(is_active=False)
        self.assertIsNone(UserBackend().get_user(self.learner.pk))
        self.assertIsNone(UserBackend().get_user(999999))
