"""The screening engine against the shared table of cases (tests/cases.json), in Python and in
the browser's JavaScript (run with node): both must give exactly the same result."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

from frontline.fieldkit.kit import read_rules
from frontline.fieldkit.screening import LEVELS, Screening

TABLE = json.loads((Path(__file__).parent / "cases.json").read_text(encoding="utf-8"))
RULES = read_rules(settings.CONTENT_DIR)
NODE_SCRIPT = Path(__file__).parent / "screening_cases.js"


def engine() -> Screening:
    return Screening(RULES, TABLE["catalogue"])


class TableTests(SimpleTestCase):
    def test_every_case_gives_the_expected_result(self) -> None:
        screening = engine()
        for row in TABLE["cases"]:
            with self.subTest(case=row["name"]):
                result = screening.evaluate(row["case"])
                expect = row["expect"]
                self.assertEqual(result["level"], expect["level"])
                self.assertEqual([a["id"] for a in result["actions"]], expect["actions"])
                supported = [e["id"] for e in result["elements"] if e["supported"]]
                self.assertEqual(supported, expect["elements_supported"])
                self.assertEqual(result["ilo"]["met"], expect["ilo_met"])
                self.assertEqual(result["ilo"]["missing"], expect["ilo_missing"])
                means = next(e for e in result["elements"] if e["id"] == "means")
                self.assertEqual(means["not_required"], expect["means_not_required"])
                self.assertEqual(result["unknown"], expect["unknown"])
                # Every action explains itself and names its source; every level has a reason.
                for action in result["actions"]:
                    self.assertTrue(action["reason"] and action["source"], action["id"])
                self.assertEqual(bool(result["level_reasons"]), result["level"] != "none")
                self.assertIn("supports your judgement", result["statement"])

    def test_the_table_covers_every_action_and_every_level(self) -> None:
        listed = {a for row in TABLE["cases"] for a in row["expect"]["actions"]}
        self.assertEqual(listed, {a["id"] for a in RULES["actions"]})
        self.assertEqual({row["expect"]["level"] for row in TABLE["cases"]}, set(LEVELS))
        minors = [r for r in TABLE["cases"] if r["case"]["minor"] == "yes"]
        self.assertGreaterEqual(len(minors), 3)

    def test_the_browser_evaluator_agrees_on_every_case(self) -> None:
        node = shutil.which("node")
        self.assertIsNotNone(node, "node is needed to check the browser evaluator")
        with tempfile.TemporaryDirectory() as tmp:
            rules = Path(tmp) / "rules.json"
            rules.write_text(json.dumps(RULES))
            out = subprocess.run(
                [
                    str(node),
                    str(NODE_SCRIPT),
                    str(rules),
                    str(Path(__file__).parent / "cases.json"),
                ],
                capture_output=True,
                text=True,
                check=True,
                timeout=60,
            ).stdout
        in_js = json.loads(out)
        screening = engine()
        self.assertEqual(len(in_js), len(TABLE["cases"]))
        for row, js in zip(TABLE["cases"], in_js, strict=True):
            with self.subTest(case=row["name"]):
                self.assertEqual(js, screening.evaluate(row["case"]))


class EngineTests(SimpleTestCase):
    def test_deterministic_and_order_free(self) -> None:
        case = TABLE["cases"][6]["case"]
        shuffled = {**case, "observed": list(reversed(case["observed"])) + case["observed"][:1]}
        self.assertEqual(engine().evaluate(case), engine().evaluate(shuffled))

    def test_combination_rule(self) -> None:
        """Each mix of the ILO/EC rule makes a dimension count; one short of it does not."""
        catalogue = [
            {"id": f"{s}-{n}", "element": "means", "dimension": "coercion_destination",
             "strength": s, "forms": [], "category": "generic", "text": s}
            for s in ("strong", "medium", "weak") for n in range(3)
        ]  # fmt: skip
        screening = Screening(RULES, catalogue)

        def reached(*ids: str) -> bool:
            result = screening.evaluate({"minor": "no", "observed": list(ids)})
            return next(
                d for d in result["ilo"]["dimensions"] if d["id"] == "coercion_destination"
            )["reached"]

        self.assertTrue(reached("strong-0", "strong-1"))
        self.assertTrue(reached("strong-0", "medium-0"))
        self.assertTrue(reached("strong-0", "weak-0"))
        self.assertTrue(reached("medium-0", "medium-1", "medium-2"))
        self.assertTrue(reached("medium-0", "medium-1", "weak-0"))
        self.assertFalse(reached("strong-0"))
        self.assertFalse(reached("medium-0", "medium-1"))
        self.assertFalse(reached("medium-0", "weak-0", "weak-1", "weak-2"))
        self.assertFalse(reached("weak-0", "weak-1", "weak-2"))

    def test_rules_are_data(self) -> None:
        """A country that raises the act threshold gets another level from the same engine."""
        stricter = json.loads(json.dumps(RULES))
        stricter["grounds"]["act"] = [{"when": {"min_strong": 2}, "reason": "two strong"}]
        case = {"minor": "no", "observed": [], "answers": {"keeps_wages": "no"}}
        self.assertEqual(engine().evaluate(case)["level"], "act")
        self.assertEqual(Screening(stricter, TABLE["catalogue"]).evaluate(case)["level"], "alert")

    def test_no_django_in_the_engine(self) -> None:
        source = (Path(__file__).parents[1] / "screening.py").read_text()
        self.assertNotIn("django", source.lower().replace("no django", ""))
