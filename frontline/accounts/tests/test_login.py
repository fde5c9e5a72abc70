from __future__ import annotations

from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.utils import timezone

from frontline.audit.models import AuditEvent
from frontline.test import PASSWORD, BaseTestCase


class LoginTests(BaseTestCase):
    def test_login_page(self) -> None:
        r = self.client.get("/accounts/login/")
        self.assertContains(r, "Sign in")
        self.assertContains(r, 'name="csrfmiddlewaretoken"')

    def test_good_password_signs_in_and_is_audited(self) -> None:
        r = self.client.post("/accounts/login/", {"username": "learner", "password": PASSWORD})
        self.assertRedirects(r, "/home/")
        event = AuditEvent.objects.get(action="accounts.login")
        self.assertEqual(event.actor, self.learner)
        self.assertEqual(event.ip_address, "127.0.0.1")

    def test_bad_password_is_refused_with_a_message(self) -> None:
        r = self.client.post("/accounts/login/", {"username": "learner", "password": "wrong"})
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Please enter a correct username and password")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_lock_out_after_five_failures(self) -> None:
        for _ in range(5):
            self.client.post("/accounts/login/", {"username": "learner", "password": "wrong"})
        # Even the right password is refused while the account is paused here.
        r = self.client.post("/accounts/login/", {"username": "learner", "password": PASSWORD})
        self.assertContains(r, "Sign-in paused", status_code=429)
        self.assertContains(r, "Error 429", status_code=429)  # the site's page
        self.assertContains(r, "the account “learner” from your network", status_code=429)
        self.assertContains(r, "Try again in 15\xa0minutes.", status_code=429)
        self.assertEqual(r["Retry-After"], "900")
        self.assertContains(r, 'href="/accounts/password/reset/"', status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_lock_out_ends_after_cool_off(self) -> None:
        for _ in range(5):
            self.client.post("/accounts/login/", {"username": "learner", "password": "wrong"})
        AccessAttempt.objects.update(attempt_time=timezone.now() - timezone.timedelta(hours=1))
        r = self.client.post("/accounts/login/", {"username": "learner", "password": PASSWORD})
        self.assertRedirects(r, "/home/")

    def test_next_is_followed_only_on_this_site(self) -> None:
        r = self.client.post(
            "/accounts/login/?next=https://evil.example.org/",
            {"username": "learner", "password": PASSWORD},
        )
        self.assertRedirects(r, "/home/")


class LogoutTests(BaseTestCase):
    def test_logout_needs_post(self) -> None:
        self.login(self.learner)
        self.assertEqual(self.client.get("/accounts/logout/").status_code, 405)
        r = self.client.post("/accounts/logout/")
        self.assertRedirects(r, "/")
        self.assertNotIn("_auth_user_id", self.client.session)


class PasswordTests(BaseTestCase):
    def test_change_password(self) -> None:
        self.login(self.learner)
        r = self.client.post(
            "/accounts/password/",
            {
                "old_password": PASSWORD,
                "new_password1": "a much longer new secret 42",
                "new_password2": "a much longer new secret 42",
            },
        )
        self.assertRedirects(r, "/accounts/")
        self.learner.refresh_from_db()
        self.assertTrue(self.learner.check_password("a much longer new secret 42"))
        self.assertTrue(AuditEvent.objects.filter(action="accounts.password_change").exists())

    def test_weak_new_password_is_refused(self) -> None:
        self.login(self.learner)
        r = self.client.post(
            "/accounts/password/",
            {"old_password": PASSWORD, "new_password1": "12345", "new_password2": "12345"},
        )
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "This password is too short")

    def test_change_password_requires_login(self) -> None:
        r = self.client.get("/accounts/password/")
        self.assertRedirects(r, "/accounts/login/?next=/accounts/password/")

    def test_reset_password_by_email(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            r = self.client.post("/accounts/password/reset/", {"email": "learner@example.org"})
        self.assertRedirects(r, "/accounts/password/reset/sent/")
        self.assertEqual(len(mail.outbox), 1)
        link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
        path = link.split(settings.SITE_URL, 1)[1]  # never the Host header of the request
        r = self.client.get(path, follow=True)
        r = self.client.post(
            r.redirect_chain[-1][0],
            {"new_password1": "another long secret 77", "new_password2": "another long secret 77"},
        )
        self.assertRedirects(r, "/accounts/password/reset/complete/")
        self.learner.refresh_from_db()
        self.assertTrue(self.learner.check_password("another long secret 77"))

    def test_reset_for_unknown_address_sends_nothing_and_says_the_same(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            r = self.client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
        self.assertRedirects(r, "/accounts/password/reset/sent/")
        self.assertEqual(len(mail.outbox), 0)


class SessionTests(BaseTestCase):
    def test_idle_session_expires(self) -> None:
        from django.contrib.sessions.models import Session

        self.login(self.learner)
        self.assertEqual(self.client.get("/accounts/").status_code, 200)
        Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
        r = self.client.get("/accounts/")
        self.assertRedirects(r, "/accounts/login/?next=/accounts/")

    def test_activity_extends_the_session(self) -> None:
        from django.contrib.sessions.models import Session

        self.login(self.learner)
        soon = timezone.now() + timezone.timedelta(minutes=5)
        Session.objects.update(expire_date=soon)
        self.client.get("/accounts/")
        self.assertGreater(Session.objects.get().expire_date, soon + timezone.timedelta(minutes=20))
