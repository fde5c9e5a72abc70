"""Validation of content/fieldkit/screening.yaml: every id a condition uses must exist, so a
country that adapts the rules learns of a typo from `frontline content check`, not on shift."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from frontline.fieldkit.screening import ANSWERS, ELEMENTS, LEVELS, STRENGTHS
from frontline.lib.yamlfiles import SLUG, FieldReader, YamlMap

CONTEXT_KEYS = ("where", "check", "gender", "shared_language")
GROUNDS_KEYS = frozenset({"min_strong", "min_score", "min_elements", "minor", "ilo"})
ACTION_KEYS = frozenset({"level", "minor", *CONTEXT_KEYS, "answers", "forms", "categories"})
QUESTION_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def _list(f: FieldReader, d: YamlMap, key: str) -> list[YamlMap]:
    value = d.get(key)
    if not isinstance(value, list) or not all(isinstance(v, YamlMap) for v in value):
        f.problem(d, key, "must be a list of entries")
        return []
    return value


def _values_in(
    f: FieldReader, where: YamlMap, name: str, value: Any, allowed: Iterable[str]
) -> None:
    values = value if isinstance(value, list) else [value]
    allowed = set(allowed)
    for v in values:
        if str(v) not in allowed:
            f.problem(where, name, f"{v!r} is not one of {sorted(allowed)}")


def validate_rules(
    f: FieldReader,
    data: YamlMap,
    directory_kinds: Iterable[str],
    forms: Iterable[str],
    categories: Mapping[str, str],
    agreed_questions: Iterable[str],
) -> None:
    f.text(data, "statement")
    context: dict[str, list[str]] = {}
    section = data.get("context")
    if not isinstance(section, YamlMap):
        f.problem(data, "context", "must be a mapping of the context fields")
        section = YamlMap()
    for key in CONTEXT_KEYS:
        options = _list(f, section, key) if key in section else []
        if not options:
            f.problem(section, f"context.{key}", "needs a list of options")
        for n, option in enumerate(options):
            f.text(option, "id", prefix=f"context.{key}[{n}].")
            f.text(option, "label", prefix=f"context.{key}[{n}].")
        context[key] = [str(o.get("id")) for o in options]

    for n, combo in enumerate(f.entries(data, "combinations")):
        if not isinstance(combo, YamlMap) or not combo:
            f.problem(data, f"combinations[{n}]", "must map strengths to counts")
            continue
        for strength, count in combo.items():
            if strength not in STRENGTHS or not isinstance(count, int) or count < 1:
                f.problem(
                    combo, f"combinations[{n}].{strength}", "must be strong/medium/weak: count"
                )
    if not data.get("combinations"):
        f.problem(data, "combinations", "is required")

    groups: set[str] = set()
    for n, d in enumerate(_list(f, data, "dimensions")):
        f.text(d, "id", prefix=f"dimensions[{n}].")
        groups.add(f.text(d, "group", prefix=f"dimensions[{n}]."))
        f.text(d, "label", prefix=f"dimensions[{n}].")
    analysis = data.get("analysis")
    if not isinstance(analysis, YamlMap):
        f.problem(data, "analysis", "must be a mapping with adult, child and note")
    else:
        for who in ("adult", "child"):
            needed = f.texts(analysis, who, prefix="analysis.")
            _values_in(f, analysis, f"analysis.{who}", needed, groups)
        f.text(analysis, "note", prefix="analysis.")

    grounds = data.get("grounds")
    if not isinstance(grounds, YamlMap):
        f.problem(data, "grounds", "must be a mapping")
        grounds = YamlMap()
    weights = grounds.get("weights")
    if not isinstance(weights, YamlMap) or set(weights) != set(STRENGTHS):
        f.problem(grounds, "grounds.weights", "must give a number for strong, medium and weak")
    labels = grounds.get("labels")
    if not isinstance(labels, YamlMap) or set(labels) != set(LEVELS):
        f.problem(grounds, "grounds.labels", f"must label each of {list(LEVELS)}")
    for level in ("act", "alert"):
        for n, rule in enumerate(_list(f, grounds, level) if level in grounds else []):
            p = f"grounds.{level}[{n}]."
            f.text(rule, "reason", prefix=p)
            when = rule.get("when")
            if not isinstance(when, YamlMap) or not when:
                f.problem(rule, p + "when", "must be a mapping of conditions")
                continue
            for key in when:
                if key not in GROUNDS_KEYS:
                    f.problem(when, p + "when." + key, f"is not one of {sorted(GROUNDS_KEYS)}")
            if "minor" in when:
                _values_in(f, when, p + "when.minor", when["minor"], ANSWERS)

    questions: list[str] = []
    for n, q in enumerate(_list(f, data, "key_questions")):
        p = f"key_questions[{n}]."
        qid = f.text(q, "id", prefix=p)
        if qid and not QUESTION_ID.match(qid):
            f.problem(q, p + "id", f"{qid!r} must be lowercase letters, digits and _")
        questions.append(qid)
        f.text(q, "text", prefix=p)
        effects = q.get("effects")
        if not isinstance(effects, YamlMap):
            f.problem(q, p + "effects", "must be a mapping of answer to effect ({} for none)")
            continue
        for answer, effect in effects.items():
            ep = f"{p}effects.{answer}."
            if answer not in ANSWERS:
                f.problem(effects, ep[:-1], f"{answer!r} is not one of {list(ANSWERS)}")
            if not isinstance(effect, YamlMap):
                f.problem(effects, ep[:-1], "must be a mapping")
                continue
            f.text(effect, "element", vocabulary=frozenset(ELEMENTS), prefix=ep)
            f.text(effect, "dimension", required=False, prefix=ep)
            f.text(effect, "strength", vocabulary=frozenset(STRENGTHS), prefix=ep)
            f.text(effect, "note", prefix=ep)
    for missing in [q for q in agreed_questions if q not in questions]:
        f.problem(data, "key_questions", f"the agreed question {missing!r} is missing")

    vocab: dict[str, Iterable[str]] = {
        "level": LEVELS,
        "minor": ANSWERS,
        "forms": forms,
        "categories": [*categories, "key_question"],
        **context,
    }
    seen: set[str] = set()
    for n, action in enumerate(_list(f, data, "actions")):
        p = f"actions[{n}]."
        key = f.text(action, "id", prefix=p)
        if key and not SLUG.match(key):
            f.problem(action, p + "id", f"{key!r} must be lowercase letters, digits and hyphens")
        if key in seen:
            f.problem(action, p + "id", f"duplicate action id {key!r}")
        seen.add(key)
        for name in ("text", "reason", "source"):
            f.text(action, name, prefix=p)
        f.texts(action, "contacts", required=False, vocabulary=frozenset(directory_kinds), prefix=p)
        conditions = action.get("when")
        if not isinstance(conditions, list) or not conditions:
            f.problem(action, p + "when", "must be a list of conditions (any one may hold)")
            continue
        for m, when in enumerate(conditions):
            wp = f"{p}when[{m}]."
            if not isinstance(when, YamlMap):
                f.problem(action, wp[:-1], "must be a mapping")
                continue
            for field, value in when.items():
                if field not in ACTION_KEYS:
                    f.problem(when, wp + field, f"is not one of {sorted(ACTION_KEYS)}")
                elif field == "answers":
                    if not isinstance(value, YamlMap):
                        f.problem(when, wp + field, "must map question ids to answers")
                        continue
                    for qid, answers in value.items():
                        if qid not in questions:
                            f.problem(value, wp + "answers." + qid, "is not a key question")
                        _values_in(f, value, wp + "answers." + qid, answers, ANSWERS)
                else:
                    _values_in(f, when, wp + field, value, vocab[field])
