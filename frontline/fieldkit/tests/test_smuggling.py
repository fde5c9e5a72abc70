"""Trafficking or smuggling: the explained outcome, in Python and in the browser's JavaScript."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

from frontline.fieldkit.kit import read_fieldkit
from frontline.fieldkit.smuggling import compare

HERE = Path(__file__).parent
TABLE = json.loads((HERE / "smuggling_cases.json").read_text(encoding="utf-8"))
CRITERIA = read_fieldkit(settings.CONTENT_DIR).smuggling


class ComparisonTests(SimpleTestCase):
    def test_every_case_gives_the_expected_outcome_with_explanations(self) -> None:
        for row in TABLE["cases"]:
            with self.subTest(case=row["name"]):
                result = compare(CRITERIA, row["answers"])
                self.assertEqual(result["outcome"]["id"], row["outcome"])
                self.assertTrue(result["outcome"]["explain"])
                self.assertEqual(len(result["rows"]), len(CRITERIA["criteria"]))
                self.assertTrue(all(r["explain"] for r in result["rows"]))
        outcomes = {row["outcome"] for row in TABLE["cases"]}
        self.assertEqual(outcomes, {o["id"] for o in CRITERIA["outcomes"]})

    def test_the_browser_comparison_agrees(self) -> None:
        node = shutil.which("node")
        self.assertIsNotNone(node, "node is needed to check the browser comparison")
        with tempfile.TemporaryDirectory() as tmp:
            criteria = Path(tmp) / "criteria.json"
            criteria.write_text(json.dumps(CRITERIA))
            out = subprocess.run(
                [
                    str(node),
                    str(HERE / "smuggling_cases.js"),
                    str(criteria),
                    str(HERE / "smuggling_cases.json"),
                ],
                capture_output=True,
                text=True,
                check=True,
                timeout=60,
            ).stdout
        for row, js in zip(TABLE["cases"], json.loads(out), strict=True):
            with self.subTest(case=row["name"]):
                self.assertEqual(js, compare(CRITERIA, row["answers"]))
