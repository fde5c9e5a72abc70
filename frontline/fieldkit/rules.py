"""Validation of content/fieldkit/screening.yaml: every id a condition uses must exist, so a
country that adapts the rules learns of a typo from `frontline content check`, not on shift."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from frontline.fieldkit.screening import (
    ANSWERS,
    CONTEXT_FIELDS,
    ELEMENTS,
    LEVELS,
    SERVES,
    STRENGTHS,
)
from frontline.lib.yamlfiles import SLUG, FieldReader, YamlMap

CONTEXT_KEYS = CONTEXT_FIELDS
# Context fields whose options may say which indicator categories the form shows first.
ORDERING_KEYS = ("where", "check")
GROUNDS_KEYS = frozenset(
    {"min_strong", "min_score", "min_elements", "min_count", "minor", "ilo", "decisive"}
)
ACTION_KEYS = frozenset(
    {"level", "minor", *CONTEXT_KEYS, "answers", "forms", "categories", "observed"}
)
QUESTION_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass
class Catalogue:
    """What the rules may point to in the other field-kit files (None: not checked)."""

    indicators: Mapping[str, str] | None = None  # id -> applies_to
    cards: Iterable[str] | None = None


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
    catalogue: Catalogue | None = None,
) -> None:
    catalogue = catalogue or Catalogue()
    f.text(data, "statement")
    context = _validate_context(f, data, categories)
    _validate_analysis(f, data)
    _validate_forms(f, data, forms)
    _validate_decisive(f, data, catalogue)
    route = data.get("child_route")
    if not isinstance(route, YamlMap):
        f.problem(data, "child_route", "must be a mapping with the warning")
    else:
        f.text(route, "warning", prefix="child_route.")
    result = data.get("result")
    if isinstance(result, YamlMap):
        f.number(result, "first_actions", prefix="result.")
    elif result is not None:
        f.problem(data, "result", "must be a mapping (first_actions)")
    _validate_grounds(f, data)
    questions = _validate_questions(f, data, agreed_questions, catalogue)
    vocab: dict[str, Iterable[str]] = {
        "level": LEVELS,
        "minor": ANSWERS,
        "forms": forms,
        "categories": [*categories, "key_question"],
        **context,
    }
    if catalogue.indicators is not None:
        vocab["observed"] = catalogue.indicators
    _validate_actions(f, data, directory_kinds, questions, vocab, catalogue)


def _validate_context(
    f: FieldReader, data: YamlMap, categories: Mapping[str, str]
) -> dict[str, list[str]]:
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
            p = f"context.{key}[{n}]."
            f.text(option, "id", prefix=p)
            f.text(option, "label", prefix=p)
            if key in ORDERING_KEYS:
                f.texts(option, "first", required=False, vocabulary=frozenset(categories),
                        prefix=p)  # fmt: skip
        context[key] = [str(o.get("id")) for o in options]
    return context


def _validate_analysis(f: FieldReader, data: YamlMap) -> None:
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


def _validate_forms(f: FieldReader, data: YamlMap, forms: Iterable[str]) -> None:
    named = []
    for n, form in enumerate(_list(f, data, "forms")):
        named.append(f.text(form, "id", vocabulary=frozenset(forms), prefix=f"forms[{n}]."))
        f.text(form, "label", prefix=f"forms[{n}].")
    for missing in sorted(set(forms) - set(named)):
        f.problem(data, "forms", f"the form {missing!r} has no label")


def _validate_decisive(f: FieldReader, data: YamlMap, catalogue: Catalogue) -> None:
    for n, fact in enumerate(_list(f, data, "decisive")):
        p = f"decisive[{n}]."
        key = f.text(fact, "id", prefix=p)
        if catalogue.indicators is not None and key and key not in catalogue.indicators:
            f.problem(fact, p + "id", f"{key!r} is not an indicator of indicators.yaml")
        f.text(fact, "why", prefix=p)


def _validate_grounds(f: FieldReader, data: YamlMap) -> None:
    grounds = data.get("grounds")
    if not isinstance(grounds, YamlMap):
        f.problem(data, "grounds", "must be a mapping")
        grounds = YamlMap()
    weights = grounds.get("weights")
    if not isinstance(weights, YamlMap) or set(weights) != set(STRENGTHS):
        f.problem(grounds, "grounds.weights", "must give a number for strong, medium and weak")
    f.number(grounds, "counter_weight", prefix="grounds.")
    f.text(grounds, "counter_note", prefix="grounds.")
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
            if level == "act" and _one_observation_could_meet(when):
                f.problem(
                    when,
                    p + "when",
                    "one observation alone could meet this rule: only a decisive fact "
                    "(decisive: true) may; ask for min_count: 2 or min_strong: 2",
                )


def _one_observation_could_meet(when: Mapping[str, Any]) -> bool:
    def at_least(key: str) -> int:
        value = when.get(key, 0)
        return value if isinstance(value, int) and not isinstance(value, bool) else 0

    return (
        when.get("decisive") is not True and max(at_least("min_count"), at_least("min_strong")) < 2
    )


def _validate_questions(
    f: FieldReader, data: YamlMap, agreed_questions: Iterable[str], catalogue: Catalogue
) -> list[str]:
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
            _validate_effect(f, effect, answer, ep, catalogue)
    for missing in [q for q in agreed_questions if q not in questions]:
        f.problem(data, "key_questions", f"the agreed question {missing!r} is missing")
    return questions


def _validate_effect(
    f: FieldReader, effect: YamlMap, answer: str, ep: str, catalogue: Catalogue
) -> None:
    """ "Yes" is the worrying answer: only a yes adds an observation; a no may only be a fact
    that points away (counter: true)."""
    if effect.get("counter") is True:
        if answer != "no":
            f.problem(effect, ep + "counter", "only a no can point away")
        f.text(effect, "note", prefix=ep)
        return
    if answer != "yes":
        f.problem(effect, ep[:-1], "only a yes adds an observation; phrase the question so")
    if "indicator" in effect:
        key = f.text(effect, "indicator", prefix=ep)
        if catalogue.indicators is not None and key and key not in catalogue.indicators:
            f.problem(effect, ep + "indicator", f"{key!r} is not an indicator of indicators.yaml")
        return
    f.text(effect, "element", vocabulary=frozenset(ELEMENTS), prefix=ep)
    f.text(effect, "dimension", required=False, prefix=ep)
    f.text(effect, "strength", vocabulary=frozenset(STRENGTHS), prefix=ep)
    f.text(effect, "note", prefix=ep)


def _validate_actions(
    f: FieldReader,
    data: YamlMap,
    directory_kinds: Iterable[str],
    questions: list[str],
    vocab: Mapping[str, Iterable[str]],
    catalogue: Catalogue,
) -> None:
    seen: set[str] = set()
    cards = frozenset(catalogue.cards) if catalogue.cards is not None else None
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
        f.text(action, "card", required=False, vocabulary=cards, prefix=p)
        f.texts(action, "contacts", required=False, vocabulary=frozenset(directory_kinds), prefix=p)
        f.texts(action, "serves", required=False, vocabulary=frozenset({*SERVES, "person"}),
                prefix=p)  # fmt: skip
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
                elif field in vocab:
                    _values_in(f, when, wp + field, value, vocab[field])
