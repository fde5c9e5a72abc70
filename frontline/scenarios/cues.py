"""Answer cues in the case exercises, and how far a player who follows them gets.

At each decision point the best choice (the one whose scores add up highest, when one does)
should be neither the longest text nor the first in the file more often than chance would make
it. `measure` counts both; `play` walks an exercise with a no-knowledge rule ("always the
longest", "always the first") and `random_outcome` gives what choosing at random reaches, the
yardstick those rules are held to. Plain Python over the engine's `Graph`: no database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from frontline.lib.yamlfiles import Problem
from frontline.scenarios.engine import Choice, Graph, State

# Percentage points above chance allowed for the best choice being the longest or the first.
OVER_CHANCE = 15
# A no-knowledge rule may reach a good ending in at most this share of the exercises more than
# random play does (percentage points).
GOOD_ENDINGS_OVER_CHANCE = 20
MAX_STEPS = 50


def best_choice(choices: Iterable[Choice]) -> Choice | None:
    """The single highest-scoring choice, or None when the top score is shared."""
    ranked = sorted(choices, key=lambda c: -c.total)
    if not ranked or (len(ranked) > 1 and ranked[0].total == ranked[1].total):
        return None
    return ranked[0]


@dataclass
class ScenarioCues:
    decisions: int = 0
    longest: int = 0
    first: int = 0
    chance: float = 0.0

    def add(self, graph: Graph) -> None:
        for node in graph.nodes.values():
            best = best_choice(node.choices)
            if best is None:
                continue
            self.decisions += 1
            self.longest += len(best.text) >= max(len(c.text) for c in node.choices)
            self.first += node.choices[0] is best
            self.chance += 1 / len(node.choices)

    def share(self, part: float) -> float:
        return round(100 * part / self.decisions, 1) if self.decisions else 0.0

    def as_dict(self) -> dict[str, float]:
        return {
            "decisions": self.decisions,
            "longest_best_pct": self.share(self.longest),
            "first_best_pct": self.share(self.first),
            "chance_pct": self.share(self.chance),
        }


def measure(graphs: Iterable[Graph]) -> ScenarioCues:
    cues = ScenarioCues()
    for graph in graphs:
        cues.add(graph)
    return cues


Rule = Callable[[list[Choice]], Choice]
RULES: dict[str, Rule] = {
    "longest": lambda choices: max(choices, key=lambda c: len(c.text)),
    "first": lambda choices: choices[0],
}


@dataclass(frozen=True)
class Outcome:
    outcome: str  # good | mixed | poor | stuck (the rule went round a loop)
    score_pct: float  # the total score reached, as a share of the model response's (>= 0)


def _model_total(graph: Graph) -> int:
    best = graph.best_path()
    return best.total if best else 0


def play(graph: Graph, rule: Rule) -> Outcome:
    """Walk from the start, taking what `rule` picks among the choices offered, to an ending."""
    state, total, seen = graph.begin(), 0, set()
    for _ in range(MAX_STEPS):
        node = graph.nodes[state.node]
        if node.ending is not None:
            return Outcome(node.ending.outcome, _pct(total, _model_total(graph)))
        if state in seen:
            break
        seen.add(state)
        choice = rule(graph.available(state))
        total += choice.total
        _choice, state = graph.apply(state, choice.id)
    return Outcome("stuck", _pct(total, _model_total(graph)))


def _pct(total: int, model: int) -> float:
    return round(max(0.0, 100 * total / model), 1) if model > 0 else 0.0


def random_outcome(graph: Graph) -> float:
    """The probability that choosing uniformly at random ends well (a return to a state already
    passed counts as not ending well, which only lowers the yardstick a little)."""

    @cache
    def good(state: State, depth: int) -> float:
        node = graph.nodes[state.node]
        if node.ending is not None:
            return 1.0 if node.ending.outcome == "good" else 0.0
        if depth >= MAX_STEPS:
            return 0.0
        choices = graph.available(state)
        return sum(good(graph.apply(state, c.id)[1], depth + 1) for c in choices) / len(choices)

    return good(graph.begin(), 0)


@dataclass
class StrategyFigures:
    exercises: int
    good: dict[str, int]  # rule -> exercises it ends well
    score_pct: dict[str, float]  # rule -> mean share of the model response's score
    random_good: float  # expected exercises ending well when choosing at random


def strategies(graphs: list[Graph]) -> StrategyFigures:
    figures = StrategyFigures(len(graphs), {}, {}, sum(random_outcome(g) for g in graphs))
    for name, rule in RULES.items():
        outcomes = [play(g, rule) for g in graphs]
        figures.good[name] = sum(1 for o in outcomes if o.outcome == "good")
        figures.score_pct[name] = (
            round(sum(o.score_pct for o in outcomes) / len(outcomes), 1) if outcomes else 0.0
        )
    return figures


def problems(graphs: list[Graph]) -> list[Problem]:
    where = "content/scenarios"
    found = []
    figures = measure(graphs).as_dict()
    for cue, what in (("longest_best_pct", "the longest"), ("first_best_pct", "the first")):
        limit = figures["chance_pct"] + OVER_CHANCE
        if figures["decisions"] and figures[cue] > limit:
            found.append(
                Problem(
                    where,
                    1,
                    "choices",
                    f"the best choice is {what} at {figures[cue]} % of the decision points; "
                    f"chance is {figures['chance_pct']} %, the limit {limit:.1f} %",
                )
            )
    if graphs:
        played = strategies(graphs)
        chance = 100 * played.random_good / played.exercises
        for name, good in played.good.items():
            share = 100 * good / played.exercises
            if share > chance + GOOD_ENDINGS_OVER_CHANCE:
                found.append(
                    Problem(
                        where,
                        1,
                        "choices",
                        f"always taking {name} choice reaches a good ending in {good} of "
                        f"{played.exercises} exercises ({share:.0f} %); random choices reach "
                        f"{chance:.0f} %, the limit {chance + GOOD_ENDINGS_OVER_CHANCE:.0f} %",
                    )
                )
    return found
