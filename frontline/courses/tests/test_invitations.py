"""Invitation e-mails: queued after the commit, never in the request; the team sees which ones
failed and sends them again, with a fresh link to choose a password.

The bug this closes: adding participants while the mail server was down answered 500 after
the enrolment was saved, the new account's only link to set a password was lost, and a second
try said "already enrolled".
"""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from frontline.accounts.models import User
from frontline.audit.models import AuditEvent
from frontline.courses.models import Enrolment
from frontline.courses.tests.base import CourseTestCase
from frontline.courses.tests.test_enrolment import GOOD
from frontline.mail.models import Message
from frontline.test import PASSWORD

DOWN = "frontline.mail.tests.backends.DownBackend"
MIRA = {"first_name": "Mira", "last_name": "Dellan", "email": "mira@example.org"}


class MailServerDownTests(CourseTestCase):
    def participants(self) -> str:
        return f"/courses/{self.offering.pk}/participants/"

    def add_mira(self) -> Enrolment:
        self.login(self.trainer)
        with self.captureOnCommitCallbacks(execute=True):
            r = self.client.post(self.participants(), {**MIRA, "agency": self.border.pk})
        self.assertRedirects(r, self.participants())
        return Enrolment.objects.select_related("invitation").get(user__email=MIRA["email"])

    def test_adding_while_the_server_is_down_saves_and_shows_the_failure(self) -> None:
        with override_settings(EMAIL_BACKEND=DOWN):
            enrolment = self.add_mira()
        assert enrolment.invitation is not None
        self.assertEqual(enrolment.invitation.status, Message.Status.FAILED)
        page = self.client.get(self.participants())
        self.assertContains(page, "1 invitation could not be sent")
        self.assertContains(page, "e-mail could not be sent")
        self.assertContains(page, "Send again")
        # Trying to add her again says what happened, and nothing is added twice.
        again = self.client.post(self.participants(), {**MIRA, "agency": self.border.pk})
        self.assertContains(again, "already invited to this course", status_code=400)
        self.assertEqual(Enrolment.objects.filter(user__email=MIRA["email"]).count(), 1)

    def test_sending_again_gives_a_working_link_to_choose_a_password(self) -> None:
        with override_settings(EMAIL_BACKEND=DOWN):
            enrolment = self.add_mira()
        with self.captureOnCommitCallbacks(execute=True):
            r = self.client.post(f"{self.participants()}{enrolment.pk}/resend")
        self.assertRedirects(r, self.participants())
        self.assertEqual(len(mail.outbox), 1)
        body = mail.outbox[0].body
        self.assertIn("Choose one here", body)
        self.assertIn("mira@example.org (or your user name, mira)", body)
        self.assertTrue(AuditEvent.objects.filter(action="courses.invitation_resent").exists())
        self.assertContains(self.client.get(self.participants()), "e-mail sent")
        # The link works: Mira chooses a password, signs in with her address and accepts.
        link = next(line for line in body.splitlines() if "/accounts/password/reset/" in line)
        path = link.split("8000", 1)[1]
        self.client.logout()
        form = self.client.get(path, follow=True).redirect_chain[-1][0]
        r = self.client.post(form, {"new_password1": "a long new secret 42",
                                    "new_password2": "a long new secret 42"})  # fmt: skip
        self.assertRedirects(r, "/accounts/password/reset/complete/")
        r = self.client.post("/accounts/login/", {"username": "Mira@Example.org",
                                                  "password": "a long new secret 42"})  # fmt: skip
        self.assertRedirects(r, "/home/")
        self.client.post(f"/courses/{self.offering.pk}/invitation", {"answer": "accept"})
        enrolment.refresh_from_db()
        self.assertEqual(enrolment.status, Enrolment.Status.ACCEPTED)

    def test_csv_import_while_the_server_is_down(self) -> None:
        self.login(self.coordinator)
        upload = {"file": SimpleUploadedFile("list.csv", GOOD.encode())}
        with override_settings(EMAIL_BACKEND=DOWN), self.captureOnCommitCallbacks(execute=True):
            r = self.client.post(f"/courses/{self.offering.pk}/participants/import", upload)
        self.assertRedirects(r, self.participants())
        self.assertEqual(self.offering.enrolments.filter(status="invited").count(), 3)
        self.assertContains(self.client.get(self.participants()), "3 invitations could not be")


class ResendRuleTests(CourseTestCase):
    def invited(self) -> Enrolment:
        user = User.objects.create(username="mira", email="mira@example.org")
        return Enrolment.objects.create(offering=self.offering, user=user, agency=self.border,
                                        invited_name="Mira Dellan")  # fmt: skip

    def message(self, **fields: object) -> Message:
        return Message.objects.create(composer="frontline.courses.mail.invitation",
                                      recipient=self.learner, **fields)  # fmt: skip

    def test_when_an_invitation_may_be_sent_again(self) -> None:
        now = timezone.now()
        enrolment = self.invited()
        self.assertTrue(enrolment.can_resend(now))  # never queued
        cases = [
            ({"status": Message.Status.QUEUED, "next_attempt_at": now}, False),  # on its way
            ({"status": Message.Status.QUEUED, "next_attempt_at": now - timedelta(hours=2)},
             True),  # lost its task
            ({"status": Message.Status.FAILED}, True),
            ({"status": Message.Status.SENT, "sent_at": now - timedelta(minutes=2)}, False),
            ({"status": Message.Status.SENT, "sent_at": now - timedelta(days=2)}, True),
        ]  # fmt: skip
        for fields, expected in cases:
            with self.subTest(**{k: str(v) for k, v in fields.items()}):
                enrolment.invitation = self.message(**fields)
                self.assertEqual(enrolment.can_resend(now), expected)
        enrolment.invitation = self.message(status=Message.Status.FAILED)
        enrolment.status = Enrolment.Status.ACCEPTED
        self.assertFalse(enrolment.can_resend(now))  # answered: nothing to send

    def test_second_click_sends_nothing_more(self) -> None:
        enrolment = self.invited()
        self.login(self.trainer)
        url = f"/courses/{self.offering.pk}/participants/{enrolment.pk}/resend"
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(url)
        with self.captureOnCommitCallbacks(execute=True):
            r = self.client.post(url, follow=True)
        self.assertContains(r, "cannot be sent again now")
        self.assertEqual(len(mail.outbox), 1)

    def test_an_invitation_answered_before_it_left_is_not_sent(self) -> None:
        enrolment = self.invited()
        self.login(self.trainer)
        with self.captureOnCommitCallbacks(execute=False) as queued:
            self.client.post(f"/courses/{self.offering.pk}/participants/{enrolment.pk}/resend")
        Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.ACCEPTED)
        for callback in queued:
            callback()
        self.assertEqual(mail.outbox, [])
        enrolment.refresh_from_db()
        assert enrolment.invitation is not None
        self.assertEqual(enrolment.invitation.status, Message.Status.CANCELLED)

    def test_who_may_send_again(self) -> None:
        enrolment = self.invited()
        url = f"/courses/{self.offering.pk}/participants/{enrolment.pk}/resend"
        for username, status in (("learner", 403), ("outsider", 404), ("other_trainer", 404),
                                 ("coordinator", 302), ("trainer", 302)):  # fmt: skip
            self.login(getattr(self, username))
            with self.subTest(persona=username):
                self.assertEqual(self.client.post(url).status_code, status)
        self.assertEqual(self.client.get(url).status_code, 405)
        self.assertEqual(self.client.post(f"/courses/{self.offering.pk}/participants/999999/"
                                          "resend").status_code, 404)  # fmt: skip


class AccountLinkTests(CourseTestCase):
    def test_password_reset_reaches_someone_invited_without_a_password(self) -> None:
        user = User.objects.create(username="mira", email="mira@example.org")
        user.set_unusable_password()
        user.save()
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post("/accounts/password/reset/", {"email": "MIRA@example.org"})
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("/accounts/password/reset/", mail.outbox[0].body)

    def test_an_administrator_sends_a_link_from_the_admin(self) -> None:
        self.login(self.admin)
        with self.captureOnCommitCallbacks(execute=True):
            r = self.client.post("/admin/accounts/user/", {
                "action": "send_password_links", "_selected_action": [self.learner.pk],
            })  # fmt: skip
        self.assertEqual(r.status_code, 302)
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["learner@example.org"])
        self.assertIn("An administrator of Frontline sent you a link", mail.outbox[0].body)
        event = AuditEvent.objects.get(action="accounts.password_link")
        self.assertEqual((event.actor, event.object_id), (self.admin, str(self.learner.pk)))


class SignInByAddressTests(CourseTestCase):
    def test_address_or_user_name(self) -> None:
        for typed in ("learner@example.org", "LEARNER@example.org", "learner"):
            with self.subTest(typed=typed):
                self.client.logout()
                r = self.client.post("/accounts/login/", {"username": typed, "password": PASSWORD})
                self.assertRedirects(r, "/home/")

    def test_failures_by_address_lock_the_account_like_its_name(self) -> None:
        for _ in range(3):
            self.client.post("/accounts/login/", {"username": "learner@example.org",
                                                  "password": "wrong"})  # fmt: skip
        for _ in range(2):
            self.client.post("/accounts/login/", {"username": "learner", "password": "wrong"})
        r = self.client.post("/accounts/login/", {"username": "learner@example.org",
                                                  "password": PASSWORD})  # fmt: skip
        self.assertEqual(r.status_code, 429)

    def test_an_address_two_accounts_share_signs_nobody_in(self) -> None:
        User.objects.create(username="learner-2", email="learner@example.org")
        r = self.client.post("/accounts/login/", {"username": "learner@example.org",
                                                  "password": PASSWORD})  # fmt: skip
        self.assertEqual(r.status_code, 200)
        self.assertNotIn("_auth_user_id", self.client.session)
