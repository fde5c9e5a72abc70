"""Answer cues in the item bank, and what a learner with no knowledge scores by following them.

A test-wise learner who knows nothing still scores well when the key is the longest option,
when most true/false statements are false, or when ticking every box of a multiple-choice item
pays. `measure(bank)` counts these cues per unit and overall; `problems(bank)` turns the figures
that stray too far from chance into content problems (docs/content-format.md, "Answer cues");
`strategies` are the no-knowledge learners and `form_scores` what they score on every form.
Plain Python over `bank.ItemData`: no database.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from frontline.assessment.bank import Bank, ItemData
from frontline.lib.yamlfiles import Problem

# How far from chance a figure may stray, either way, in percentage points. A unit has 20 to 30
# choice items, so its figures wander more than the bank's; the unit limit is the looser one.
# Either way: a key that is never the longest (or never the shortest) is a cue as well.
FROM_CHANCE = {"bank": 10, "unit": 20}
FALSE_SHARE = {"bank": (40, 60), "unit": (25, 75)}  # per cent of true/false items keyed "false"
TICK_ALL_MAX = {"bank": 35, "unit": 50}  # mean score of ticking every box of `multiple` items

CHOICE_KINDS = ("single", "judgement")
# Words that make a statement sweeping. When only distractors use them, learners learn to avoid
# them; when only keys hedge ("usually", "may"), learners learn to pick the hedge.
ABSOLUTE = re.compile(r"\b(always|never|only|all|none|every|must|cannot|no one|nobody)\b", re.I)
HEDGES = re.compile(r"\b(usually|often|may|might|can|some|sometimes|generally|most)\b", re.I)
WORD = re.compile(r"[a-z]+")


def is_key(item: ItemData, option: dict) -> bool:
    if item.kind == "judgement":
        return bool(option["rating"] == "best")
    return bool(option.get("correct"))


def _options(item: ItemData) -> list[dict]:
    return list(item.data.get("options", []))


def _key(item: ItemData) -> dict | None:
    return next((o for o in _options(item) if is_key(item, o)), None)


def key_is_longest(item: ItemData) -> bool:
    """The key is at least as long as every other option (a tie counts: it still gives a hint)."""
    key = _key(item)
    return key is not None and len(key["text"]) >= max(len(o["text"]) for o in _options(item))


def key_is_shortest(item: ItemData) -> bool:
    key = _key(item)
    return key is not None and len(key["text"]) <= min(len(o["text"]) for o in _options(item))


def key_is_first(item: ItemData) -> bool:
    options = _options(item)
    return bool(options) and is_key(item, options[0])


def absolute_cue(item: ItemData) -> bool:
    """Only distractors use sweeping words, and at least two of them do."""
    key = _key(item)
    if key is None or ABSOLUTE.search(key["text"]):
        return False
    return sum(1 for o in _options(item) if o is not key and ABSOLUTE.search(o["text"])) >= 2


def overlap_cue(item: ItemData) -> bool:
    """The key shares strictly more words with the stem than any distractor does."""
    key = _key(item)
    if key is None:
        return False
    stem = set(WORD.findall(item.stem.lower()))

    def shared(o: dict) -> int:
        return len(stem & {w for w in WORD.findall(o["text"].lower()) if len(w) > 3})

    best = shared(key)
    return all(shared(o) < best for o in _options(item) if o is not key)


# --- no-knowledge learners -------------------------------------------------------------------


def _expected_random(item: ItemData) -> float:
    """The mean score of answering at random: what knowledge-free guessing earns."""
    if item.kind in CHOICE_KINDS:
        options = _options(item)
        return sum(choice_score(item, o) for o in options) / len(options)
    if item.kind == "truefalse":
        return 0.5
    if item.kind == "multiple":
        # Every subset equally likely: the mean of the kind's own score over all of them.
        options = _options(item)
        right = sum(1 for o in options if o["correct"])
        total, count = 0.0, 0
        for size in range(1, len(options) + 1):
            for chosen in itertools.combinations(options, size):
                hits = sum(1 for o in chosen if o["correct"])
                total += max(0.0, (hits - (size - hits)) / right)
                count += 1
        return total / count
    if item.kind == "matching":
        return 1 / len(item.data["pairs"])  # a random matching fixes one pair on average
    if item.kind == "ordering":
        return 1 / len(item.data["steps"])
    return 0.0  # short answer: nothing to guess from


def choice_score(item: ItemData, option: dict) -> float:
    if item.kind == "judgement":
        return {"best": 1.0, "acceptable": 0.5}.get(option["rating"], 0.0)
    return 1.0 if option.get("correct") else 0.0


def _longest(item: ItemData) -> float | None:
    if item.kind not in CHOICE_KINDS:
        return None
    options = _options(item)
    top = max(len(o["text"]) for o in options)
    longest = [o for o in options if len(o["text"]) == top]
    return sum(choice_score(item, o) for o in longest) / len(longest)


def _shortest(item: ItemData) -> float | None:
    if item.kind not in CHOICE_KINDS:
        return None
    options = _options(item)
    low = min(len(o["text"]) for o in options)
    shortest = [o for o in options if len(o["text"]) == low]
    return sum(choice_score(item, o) for o in shortest) / len(shortest)


def _first(item: ItemData) -> float | None:
    # The first option in the file: what a learner gets if options were shown unshuffled.
    if item.kind not in CHOICE_KINDS:
        return None
    return choice_score(item, _options(item)[0])


def _false(item: ItemData) -> float | None:
    if item.kind != "truefalse":
        return None
    return 0.0 if item.data["answer"] else 1.0


def _tick_all(item: ItemData) -> float | None:
    if item.kind != "multiple":
        return None
    options = _options(item)
    right = sum(1 for o in options if o["correct"])
    return max(0.0, (right - (len(options) - right)) / right)


def _avoid_absolutes(item: ItemData) -> float | None:
    # Pick at random among the options without sweeping words (all, when every one has some).
    if item.kind not in CHOICE_KINDS:
        return None
    options = _options(item)
    plain = [o for o in options if not ABSOLUTE.search(o["text"])] or options
    return sum(choice_score(item, o) for o in plain) / len(plain)


def _test_wise(item: ItemData) -> float | None:
    # Every cue at once, as the learner did: longest option, "false", tick all.
    for rule in (_longest, _false, _tick_all):
        value = rule(item)
        if value is not None:
            return value
    return None


Rule = Callable[[ItemData], "float | None"]
STRATEGIES: dict[str, Rule] = {
    "longest": _longest,
    "shortest": _shortest,
    "first": _first,
    "false": _false,
    "tick-all": _tick_all,
    "avoid-absolutes": _avoid_absolutes,
    "test-wise": _test_wise,
    "chance": lambda item: None,
}


def strategy_score(name: str, item: ItemData) -> float:
    """The item score of a no-knowledge learner: its cue where the cue applies, else chance."""
    value = STRATEGIES[name](item)
    return _expected_random(item) if value is None else value


@dataclass
class FormResult:
    name: str
    items: int
    scores: dict[str, float] = field(default_factory=dict)  # strategy -> per cent


def form_scores(forms: dict[str, list[ItemData]]) -> list[FormResult]:
    """The per-cent score of every strategy on every form (a unit quiz's form is its whole
    pool: a draw of two items per objective scores, on average, the pool's mean)."""
    results = []
    for name, items in forms.items():
        if not items:
            continue
        result = FormResult(name, len(items))
        for strategy in STRATEGIES:
            total = sum(strategy_score(strategy, item) for item in items)
            result.scores[strategy] = round(100 * total / len(items), 1)
        results.append(result)
    return results


def drawn_scores(bank: Bank, unit: str, strategy: str, *, draws: int = 2000) -> list[float]:
    """`strategy`'s per-cent score on `draws` unit quizzes drawn as attempts draw them
    (`items_per_objective` items of each objective from the unit's pool), from a fixed seed."""
    take = bank.unit_quiz.items_per_objective
    by_objective: dict[str, list[float]] = {}
    for item in bank.assemble().pools.get(unit, []):
        by_objective.setdefault(item.primary, []).append(strategy_score(strategy, item))
    rng = random.Random(f"draws:{unit}:{strategy}")  # noqa: S311 (a sample, not a secret)
    scores = []
    for _ in range(draws):
        drawn = [s for group in by_objective.values() for s in rng.sample(group, take)]
        scores.append(100 * sum(drawn) / len(drawn))
    return scores


def bank_forms(bank: Bank) -> dict[str, list[ItemData]]:
    forms = bank.assemble()
    named = {"pre-test": forms.pre, "post-test": forms.post}
    for unit, pool in sorted(forms.pools.items()):
        named[f"{unit} quiz pool"] = pool
    return named


# --- the figures and the limits --------------------------------------------------------------


@dataclass
class CueFigures:
    """Counts for one group of items (a unit, or the whole bank)."""

    choice_items: int = 0
    longest: int = 0
    shortest: int = 0
    first: int = 0
    absolute: int = 0
    overlap: int = 0
    chance: float = 0.0  # the expected count of `longest` (and of `first`) by chance
    truefalse: int = 0
    false: int = 0
    multiple: int = 0
    tick_all: float = 0.0  # summed score of ticking every box

    def add(self, item: ItemData) -> None:
        if item.kind in CHOICE_KINDS:
            self.choice_items += 1
            self.longest += key_is_longest(item)
            self.shortest += key_is_shortest(item)
            self.first += key_is_first(item)
            self.absolute += absolute_cue(item)
            self.overlap += overlap_cue(item)
            self.chance += 1 / len(_options(item))
        elif item.kind == "truefalse":
            self.truefalse += 1
            self.false += not item.data["answer"]
        elif item.kind == "multiple":
            self.multiple += 1
            self.tick_all += _tick_all(item) or 0.0

    @staticmethod
    def share(part: float, whole: int) -> float:
        return round(100 * part / whole, 1) if whole else 0.0

    def as_dict(self) -> dict[str, float]:
        return {
            "longest_key_pct": self.share(self.longest, self.choice_items),
            "shortest_key_pct": self.share(self.shortest, self.choice_items),
            "first_key_pct": self.share(self.first, self.choice_items),
            "chance_pct": self.share(self.chance, self.choice_items),
            "absolute_cue_pct": self.share(self.absolute, self.choice_items),
            "overlap_cue_pct": self.share(self.overlap, self.choice_items),
            "false_pct": self.share(self.false, self.truefalse),
            "tick_all_pct": self.share(self.tick_all, self.multiple),
        }


def measure(items: Iterable[ItemData]) -> dict[str, CueFigures]:
    """Figures per unit and, under "bank", over all the items."""
    groups: dict[str, CueFigures] = {"bank": CueFigures()}
    for item in items:
        groups.setdefault(item.unit, CueFigures()).add(item)
        groups["bank"].add(item)
    return groups


def problems(bank: Bank) -> list[Problem]:
    """The cue figures beyond their limits, as content problems."""
    found: list[Problem] = []
    where = "content/assessment/items"
    for group, figures in measure(bank.items).items():
        scope = "bank" if group == "bank" else "unit"
        f = figures.as_dict()
        label = "the bank" if group == "bank" else f"unit {group}"
        for cue, what, both_ways in (
            ("longest_key_pct", "the longest", True),
            ("shortest_key_pct", "the shortest", True),
            ("first_key_pct", "the first", False),  # a key never first in the file is harmless
        ):
            low = f["chance_pct"] - FROM_CHANCE[scope] if both_ways else 0.0
            high = f["chance_pct"] + FROM_CHANCE[scope]
            if figures.choice_items and not low <= f[cue] <= high:
                found.append(
                    Problem(
                        where,
                        1,
                        group,
                        f"in {label} the key is {what} option of {f[cue]} % of the single-choice "
                        f"and judgement items; chance is {f['chance_pct']} %, keep it between "
                        f"{max(low, 0):.1f} and {high:.1f} %",
                    )
                )
        low, high = FALSE_SHARE[scope]
        if figures.truefalse and not low <= f["false_pct"] <= high:
            found.append(
                Problem(
                    where,
                    1,
                    group,
                    f"in {label} {f['false_pct']} % of the true/false items are false; keep it "
                    f"between {low} and {high} %",
                )
            )
        if figures.multiple and f["tick_all_pct"] > TICK_ALL_MAX[scope]:
            found.append(
                Problem(
                    where,
                    1,
                    group,
                    f"in {label} ticking every box of the multiple-choice items scores "
                    f"{f['tick_all_pct']} % on average; the limit is {TICK_ALL_MAX[scope]} %",
                )
            )
    return found
