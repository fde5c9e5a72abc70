"""The validator, fed deliberately broken copies of the fixture scenario in temporary folders."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

from frontline.content import read_all
from frontline.lib.yamlfiles import Problem
from frontline.scenarios.reader import collect_scenarios, scenario_stats
from frontline.scenarios.tests.base import CURRICULUM, FIXTURES

GOOD = (FIXTURES / "scenarios" / "drill-van.yaml").read_text(encoding="utf-8")


def line_of(text: str, needle: str, nth: int = 0) -> int:
    lines = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return lines[nth]


class BrokenScenarioTests(SimpleTestCase):
    def check(self, text: str, name: str = "drill-van") -> list[Problem]:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "scenarios"
            folder.mkdir()
            (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
            problems: list[Problem] = []
            found = collect_scenarios(Path(tmp), CURRICULUM, problems)
        if problems:
            self.assertEqual(found, [])
        return problems

    def broken(self, old: str, new: str, count: int = 1) -> str:
        self.assertIn(old, GOOD)
        return GOOD.replace(old, new, count)

    def assertProblem(self, problems: list[Problem], field: str, words: str, line: int) -> None:
        matches = [p for p in problems if p.field == field and words in p.message]
        self.assertTrue(matches, f"no {field!r} problem with {words!r} in {problems}")
        self.assertEqual(matches[0].line, line, matches[0])
        self.assertTrue(matches[0].path.endswith("scenarios/drill-van.yaml"))

    def test_the_fixture_is_valid(self) -> None:
        self.assertEqual(self.check(GOOD), [])

    def test_unreachable_node(self) -> None:
        # Nothing leads to `arrest` any more: the only choice to it now goes elsewhere.
        text = self.broken("next: arrest", "next: talks")
        problems = self.check(text)
        self.assertProblem(
            problems,
            "nodes.arrest",
            "ending 'arrest' cannot be reached",
            line_of(text, "  arrest:"),
        )

    def test_dead_end_when_a_required_fact_cannot_be_held(self) -> None:
        # Reaching `talks` straight from the stop, without the ledger, leaves only choices
        # that require it.
        text = self.broken(
            "      - id: call-ngo\n", "      - id: call-ngo\n        requires: [ledger]\n"
        )
        text = text.replace(
            "      - id: send-back\n", "      - id: send-back\n        requires: [ledger]\n"
        )
        problems = self.check(text)
        self.assertProblem(problems, "nodes.talks", "dead end", line_of(text, "  talks:"))

    def test_loop_without_a_way_out(self) -> None:
        text = self.broken("next: referral", "next: talks", count=2)
        text = text.replace("next: returned", "next: talks")
        problems = self.check(text)
        self.assertProblem(
            problems, "nodes.talks", "no ending can be reached", line_of(text, "  talks:")
        )

    def test_missing_lesson(self) -> None:
        text = self.broken("lessons: [u4-l07]", "lessons: [u4-l99]")
        problems = self.check(text)
        self.assertProblem(
            problems,
            "nodes.returned.ending.lessons",
            "unknown lesson 'u4-l99'",
            line_of(text, "u4-l99"),
        )

    def test_unknown_unit_and_objective(self) -> None:
        text = self.broken("unit: u4", "unit: u9").replace("[u4-o2]", "[u4-o99]")
        problems = self.check(text)
        self.assertProblem(problems, "unit", "'u9' is not one of", line_of(text, "unit: u9"))
        self.assertProblem(
            problems, "objectives", "unknown objective 'u4-o99'", line_of(text, "objectives:")
        )

    def test_next_names_no_node(self) -> None:
        text = self.broken("next: mixed-end", "next: mixed-ending")
        problems = self.check(text)
        self.assertProblem(
            problems,
            "nodes.referral.choices[1].next",
            "'mixed-ending' is not a node",
            line_of(text, "next: mixed-ending"),
        )

    def test_score_out_of_bounds_and_unknown_competency(self) -> None:
        text = self.broken("scores: {intelligence: 2}", "scores: {intelligence: 4, courage: 1}")
        problems = self.check(text)
        line = line_of(text, "courage")
        self.assertProblem(
            problems, "nodes.stop.choices[0].scores.intelligence", "4 is outside -3..+3", line
        )
        self.assertProblem(
            problems, "nodes.stop.choices[0].scores.courage", "unknown competency", line
        )

    def test_undeclared_facts(self) -> None:
        text = self.broken("gives: [ledger]", "gives: [diary]").replace(
            "requires: [ledger]", "requires: [phones]"
        )
        problems = self.check(text)
        self.assertProblem(
            problems,
            "nodes.cab.gives",
            "'diary' is not one of the declared facts",
            line_of(text, "gives: [diary]"),
        )
        self.assertProblem(
            problems,
            "nodes.talks.choices[0].requires",
            "'phones' is not one of",
            line_of(text, "requires: [phones]"),
        )

    def test_unreachable_requirement_makes_its_target_unreachable(self) -> None:
        # A fact declared but given nowhere: the choice that requires it is never offered.
        text = self.broken("    gives: [ledger]\n", "")
        problems = self.check(text)
        self.assertFalse([p for p in problems if "dead end" in p.message])
        text = self.broken("    gives: [ledger]\n", "").replace(
            "next: referral\n        requires", "next: mixed-end\n        requires"
        )
        leave = "      - id: leave\n        text: Leave without writing anything.\n"
        text = text.replace(leave + "        next: mixed-end", leave + "        next: good-end")
        problems = self.check(text)
        self.assertProblem(
            problems, "nodes.mixed-end", "cannot be reached", line_of(text, "  mixed-end:")
        )

    def test_no_good_ending(self) -> None:
        text = self.broken("outcome: good", "outcome: mixed")
        problems = self.check(text)
        self.assertProblem(
            problems, "nodes", "no ending has the outcome 'good'", line_of(text, "nodes:")
        )

    def test_id_must_match_file_and_required_fields(self) -> None:
        text = self.broken("title: Drill — the van at the night checkpoint\n", "")
        problems = self.check(text, name="other-name")
        self.assertTrue(
            any(p.field == "id" and "must equal the file name" in p.message for p in problems)
        )
        self.assertTrue(any(p.field == "title" and p.message == "is required" for p in problems))

    def test_a_node_id_used_twice(self) -> None:
        text = GOOD + "  stop:\n    text: Again.\n    choices: []\n"
        problems = self.check(text)
        self.assertProblem(
            problems, "nodes.stop", "is given more than once", line_of(text, "  stop:", 1)
        )

    def test_tags_are_three_booleans(self) -> None:
        text = self.broken("  border: true", "  border: maybe")
        problems = self.check(text)
        self.assertProblem(
            problems, "tags.border", "must be true or false", line_of(text, "border: maybe")
        )

    def test_too_few_choices(self) -> None:
        start = GOOD.index("      - id: leave")
        text = GOOD[:start] + GOOD[GOOD.index("  waved:") :]
        problems = self.check(text)
        self.assertProblem(
            problems,
            "nodes.referral.choices",
            "has 1 choices; give 2-4",
            line_of(text, "choices:", 3),
        )

    def test_too_small_a_scenario(self) -> None:
        start = GOOD.index("  waved:")
        end = GOOD.index("  good-end:")
        text = GOOD[:start] + GOOD[end:]
        text = text.replace("next: waved", "next: good-end").replace(
            "next: arrest", "next: good-end"
        )
        text = text.replace("next: returned", "next: good-end").replace(
            "next: mixed-end", "next: good-end"
        )
        problems = self.check(text)
        self.assertProblem(problems, "nodes", "needs at least 3", line_of(text, "nodes:"))

    def test_yaml_syntax_error_names_the_line(self) -> None:
        text = self.broken("title: Drill", "title: [Drill")
        problems = self.check(text)
        self.assertEqual(problems[0].field, "(yaml)")
        self.assertGreaterEqual(problems[0].line, line_of(text, "title: [Drill"))

    def test_every_problem_is_listed_at_once(self) -> None:
        text = self.broken("lessons: [u4-l07]", "lessons: [u4-l99]").replace(
            "{intelligence: 2}", "{intelligence: 9}"
        )
        self.assertEqual(len(self.check(text)), 2)


class RealContentTests(SimpleTestCase):
    def test_content_scenarios_pass_and_are_counted(self) -> None:
        everything = read_all(settings.CONTENT_DIR)
        stats = everything.stats()
        self.assertEqual(
            stats["scenarios"], len(list((settings.CONTENT_DIR / "scenarios").glob("*.yaml")))
        )
        self.assertEqual(scenario_stats(everything.scenarios)["scenarios"], stats["scenarios"])
        # What issue 5 asks of the set of case exercises.
        self.assertGreaterEqual(stats["scenarios"], 12)
        self.assertGreaterEqual(stats["scenarios_not_trafficking"], 3)
        self.assertGreaterEqual(stats["scenarios_possible_minor"], 3)
        self.assertGreaterEqual(stats["scenarios_border"], 2)
