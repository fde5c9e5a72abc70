"""Read and validate the case exercises, content/scenarios/<id>.yaml (docs/content-format.md).

`collect_scenarios(root, content, problems)` checks each file's fields, its references into the
curriculum (unit, objectives, lessons) and then its shape as a graph of states (see
`engine.graph_problems`), adding every problem with its file, line and field. No database here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frontline.curriculum.content import Content
from frontline.lib.limits import field_problem, max_length
from frontline.lib.yamlfiles import SLUG, FieldReader, Problem, YamlMap, parse_yaml, read_text
from frontline.scenarios.engine import (
    COMPETENCIES,
    OUTCOMES,
    SCORE_MAX,
    SCORE_MIN,
    Graph,
    graph_problems,
)
from frontline.scenarios.models import LiveVote, Play, Scenario

ROLES = frozenset({"police", "border_guard", "customs", "labour_inspector", "ngo"})
TAGS = ("possible_minor", "border", "trafficking")
MIN_NODES, MIN_ENDINGS = 6, 3
MIN_CHOICES, MAX_CHOICES = 2, 4


@dataclass
class ScenarioData:
    key: str
    title: str
    unit: str
    objectives: list[str]
    setting: str
    roles: list[str]
    minutes: int
    tags: dict[str, bool]
    graph: dict[str, Any]  # the JSON `engine.Graph.from_json` reads; stored on the model
    path: str

    @property
    def endings(self) -> int:
        return sum(1 for n in self.graph["nodes"].values() if n.get("ending"))


def scenario_stats(scenarios: list[ScenarioData]) -> dict[str, int]:
    return {
        "scenarios": len(scenarios),
        "scenario_nodes": sum(len(s.graph["nodes"]) for s in scenarios),
        "scenarios_not_trafficking": sum(1 for s in scenarios if not s.tags.get("trafficking")),
        "scenarios_possible_minor": sum(1 for s in scenarios if s.tags.get("possible_minor")),
        "scenarios_border": sum(1 for s in scenarios if s.tags.get("border")),
    }


def collect_scenarios(root: Path, content: Content, problems: list[Problem]) -> list[ScenarioData]:
    """Read every content/scenarios/*.yaml under `root`, adding what is wrong to `problems`."""
    units = {u.key for u in content.units}
    objectives = {o.key for u in content.units for o in u.objectives}
    lessons = {lesson.key for lesson in content.lessons}
    scenarios = []
    for path in sorted((root / "scenarios").glob("*.yaml")):
        scenario = _read(root, path, problems, units, objectives, lessons)
        if scenario is not None:
            scenarios.append(scenario)
    return scenarios


def _read(
    root: Path,
    path: Path,
    problems: list[Problem],
    units: set[str],
    objectives: set[str],
    lessons: set[str],
) -> ScenarioData | None:
    f = FieldReader(root, path, problems)
    data = parse_yaml(read_text(path, f), f)
    if data is None:
        return None
    if not isinstance(data, YamlMap):
        f.problem(None, "(file)", "must be a mapping of fields")
        return None
    before = len(problems)
    key = f.slug(data, model=Scenario)
    if key and key != path.stem:
        f.problem(data, "id", f"must equal the file name {path.stem!r}")
    unit = f.text(data, "unit", vocabulary=frozenset(units))
    goals = f.texts(data, "objectives")
    for goal in goals:
        if goal not in objectives:
            f.problem(data, "objectives", f"unknown objective {goal!r}")
    minutes = f.number(data, "minutes", model=Scenario)
    if minutes == 0:
        f.problem(data, "minutes", "must be at least 1")
    facts = _facts(f, data)
    scenario = ScenarioData(
        key=key,
        title=f.text(data, "title", model=Scenario),
        unit=unit,
        objectives=goals,
        setting=f.text(data, "setting"),
        roles=f.texts(data, "roles", vocabulary=ROLES),
        minutes=minutes or 0,
        tags=_tags(f, data),
        graph={"start": f.text(data, "start"), "facts": facts, "nodes": {}},
        path=f.name,
    )
    nodes = data.get("nodes")
    if not isinstance(nodes, YamlMap) or not nodes:
        f.problem(data, "nodes", "must be a mapping of node ids to nodes")
        return None
    for node_id, node in nodes.items():
        where = f"nodes.{node_id}"
        if not SLUG.match(node_id):
            f.problem(
                nodes, where, f"{node_id[:40]!r} must be lowercase letters, digits and hyphens"
            )
        elif problem := field_problem(node_id, Play, "node"):
            f.problem(nodes, where, f"the node id {problem}")
        if not isinstance(node, YamlMap):
            f.problem(nodes, where, "must be a mapping with text and choices or ending")
            continue
        scenario.graph["nodes"][node_id] = _node(f, node, f"{where}.", facts, lessons)
    graph_nodes: dict[str, Any] = scenario.graph["nodes"]
    start = scenario.graph["start"]
    if start and start not in nodes:
        f.problem(data, "start", f"{start!r} is not a node")
    for node_id, node in graph_nodes.items():
        for n, choice in enumerate(node.get("choices", [])):
            if choice["next"] and choice["next"] not in nodes:
                f.problem(
                    nodes[node_id]["choices"][n],
                    f"nodes.{node_id}.choices[{n}].next",
                    f"{choice['next']!r} is not a node",
                )
    endings = [n for n in graph_nodes.values() if n.get("ending")]
    if len(nodes) < MIN_NODES:
        f.problem(data, "nodes", f"has {len(nodes)} nodes; a scenario needs at least {MIN_NODES}")
    if len(endings) < MIN_ENDINGS:
        f.problem(
            data, "nodes", f"has {len(endings)} endings; a scenario needs at least {MIN_ENDINGS}"
        )
    if endings and not any(n["ending"].get("outcome") == "good" for n in endings):
        f.problem(data, "nodes", "no ending has the outcome 'good'")
    if len(problems) > before:
        # The graph is explored only when every reference in it is sound.
        return None
    for gp in graph_problems(Graph.from_json(scenario.graph)):
        if gp.node:
            f.problem(nodes, f"nodes.{gp.node}", gp.message)
        else:
            f.problem(data, gp.field or "nodes", gp.message)
    if len(problems) > before:
        return None
    return scenario


def _facts(f: FieldReader, data: YamlMap) -> dict[str, str]:
    facts = data.get("facts")
    if facts is None:
        return {}
    if not isinstance(facts, YamlMap):
        f.problem(data, "facts", "must be a mapping of fact ids to descriptions")
        return {}
    result = {}
    for fact_id in facts:
        if not SLUG.match(fact_id):
            f.problem(facts, f"facts.{fact_id}", "must be lowercase letters, digits and hyphens")
        result[fact_id] = f.text(facts, fact_id, prefix="facts.")
    return result


def _tags(f: FieldReader, data: YamlMap) -> dict[str, bool]:
    tags = data.get("tags")
    if not isinstance(tags, YamlMap):
        f.problem(data, "tags", f"must be a mapping with {', '.join(TAGS)} (true or false)")
        return {}
    for extra in set(tags) - set(TAGS):
        f.problem(tags, f"tags.{extra}", f"unknown tag; the tags are {', '.join(TAGS)}")
    return {tag: bool(f.flag(tags, tag, prefix="tags.")) for tag in TAGS}


def _node(
    f: FieldReader, node: YamlMap, p: str, facts: dict[str, str], lessons: set[str]
) -> dict[str, Any]:
    result: dict[str, Any] = {"text": f.text(node, "text", prefix=p)}
    gives = f.texts(node, "gives", required=False, prefix=p)
    for fact in gives:
        if fact not in facts:
            f.problem(node, p + "gives", f"{fact!r} is not one of the declared facts")
    result["gives"] = gives
    ending, choices = node.get("ending"), node.get("choices")
    if ending is not None and choices is not None:
        f.problem(node, p + "ending", "an ending has no choices")
    if ending is not None:
        result["ending"] = _ending(f, ending, node, p + "ending", lessons)
        return result
    if not isinstance(choices, list) or not all(isinstance(c, YamlMap) for c in choices):
        f.problem(node, p + "choices", "a node needs either choices (a list) or an ending")
        result["choices"] = []
        return result
    if not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
        f.problem(
            node, p + "choices", f"has {len(choices)} choices; give {MIN_CHOICES}-{MAX_CHOICES}"
        )
    seen: set[str] = set()
    result["choices"] = []
    for n, choice in enumerate(choices):
        cp = f"{p}choices[{n}]."
        choice_id = f.slug(choice, prefix=cp, limit=max_length(LiveVote, "choice"))
        if choice_id in seen:
            f.problem(choice, cp + "id", f"{choice_id!r} is used twice in this node")
        seen.add(choice_id)
        requires = f.texts(choice, "requires", required=False, prefix=cp)
        for fact in requires:
            if fact not in facts:
                f.problem(choice, cp + "requires", f"{fact!r} is not one of the declared facts")
        result["choices"].append(
            {
                "id": choice_id,
                "text": f.text(choice, "text", prefix=cp),
                "next": f.text(choice, "next", prefix=cp),
                "requires": requires,
                "scores": _scores(f, choice, cp),
                "why": f.text(choice, "why", prefix=cp),
            }
        )
    return result


def _scores(f: FieldReader, choice: YamlMap, p: str) -> dict[str, int]:
    scores = choice.get("scores")
    if scores is None:
        return {}
    if not isinstance(scores, YamlMap):
        f.problem(choice, p + "scores", "must be a mapping of competency to a whole number")
        return {}
    result = {}
    for competency, value in scores.items():
        if competency not in COMPETENCIES:
            f.problem(
                scores,
                f"{p}scores.{competency}",
                f"unknown competency; use one of {', '.join(COMPETENCIES)}",
            )
        elif isinstance(value, bool) or not isinstance(value, int):
            f.problem(scores, f"{p}scores.{competency}", f"must be a whole number, got {value!r}")
        elif not SCORE_MIN <= value <= SCORE_MAX:
            f.problem(
                scores,
                f"{p}scores.{competency}",
                f"{value} is outside {SCORE_MIN}..+{SCORE_MAX}",
            )
        else:
            result[competency] = value
    return result


def _ending(
    f: FieldReader, ending: Any, node: YamlMap, p: str, lessons: set[str]
) -> dict[str, Any]:
    if not isinstance(ending, YamlMap):
        f.problem(node, p, "must be a mapping with outcome, title, debrief and lessons")
        return {"outcome": "", "title": "", "debrief": "", "lessons": []}
    refs = f.texts(ending, "lessons", prefix=p + ".")
    for lesson in refs:
        if lesson not in lessons:
            f.problem(ending, p + ".lessons", f"unknown lesson {lesson!r}")
    return {
        "outcome": f.text(ending, "outcome", vocabulary=frozenset(OUTCOMES), prefix=p + "."),
        "title": f.text(ending, "title", prefix=p + "."),
        "debrief": f.text(ending, "debrief", prefix=p + "."),
        "lessons": refs,
    }
