"""Sign-in and password-reset throttling: the guilty are paused, the innocent never."""

from __future__ import annotations

import time
from datetime import timedelta
from unittest import mock
from urllib.parse import urlsplit

from axes.models import AccessAttempt
from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone

from frontline.accounts import throttle
from frontline.accounts.models import User
from frontline.audit.models import AuditEvent
from frontline.lib.ratelimit import Limit
from frontline.test import PASSWORD, BaseTestCase

CLASSROOM = "198.51.100.20"  # one address for a whole room, or everyone behind a proxy


def sign_in(client: Client, username: str, password: str, **extra: str) -> int:
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, **extra
    ).status_code


def fail_from_many_addresses(username: str, count: int) -> None:
    for n in range(count):  # never five from one address: django-axes never pauses
        sign_in(Client(), username, "wrong", REMOTE_ADDR=f"192.0.2.{n // 4 + 1}")


class ClassroomTests(BaseTestCase):
    def test_one_person_failing_does_not_lock_out_the_room(self) -> None:
        room = [User.objects.create_user(f"officer{n:02d}", password=PASSWORD) for n in range(29)]
        for _ in range(4):
            self.assertEqual(sign_in(Client(), "learner", "wrong", REMOTE_ADDR=CLASSROOM), 200)
        # The fifth wrong password starts the pause.
        self.assertEqual(sign_in(Client(), "learner", "wrong", REMOTE_ADDR=CLASSROOM), 429)
        self.assertEqual(sign_in(Client(), "learner", PASSWORD, REMOTE_ADDR=CLASSROOM), 429)
        for user in room:
            client = Client(REMOTE_ADDR=CLASSROOM)
            self.assertEqual(sign_in(client, user.username, PASSWORD), 302, user)
            self.assertEqual(client.get("/accounts/").status_code, 200)

    def test_the_paused_person_can_sign_in_from_elsewhere(self) -> None:
        for _ in range(5):
            sign_in(self.client, "learner", "wrong", REMOTE_ADDR=CLASSROOM)
        self.assertEqual(sign_in(Client(), "learner", PASSWORD, REMOTE_ADDR="192.0.2.99"), 302)

    def test_attempts_during_the_pause_neither_count_nor_extend_it(self) -> None:
        for _ in range(5):
            sign_in(self.client, "learner", "wrong")
        before = AccessAttempt.objects.get().attempt_time
        for _ in range(3):
            self.assertEqual(sign_in(self.client, "learner", "wrong"), 429)
        attempt = AccessAttempt.objects.get()
        self.assertEqual((attempt.failures_since_start, attempt.attempt_time), (5, before))


class AccountLimitTests(BaseTestCase):
    """The slower limit per account, whatever the address."""

    def test_twenty_failures_from_anywhere_pause_the_account_everywhere(self) -> None:
        fail_from_many_addresses("learner", 19)
        self.assertEqual(sign_in(Client(), "trainer", PASSWORD, REMOTE_ADDR="192.0.2.1"), 302)
        fail_from_many_addresses("learner", 1)
        r = Client(REMOTE_ADDR="203.0.113.50").post(
            "/accounts/login/", {"username": "learner", "password": PASSWORD}
        )
        self.assertContains(
            r, "too many wrong passwords for the account “learner”", status_code=429
        )
        self.assertContains(r, "Try again in 1\xa0hour.", status_code=429)
        self.assertTrue(
            AuditEvent.objects.filter(action="accounts.login_refused", object_id=self.learner.pk)
        )
        # Other accounts are not touched.
        self.assertEqual(sign_in(Client(), "trainer", PASSWORD, REMOTE_ADDR="203.0.113.50"), 302)

    def test_the_password_is_not_even_checked_while_paused(self) -> None:
        fail_from_many_addresses("learner", 20)
        with mock.patch("frontline.accounts.backends.UserBackend.authenticate") as check:
            self.assertEqual(sign_in(Client(), "learner", PASSWORD), 429)
        check.assert_not_called()

    def test_right_passwords_do_not_use_the_limit_up(self) -> None:
        for _ in range(25):
            self.assertEqual(sign_in(Client(), "learner", PASSWORD), 302)

    def test_unknown_names_are_limited_too_and_say_the_same(self) -> None:
        fail_from_many_addresses("nobody-here", 20)
        r = Client().post("/accounts/login/", {"username": "nobody-here", "password": "x"})
        self.assertContains(r, "the account “nobody-here”", status_code=429)

    @override_settings(LOGIN_USER_FAILURE_LIMIT=3)
    def test_the_limit_is_a_setting_and_its_window_ends(self) -> None:
        fail_from_many_addresses("learner", 3)
        self.assertEqual(sign_in(Client(), "learner", PASSWORD), 429)
        later = time.time() + 3601
        with mock.patch("frontline.lib.ratelimit.time.time", return_value=later):
            self.assertEqual(sign_in(Client(), "learner", PASSWORD), 302)

    def test_a_new_password_lifts_both_pauses(self) -> None:
        fail_from_many_addresses("learner", 20)
        for _ in range(5):
            sign_in(Client(), "learner", "wrong", REMOTE_ADDR=CLASSROOM)
        with self.captureOnCommitCallbacks(execute=True):  # the e-mail leaves after the commit
            self.client.post("/accounts/password/reset/", {"email": "learner@example.org"})
        link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
        r = self.client.get(urlsplit(link.strip()).path, follow=True)
        new = "a brand new long secret 99"
        self.client.post(r.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
        self.assertEqual(sign_in(Client(), "learner", new, REMOTE_ADDR=CLASSROOM), 302)
        self.assertTrue(AuditEvent.objects.filter(action="accounts.password_reset"))


@override_settings(TRUSTED_PROXY_COUNT=1)
class OneProxyTests(BaseTestCase):
    """Behind one proxy that appends the address it saw to X-Forwarded-For."""

    PROXY = "10.0.0.2"

    def via_proxy(self, client_address: str, forged: str = "") -> dict[str, str]:
        chain = f"{forged}, {client_address}" if forged else client_address
        return {"REMOTE_ADDR": self.PROXY, "HTTP_X_FORWARDED_FOR": chain}

    def test_forged_headers_do_not_escape_the_pause(self) -> None:
        for n in range(5):
            extra = self.via_proxy("198.51.100.7", forged=f"203.0.113.{n}")
            sign_in(Client(), "learner", "wrong", **extra)
        extra = self.via_proxy("198.51.100.7", forged="203.0.113.200")
        self.assertEqual(sign_in(Client(), "learner", PASSWORD, **extra), 429)
        # Someone else behind the same proxy is another address.
        self.assertEqual(
            sign_in(Client(), "learner", PASSWORD, **self.via_proxy("198.51.100.8")), 302
        )

    def test_forged_headers_cannot_pin_the_pause_on_someone_else(self) -> None:
        for _ in range(5):
            extra = self.via_proxy("198.51.100.7", forged="198.51.100.8")
            sign_in(Client(), "learner", "wrong", **extra)
        self.assertEqual(
            sign_in(Client(), "learner", PASSWORD, **self.via_proxy("198.51.100.8")), 302
        )

    def test_the_audit_log_has_the_client_not_the_proxy(self) -> None:
        sign_in(Client(), "learner", PASSWORD, **self.via_proxy("198.51.100.7", "203.0.113.9"))
        event = AuditEvent.objects.get(action="accounts.login")
        self.assertEqual(event.ip_address, "198.51.100.7")


@override_settings(TRUSTED_PROXY_COUNT=2)
class TwoProxyTests(BaseTestCase):
    def test_the_address_the_outer_proxy_saw(self) -> None:
        chain = "203.0.113.1, 203.0.113.2, 198.51.100.7, 10.0.0.3"
        for _ in range(5):
            sign_in(
                Client(), "learner", "wrong", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=chain
            )
        attempt = AccessAttempt.objects.get()
        self.assertEqual(attempt.ip_address, "198.51.100.7")
        forged = "203.0.113.77, 198.51.100.7, 10.0.0.3"
        self.assertEqual(
            sign_in(Client(), "learner", PASSWORD, REMOTE_ADDR="10.0.0.2",
                    HTTP_X_FORWARDED_FOR=forged),
            429,
        )  # fmt: skip


class SignInAuditTests(BaseTestCase):
    def test_a_wrong_password_for_an_account_records_the_account_not_the_password(self) -> None:
        sign_in(self.client, "analyst", "Tr0ub4dor&3-guess", REMOTE_ADDR="192.0.2.5")
        event = AuditEvent.objects.get(action="accounts.login_failed")
        self.assertIsNone(event.actor)
        self.assertEqual(
            (event.object_type, event.object_id), ("accounts.user", str(self.analyst.pk))
        )
        self.assertEqual(event.ip_address, "192.0.2.5")
        self.assertNotIn("Tr0ub4dor", str(list(AuditEvent.objects.values())))

    def test_a_name_that_is_no_account_is_not_kept(self) -> None:
        # Often a password typed into the wrong field.
        sign_in(self.client, "Tr0ub4dor&3-in-the-name-field", "x")
        event = AuditEvent.objects.get(action="accounts.login_failed")
        self.assertEqual((event.object_type, event.object_id, event.justification), ("", "", ""))
        self.assertNotIn("Tr0ub4dor", str(list(AuditEvent.objects.values())))

    def test_a_pause_and_refusals_during_it_are_recorded(self) -> None:
        for _ in range(6):
            sign_in(self.client, "learner", "wrong")
        actions = list(
            AuditEvent.objects.filter(object_id=self.learner.pk)
            .order_by("id")
            .values_list("action", flat=True)
        )
        self.assertEqual(
            actions,
            ["accounts.login_failed"] * 5 + ["accounts.locked_out", "accounts.login_refused"],
        )

    def test_an_incomplete_form_is_no_attempt(self) -> None:
        r = self.client.post("/accounts/login/", {"username": "learner", "password": ""})
        self.assertEqual(r.status_code, 200)
        self.assertFalse(AuditEvent.objects.exists())
        for _ in range(30):
            self.client.post("/accounts/login/", {"username": "learner"})
        self.assertEqual(sign_in(self.client, "learner", PASSWORD), 302)

    def test_sign_out_is_recorded(self) -> None:
        self.login(self.learner)
        self.client.post("/accounts/logout/")
        event = AuditEvent.objects.get(action="accounts.logout")
        self.assertEqual(event.actor, self.learner)


class PasswordResetLimitTests(BaseTestCase):
    def ask(self, email: str, address: str = "192.0.2.10") -> int:
        with self.captureOnCommitCallbacks(execute=True):  # the e-mail leaves after the commit
            return self.client.post(
                "/accounts/password/reset/", {"email": email}, REMOTE_ADDR=address
            ).status_code

    def test_three_links_per_address_typed_per_hour(self) -> None:
        for _ in range(3):
            self.assertEqual(self.ask("learner@example.org"), 302)
        r = self.client.post("/accounts/password/reset/", {"email": "learner@example.org"})
        self.assertContains(r, "have been asked for “learner@example.org”", status_code=429)
        self.assertContains(r, "Error 429", status_code=429)
        self.assertContains(r, "Try again in 1\xa0hour.", status_code=429)
        self.assertEqual(len(mail.outbox), 3)
        # Someone else's reset from the same address still goes.
        self.assertEqual(self.ask("trainer@example.org"), 302)
        self.assertEqual(len(mail.outbox), 4)

    def test_unknown_addresses_are_limited_the_same(self) -> None:
        for _ in range(3):
            self.assertEqual(self.ask("nobody@example.org"), 302)
        self.assertEqual(self.ask("nobody@example.org"), 429)

    def test_per_network(self) -> None:
        small = Limit("accounts.reset-address", allowed=2, window=timedelta(hours=1))
        with mock.patch.object(throttle, "RESET_PER_ADDRESS", small):
            self.assertEqual(self.ask("a@example.org"), 302)
            self.assertEqual(self.ask("b@example.org"), 302)
            r = self.client.post(
                "/accounts/password/reset/", {"email": "c@example.org"}, REMOTE_ADDR="192.0.2.10"
            )
            self.assertContains(r, "from your network", status_code=429)
            self.assertEqual(self.ask("c@example.org", address="192.0.2.11"), 302)

    def test_requests_are_recorded_with_the_account_only(self) -> None:
        self.ask("learner@example.org")
        self.ask("nobody@example.org")
        for _ in range(3):
            self.ask("nobody@example.org")
        events = AuditEvent.objects.order_by("id")
        self.assertEqual(
            [(e.action, e.object_id) for e in events],
            [("accounts.password_reset_requested", str(self.learner.pk))]
            + [("accounts.password_reset_requested", "")] * 3
            + [("accounts.password_reset_refused", "")],
        )
        self.assertNotIn("nobody", str(list(events.values())))


class LockOutMessageTests(BaseTestCase):
    def test_the_wait_counts_down(self) -> None:
        for _ in range(5):
            sign_in(self.client, "learner", "wrong")
        AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=11))
        r = self.client.post("/accounts/login/", {"username": "learner", "password": PASSWORD})
        self.assertContains(r, "Try again in 4\xa0minutes.", status_code=429)


class AdminSiteSignInTests(BaseTestCase):
    def test_the_admin_login_is_the_sites_own(self) -> None:
        r = self.client.get("/admin/")
        self.assertRedirects(r, "/admin/login/?next=/admin/", fetch_redirect_response=False)
        r = self.client.get("/admin/login/?next=/admin/")
        self.assertRedirects(r, "/accounts/login/?next=%2Fadmin%2F", fetch_redirect_response=False)

    def test_no_password_is_checked_there(self) -> None:
        fail_from_many_addresses("admin", 20)
        r = self.client.post("/admin/login/", {"username": "admin", "password": PASSWORD})
        self.assertEqual(r.status_code, 302)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_signing_out_of_the_admin_is_recorded(self) -> None:
        self.login(self.admin)
        r = self.client.post("/admin/logout/")
        self.assertEqual(r.status_code, 302)
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertTrue(AuditEvent.objects.filter(action="accounts.logout", actor=self.admin))
