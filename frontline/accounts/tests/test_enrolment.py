"""Enrolling an authenticator only through a one-time link, recovery codes, and throttled codes,
tried as an attacker who has learned a password would try them."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from urllib.parse import urlsplit

from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontline.accounts import second_factor
from frontline.accounts.actions import grant_role
from frontline.accounts.models import Agency, Role, SecondFactorLink
from frontline.audit.models import AuditEvent
from frontline.mail.models import Message
from frontline.test import PASSWORD, BaseTestCase


def code_of(device: TOTPDevice, steps: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + steps * device.step
    return f"{totp.token():06d}"


def path_of(url: str) -> str:
    return urlsplit(url).path


class PasswordOnlyTests(BaseTestCase):
    """The investigator persona must use a second factor and has no device yet."""

    def setUp(self) -> None:
        self.client.post("/accounts/login/", {"username": "investigator", "password": PASSWORD})

    def test_is_told_to_use_the_link_and_gets_nothing_else(self) -> None:
        r = self.client.get("/accounts/second-factor/?next=/accounts/")
        self.assertContains(r, "open the set-up link", status_code=403)
        self.assertContains(r, "ask an administrator", status_code=403)
        self.assertNotContains(r, "data:image/svg+xml", status_code=403)
        self.assertNotContains(r, "otpauth://", status_code=403)
        self.assertFalse(TOTPDevice.objects.filter(user=self.investigator).exists())

    def test_posting_codes_or_guessing_the_set_up_page_gives_nothing(self) -> None:
        r = self.client.post("/accounts/second-factor/", {"token": "123456"})
        self.assertEqual(r.status_code, 403)
        r = self.client.get("/accounts/second-factor/set-up/")
        self.assertContains(r, "Set-up link not valid", status_code=404)
        r = self.client.post("/accounts/second-factor/set-up/", {"token": "123456"})
        self.assertEqual(r.status_code, 404)
        for guess in ("x", "a" * 43, "../../", "%00"):
            r = self.client.get(f"/accounts/second-factor/set-up/{guess}/")
            self.assertIn(r.status_code, (400, 404), guess)
        self.assertFalse(TOTPDevice.objects.filter(user=self.investigator).exists())
        self.assertEqual(self.client.get("/accounts/").status_code, 302)

    def test_recovery_codes_page_needs_the_second_factor_first(self) -> None:
        r = self.client.get("/accounts/recovery-codes/")
        self.assertEqual(r.status_code, 302)
        self.assertTrue(r["Location"].startswith("/accounts/second-factor/"))


class LinkTests(BaseTestCase):
    def setUp(self) -> None:
        self.url = second_factor.issue_link(self.investigator, acting_user=self.admin)

    def enrol(self, client: Client) -> tuple[TOTPDevice, str]:
        """Open the link, sign in, enrol; return the device and the page shown."""
        r = client.get(path_of(self.url))
        self.assertRedirects(r, "/accounts/second-factor/set-up/", fetch_redirect_response=False)
        r = client.get("/accounts/second-factor/set-up/")
        self.assertRedirects(
            r,
            "/accounts/login/?next=/accounts/second-factor/set-up/",
            fetch_redirect_response=False,
        )
        r = client.post(
            "/accounts/login/?next=/accounts/second-factor/set-up/",
            {"username": "investigator", "password": PASSWORD},
        )
        self.assertRedirects(r, "/accounts/second-factor/set-up/", fetch_redirect_response=False)
        r = client.get("/accounts/second-factor/set-up/")
        self.assertContains(r, "data:image/svg+xml")
        device = TOTPDevice.objects.get(user=self.investigator, confirmed=False)
        self.assertContains(r, second_factor.secret_of(device))
        r = client.post("/accounts/second-factor/set-up/", {"token": code_of(device)})
        return device, r.content.decode()

    def test_link_then_password_then_code_enrols_and_shows_recovery_codes_once(self) -> None:
        device, page = self.enrol(self.client)
        device.refresh_from_db()
        self.assertTrue(device.confirmed)
        codes = StaticToken.objects.filter(device__user=self.investigator)
        self.assertEqual(codes.count(), 10)
        for token in codes:
            self.assertIn(f"{token.token[:4]}-{token.token[4:]}", page)
        self.assertIsNotNone(SecondFactorLink.objects.get().used)
        self.assertTrue(AuditEvent.objects.filter(action="accounts.second_factor_enrolled"))
        self.assertContains(self.client.get("/accounts/"), "Verified for this session")
        self.assertContains(self.client.get("/accounts/"), "10 left")

    def test_the_link_works_once(self) -> None:
        self.enrol(self.client)
        other = Client()
        r = other.get(path_of(self.url))
        self.assertContains(r, "Set-up link not valid", status_code=404)

    def test_the_link_alone_is_not_enough(self) -> None:
        r = self.client.get(path_of(self.url), follow=True)
        self.assertEqual(
            r.redirect_chain[-1][0], "/accounts/login/?next=/accounts/second-factor/set-up/"
        )
        self.client.post("/accounts/login/", {"username": "investigator", "password": "wrong"})
        r = self.client.get("/accounts/second-factor/set-up/")
        self.assertEqual(r.status_code, 302)
        self.assertFalse(TOTPDevice.objects.filter(user=self.investigator).exists())

    def test_an_expired_link_does_not_work(self) -> None:
        SecondFactorLink.objects.update(expires=timezone.now() - timedelta(seconds=1))
        self.assertEqual(self.client.get(path_of(self.url)).status_code, 404)

    def test_a_link_that_expires_during_set_up_stops_working(self) -> None:
        self.client.get(path_of(self.url))
        self.client.post("/accounts/login/", {"username": "investigator", "password": PASSWORD})
        self.client.get("/accounts/second-factor/set-up/")
        device = TOTPDevice.objects.get(user=self.investigator)
        SecondFactorLink.objects.update(expires=timezone.now() - timedelta(seconds=1))
        r = self.client.post("/accounts/second-factor/set-up/", {"token": code_of(device)})
        self.assertEqual(r.status_code, 404)
        device.refresh_from_db()
        self.assertFalse(device.confirmed)

    def test_a_new_link_retires_the_old_one(self) -> None:
        newer = second_factor.issue_link(self.investigator, acting_user=self.admin)
        self.assertEqual(self.client.get(path_of(self.url)).status_code, 404)
        self.assertEqual(self.client.get(path_of(newer)).status_code, 302)

    def test_someone_elses_link_does_not_work_for_you(self) -> None:
        self.login(self.analyst, verified=False)
        self.client.get(path_of(self.url))
        r = self.client.get("/accounts/second-factor/set-up/")
        self.assertContains(r, "sent for another account", status_code=403)
        self.assertFalse(TOTPDevice.objects.filter(user=self.analyst, confirmed=False).exists())

    def test_only_a_hash_of_the_link_is_stored(self) -> None:
        token = self.url.rstrip("/").rsplit("/", 1)[1]
        self.assertEqual(len(token), 43)
        link = SecondFactorLink.objects.get()
        self.assertNotIn(token, str(link.__dict__))
        self.assertNotIn(token, str(list(AuditEvent.objects.values())))

    def test_a_wrong_code_during_set_up_is_throttled(self) -> None:
        self.client.get(path_of(self.url))
        self.client.post("/accounts/login/", {"username": "investigator", "password": PASSWORD})
        self.client.get("/accounts/second-factor/set-up/")
        device = TOTPDevice.objects.get(user=self.investigator)
        wrong = code_of(device, steps=10)
        r = self.client.post("/accounts/second-factor/set-up/", {"token": wrong})
        self.assertContains(r, "That code is not valid", status_code=400)
        r = self.client.post("/accounts/second-factor/set-up/", {"token": code_of(device)})
        self.assertContains(r, "Too many wrong codes", status_code=429)
        # The key shown does not change between tries.
        self.assertContains(r, second_factor.secret_of(device), status_code=429)

    def test_a_fresh_key_replaces_any_key_shown_before(self) -> None:
        # An unconfirmed device from the old "enrol after the password" page: whoever saw its
        # key must not end up sharing the person's authenticator.
        old = TOTPDevice.objects.create(user=self.investigator, name="old", confirmed=False)
        device, _ = self.enrol(self.client)
        self.assertNotEqual(device.pk, old.pk)
        self.assertFalse(TOTPDevice.objects.filter(pk=old.pk).exists())

    def test_enrolling_again_replaces_the_lost_phone(self) -> None:
        lost = TOTPDevice.objects.create(user=self.investigator, name="lost", confirmed=True)
        StaticDevice.objects.create(user=self.investigator, name="old codes", confirmed=True)
        self.enrol(self.client)
        self.assertFalse(TOTPDevice.objects.filter(pk=lost.pk).exists())
        self.assertEqual(TOTPDevice.objects.filter(user=self.investigator).count(), 1)
        self.assertEqual(StaticDevice.objects.filter(user=self.investigator).count(), 1)


class IssuingTests(BaseTestCase):
    def test_granting_a_second_factor_role_e_mails_a_link(self) -> None:
        atu = Agency.objects.get(name="Valdoria Anti-Trafficking Unit")
        with self.captureOnCommitCallbacks(execute=True):
            grant_role(self.trainer, atu, Role.ANALYST, acting_user=self.admin)
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["trainer@example.org"])
        link = next(line for line in mail.outbox[0].body.splitlines() if "/set-up/" in line)
        self.assertEqual(Client().get(path_of(link)).status_code, 302)
        self.assertIn("72 hours", mail.outbox[0].body)

    def test_no_link_for_roles_without_it_or_people_who_have_an_app(self) -> None:
        atu = Agency.objects.get(name="Valdoria Anti-Trafficking Unit")
        TOTPDevice.objects.create(user=self.officer, name="phone", confirmed=True)
        with self.captureOnCommitCallbacks(execute=True):
            grant_role(self.trainer, atu, Role.LEARNER, acting_user=self.admin)
            grant_role(self.officer, atu, Role.ANALYST, acting_user=self.admin)
        self.assertEqual(mail.outbox, [])

    def test_a_mail_failure_does_not_undo_the_role(self) -> None:
        atu = Agency.objects.get(name="Valdoria Anti-Trafficking Unit")
        with (
            self.assertLogs("frontline.mail.outbox", "WARNING") as logs,
            override_settings(EMAIL_BACKEND="frontline.accounts.tests.test_enrolment.BrokenMail"),
            self.captureOnCommitCallbacks(execute=True),
        ):
            grant_role(self.trainer, atu, Role.ANALYST, acting_user=self.admin)
        self.assertTrue(self.trainer.has_role(Role.ANALYST, atu))
        self.assertNotIn("trainer@example.org", "".join(logs.output))
        # The e-mail waits in the outbox, marked failed, for an administrator to send again.
        self.assertEqual(
            list(Message.objects.filter(recipient=self.trainer).values_list("status", flat=True)),
            [Message.Status.FAILED],
        )

    def test_administrators_send_a_link_from_the_admin_site(self) -> None:
        self.login(self.admin)
        self.outsider.email = ""
        self.outsider.save()
        with self.captureOnCommitCallbacks(execute=True):
            r = self.client.post(
                "/admin/accounts/user/",
                {
                    "action": "send_second_factor_links",
                    "_selected_action": [self.analyst.pk, self.outsider.pk],
                },
                follow=True,
            )
        self.assertContains(r, "A set-up link is on its way to analyst.")
        self.assertContains(r, "The account “outsider” has no e-mail address")
        self.assertEqual([m.to for m in mail.outbox], [["analyst@example.org"]])
        self.assertNotIn("/set-up/", r.content.decode())  # the link never shows on screen
        event = AuditEvent.objects.get(action="accounts.second_factor_link_sent")
        self.assertEqual((event.actor, event.object_id), (self.admin, str(self.analyst.pk)))
        # The link itself is made as the e-mail leaves, and recorded then.
        issued = AuditEvent.objects.get(action="accounts.second_factor_link")
        self.assertEqual((issued.actor, issued.object_id), (None, str(self.analyst.pk)))

    def test_non_administrators_cannot_send_links(self) -> None:
        self.login(self.trainer)
        r = self.client.post(
            "/admin/accounts/user/",
            {"action": "send_second_factor_link", "_selected_action": [self.analyst.pk]},
        )
        self.assertEqual(r.status_code, 302)
        self.assertTrue(r["Location"].startswith("/admin/login/"))
        self.assertEqual(mail.outbox, [])

    def test_the_server_command_prints_a_link(self) -> None:
        out = StringIO()
        call_command("second_factor_link", "investigator", stdout=out)
        self.assertEqual(Client().get(path_of(out.getvalue().strip())).status_code, 302)
        with self.captureOnCommitCallbacks(execute=True):
            call_command("second_factor_link", "investigator", "--email", stdout=StringIO())
        self.assertEqual(mail.outbox[0].to, ["investigator@example.org"])


class BrokenMail:
    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def send_messages(self, messages: object) -> int:
        raise OSError("connection refused for trainer@example.org")


class CodeThrottlingTests(BaseTestCase):
    def setUp(self) -> None:
        self.device = TOTPDevice.objects.create(user=self.analyst, name="phone", confirmed=True)
        self.login(self.analyst, verified=False)

    def post(self, code: str) -> int:
        return self.client.post("/accounts/second-factor/", {"token": code}).status_code

    def test_a_failure_makes_the_next_try_wait_even_with_the_right_code(self) -> None:
        self.assertEqual(self.post(code_of(self.device, steps=10)), 400)
        r = self.client.post("/accounts/second-factor/", {"token": code_of(self.device)})
        self.assertContains(r, "Too many wrong codes. Try again in a few seconds.", status_code=429)
        self.assertEqual(self.client.get("/accounts/").status_code, 302)
        actions = AuditEvent.objects.order_by("id").values_list("action", flat=True)
        self.assertEqual(
            list(actions), ["accounts.second_factor_failed", "accounts.second_factor_refused"]
        )

    def test_each_failure_doubles_the_wait(self) -> None:
        for n in range(1, 11):
            TOTPDevice.objects.filter(pk=self.device.pk).update(
                throttling_failure_timestamp=timezone.now() - timedelta(days=1)
            )
            self.assertEqual(self.post("000000"), 400)
            self.device.refresh_from_db()
            self.assertEqual(self.device.throttling_failure_count, n)
        allowed, why = self.device.verify_is_allowed()
        self.assertFalse(allowed)
        self.assertAlmostEqual(
            (why["locked_until"] - self.device.throttling_failure_timestamp).total_seconds(), 512
        )
        r = self.client.post("/accounts/second-factor/", {"token": code_of(self.device)})
        self.assertContains(r, "Try again in 9\xa0minutes.", status_code=429)

    def test_after_the_wait_the_right_code_works(self) -> None:
        self.post("000000")
        TOTPDevice.objects.filter(pk=self.device.pk).update(
            throttling_failure_timestamp=timezone.now() - timedelta(seconds=2)
        )
        self.assertEqual(self.post(code_of(self.device)), 302)
        self.device.refresh_from_db()
        self.assertEqual(self.device.throttling_failure_count, 0)

    def test_a_code_is_not_accepted_twice(self) -> None:
        code = code_of(self.device)
        self.assertEqual(self.post(code), 302)
        other = self.login(self.analyst, verified=False, client=Client())
        r = other.post("/accounts/second-factor/", {"token": code})
        self.assertEqual(r.status_code, 400)


class RecoveryCodeTests(BaseTestCase):
    def setUp(self) -> None:
        self.app = TOTPDevice.objects.create(user=self.analyst, name="phone", confirmed=True)
        self.codes = second_factor._new_recovery_codes(self.analyst)

    def test_a_recovery_code_signs_in_once(self) -> None:
        self.login(self.analyst, verified=False)
        typed = f"{self.codes[3][:4].upper()}-{self.codes[3][4:]}"
        r = self.client.post("/accounts/second-factor/", {"token": typed})
        self.assertRedirects(r, "/home/", fetch_redirect_response=False)
        self.assertEqual(second_factor.recovery_codes_left(self.analyst), 9)
        other = self.login(self.analyst, verified=False, client=Client())
        r = other.post("/accounts/second-factor/", {"token": typed})
        self.assertContains(r, "That code is not valid", status_code=400)

    def test_recovery_codes_are_throttled_too(self) -> None:
        self.login(self.analyst, verified=False)
        self.assertEqual(
            self.client.post("/accounts/second-factor/", {"token": "aaaaaaaa"}).status_code, 400
        )
        r = self.client.post("/accounts/second-factor/", {"token": self.codes[0]})
        self.assertContains(r, "Too many wrong codes", status_code=429)
        self.assertEqual(second_factor.recovery_codes_left(self.analyst), 10)

    def test_only_recovery_codes_without_an_app_still_sign_in(self) -> None:
        self.app.delete()
        self.login(self.analyst, verified=False)
        r = self.client.post("/accounts/second-factor/", {"token": self.codes[0]})
        self.assertEqual(r.status_code, 302)

    def test_renewing_needs_a_fresh_code_from_the_app(self) -> None:
        self.login(self.analyst)
        self.assertContains(self.client.get("/accounts/recovery-codes/"), "Make new codes")
        for wrong in ("000000", self.codes[0]):
            r = self.client.post("/accounts/recovery-codes/", {"token": wrong})
            self.assertEqual(r.status_code, 400, wrong)
        self.assertEqual(second_factor.recovery_codes_left(self.analyst), 10)
        TOTPDevice.objects.filter(pk=self.app.pk).update(throttling_failure_count=0)
        r = self.client.post("/accounts/recovery-codes/", {"token": code_of(self.app)})
        self.assertContains(r, "Your recovery codes")
        new = set(
            StaticToken.objects.filter(device__user=self.analyst).values_list("token", flat=True)
        )
        self.assertEqual(len(new), 10)
        self.assertFalse(new & set(self.codes))
        self.assertTrue(AuditEvent.objects.filter(action="accounts.recovery_codes_renewed"))

    def test_renewing_is_for_people_with_an_app(self) -> None:
        self.login(self.learner)
        self.assertEqual(self.client.get("/accounts/recovery-codes/").status_code, 403)
        self.assertEqual(Client().get("/accounts/recovery-codes/").status_code, 302)
        self.login(self.analyst)
        self.assertEqual(self.client.put("/accounts/recovery-codes/").status_code, 405)


class AnonymousLinkTests(BaseTestCase):
    def test_set_up_pages_send_anonymous_visitors_to_sign_in(self) -> None:
        r = self.client.get("/accounts/second-factor/set-up/")
        self.assertEqual(r.status_code, 302)
        self.assertTrue(r["Location"].startswith("/accounts/login/"))
