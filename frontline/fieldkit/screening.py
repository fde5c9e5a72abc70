"""The field-kit screening: from what an officer observed to the grounds level and what to do now.

Plain Python, no Django, no clock, no randomness: the same case and the same rules always give
the same result. The rules (content/fieldkit/screening.yaml) and the indicator catalogue
(content/fieldkit/indicators.yaml) are data, passed in as the plain dicts and lists that
`frontline.fieldkit.kit.FieldKit.screening_data()` makes; the browser evaluator
(static/fieldkit/screening.js) reads the very same JSON and must give the very same result
(tests/cases.json holds the cases both are checked against).

    engine = Screening(rules, indicators)
    result = engine.evaluate({"where": "border", "minor": "yes", "observed": [...],
                              "answers": {"documents_held": "yes"}})

The result is a dict (JSON-ready): the elements of the definition supported and by which
observations, the ILO/EC 2009 analysis for the specialised unit, the frontline grounds level
with its reasons, and the ordered actions with their reasons. It supports the officer's
judgement; it is never a verdict.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

LEVELS = ("none", "alert", "act")
ELEMENTS = ("act", "means", "purpose")
STRENGTHS = ("strong", "medium", "weak")
ANSWERS = ("yes", "no", "unknown")
CONTEXT_FIELDS = ("where", "check", "gender", "shared_language")
# Fields of an action's condition that compare one value of the case against a list.
_LIST_FIELDS = ("level", "minor", *CONTEXT_FIELDS)


def _as_list(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    if value is None or value == "":
        return []
    return [str(value)]


class Screening:
    """The rules and the catalogue, indexed once; `evaluate` is then a few loops over a case."""

    def __init__(self, rules: Mapping[str, Any], indicators: list[Mapping[str, Any]]) -> None:
        self.rules = rules
        self.indicators = {str(i["id"]): i for i in indicators}
        self.questions = {str(q["id"]): q for q in rules.get("key_questions", [])}

    def observations(self, case: Mapping[str, Any]) -> tuple[list[dict[str, Any]], list[str]]:
        """The observations of a case (catalogue indicators, then key-question answers that
        count as one), sorted by id, and the observed ids the catalogue does not know."""
        found: dict[str, dict[str, Any]] = {}
        unknown: set[str] = set()
        for key in _as_list(case.get("observed")):
            indicator = self.indicators.get(key)
            if indicator is None:
                unknown.add(key)
                continue
            found[key] = {
                "id": key,
                "text": indicator.get("text", ""),
                "category": indicator.get("category", ""),
                "element": indicator.get("element", ""),
                "dimension": indicator.get("dimension") or "",
                "strength": indicator.get("strength", "weak"),
                "forms": list(indicator.get("forms") or []),
            }
        answers = case.get("answers") or {}
        for qid, question in self.questions.items():
            answer = str(answers.get(qid, "unknown"))
            effect = (question.get("effects") or {}).get(answer)
            if not effect:
                continue
            key = f"{qid}={answer}"
            found[key] = {
                "id": key,
                "text": effect.get("note", question.get("text", "")),
                "category": "key_question",
                "element": effect.get("element", ""),
                "dimension": effect.get("dimension") or "",
                "strength": effect.get("strength", "weak"),
                "forms": list(effect.get("forms") or []),
            }
        return [found[k] for k in sorted(found)], sorted(unknown)

    def evaluate(self, case: Mapping[str, Any]) -> dict[str, Any]:
        minor = str(case.get("minor") or "unknown")
        observations, unknown = self.observations(case)
        elements = self._elements(observations, minor)
        ilo = self._ilo(observations, minor)
        supported = sum(1 for e in elements if e["supported"])
        level, reasons, score = self._grounds(observations, minor, ilo["met"], supported)
        facts = {
            "level": level,
            "minor": minor,
            **{f: str(case.get(f) or "") for f in CONTEXT_FIELDS},
            "answers": {
                q: str((case.get("answers") or {}).get(q, "unknown")) for q in self.questions
            },
            "forms": {f for o in observations for f in o["forms"]},
            "categories": {o["category"] for o in observations},
        }
        grounds = self.rules.get("grounds", {})
        return {
            "statement": self.rules.get("statement", ""),
            "level": level,
            "level_label": (grounds.get("labels") or {}).get(level, level),
            "level_reasons": reasons,
            "score": score,
            "minor": minor,
            "observations": observations,
            "unknown": unknown,
            "elements": elements,
            "ilo": ilo,
            "actions": self._actions(facts),
        }

    # --- the parts ------------------------------------------------------------------------

    @staticmethod
    def _elements(observations: list[dict[str, Any]], minor: str) -> list[dict[str, Any]]:
        rows = []
        for element in ELEMENTS:
            by = [o["id"] for o in observations if o["element"] == element]
            rows.append(
                {
                    "id": element,
                    "supported": bool(by),
                    "by": by,
                    # The child exception: for a person under 18 no means are needed.
                    "not_required": element == "means" and minor == "yes",
                }
            )
        return rows

    def _ilo(self, observations: list[dict[str, Any]], minor: str) -> dict[str, Any]:
        combinations = self.rules.get("combinations", [])
        dimensions = []
        reached_groups: dict[str, bool] = {}
        for dimension in self.rules.get("dimensions", []):
            by = [o for o in observations if o["dimension"] == dimension["id"]]
            counts = {s: sum(1 for o in by if o["strength"] == s) for s in STRENGTHS}
            reached = any(
                all(counts.get(s, 0) >= int(n) for s, n in combo.items()) for combo in combinations
            )
            group = dimension.get("group", "")
            reached_groups[group] = reached_groups.get(group, False) or reached
            dimensions.append(
                {
                    "id": dimension["id"],
                    "label": dimension.get("label", dimension["id"]),
                    "group": group,
                    **counts,
                    "reached": reached,
                    "by": [o["id"] for o in by],
                }
            )
        analysis = self.rules.get("analysis", {})
        required = list(analysis.get("child" if minor == "yes" else "adult", []))
        missing = [g for g in required if not reached_groups.get(g, False)]
        return {
            "dimensions": dimensions,
            "groups": [{"id": g, "reached": reached_groups.get(g, False)} for g in required],
            "required": required,
            "missing": missing,
            "met": bool(required) and not missing,
            "note": analysis.get("note", ""),
        }

    def _grounds(
        self, observations: list[dict[str, Any]], minor: str, ilo_met: bool, supported: int
    ) -> tuple[str, list[str], int]:
        grounds = self.rules.get("grounds", {})
        weights = grounds.get("weights", {})
        score = sum(int(weights.get(o["strength"], 0)) for o in observations)
        strong = sum(1 for o in observations if o["strength"] == "strong")
        for level in ("act", "alert"):
            reasons = [
                rule.get("reason", "")
                for rule in grounds.get(level, [])
                if _grounds_rule_holds(
                    rule.get("when", {}), score, strong, supported, minor, ilo_met
                )
            ]
            if reasons:
                return level, reasons, score
        return "none", [], score

    def _actions(self, facts: Mapping[str, Any]) -> list[dict[str, Any]]:
        chosen = []
        for action in self.rules.get("actions", []):
            if any(_condition_holds(c, facts) for c in action.get("when", [])):
                chosen.append(
                    {
                        "id": action["id"],
                        "text": action.get("text", ""),
                        "reason": action.get("reason", ""),
                        "source": action.get("source", ""),
                        "contacts": list(action.get("contacts") or []),
                    }
                )
        return chosen


def _grounds_rule_holds(
    when: Mapping[str, Any], score: int, strong: int, supported: int, minor: str, ilo_met: bool
) -> bool:
    if "min_strong" in when and strong < int(when["min_strong"]):
        return False
    if "min_elements" in when and supported < int(when["min_elements"]):
        return False
    if "min_score" in when and score < int(when["min_score"]):
        return False
    if "minor" in when and minor not in _as_list(when["minor"]):
        return False
    return not ("ilo" in when and bool(when["ilo"]) != ilo_met)


def _condition_holds(when: Mapping[str, Any], facts: Mapping[str, Any]) -> bool:
    for field in _LIST_FIELDS:
        if field in when and facts[field] not in _as_list(when[field]):
            return False
    for qid, allowed in (when.get("answers") or {}).items():
        if facts["answers"].get(qid, "unknown") not in _as_list(allowed):
            return False
    if "forms" in when and not facts["forms"] & set(_as_list(when["forms"])):
        return False
    return not (
        "categories" in when and not facts["categories"] & set(_as_list(when["categories"]))
    )
