"""The rules of play, without a database."""

from __future__ import annotations

from typing import Any

from django.test import SimpleTestCase

from frontline.scenarios.engine import Graph, NotAvailable, State, graph_problems, totals
from frontline.scenarios.tests.base import BEST, BEST_SCORES, FIXTURE_SCENARIOS

DRILL = Graph.from_json(FIXTURE_SCENARIOS[0].graph)


def tiny(nodes: dict[str, Any]) -> Graph:
    """A graph from a compact description: node -> list of (choice, next, total score) or an
    outcome string for an ending."""
    data: dict[str, Any] = {"start": "a", "facts": {}, "nodes": {}}
    for node_id, spec in nodes.items():
        if isinstance(spec, str):
            data["nodes"][node_id] = {
                "text": "", "ending": {"outcome": spec, "title": "", "debrief": "", "lessons": []},
            }  # fmt: skip
        else:
            data["nodes"][node_id] = {
                "text": "",
                "choices": [
                    {"id": c, "text": c, "next": n, "why": "", "scores": {"legal": s}}
                    for c, n, s in spec
                ],
            }
    return Graph.from_json(data)


class PlayRuleTests(SimpleTestCase):
    def test_a_required_fact_opens_a_choice(self) -> None:
        state = DRILL.begin()
        _choice, talks = DRILL.apply(state, "talk-apart")
        self.assertNotIn("show-ledger", [c.id for c in DRILL.available(talks)])
        with self.assertRaises(NotAvailable):
            DRILL.apply(talks, "show-ledger")
        _c, cab = DRILL.apply(state, "search-cab")
        self.assertEqual(cab.facts, {"ledger"})
        _c, talks_with_ledger = DRILL.apply(cab, "talk-apart")
        self.assertIn("show-ledger", [c.id for c in DRILL.available(talks_with_ledger)])

    def test_unknown_choice_is_refused(self) -> None:
        with self.assertRaises(NotAvailable):
            DRILL.apply(DRILL.begin(), "hand-over")
        with self.assertRaises(NotAvailable):
            DRILL.apply(State("a-node-since-removed", frozenset()), "hand-over")

    def test_best_path_is_the_highest_total_to_a_good_ending(self) -> None:
        best = DRILL.best_path()
        assert best is not None
        self.assertEqual([s.choice.id for s in best.steps], BEST)
        self.assertEqual(best.ending, "good-end")
        self.assertEqual(best.scores(), BEST_SCORES)
        self.assertEqual(best.total, 10)

    def test_ties_go_to_fewer_steps(self) -> None:
        graph = tiny({
            "a": [("long", "b", 1), ("short", "c", 2)],
            "b": [("on", "c", 1), ("off", "bad", 0)],
            "c": [("end", "good", 0), ("fail", "bad", 0)],
            "good": "good", "bad": "poor",
        })  # fmt: skip
        best = graph.best_path()
        assert best is not None
        self.assertEqual([s.choice.id for s in best.steps], ["short", "end"])

    def test_a_high_score_to_a_poor_ending_is_not_the_model(self) -> None:
        graph = tiny({
            "a": [("tempting", "bad", 3), ("right", "good", 1), ("meh", "mixed", 2)],
            "good": "good", "bad": "poor", "mixed": "mixed",
        })  # fmt: skip
        best = graph.best_path()
        assert best is not None
        self.assertEqual([s.choice.id for s in best.steps], ["right"])

    def test_a_loop_has_a_finite_best_path(self) -> None:
        graph = tiny({
            "a": [("ask", "b", 2), ("go", "good", 0)],
            "b": [("again", "a", 2), ("go", "good", 1)],
            "good": "good", "bad": "poor", "mixed": "mixed",
        })  # fmt: skip
        best = graph.best_path()
        assert best is not None
        self.assertEqual([s.choice.id for s in best.steps], ["ask", "go"])
        self.assertIn("cannot be reached", " ".join(p.message for p in graph_problems(graph)))

    def test_no_good_ending_reachable_is_a_problem(self) -> None:
        graph = tiny({"a": [("x", "bad", 0), ("y", "mixed", 0)], "bad": "poor", "mixed": "mixed"})
        self.assertIsNone(graph.best_path())
        self.assertIn("no path from start reaches a 'good' ending",
                      [p.message for p in graph_problems(graph)])  # fmt: skip

    def test_totals_cover_every_competency(self) -> None:
        best = DRILL.best_path()
        assert best is not None
        self.assertEqual(totals([]), dict.fromkeys(BEST_SCORES, 0))
        self.assertEqual(totals(s.choice for s in best.steps), BEST_SCORES)

    def test_the_fixture_has_no_graph_problems(self) -> None:
        self.assertEqual(graph_problems(DRILL), [])
        self.assertEqual(len(DRILL.reachable_states()), 14)


class ChoiceOrderTests(SimpleTestCase):
    """The choices are shown in an order drawn from the play's (or run's) seed and turn: the
    same on every reload, not the file's, and different from one play to the next."""

    def test_the_same_seed_and_turn_give_the_same_order(self) -> None:
        state = DRILL.begin()
        first = [c.id for c in DRILL.offered(state, seed=7, turn=0)]
        self.assertEqual(first, [c.id for c in DRILL.offered(state, seed=7, turn=0)])
        self.assertCountEqual(first, [c.id for c in DRILL.available(state)])

    def test_the_file_order_is_not_the_shown_order(self) -> None:
        state = DRILL.begin()
        in_file = [c.id for c in DRILL.available(state)]
        orders = {tuple(c.id for c in DRILL.offered(state, seed=s, turn=0)) for s in range(60)}
        # Three choices have six orders; sixty seeds show them all, the file's only as one.
        self.assertEqual(len(orders), 6)
        leading = [order[0] for order in orders]
        self.assertLess(leading.count(in_file[0]), len(leading))

    def test_each_turn_draws_afresh(self) -> None:
        state = DRILL.begin()
        orders = {tuple(c.id for c in DRILL.offered(state, seed=3, turn=t)) for t in range(30)}
        self.assertGreater(len(orders), 1)
