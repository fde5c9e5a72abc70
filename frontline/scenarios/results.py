"""Scenario results for other parts of Frontline (the courses' analytics) and for the results
pages: plain functions over finished plays and runs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from frontline.scenarios.engine import COMPETENCIES
from frontline.scenarios.models import LiveRun, PlayQuerySet, Scenario


def best_totals(scenarios: Iterable[Scenario]) -> dict[int, dict[str, int]]:
    """Per scenario (by pk), the model response's score per competency."""
    result = {}
    for scenario in scenarios:
        best = scenario.graph.best_path()
        result[scenario.pk] = best.scores() if best else dict.fromkeys(COMPETENCIES, 0)
    return result


def shares(mine: Mapping[str, int], best: Mapping[str, int]) -> dict[str, float]:
    """Per competency, the share (0..100) of the model response's score reached. A competency
    the model response does not score (0 or less) says nothing about the player and is left out."""
    return {
        c: min(100.0, max(0.0, 100.0 * mine.get(c, 0) / best[c]))
        for c in COMPETENCIES
        if best.get(c, 0) > 0
    }


def completed_scenarios(plays: PlayQuerySet) -> dict[int, set[str]]:
    """Per user, the ids (keys) of the scenarios they finished at least once among `plays`."""
    result: dict[int, set[str]] = defaultdict(set)
    for user_id, key in plays.finished().values_list("user_id", "scenario__key"):
        result[user_id].add(key)
    return result


def competency_profiles(plays: PlayQuerySet) -> dict[int, dict[str, float]]:
    """Per user, per competency, the share of the best path's score achieved (0..100), averaged
    over their finished plays among `plays`. Users without one are left out."""
    finished = list(plays.finished().select_related("scenario"))
    best = best_totals({p.scenario_id: p.scenario for p in finished}.values())
    collected: dict[int, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for play in finished:
        for competency, value in shares(play.scores, best[play.scenario_id]).items():
            collected[play.user_id][competency].append(value)
    return {
        uid: {c: round(sum(v) / len(v), 1) for c, v in per.items()}
        for uid, per in collected.items()
    }


@dataclass(frozen=True)
class RunResult:
    run: LiveRun
    participants: int
    room_total: int
    best_total: int
    majority_steps: int
    steps: int
    outcome: str


def run_results(runs: Iterable[LiveRun]) -> dict[str, list[RunResult]]:
    """Finished live runs by group label: the room's score against the model response's."""
    runs = list(runs)
    best = best_totals({r.scenario_id: r.scenario for r in runs}.values())
    grouped: dict[str, list[RunResult]] = defaultdict(list)
    for run in runs:
        graph = run.scenario.graph
        room = 0
        for step in run.path:
            node = graph.nodes.get(step["node"])
            choice = node.choice(step["choice"]) if node else None
            room += choice.total if choice else 0
        ending = graph.nodes.get(run.node)
        grouped[run.group].append(
            RunResult(
                run=run,
                participants=getattr(run, "participant_count", 0),
                room_total=room,
                best_total=sum(best[run.scenario_id].values()),
                majority_steps=sum(1 for s in run.path if s.get("majority")),
                steps=len(run.path),
                outcome=ending.ending.outcome if ending and ending.ending else "",
            )
        )
    return dict(sorted(grouped.items()))
