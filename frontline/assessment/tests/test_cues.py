"""Answer cues: the measures on hand-made items, the limits `content check` applies, and the
no-knowledge learners, who must stay near chance on every form of the real bank."""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

from frontline.assessment import cues
from frontline.assessment.bank import Bank, ItemData
from frontline.assessment.tests.base import EVERYTHING
from frontline.content import read_all
from frontline.lib.yamlfiles import ContentInvalid


def choice_item(key: str, texts: list[str], right: int = 0, unit: str = "u1") -> ItemData:
    options = [
        {"id": f"o{n}", "text": t, "feedback": "", "correct": n == right}
        for n, t in enumerate(texts)
    ]
    data = {"options": options}
    return ItemData(key, unit, "single", ["u1-o1"], "u1-l01", "", "Which?", "", data,
                    "items/u1.yaml", 1)  # fmt: skip


def truefalse(key: str, answer: bool, unit: str = "u1") -> ItemData:
    return ItemData(key, unit, "truefalse", ["u1-o1"], "u1-l01", "", "Is it?", "",
                    {"answer": answer}, "items/u1.yaml", 1)  # fmt: skip


class MeasureTests(SimpleTestCase):
    def test_longest_shortest_and_first(self) -> None:
        item = choice_item("u1-q-a", ["a long right answer", "no", "nope"])
        self.assertTrue(cues.key_is_longest(item))
        self.assertTrue(cues.key_is_first(item))
        self.assertFalse(cues.key_is_shortest(item))
        short = choice_item("u1-q-b", ["yes", "a long wrong answer", "also wrong"], right=0)
        self.assertTrue(cues.key_is_shortest(short))

    def test_strategies_score_their_cue_and_chance_elsewhere(self) -> None:
        item = choice_item("u1-q-a", ["a long right answer", "no", "nope", "nah"])
        self.assertEqual(cues.strategy_score("longest", item), 1.0)
        self.assertEqual(cues.strategy_score("shortest", item), 0.0)
        self.assertEqual(cues.strategy_score("chance", item), 0.25)
        self.assertEqual(cues.strategy_score("false", truefalse("u1-q-t", False)), 1.0)
        self.assertEqual(cues.strategy_score("false", truefalse("u1-q-t", True)), 0.0)
        self.assertEqual(cues.strategy_score("longest", truefalse("u1-q-t", True)), 0.5)

    def test_ticking_every_box_and_random_boxes(self) -> None:
        options = [{"id": f"o{n}", "text": str(n), "feedback": "", "correct": n < 3}
                   for n in range(5)]  # fmt: skip
        item = ItemData("u1-q-m", "u1", "multiple", ["u1-o1"], "u1-l01", "", "", "",
                        {"options": options}, "", 1)  # fmt: skip
        self.assertAlmostEqual(cues.strategy_score("tick-all", item), 1 / 3)
        # 31 non-empty subsets, scored as the kind scores them, summed by hand: 23/3.
        self.assertAlmostEqual(cues.strategy_score("chance", item), 23 / 3 / 31)

    def test_figures_per_unit_and_for_the_bank(self) -> None:
        items = [
            choice_item("u1-q-a", ["right and long", "no", "nope", "nah"]),
            choice_item("u1-q-b", ["ok", "wrong and long", "nope", "nah"]),
            truefalse("u2-q-t", False, unit="u2"),
            truefalse("u2-q-u", False, unit="u2"),
        ]
        figures = cues.measure(items)
        self.assertEqual(figures["u1"].as_dict()["longest_key_pct"], 50.0)
        self.assertEqual(figures["u1"].as_dict()["chance_pct"], 25.0)
        self.assertEqual(figures["u2"].as_dict()["false_pct"], 100.0)
        self.assertEqual(figures["bank"].choice_items, 2)


class LimitTests(SimpleTestCase):
    def bank(self, items: list[ItemData]) -> Bank:
        return dataclasses.replace(EVERYTHING.bank, items=items)

    def test_keys_that_are_always_the_longest_are_refused(self) -> None:
        items = [choice_item(f"u1-q-{n}", ["the right answer is long", "no", "nope", "nah"])
                 for n in range(10)]  # fmt: skip
        found = [p.message for p in cues.problems(self.bank(items))]
        self.assertTrue(any("the longest option of 100.0 %" in m for m in found), found)
        self.assertTrue(any("the shortest option of 0.0 %" in m for m in found), found)

    def test_true_false_items_mostly_false_are_refused(self) -> None:
        items = [truefalse(f"u1-q-{n}", n == 0) for n in range(10)]
        found = [p.message for p in cues.problems(self.bank(items))]
        self.assertTrue(any("90.0 % of the true/false items are false" in m for m in found))

    def test_the_real_bank_is_within_every_limit(self) -> None:
        self.assertEqual(cues.problems(EVERYTHING.bank), [])

    def test_content_check_refuses_a_bank_whose_cues_come_back(self) -> None:
        root = Path(tempfile.mkdtemp()) / "content"
        shutil.copytree(settings.CONTENT_DIR, root)
        self.addCleanup(shutil.rmtree, root.parent)
        u5 = root / "assessment" / "items" / "u5.yaml"
        u5.write_text(u5.read_text().replace("answer: true", "answer: false"))
        with self.assertRaises(ContentInvalid) as caught:
            read_all(root)
        self.assertIn("100.0 % of the true/false items are false", str(caught.exception.problems))
        read_all(root, cue_limits=False)  # the files themselves are sound


class NoKnowledgeTests(SimpleTestCase):
    """Learners who know nothing and follow a cue: the longest or shortest option, the first
    one in the file, "false", ticking every box, avoiding sweeping words, or all cues at once."""

    forms = cues.bank_forms(EVERYTHING.bank)
    results = cues.form_scores(forms)

    def test_no_strategy_reaches_the_pass_mark_on_any_form(self) -> None:
        pass_mark = EVERYTHING.bank.tests.pass_mark
        self.assertEqual(len(self.results), 2 + len(EVERYTHING.curriculum.units))
        for result in self.results:
            for strategy, score in result.scores.items():
                self.assertLess(score, pass_mark, f"{strategy} on {result.name}")

    def test_hardly_any_drawn_unit_quiz_lets_a_strategy_pass(self) -> None:
        """A unit quiz is drawn afresh for each attempt; over 2,000 draws per unit, a strategy
        may reach the pass mark (on average over its guesses) in fewer than 1 in 100."""
        pass_mark = EVERYTHING.bank.unit_quiz.pass_mark
        for unit in EVERYTHING.curriculum.units:
            for strategy in cues.STRATEGIES:
                scores = cues.drawn_scores(EVERYTHING.bank, unit.key, strategy)
                passing = sum(1 for s in scores if s >= pass_mark) / len(scores)
                self.assertLess(passing, 0.01, f"{strategy} on {unit.key} quizzes")

    def test_on_average_every_strategy_stays_near_chance(self) -> None:
        def mean(strategy: str) -> float:
            return sum(r.scores[strategy] for r in self.results) / len(self.results)

        chance = mean("chance")
        for strategy in cues.STRATEGIES:
            self.assertLess(abs(mean(strategy) - chance), 10, strategy)

    def test_the_pre_and_post_test_give_cue_followers_the_same_floor(self) -> None:
        pre, post = self.results[0], self.results[1]
        self.assertEqual((pre.name, post.name), ("pre-test", "post-test"))
        self.assertLess(abs(pre.scores["chance"] - post.scores["chance"]), 5)
