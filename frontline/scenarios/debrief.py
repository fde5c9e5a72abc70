"""What the debrief shows: the path taken next to the model response, and the competency profile
as bars drawn by the server (an SVG whose geometry is computed here, so no inline styles)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from frontline.scenarios.engine import COMPETENCIES, Choice, Graph, Node, Path, totals

COMPETENCY_LABELS: dict[str, Promise] = {
    "identification": _("Identification"),
    "treatment": _("Treatment of the presumed victim"),
    "referral": _("Referral and co-operation"),
    "intelligence": _("Intelligence and reporting"),
    "legal": _("Legal knowledge"),
}

BAR_WIDTH = 300  # SVG user units; the SVG scales to its container
ROW_HEIGHT = 46


@dataclass(frozen=True)
class Step:
    node: Node
    choice: Choice
    votes: Mapping[str, int] | None = None
    majority: bool | None = None


@dataclass(frozen=True)
class Bar:
    competency: str
    label: Promise
    mine: int
    best: int
    y: int
    mine_x: float
    mine_w: float
    best_x: float
    best_w: float


@dataclass(frozen=True)
class Profile:
    bars: list[Bar]
    zero_x: float
    width: int
    height: int


def steps(graph: Graph, path: Iterable[Mapping[str, Any]]) -> list[Step]:
    """The stored path of a play or run, as nodes and choices (steps that no longer exist in a
    changed scenario are left out rather than failing the page)."""
    result = []
    for step in path:
        node = graph.nodes.get(step["node"])
        choice = node.choice(step["choice"]) if node else None
        if node is not None and choice is not None:
            result.append(Step(node, choice, step.get("votes"), step.get("majority")))
    return result


def model_steps(best: Path | None, graph: Graph) -> list[Step]:
    if best is None:
        return []
    return [Step(graph.nodes[s.node], s.choice) for s in best.steps]


def profile(mine: Mapping[str, int], best: Mapping[str, int]) -> Profile:
    """Two bars per competency on one scale with a zero line, so negative scores point left."""
    values = [v for c in COMPETENCIES for v in (mine.get(c, 0), best.get(c, 0))]
    negative, positive = max(0, -min(values, default=0)), max(0, max(values, default=0))
    span = (negative + positive) or 1
    unit = BAR_WIDTH / span
    zero = negative * unit

    def bar(value: int) -> tuple[float, float]:
        return round(zero + min(0, value) * unit, 1), round(max(abs(value) * unit, 1.5), 1)

    bars = []
    for n, competency in enumerate(COMPETENCIES):
        m, b = mine.get(competency, 0), best.get(competency, 0)
        (mx, mw), (bx, bw) = bar(m), bar(b)
        bars.append(
            Bar(competency, COMPETENCY_LABELS[competency], m, b, n * ROW_HEIGHT, mx, mw, bx, bw)
        )
    return Profile(bars, round(zero, 1), BAR_WIDTH, len(COMPETENCIES) * ROW_HEIGHT)


def path_scores(path_steps: Iterable[Step]) -> dict[str, int]:
    return totals(step.choice for step in path_steps)
