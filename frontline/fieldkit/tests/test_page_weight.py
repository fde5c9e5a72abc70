from __future__ import annotations

from django.conf import settings

from frontline.fieldkit.directory import load_demo_directory
from frontline.lib.pageweight import BUDGET_BYTES, measure
from frontline.test import BaseTestCase

# The heaviest field pages with the real catalogue and phrases (bench/page_weight.py lists all).
PAGES = ["/field/screening/", "/field/indicators/", "/field/phrases/ar/", "/field/directory/"]


class FieldPageWeightTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        load_demo_directory(settings.CONTENT_DIR)

    def test_field_pages_within_budget_with_their_scripts(self) -> None:
        self.login(self.officer)
        for url in PAGES:
            with self.subTest(url=url):
                weight = measure(self.client, url)
                self.assertEqual(weight.status, 200)
                self.assertEqual(weight.missing, [])
                self.assertTrue(any(p.endswith("field.js") for p in weight.parts))
                self.assertLess(weight.total, BUDGET_BYTES)
        screening = measure(self.client, "/field/screening/")
        self.assertTrue(any(p.endswith("screening.js") for p in screening.parts))
        # The rules and catalogue the page fetches for use without network count too.
        self.assertIn("/field/screening.json", screening.parts)
        self.assertLess(screening.total, BUDGET_BYTES)

    def test_the_result_of_a_full_act_now_case_within_budget(self) -> None:
        self.login(self.officer)
        case = {"where": "border", "check": "documents", "persons": "group", "present": "yes",
                "gender": "female", "shared_language": "no", "minor": "unknown",
                "observed": ["gen-says-forced", "bor-documents-collected", "bor-driver-answers",
                             "chi-looks-under-age", "sex-no-say-over-clients"],
                "documents_held": "yes", "threatened": "yes", "debt": "yes"}  # fmt: skip
        weight = measure(self.client, "/field/screening/", post=case)
        self.assertEqual(weight.status, 200)
        self.assertEqual(weight.missing, [])
        self.assertLess(weight.total, BUDGET_BYTES)
