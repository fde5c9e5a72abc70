"""Answer cues in the case exercises: the measures, the no-knowledge players, the limits."""

from __future__ import annotations

from django.test import SimpleTestCase

from frontline.scenarios import cues
from frontline.scenarios.engine import Graph
from frontline.scenarios.tests.test_engine import tiny
from frontline.test import everything

REAL = [Graph.from_json(s.graph) for s in everything().scenarios]


def wordy_best() -> Graph:
    """Two decisions whose best choice is both the first and the longest text."""
    return tiny({
        "a": [("the-long-and-careful-choice", "b", 2), ("no", "bad", -1)],
        "b": [("the-long-and-careful-choice", "good", 2), ("no", "bad", -1), ("nah", "bad", 0)],
        "good": "good",
        "bad": "poor",
    })  # fmt: skip


class MeasureTests(SimpleTestCase):
    def test_best_choice_longest_and_first(self) -> None:
        figures = cues.measure([wordy_best()]).as_dict()
        self.assertEqual(figures["decisions"], 2)
        self.assertEqual(figures["longest_best_pct"], 100.0)
        self.assertEqual(figures["first_best_pct"], 100.0)
        self.assertEqual(figures["chance_pct"], round(100 * (1 / 2 + 1 / 3) / 2, 1))

    def test_a_shared_top_score_has_no_best_choice(self) -> None:
        graph = tiny({"a": [("x", "g", 1), ("y", "g", 1)], "g": "good"})
        self.assertEqual(cues.measure([graph]).decisions, 0)

    def test_rules_play_to_an_ending(self) -> None:
        graph = wordy_best()
        self.assertEqual(cues.play(graph, cues.RULES["longest"]).outcome, "good")
        self.assertEqual(cues.play(graph, cues.RULES["longest"]).score_pct, 100.0)
        # Random play: 1/2 at the first decision, 1/3 at the second.
        self.assertAlmostEqual(cues.random_outcome(graph), 1 / 6)

    def test_a_rule_going_round_a_loop_is_stuck(self) -> None:
        graph = tiny({"a": [("back-and-forth", "b", 0), ("x", "g", 1)],
                      "b": [("back-and-forth", "a", 0), ("y", "g", 1)], "g": "good"})  # fmt: skip
        self.assertEqual(cues.play(graph, cues.RULES["longest"]).outcome, "stuck")

    def test_cues_beyond_the_limits_are_problems(self) -> None:
        found = [p.message for p in cues.problems([wordy_best()] * 3)]
        self.assertTrue(any("the longest at 100.0 %" in m for m in found), found)
        self.assertTrue(any("always taking longest choice" in m for m in found), found)


class RealExerciseTests(SimpleTestCase):
    def test_the_case_exercises_are_within_the_limits(self) -> None:
        self.assertEqual(cues.problems(REAL), [])

    def test_following_a_cue_does_not_lead_to_the_model_ending(self) -> None:
        played = cues.strategies(REAL)
        chance = 100 * played.random_good / played.exercises
        for rule, good in played.good.items():
            self.assertLessEqual(
                100 * good / played.exercises, chance + cues.GOOD_ENDINGS_OVER_CHANCE, rule
            )
            self.assertLess(played.score_pct[rule], 50, rule)
