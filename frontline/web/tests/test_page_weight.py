from __future__ import annotations

from frontline.lib.pageweight import BUDGET_BYTES, measure
from frontline.test import BaseTestCase


class PageWeightTests(BaseTestCase):
    def test_home_and_login_within_budget(self) -> None:
        for url in ("/", "/accounts/login/"):
            with self.subTest(url=url):
                weight = measure(self.client, url)
                self.assertEqual(weight.status, 200)
                self.assertEqual(weight.missing, [])
                # The measure really includes the stylesheet and the vendored htmx.
                self.assertTrue(any(p.endswith("site.css") for p in weight.parts))
                self.assertTrue(any(p.endswith("htmx.min.js") for p in weight.parts))
                self.assertLess(weight.total, BUDGET_BYTES)

    def test_responses_are_compressed(self) -> None:
        r = self.client.get("/", HTTP_ACCEPT_ENCODING="gzip")
        self.assertEqual(r["Content-Encoding"], "gzip")
