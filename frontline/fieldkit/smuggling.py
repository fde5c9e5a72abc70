"""Trafficking or smuggling: compare a situation on the reader's criteria (initiative, consent,
exploitation, border crossing, relationship after arrival) and explain the outcome.

Plain Python, no Django; the criteria and outcomes are data (content/fieldkit/smuggling.yaml).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from frontline.lib.yamlfiles import FieldReader, YamlMap

LEANS = ("smuggling", "trafficking", "neither")
CONDITION_KEYS = frozenset({"any_leans", "all_leans", "min", "answers"})


def compare(criteria: Mapping[str, Any], answers: Mapping[str, str]) -> dict[str, Any]:
    """The explained outcome for `answers` (criterion id -> answer id; missing = unknown)."""
    rows = []
    for criterion in criteria.get("criteria", []):
        options = {a["id"]: a for a in criterion.get("answers", [])}
        chosen = options.get(answers.get(criterion["id"], "unknown")) or options.get("unknown")
        if chosen is None:
            continue
        rows.append(
            {
                "id": criterion["id"],
                "label": criterion.get("label", ""),
                "question": criterion.get("question", ""),
                "answer": chosen["id"],
                "answer_label": chosen.get("label", ""),
                "leans": chosen.get("leans", "neither"),
                "explain": chosen.get("explain", ""),
            }
        )
    outcome = next(
        (o for o in criteria.get("outcomes", []) if _holds(o.get("when") or {}, rows)),
        None,
    )
    return {"rows": rows, "outcome": outcome, "source": criteria.get("source", "")}


def _holds(when: Mapping[str, Any], rows: list[dict[str, Any]]) -> bool:
    leaning = [r["leans"] for r in rows if r["leans"] != "neither"]
    if "any_leans" in when and when["any_leans"] not in leaning:
        return False
    if "all_leans" in when:
        if any(lean != when["all_leans"] for lean in leaning):
            return False
        if len(leaning) < int(when.get("min", 1)):
            return False
    given = {r["id"]: r["answer"] for r in rows}
    return all(given.get(c) in list(ids) for c, ids in (when.get("answers") or {}).items())


def validate_criteria(f: FieldReader, data: YamlMap) -> None:
    f.text(data, "intro")
    f.text(data, "source")
    criteria = data.get("criteria")
    ids: dict[str, set[str]] = {}
    if not isinstance(criteria, list) or not criteria:
        f.problem(data, "criteria", "must be a list of criteria")
        criteria = []
    for n, c in enumerate(criteria):
        p = f"criteria[{n}]."
        if not isinstance(c, YamlMap):
            f.problem(data, p[:-1], "must be a mapping")
            continue
        key = f.text(c, "id", prefix=p)
        f.text(c, "label", prefix=p)
        f.text(c, "question", prefix=p)
        answers = c.get("answers")
        if not isinstance(answers, list) or len(answers) < 2:
            f.problem(c, p + "answers", "needs at least two answers")
            continue
        ids[key] = set()
        for m, a in enumerate(answers):
            ap = f"{p}answers[{m}]."
            if not isinstance(a, YamlMap):
                f.problem(c, ap[:-1], "must be a mapping")
                continue
            ids[key].add(f.text(a, "id", prefix=ap))
            f.text(a, "label", prefix=ap)
            f.text(a, "leans", vocabulary=frozenset(LEANS), prefix=ap)
            f.text(a, "explain", prefix=ap)
        if "unknown" not in ids[key]:
            f.problem(c, p + "answers", "needs an answer 'unknown' (not known yet)")
    outcomes = data.get("outcomes")
    if not isinstance(outcomes, list) or not outcomes:
        f.problem(data, "outcomes", "must be a list of outcomes")
        return
    for n, o in enumerate(outcomes):
        p = f"outcomes[{n}]."
        if not isinstance(o, YamlMap):
            f.problem(data, p[:-1], "must be a mapping")
            continue
        for name in ("id", "title", "explain"):
            f.text(o, name, prefix=p)
        f.text(o, "next", vocabulary=frozenset({"screening", "procedure"}), prefix=p)
        when = o.get("when")
        if not isinstance(when, YamlMap):
            f.problem(o, p + "when", "must be a mapping ({} for always)")
            continue
        for key, value in when.items():
            if key not in CONDITION_KEYS:
                f.problem(when, p + "when." + key, f"is not one of {sorted(CONDITION_KEYS)}")
            elif key in ("any_leans", "all_leans") and value not in LEANS:
                f.problem(when, p + "when." + key, f"{value!r} is not one of {list(LEANS)}")
    last = outcomes[-1]
    if isinstance(last, YamlMap) and last.get("when"):
        f.problem(
            last, f"outcomes[{len(outcomes) - 1}].when", "the last outcome must always apply ({})"
        )
