"""Read and validate the item bank (content/assessment/items/) and the quiz settings of the course.

`collect_bank(root, content, problems)` checks every item against the curriculum it points to
(objectives, lessons) and `Bank.assemble()` splits the bank into the pre-test, the post-test
and the unit-quiz pools as docs/content-format.md describes. No database here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from frontline.assessment.kinds import KINDS
from frontline.assessment.models import Item, Quiz
from frontline.curriculum.content import Content
from frontline.lib.yamlfiles import FieldReader, Problem, YamlMap, read_yaml_list

FEEDBACK_MODES = frozenset({"immediate", "deferred"})


@dataclass(frozen=True)
class QuizSettings:
    pass_mark: int = 70
    max_attempts: int = 3
    time_limit_minutes: int = 0
    shuffle_items: bool = True
    shuffle_options: bool = True
    feedback: str = "immediate"
    items_per_objective: int = 2


@dataclass
class ItemData:
    key: str
    unit: str
    kind: str
    objectives: list[str]
    lesson: str
    source: str
    stem: str
    feedback: str
    data: dict[str, Any]
    path: str
    line: int

    @property
    def primary(self) -> str:
        return self.objectives[0] if self.objectives else ""


@dataclass
class Forms:
    pre: list[ItemData]
    post: list[ItemData]
    pools: dict[str, list[ItemData]]  # unit key -> items its quiz draws from


@dataclass
class Bank:
    items: list[ItemData] = field(default_factory=list)
    unit_quiz: QuizSettings = field(default_factory=QuizSettings)
    tests: QuizSettings = field(default_factory=QuizSettings)
    objectives: list[str] = field(default_factory=list)  # in course order

    def by_objective(self) -> dict[str, list[ItemData]]:
        """Items by primary objective, each list in the order of the item files."""
        groups: dict[str, list[ItemData]] = defaultdict(list)
        for item in self.items:
            groups[item.primary].append(item)
        return groups

    def pairs(self, items: list[ItemData]) -> list[tuple[ItemData, ItemData]]:
        """The parallel pairs of one objective's items, as many as the tests take: each item,
        in file order, with the next unpaired item of the same kind (the writers put a pair's
        two items together, the pre-test's first)."""
        pairs: list[tuple[ItemData, ItemData]] = []
        used: set[str] = set()
        for n, item in enumerate(items):
            if len(pairs) == self.tests.items_per_objective:
                break
            if item.key in used:
                continue
            twin = next(
                (o for o in items[n + 1 :] if o.kind == item.kind and o.key not in used), None
            )
            if twin is not None:
                pairs.append((item, twin))
                used |= {item.key, twin.key}
        return pairs

    def assemble(self) -> Forms:
        forms = Forms(pre=[], post=[], pools=defaultdict(list))
        groups = self.by_objective()
        for objective in self.objectives:
            items = groups.get(objective, [])
            paired = self.pairs(items)
            forms.pre += [pre for pre, _post in paired]
            forms.post += [post for _pre, post in paired]
            taken = {i.key for pair in paired for i in pair}
            for item in items:
                if item.key not in taken:
                    forms.pools[item.unit].append(item)
        return forms

    def stats(self) -> dict[str, int]:
        groups = self.by_objective()
        return {
            "items": len(self.items),
            "items_per_objective_min": min(
                (len(groups.get(o, [])) for o in self.objectives), default=0
            ),
        }


def _settings(f: FieldReader, d: Any, name: str, base: QuizSettings) -> QuizSettings:
    if d is None:
        return base
    if not isinstance(d, YamlMap):
        f.problem(None, name, "must be a mapping of settings")
        return base
    values: dict[str, Any] = {}
    for key in ("pass_mark", "max_attempts", "time_limit_minutes", "items_per_objective"):
        if key in d:
            values[key] = f.number(d, key, prefix=f"{name}.", model=Quiz)
    for key in ("shuffle_items", "shuffle_options"):
        if key in d:
            values[key] = f.flag(d, key, prefix=f"{name}.")
    if "feedback" in d:
        values["feedback"] = f.text(d, "feedback", vocabulary=FEEDBACK_MODES, prefix=f"{name}.")
    values = {k: v for k, v in values.items() if v not in (None, "")}
    if values.get("pass_mark", 0) > 100:
        f.problem(d, f"{name}.pass_mark", "is a percentage: 0 to 100")
    if values.get("items_per_objective", 1) < 1:
        f.problem(d, f"{name}.items_per_objective", "must be at least 1")
    return replace(base, **values)


def _read_item(f: FieldReader, d: YamlMap, unit: str, n: int) -> ItemData:
    p = f"[{n}]."
    key = f.slug(d, prefix=p, model=Item)
    if key and not key.startswith(f"{unit}-"):
        f.problem(d, p + "id", f"must start with '{unit}-' (the file name)")
    kind_name = f.text(d, "kind", vocabulary=frozenset(KINDS), prefix=p)
    kind = KINDS.get(kind_name)
    return ItemData(
        key=key,
        unit=unit,
        kind=kind_name,
        objectives=f.texts(d, "objectives", prefix=p),
        lesson=f.text(d, "lesson", prefix=p),
        source=f.text(d, "source", prefix=p, model=Item),
        stem=f.text(d, "stem", prefix=p),
        feedback=f.text(d, "feedback", prefix=p),
        data=kind.read(f, d, p) if kind else {},
        path=f.name,
        line=d.line,
    )


def collect_bank(root: Path, content: Content, problems: list[Problem]) -> Bank:
    """Read the items and quiz settings under `root`, adding what is wrong to `problems`."""
    course = FieldReader(root, root / "course.yaml", problems)
    section = content.course.get("assessment")
    shared = _settings(course, section, "assessment", QuizSettings())
    parts = section if isinstance(section, YamlMap) else YamlMap()
    bank = Bank(
        unit_quiz=_settings(course, parts.get("unit_quiz"), "assessment.unit_quiz", shared),
        tests=_settings(course, parts.get("tests"), "assessment.tests", shared),
        objectives=[o.key for u in content.units for o in u.objectives],
    )
    units = {u.key: {o.key for o in u.objectives} for u in content.units}
    lessons = {lesson.key: lesson.unit for lesson in content.lessons}
    for path in sorted((root / "assessment" / "items").glob("*.yaml")):
        f, entries = read_yaml_list(root, path, problems)
        if path.stem not in units:
            problems.append(Problem(f.name, 1, "(file)", f"{path.stem!r} is not a unit id"))
            continue
        for n, d in enumerate(entries):
            item = _read_item(f, d, path.stem, n)
            for objective in item.objectives:
                if objective not in units[item.unit]:
                    f.problem(
                        d, f"[{n}].objectives", f"{objective!r} is not an objective of {item.unit}"
                    )
            if item.lesson and lessons.get(item.lesson) != item.unit:
                f.problem(d, f"[{n}].lesson", f"{item.lesson!r} is not a lesson of {item.unit}")
            bank.items.append(item)
    _check_bank(bank, problems)
    return bank


def _check_bank(bank: Bank, problems: list[Problem]) -> None:
    seen: dict[str, ItemData] = {}
    for item in bank.items:
        if item.key in seen:
            problems.append(Problem(item.path, item.line, "id", f"duplicate item id {item.key!r}"))
        seen[item.key] = item
    needed = 2 * bank.tests.items_per_objective + bank.unit_quiz.items_per_objective
    groups = bank.by_objective()
    for objective in bank.objectives:
        count = len(groups.get(objective, []))
        if count < needed:
            problems.append(
                Problem(
                    "content/assessment/items",
                    1,
                    objective,
                    f"is the primary objective of {count} item(s); the pre-test, post-test and "
                    f"unit quiz need at least {needed}",
                )
            )
        elif len(bank.pairs(groups.get(objective, []))) < bank.tests.items_per_objective:
            problems.append(
                Problem(
                    "content/assessment/items",
                    1,
                    objective,
                    f"needs {bank.tests.items_per_objective} pair(s) of items of the same kind "
                    "for the parallel pre- and post-test",
                )
            )
