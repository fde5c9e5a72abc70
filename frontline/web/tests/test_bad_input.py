"""One guard for every request: a NUL character anywhere is a 400 with a message, before any
view (and so any database) sees it. PostgreSQL refuses NUL in text; SQLite does not, so this is
what keeps the two databases answering alike."""

from __future__ import annotations

from django.test import Client

from frontline.scenarios.models import LiveRun
from frontline.test import BaseTestCase

MESSAGE = "A NUL character in"


class NulTests(BaseTestCase):
    def test_in_the_query_string(self) -> None:
        self.login(self.learner)
        for url in ("/learn/scenarios/?unit=%00", "/field/directory/?country=X%00",
                    "/search/?q%00=a", "/?next=%00"):  # fmt: skip
            with self.subTest(url=url):
                r = self.client.get(url)
                self.assertContains(r, MESSAGE, status_code=400)
                self.assertContains(r, "Nothing was saved", status_code=400)

    def test_in_form_data_nothing_is_saved(self) -> None:
        self.login(self.trainer)
        r = self.client.post("/live/start", {"scenario": "u1\x00", "group": "A\x00B"})
        self.assertContains(r, "the form", status_code=400)
        self.assertFalse(LiveRun.objects.exists())
        self.login(self.learner)
        self.assertContains(self.client.post("/live/join", {"code": "AB\x00"}), MESSAGE,
                            status_code=400)  # fmt: skip

    def test_in_an_argument_of_the_address(self) -> None:
        self.login(self.learner)
        self.assertContains(self.client.get("/live/AB%00CD/"), MESSAGE, status_code=400)

    def test_anonymous_is_refused_too_and_csrf_still_comes_first(self) -> None:
        self.assertContains(self.client.get("/certificates/verify/?code=%00"), MESSAGE,
                            status_code=400)  # fmt: skip
        strict = Client(enforce_csrf_checks=True)
        self.assertEqual(strict.post("/accounts/login/", {"username": "\x00"}).status_code, 403)

    def test_ordinary_text_passes(self) -> None:
        self.login(self.learner)
        self.assertEqual(self.client.get("/learn/scenarios/?unit=u1&role=police").status_code, 200)
        self.assertEqual(self.client.get("/search/?q=débt+العمل").status_code, 200)
