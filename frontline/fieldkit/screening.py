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

The result is a dict (JSON-ready, described field by field in docs/screening-result.md): the
elements of the definition supported and by which observations, the facts that point away, the
forms of exploitation, the ILO/EC 2009 analysis for the specialised unit, the frontline grounds
level with its reasons, and the ordered actions with their reasons, cards and contacts. It
supports the officer's judgement; it is never a verdict.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

LEVELS = ("none", "alert", "act")
ELEMENTS = ("act", "means", "purpose")
STRENGTHS = ("strong", "medium", "weak")
ANSWERS = ("yes", "no", "unknown")
CONTEXT_FIELDS = ("where", "check", "persons", "present", "gender", "shared_language")
# Context fields that have a meaning when the form leaves them out.
CONTEXT_DEFAULTS = {"persons": "one", "present": "yes", "gender": "unknown",
                    "shared_language": "unknown"}  # fmt: skip
# Fields of an action's condition that compare one value of the case against a list.
_LIST_FIELDS = ("level", "minor", *CONTEXT_FIELDS)
# Whom a directory entry serves (DirectoryEntry.serves); an action's `serves: [person]` means
# the service for this person: children for a possible minor, otherwise women or men by the
# gender recorded, anyone when it is not known.
SERVES = ("men", "women", "children", "families")
_BY_GENDER = {"female": ["women"], "male": ["men"]}


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
        self.decisive = {str(d["id"]): d for d in rules.get("decisive", [])}
        self.form_labels = {str(f["id"]): f.get("label", f["id"]) for f in rules.get("forms", [])}

    def _observation(self, key: str, item: Mapping[str, Any], via: str) -> dict[str, Any]:
        return {
            "id": key,
            "text": item.get("text", ""),
            "category": item.get("category", ""),
            "element": item.get("element", ""),
            "dimension": item.get("dimension") or "",
            "strength": item.get("strength", "weak"),
            "forms": list(item.get("forms") or []),
            "child_signal": item.get("applies_to") == "child",
            "via": [via],
        }

    def observations(
        self, case: Mapping[str, Any]
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
        """The observations of a case, sorted by id: catalogue indicators and the key-question
        answers that count as one. A question that asks about a catalogue indicator
        (`effects.yes.indicator`) adds that indicator, so a fact ticked and also answered is
        one observation with one strength. Then the facts that point away (answers with
        `counter: true`), and the observed ids the catalogue does not know."""
        found: dict[str, dict[str, Any]] = {}
        unknown: set[str] = set()
        for key in _as_list(case.get("observed")):
            indicator = self.indicators.get(key)
            if indicator is None:
                unknown.add(key)
            elif key not in found:
                found[key] = self._observation(key, indicator, "catalogue")
        counter: dict[str, dict[str, Any]] = {}
        answers = case.get("answers") or {}
        for qid, question in self.questions.items():
            answer = str(answers.get(qid, "unknown"))
            effect = (question.get("effects") or {}).get(answer)
            if not effect:
                continue
            key = f"{qid}={answer}"
            if effect.get("counter"):
                counter[key] = {"id": key, "text": effect.get("note", "")}
                continue
            same = str(effect.get("indicator") or "")
            if same in self.indicators:
                if same in found:
                    if "question" not in found[same]["via"]:
                        found[same]["via"].append("question")
                else:
                    found[same] = self._observation(same, self.indicators[same], "question")
                continue
            found[key] = self._observation(
                key, {**effect, "text": effect.get("note", question.get("text", "")),
                      "category": "key_question"}, "question")  # fmt: skip
        return (
            [found[k] for k in sorted(found)],
            [counter[k] for k in sorted(counter)],
            sorted(unknown),
        )

    def evaluate(self, case: Mapping[str, Any]) -> dict[str, Any]:
        observations, counter, unknown = self.observations(case)
        minor_answer = str(case.get("minor") or "unknown")
        signals = [o["id"] for o in observations if o["child_signal"]]
        # A child indicator makes the case a possible minor whatever the age question says:
        # when there is reason to think the person is under 18, act as if they are (4.7).
        minor = "yes" if signals else minor_answer
        elements = self._elements(observations, minor)
        ilo = self._ilo(observations, minor)
        supported = sum(1 for e in elements if e["supported"])
        decisive = [
            {"id": o["id"], "text": o["text"], "why": self.decisive[o["id"]].get("why", "")}
            for o in observations
            if o["id"] in self.decisive
        ]
        level, reasons, score = self._grounds(
            observations, len(counter), minor, ilo["met"], supported, bool(decisive)
        )
        context = {f: str(case.get(f) or CONTEXT_DEFAULTS.get(f, "")) for f in CONTEXT_FIELDS}
        facts = {
            "level": level,
            "minor": minor,
            **context,
            "answers": {
                q: str((case.get("answers") or {}).get(q, "unknown")) for q in self.questions
            },
            "forms": {f for o in observations for f in o["forms"]},
            "categories": {o["category"] for o in observations},
            "observed": {o["id"] for o in observations},
        }
        grounds = self.rules.get("grounds", {})
        actions = self._actions(facts)
        route = self.rules.get("child_route", {})
        return {
            "statement": self.rules.get("statement", ""),
            "level": level,
            "level_label": (grounds.get("labels") or {}).get(level, level),
            "level_reasons": reasons,
            "score": score,
            "minor": minor,
            "minor_answer": minor_answer,
            "child_signals": signals,
            "child_warning": route.get("warning", "") if signals else "",
            "context": context,
            "observations": observations,
            "counter": counter,
            "counter_note": grounds.get("counter_note", "") if counter else "",
            "decisive": decisive,
            "unknown": unknown,
            "elements": elements,
            "forms": self._forms(observations),
            "ilo": ilo,
            "actions": actions,
            "first": int(self.rules.get("result", {}).get("first_actions", 3)),
            "calls": self._calls(actions),
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

    def _forms(self, observations: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The forms of exploitation the observations point to, most supported first (an
        indicator with no form, `forms: []`, speaks to every form and names none)."""
        rows = []
        for n, (form, label) in enumerate(self.form_labels.items()):
            by = [o["id"] for o in observations if form in o["forms"]]
            if by:
                rows.append({"id": form, "label": label, "by": by, "_order": n})
        rows.sort(key=lambda r: (-len(r["by"]), r["_order"]))
        for row in rows:
            del row["_order"]
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
        self,
        observations: list[dict[str, Any]],
        counters: int,
        minor: str,
        ilo_met: bool,
        supported: int,
        decisive: bool,
    ) -> tuple[str, list[str], int]:
        grounds = self.rules.get("grounds", {})
        weights = grounds.get("weights", {})
        # Facts that point away weigh against the score (never below zero), not against a
        # strong indicator or a decisive fact.
        raw = sum(int(weights.get(o["strength"], 0)) for o in observations)
        score = max(0, raw - counters * int(grounds.get("counter_weight", 0)))
        numbers = {
            "score": score,
            "strong": sum(1 for o in observations if o["strength"] == "strong"),
            "count": len(observations),
            "supported": supported,
        }
        for level in ("act", "alert"):
            reasons = [
                rule.get("reason", "")
                for rule in grounds.get(level, [])
                if _grounds_rule_holds(rule.get("when", {}), numbers, minor, ilo_met, decisive)
            ]
            if reasons:
                return level, reasons, score
        return "none", [], score

    def _actions(self, facts: Mapping[str, Any]) -> list[dict[str, Any]]:
        chosen = []
        for action in self.rules.get("actions", []):
            if any(_condition_holds(c, facts) for c in action.get("when", [])):
                serves: list[str] = []
                for who in _as_list(action.get("serves")):
                    if who == "person":
                        serves += (
                            ["children"]
                            if facts["minor"] == "yes"
                            else _BY_GENDER.get(str(facts["gender"]), [])
                        )
                    elif who not in serves:
                        serves.append(who)
                chosen.append(
                    {
                        "id": action["id"],
                        "text": action.get("text", ""),
                        "reason": action.get("reason", ""),
                        "source": action.get("source", ""),
                        "card": action.get("card", ""),
                        "contacts": list(action.get("contacts") or []),
                        "serves": serves,
                    }
                )
        return chosen

    @staticmethod
    def _calls(actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Who to call, in the order of the actions: each kind of contact once, with whom the
        service must serve (the first action that names the kind decides)."""
        calls: list[dict[str, Any]] = []
        seen: set[str] = set()
        for action in actions:
            for kind in action["contacts"]:
                if kind not in seen:
                    seen.add(kind)
                    calls.append({"kind": kind, "serves": list(action["serves"]),
                                  "action": action["id"]})  # fmt: skip
        return calls


def _grounds_rule_holds(
    when: Mapping[str, Any], numbers: Mapping[str, int], minor: str, ilo_met: bool, decisive: bool
) -> bool:
    for field, number in (("min_strong", "strong"), ("min_elements", "supported"),
                          ("min_score", "score"), ("min_count", "count")):  # fmt: skip
        if field in when and numbers[number] < int(when[field]):
            return False
    if "minor" in when and minor not in _as_list(when["minor"]):
        return False
    if "decisive" in when and bool(when["decisive"]) != decisive:
        return False
    return not ("ilo" in when and bool(when["ilo"]) != ilo_met)


def _condition_holds(when: Mapping[str, Any], facts: Mapping[str, Any]) -> bool:
    for field in _LIST_FIELDS:
        if field in when and facts[field] not in _as_list(when[field]):
            return False
    for qid, allowed in (when.get("answers") or {}).items():
        if facts["answers"].get(qid, "unknown") not in _as_list(allowed):
            return False
    for field in ("forms", "categories", "observed"):
        if field in when and not facts[field] & set(_as_list(when[field])):
            return False
    return True
