"""How a scenario runs, in plain Python: states, the choices open in them, the best path.

A state is (node, facts collected so far). Facts are collected on arriving at a node that `gives`
them; a choice that `requires` facts is offered only when all of them have been collected. The
same rules serve solo play, live runs and the validator, which explores every reachable state.
No database here: a `Graph` is built from the JSON that the reader produces and the model stores.
"""

from __future__ import annotations

import hashlib
import random
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

COMPETENCIES = ("identification", "treatment", "referral", "intelligence", "legal")
OUTCOMES = ("good", "mixed", "poor")
SCORE_MIN, SCORE_MAX = -3, 3


@dataclass(frozen=True)
class Choice:
    id: str
    text: str
    next: str
    why: str
    requires: frozenset[str] = frozenset()
    scores: Mapping[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.scores.values())


@dataclass(frozen=True)
class Ending:
    outcome: str
    title: str
    debrief: str
    lessons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Node:
    id: str
    text: str
    gives: frozenset[str] = frozenset()
    choices: tuple[Choice, ...] = ()
    ending: Ending | None = None

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)


@dataclass(frozen=True)
class State:
    node: str
    facts: frozenset[str]


@dataclass(frozen=True)
class Step:
    node: str
    choice: Choice


@dataclass(frozen=True)
class Path:
    steps: tuple[Step, ...]
    ending: str

    @property
    def total(self) -> int:
        return sum(step.choice.total for step in self.steps)

    def scores(self) -> dict[str, int]:
        return totals(step.choice for step in self.steps)


class NotAvailable(Exception):
    """The choice does not exist at this node, or its required facts were not collected."""


@dataclass(frozen=True)
class Graph:
    start: str
    nodes: Mapping[str, Node]
    facts: Mapping[str, str] = field(default_factory=dict)

    # --- from and to the stored JSON ------------------------------------------------------

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Graph:
        nodes = {}
        for node_id, n in data["nodes"].items():
            ending = n.get("ending")
            nodes[node_id] = Node(
                id=node_id,
                text=n.get("text", ""),
                gives=frozenset(n.get("gives", [])),
                choices=tuple(
                    Choice(
                        id=c["id"],
                        text=c["text"],
                        next=c["next"],
                        why=c.get("why", ""),
                        requires=frozenset(c.get("requires", [])),
                        scores=dict(c.get("scores", {})),
                    )
                    for c in n.get("choices", [])
                ),
                ending=Ending(
                    outcome=ending["outcome"],
                    title=ending["title"],
                    debrief=ending["debrief"],
                    lessons=tuple(ending.get("lessons", [])),
                )
                if ending
                else None,
            )
        return cls(start=data["start"], nodes=nodes, facts=dict(data.get("facts", {})))

    # --- playing --------------------------------------------------------------------------

    def arrive(self, node_id: str, facts: Iterable[str] = ()) -> State:
        """The state on reaching `node_id` with `facts`: the node's own facts are added."""
        return State(node_id, frozenset(facts) | self.nodes[node_id].gives)

    def begin(self) -> State:
        return self.arrive(self.start)

    def available(self, state: State) -> list[Choice]:
        """The choices offered in `state`; none at an ending, or at a node that a rewritten
        scenario no longer has (a stored play or run may point at one)."""
        node = self.nodes.get(state.node)
        return [c for c in node.choices if c.requires <= state.facts] if node else []

    def offered(self, state: State, *, seed: int, turn: int) -> list[Choice]:
        """The choices of `state` in the order shown: shuffled from a seed kept with the play or
        run and the turn (the step of a play, the round of a live run), so a reload shows the
        same order, a room sees one order, and the file's order gives nothing away."""
        choices = self.available(state)
        digest = hashlib.sha256(f"{seed}:{turn}:{state.node}".encode()).digest()
        random.Random(int.from_bytes(digest[:8], "big")).shuffle(choices)  # noqa: S311 (an order, not a secret)
        return choices

    def apply(self, state: State, choice_id: str) -> tuple[Choice, State]:
        """The choice taken and the state it leads to; `NotAvailable` if it is not offered."""
        choice = next((c for c in self.available(state) if c.id == choice_id), None)
        if choice is None:
            raise NotAvailable(choice_id)
        return choice, self.arrive(choice.next, state.facts)

    def is_ending(self, node_id: str) -> bool:
        return self.nodes[node_id].ending is not None

    # --- exploring ------------------------------------------------------------------------

    def successors(self, state: State) -> list[tuple[Choice, State]]:
        return [(c, self.arrive(c.next, state.facts)) for c in self.available(state)]

    def reachable_states(self) -> set[State]:
        """Every state that some sequence of choices from the start reaches (breadth first)."""
        if self.start not in self.nodes:
            return set()
        first = self.begin()
        seen, queue = {first}, deque([first])
        while queue:
            state = queue.popleft()
            if self.is_ending(state.node):
                continue
            for _choice, nxt in self.successors(state):
                if nxt.node in self.nodes and nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
        return seen

    def states_reaching_an_ending(self, states: set[State]) -> set[State]:
        """Of `states`, those from which some ending can still be reached (backwards search)."""
        parents: dict[State, list[State]] = {s: [] for s in states}
        for state in states:
            if not self.is_ending(state.node):
                for _c, nxt in self.successors(state):
                    if nxt in parents:
                        parents[nxt].append(state)
        good = {s for s in states if self.is_ending(s.node)}
        queue = deque(good)
        while queue:
            for parent in parents[queue.popleft()]:
                if parent not in good:
                    good.add(parent)
                    queue.append(parent)
        return good

    def best_path(self) -> Path | None:
        """The model response: from the start to a `good` ending with the highest total score;
        ties go to the fewest steps, then to the earlier choices in file order. Paths never
        repeat a state, so a scenario with a loop still has a finite answer."""
        best: tuple[int, int, tuple[Step, ...], str] | None = None

        def better(score: int, steps: tuple[Step, ...], ending: str) -> None:
            nonlocal best
            if best is None or (score, -len(steps)) > (best[0], -best[1]):
                best = (score, len(steps), steps, ending)

        def walk(state: State, steps: tuple[Step, ...], score: int, seen: frozenset[State]) -> None:
            node = self.nodes[state.node]
            if node.ending is not None:
                if node.ending.outcome == "good":
                    better(score, steps, state.node)
                return
            for choice, nxt in self.successors(state):
                if nxt.node in self.nodes and nxt not in seen:
                    walk(
                        nxt, (*steps, Step(state.node, choice)), score + choice.total, seen | {nxt}
                    )

        if self.start in self.nodes:
            walk(self.begin(), (), 0, frozenset({self.begin()}))
        if best is None:
            return None
        return Path(steps=best[2], ending=best[3])


def totals(choices: Iterable[Choice]) -> dict[str, int]:
    """Score per competency, every competency present (0 when no choice touched it)."""
    result = dict.fromkeys(COMPETENCIES, 0)
    for choice in choices:
        for competency, value in choice.scores.items():
            result[competency] = result.get(competency, 0) + value
    return result


@dataclass(frozen=True)
class GraphProblem:
    node: str
    choice: str  # "" when the problem is the node's
    field: str
    message: str


def graph_problems(graph: Graph) -> list[GraphProblem]:
    """What is wrong with the shape of a scenario whose references are already known good:
    unreachable nodes and endings, dead ends, states with no way to an ending, no good ending."""
    problems: list[GraphProblem] = []
    states = graph.reachable_states()
    reached = {s.node for s in states}
    for node_id, node in graph.nodes.items():
        if node_id not in reached:
            what = "ending" if node.ending else "node"
            problems.append(
                GraphProblem(node_id, "", "", f"{what} {node_id!r} cannot be reached from start")
            )
    dead = sorted(
        {s.node for s in states if not graph.is_ending(s.node) and not graph.available(s)}
    )
    for node_id in dead:
        problems.append(
            GraphProblem(
                node_id,
                "",
                "choices",
                f"dead end: node {node_id!r} can be reached without the facts any of its "
                "choices requires",
            )
        )
    finishing = graph.states_reaching_an_ending(states)
    stuck = sorted({s.node for s in states - finishing} - set(dead))
    for node_id in stuck:
        problems.append(
            GraphProblem(
                node_id,
                "",
                "choices",
                f"from node {node_id!r} no ending can be reached on some paths (a loop)",
            )
        )
    if states and graph.best_path() is None:
        problems.append(GraphProblem("", "", "nodes", "no path from start reaches a 'good' ending"))
    return problems
