from __future__ import annotations

from unittest import mock

from django.db import DatabaseError

from frontline.test import BaseTestCase


class HomeTests(BaseTestCase):
    def test_anonymous_sees_home_with_sign_in(self) -> None:
        r = self.client.get("/")
        self.assertContains(r, "Recognise trafficking")
        self.assertContains(r, 'href="/accounts/login/"')

    def test_signed_in_user_sees_roles(self) -> None:
        self.login(self.officer)
        r = self.client.get("/")
        self.assertContains(r, "Frontline officer · Valdoria Border Guard")
        self.assertContains(r, "Learner · Valdoria Police Academy")

    def test_post_is_405(self) -> None:
        self.assertEqual(self.client.post("/").status_code, 405)

    def test_landmarks_skip_link_and_direction(self) -> None:
        r = self.client.get("/")
        self.assertContains(r, '<a class="skip-link" href="#main">')
        self.assertContains(r, '<main id="main"')
        self.assertContains(r, '<html lang="en" dir="ltr">')

    def test_right_to_left_language_sets_dir(self) -> None:
        self.client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
        r = self.client.get("/")
        self.assertContains(r, '<html lang="ar" dir="rtl">')


class HealthzTests(BaseTestCase):
    def test_ok(self) -> None:
        r = self.client.get("/healthz")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.json(), {"status": "ok", "database": "ok"})
        self.assertIn("no-cache", r["Cache-Control"])

    def test_database_down_is_503(self) -> None:
        with mock.patch("frontline.web.views.connection.cursor", side_effect=DatabaseError):
            r = self.client.get("/healthz")
        self.assertEqual(r.status_code, 503)
        self.assertEqual(r.json()["database"], "unreachable")

    def test_post_is_405(self) -> None:
        self.assertEqual(self.client.post("/healthz").status_code, 405)


class HomeLinksTests(BaseTestCase):
    def test_signed_in_home_links_to_the_course_and_marks_what_is_not_built(self) -> None:
        self.login(self.learner)
        r = self.client.get("/")
        self.assertContains(r, 'href="/learn/"')
        self.assertContains(r, 'href="/field/"')
        self.assertContains(r, "In preparation.", count=1)
