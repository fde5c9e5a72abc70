"""The screening engine against the shared table of cases (tests/cases.json), in Python and in
the browser's JavaScript (run with node): both must give exactly the same result."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.test import SimpleTestCase

from frontline.fieldkit.kit import read_fieldkit, read_rules
from frontline.fieldkit.screening import LEVELS, Screening
from frontline.lib.yamlfiles import ContentInvalid

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
                self.assertEqual(result["minor"], expect["minor"])
                self.assertEqual(result["child_signals"], expect["child_signals"])
                self.assertEqual([d["id"] for d in result["decisive"]], expect["decisive"])
                self.assertEqual([c["id"] for c in result["counter"]], expect["counter"])
                self.assertEqual([f["id"] for f in result["forms"]], expect["forms"])
                self.assertEqual([o["id"] for o in result["observations"]], expect["observations"])
                calls = [c["kind"] + ("/" + "+".join(c["serves"]) if c["serves"] else "")
                         for c in result["calls"]]  # fmt: skip
                self.assertEqual(calls, expect["calls"])
                # Every action explains itself and names its source; every level has a reason.
                for action in result["actions"]:
                    self.assertTrue(action["reason"] and action["source"], action["id"])
                self.assertEqual(bool(result["level_reasons"]), result["level"] != "none")
                self.assertIn("supports your judgement", result["statement"])

    def test_the_table_covers_every_rule(self) -> None:
        cases = TABLE["cases"]
        listed = {a for row in cases for a in row["expect"]["actions"]}
        self.assertEqual(listed, {a["id"] for a in RULES["actions"]})
        self.assertEqual({row["expect"]["level"] for row in cases}, set(LEVELS))
        minors = [r for r in cases if r["case"]["minor"] == "yes"]
        self.assertGreaterEqual(len(minors), 3)
        # Every grounds rule is what decides at least one case.
        screening = engine()
        reasons = {r for row in cases for r in screening.evaluate(row["case"])["level_reasons"]}
        for level in ("act", "alert"):
            for rule in RULES["grounds"][level]:
                self.assertIn(rule["reason"], reasons)
        # Child signals over every age answer, decisive facts, facts pointing away, forms.
        by_signal = {r["case"]["minor"] for r in cases if r["expect"]["child_signals"]}
        self.assertLessEqual({"unknown", "no"}, by_signal)
        self.assertTrue(any(r["expect"]["decisive"] for r in cases))
        self.assertTrue(any(r["expect"]["counter"] for r in cases))
        self.assertLessEqual({"sexual", "labour", "begging", "organs"},
                             {f for r in cases for f in r["expect"]["forms"]})  # fmt: skip
        self.assertTrue(any(r["case"].get("present") == "no" for r in cases))
        self.assertTrue(any(r["case"].get("persons") == "group" for r in cases))

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
        stricter["grounds"]["act"] = [{"when": {"min_strong": 3}, "reason": "three strong"}]
        case = {"minor": "no", "observed": [], "answers": {"documents_held": "yes", "debt": "yes"}}
        self.assertEqual(engine().evaluate(case)["level"], "act")
        self.assertEqual(Screening(stricter, TABLE["catalogue"]).evaluate(case)["level"], "alert")

    def test_no_django_in_the_engine(self) -> None:
        source = (Path(__file__).parents[1] / "screening.py").read_text()
        self.assertNotIn("django", source.lower().replace("no django", ""))


class RulesOnTheRealCatalogueTests(SimpleTestCase):
    """Properties the issue asks for, checked over every indicator of the real catalogue."""

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.kit = read_fieldkit(settings.CONTENT_DIR, coverage=False)
        cls.engine = cls.kit.engine()

    def test_no_single_observation_gives_act_now_unless_decisive(self) -> None:
        decisive = {d["id"] for d in self.kit.rules["decisive"]}
        for indicator in self.kit.indicators:
            for minor in ("no", "unknown", "yes"):
                with self.subTest(indicator=indicator.id, minor=minor):
                    result = self.engine.evaluate({"minor": minor, "observed": [indicator.id]})
                    self.assertEqual(result["level"] == "act", indicator.id in decisive)
        for question in self.kit.rules["key_questions"]:
            result = self.engine.evaluate({"minor": "no", "answers": {question["id"]: "yes"}})
            ids = {o["id"] for o in result["observations"]}
            self.assertEqual(result["level"] == "act", bool(ids & decisive), question["id"])
        # Every decisive fact says why it is enough.
        self.assertTrue(all(d["why"] for d in self.kit.rules["decisive"]))

    def test_a_fact_ticked_and_answered_counts_once(self) -> None:
        for question in self.kit.rules["key_questions"]:
            indicator = (question["effects"].get("yes") or {}).get("indicator")
            if not indicator:
                continue
            with self.subTest(question=question["id"]):
                ticked = self.engine.evaluate({"minor": "no", "observed": [indicator]})
                both = self.engine.evaluate(
                    {"minor": "no", "observed": [indicator], "answers": {question["id"]: "yes"}}
                )
                self.assertEqual(both["score"], ticked["score"])
                self.assertEqual(both["ilo"], ticked["ilo"])
                self.assertEqual([o["id"] for o in both["observations"]], [indicator])
                self.assertEqual(both["observations"][0]["via"], ["catalogue", "question"])

    def test_every_child_indicator_brings_the_child_protocol_to_the_top(self) -> None:
        children = [i for i in self.kit.indicators if i.applies_to == "child"]
        self.assertGreaterEqual(len(children), 10)
        for indicator in children:
            for minor in ("unknown", "no"):
                with self.subTest(indicator=indicator.id, minor=minor):
                    result = self.engine.evaluate(
                        {"minor": minor, "where": "street", "observed": [indicator.id]}
                    )
                    self.assertEqual(result["minor"], "yes")
                    self.assertEqual(result["minor_answer"], minor)
                    self.assertTrue(result["child_warning"])
                    self.assertEqual(result["actions"][0]["id"], "presume-child")
                    safe = next(a for a in result["actions"] if a["id"] == "child-safe-place")
                    self.assertEqual(safe["serves"], ["children"])

    def test_facts_pointing_away_are_listed_and_weighed(self) -> None:
        case = {"minor": "no", "observed": ["gen-someone-answers", "gen-unknown-address",
                                            "lab-pay-far-below"]}  # fmt: skip
        without = self.engine.evaluate(case)
        away = self.engine.evaluate(
            {**case, "answers": {"cannot_leave": "no", "wages_withheld": "no"}}
        )
        self.assertEqual(len(away["counter"]), 2)
        self.assertTrue(away["counter_note"])
        self.assertLess(away["score"], without["score"])
        self.assertEqual(without["observations"], away["observations"])

    def test_every_action_has_a_card_or_a_reason_to_have_none(self) -> None:
        cards = {c.id for c in self.kit.cards}
        with_card = [a for a in self.kit.rules["actions"] if a.get("card")]
        self.assertGreaterEqual(len(with_card), 25)
        for action in with_card:
            self.assertIn(action["card"], cards)


class RulesValidationTests(SimpleTestCase):
    """The content check refuses rules that break what the screening promises."""

    def problems_with(self, change: Callable[[dict[str, Any]], None]) -> list[str]:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "content"
            shutil.copytree(settings.CONTENT_DIR / "fieldkit", root / "fieldkit")
            path = root / "fieldkit" / "screening.yaml"
            data = yaml.safe_load(path.read_text())
            change(data)
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
            try:
                read_rules(root)
            except ContentInvalid as exc:
                return [str(p) for p in exc.problems]
            return []

    def test_the_real_rules_are_valid(self) -> None:
        self.assertEqual(self.problems_with(lambda d: None), [])

    def test_an_act_rule_one_observation_could_meet_is_refused(self) -> None:
        found = self.problems_with(
            lambda d: d["grounds"]["act"].append({"when": {"min_strong": 1}, "reason": "x"})
        )
        self.assertTrue(any("one observation alone" in p for p in found), found)

    def test_a_worrying_no_is_refused(self) -> None:
        def change(d: dict[str, Any]) -> None:
            d["key_questions"][0]["effects"]["no"] = {"indicator": "gen-documents-held"}

        found = self.problems_with(change)
        self.assertTrue(any("only a yes adds an observation" in p for p in found), found)

    def test_unknown_ids_are_refused(self) -> None:
        def change(d: dict[str, Any]) -> None:
            d["decisive"].append({"id": "gen-no-such-thing", "why": "x"})
            d["actions"][0]["card"] = "no-such-card"
            d["actions"][0]["serves"] = ["aliens"]
            d["key_questions"][0]["effects"]["yes"] = {"indicator": "gen-nope"}

        found = "\n".join(self.problems_with(change))
        for fragment in ("gen-no-such-thing", "no-such-card", "aliens", "gen-nope"):
            self.assertIn(fragment, found)
