"""Error pages (400, 403, 404, 429, 500) in the site's layout and the reader's language, each
with a next step; the 500 page without the database or the request."""

from __future__ import annotations

from unittest import mock

from django.db import OperationalError
from django.test import Client, RequestFactory, override_settings
from django.utils import translation
from django.views.defaults import server_error

from frontline.accounts.tests.test_throttle import sign_in
from frontline.test import BaseTestCase


def arabic(client: Client) -> Client:
    client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    return client


class NotFoundTests(BaseTestCase):
    def test_in_the_site_layout_with_next_steps(self) -> None:
        r = self.client.get("/no/such/page/")
        self.assertContains(r, "Page not found", status_code=404)
        self.assertContains(r, '<a class="skip-link" href="#main">', status_code=404)
        self.assertContains(r, 'href="/accounts/login/?next=/no/such/page/"', status_code=404)
        self.login(self.learner)
        r = self.client.get("/no/such/page/")
        self.assertContains(r, 'href="/search/"', status_code=404)
        self.assertContains(r, "Sign out", status_code=404)

    def test_an_outsiders_404_is_the_same_page(self) -> None:
        self.login(self.outsider)
        r = self.client.get("/learn/attempts/999999/")
        self.assertContains(r, "Page not found", status_code=404)

    def test_in_the_readers_language(self) -> None:
        r = arabic(self.client).get("/no/such/page/")
        self.assertContains(r, '<html lang="ar" dir="rtl">', status_code=404)


class ForbiddenTests(BaseTestCase):
    def test_says_why_and_who_you_are(self) -> None:
        self.login(self.learner)
        r = self.client.get("/assessment/statistics/")
        self.assertContains(r, "Error 403", status_code=403)
        self.assertContains(
            r,
            "These statistics are for coordinators; trainers find theirs under their courses.",
            status_code=403,
        )
        self.assertContains(r, "You are signed in as learner", status_code=403)
        self.assertContains(r, 'href="/accounts/"', status_code=403)

    @override_settings(ROOT_URLCONF="frontline.web.tests.error_urls")
    def test_anonymous_is_offered_to_sign_in(self) -> None:
        r = self.client.get("/tests/403")
        self.assertContains(r, 'href="/accounts/login/?next=/tests/403"', status_code=403)

    def test_an_expired_form(self) -> None:
        r = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "learner"})
        self.assertContains(r, "This form has expired", status_code=403)
        self.assertContains(r, "reload the page", status_code=403)
        self.assertContains(r, '<main id="main"', status_code=403)


@override_settings(ROOT_URLCONF="frontline.web.tests.error_urls")
class BadRequestTests(BaseTestCase):
    def test_suspicious_request(self) -> None:
        r = self.client.get("/tests/400")
        self.assertContains(r, "Request not understood", status_code=400)
        self.assertContains(r, "Go back, check what you entered", status_code=400)

    def test_unknown_host(self) -> None:
        r = self.client.get("/", HTTP_HOST="evil.example.org")
        self.assertContains(r, "Error 400", status_code=400)


class TooManyTests(BaseTestCase):
    def test_sign_in_pause_in_the_readers_language(self) -> None:
        client = arabic(self.client)
        for _ in range(5):
            sign_in(client, "learner", "wrong")
        r = client.post("/accounts/login/", {"username": "learner", "password": "x"})
        self.assertContains(r, '<html lang="ar" dir="rtl">', status_code=429)
        self.assertContains(r, "الخطأ 429", status_code=429)  # "Error 429", translated
        # The wait comes from Django's own translations, so it shows the language is carried.
        self.assertContains(r, "دقيقة", status_code=429)


@override_settings(ROOT_URLCONF="frontline.web.tests.error_urls")
class ServerErrorTests(BaseTestCase):
    def setUp(self) -> None:
        self.client = Client(raise_request_exception=False)

    def test_with_debug_off_the_site_page(self) -> None:
        with self.assertLogs("django.request", "ERROR"):
            r = self.client.get("/tests/500")
        self.assertContains(r, "Something went wrong on our side", status_code=500)
        self.assertContains(r, "Error 500", status_code=500)
        self.assertContains(r, 'href="/static/frontline/site.css"', status_code=500)
        self.assertNotContains(r, "RuntimeError", status_code=500)
        self.assertNotContains(r, "tests: a bug", status_code=500)

    def test_in_the_readers_language(self) -> None:
        client = arabic(self.client)
        with self.assertLogs("django.request", "ERROR"):
            r = client.get("/tests/500")
        self.assertContains(r, '<html lang="ar" dir="rtl">', status_code=500)

    def test_renders_without_the_database(self) -> None:
        request = RequestFactory().get("/")
        with (
            mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor",
                       side_effect=OperationalError("database down")),
            self.assertNumQueries(0),
            translation.override("en"),  # not the language an earlier test left active
        ):  # fmt: skip
            r = server_error(request)
        self.assertEqual(r.status_code, 500)
        self.assertIn("Something went wrong on our side", r.content.decode())
        # No signed-in navigation: that would need the session and the user.
        self.assertNotIn("Sign out", r.content.decode())
