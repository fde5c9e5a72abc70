"""Read and validate the content files under content/ (see docs/content-format.md).

`read_content(root)` returns a `Content` bundle or raises `ContentInvalid` listing every problem
with its file, line and field. Nothing here touches the database: `loading.py` writes the bundle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from frontline.curriculum import guide
from frontline.curriculum.models import (
    GlossaryTerm,
    Instrument,
    Lesson,
    Objective,
    Resource,
    SessionRow,
    Unit,
)
from frontline.lib.yamlfiles import (
    ContentInvalid,
    FieldReader,
    Problem,
    YamlMap,
    parse_yaml,
    read_text,
    read_yaml_list,
    split_front_matter,
)

# Controlled vocabularies of the resource library (docs/content-format.md).
RESOURCE_TYPES = frozenset(
    [
        "training manual",
        "handbook",
        "guidelines",
        "report",
        "legal instrument",
        "toolkit",
        "indicators",
        "e-learning",
        "video",
        "website",
        "study",
        "policy paper",
    ]
)
TOPICS = frozenset(
    [
        "definition",
        "legal framework",
        "identification",
        "indicators",
        "victim assistance",
        "referral",
        "investigation",
        "prosecution",
        "intelligence",
        "border",
        "labour exploitation",
        "sexual exploitation",
        "children",
        "smuggling",
        "co-operation",
        "prevention",
        "frontline",
        "training",
        "data",
        "human rights",
    ]
)
REGIONS = frozenset(
    [
        "global",
        "Europe",
        "European Union",
        "South-Eastern Europe",
        "Eastern Europe",
        "Central Asia",
        "Middle East",
        "Africa",
        "Americas",
        "United States",
        "Asia",
    ]
)
AUDIENCES = frozenset(
    [
        "frontline officers",
        "border guards",
        "investigators",
        "prosecutors",
        "judges",
        "labour inspectors",
        "NGOs",
        "trainers",
        "policy makers",
        "general public",
    ]
)


# --- the bundle ----------------------------------------------------------------------------


@dataclass
class ObjectiveData:
    key: str
    text: str


@dataclass
class SessionRowData:
    seq: int
    title: str
    content: str
    activities: list[str]
    minutes: int
    references: list[str]
    line: int
    notes: dict[str, object] = field(default_factory=dict)  # the facilitator guide (guide.py)


@dataclass
class UnitData:
    key: str
    number: int
    title: str
    summary: str
    intro: str
    objectives: list[ObjectiveData]
    session_plan: list[SessionRowData]
    path: str


@dataclass
class LessonData:
    key: str
    unit: str
    order: int
    title: str
    objectives: list[str]
    key_points: list[str]
    sources: list[str]
    resources: list[str]
    body: str
    path: str
    lines: dict[str, int]

    @property
    def words(self) -> int:
        return len(re.findall(r"[\w'\u2019-]+", self.body))


@dataclass
class TermData:
    key: str
    term: str
    abbreviation: str
    definition: str
    source: str
    see_also: list[str]


@dataclass
class InstrumentData:
    key: str
    short: str
    title: str
    body: str
    year: int
    kind: str
    summary: str
    key_articles: list[str]


@dataclass
class ResourceData:
    key: str
    title: str
    publisher: str
    year: int | None
    type: str
    topics: list[str]
    region: str
    audience: list[str]
    summary: str
    url: str


@dataclass
class Content:
    course: dict[str, Any]
    units: list[UnitData] = field(default_factory=list)
    lessons: list[LessonData] = field(default_factory=list)
    terms: list[TermData] = field(default_factory=list)
    instruments: list[InstrumentData] = field(default_factory=list)
    resources: list[ResourceData] = field(default_factory=list)
    coverage: dict[str, list[str]] = field(default_factory=dict)
    reader_sections: dict[str, str] = field(default_factory=dict)

    def stats(self) -> dict[str, int]:
        return {
            "units": len(self.units),
            "lessons": len(self.lessons),
            "objectives": sum(len(u.objectives) for u in self.units),
            "glossary_terms": len(self.terms),
            "resources": len(self.resources),
            "instruments": len(self.instruments),
            "words": sum(lesson.words for lesson in self.lessons),
            "reader_sections_covered": sum(1 for s in self.reader_sections if self.coverage.get(s)),
        }


# --- reading ---------------------------------------------------------------------------------


def _read_unit(root: Path, path: Path, problems: list[Problem]) -> UnitData | None:
    f = FieldReader(root, path, problems, model=Unit)
    meta, body = split_front_matter(read_text(path, f), f)
    if meta is None:
        return None
    key = f.slug(meta)
    objectives = []
    for i, item in enumerate(f.entries(meta, "objectives")):
        if not isinstance(item, YamlMap):
            f.problem(meta, f"objectives[{i}]", "must be a mapping with id and text")
            continue
        okey = f.slug(item, prefix=f"objectives[{i}].", model=Objective)
        if okey and not okey.startswith(f"{key}-o"):
            f.problem(item, f"objectives[{i}].id", f"must start with '{key}-o'")
        objectives.append(ObjectiveData(okey, f.text(item, "text", prefix=f"objectives[{i}].")))
    if not objectives:
        f.problem(meta, "objectives", "at least one objective is required")
    rows = []
    for i, item in enumerate(f.entries(meta, "session_plan")):
        if not isinstance(item, YamlMap):
            f.problem(meta, f"session_plan[{i}]", "must be a mapping")
            continue
        p = f"session_plan[{i}]."
        minutes = f.number(item, "minutes", prefix=p, model=SessionRow)
        if minutes is not None and not 1 <= minutes <= 480:
            f.problem(item, p + "minutes", "must be between 1 and 480")
        rows.append(
            SessionRowData(
                seq=f.number(item, "seq", prefix=p, model=SessionRow) or 0,
                title=f.text(item, "title", prefix=p, model=SessionRow),
                content=f.text(item, "content", prefix=p),
                activities=f.texts(item, "activities", prefix=p),
                minutes=minutes or 0,
                references=f.texts(item, "references", required=False, prefix=p),
                line=item.line + f.offset,
            )
        )
    if not rows:
        f.problem(meta, "session_plan", "at least one row is required")
    seqs = [r.seq for r in rows]
    if len(seqs) != len(set(seqs)):
        f.problem(meta, "session_plan", "seq values must be unique")
    return UnitData(
        key=key,
        number=f.number(meta, "number") or 0,
        title=f.text(meta, "title"),
        summary=f.text(meta, "summary"),
        intro=body,
        objectives=objectives,
        session_plan=rows,
        path=f.name,
    )


def _read_lesson(root: Path, path: Path, unit: str, problems: list[Problem]) -> LessonData | None:
    f = FieldReader(root, path, problems, model=Lesson)
    meta, body = split_front_matter(read_text(path, f), f)
    if meta is None:
        return None
    key = f.slug(meta)
    if key and key != path.stem:
        f.problem(meta, "id", f"{key!r} must match the file name {path.stem!r}")
    if key and not key.startswith(f"{unit}-l"):
        f.problem(meta, "id", f"must start with '{unit}-l' (the unit's folder)")
    for legacy in ("glossary",):
        if legacy in meta:
            f.problem(meta, legacy, "is computed from the text; remove it")
    if len(body.split()) < 50:
        f.problems.append(Problem(f.name, 1, "(body)", "a lesson needs at least 50 words of text"))
    return LessonData(
        key=key,
        unit=unit,
        order=f.number(meta, "order") or 0,
        title=f.text(meta, "title"),
        objectives=f.texts(meta, "objectives"),
        key_points=f.texts(meta, "key_points"),
        sources=f.texts(meta, "sources"),
        resources=f.texts(meta, "resources", required=False),
        body=body,
        path=f.name,
        lines={k: v + f.offset for k, v in meta.lines.items()},
    )


def _unique(items: list[Any], what: str, path: str, problems: list[Problem]) -> None:
    seen: set[str] = set()
    for item in items:
        if item.key in seen:
            problems.append(Problem(path, 1, "id", f"duplicate {what} id {item.key!r}"))
        seen.add(item.key)


def read_content(root: Path) -> Content:
    """Read, validate and cross-check the curriculum under `root`; raise ContentInvalid."""
    problems: list[Problem] = []
    content = collect_content(root, problems)
    if problems:
        raise ContentInvalid(problems)
    return content


def collect_content(root: Path, problems: list[Problem]) -> Content:
    """Read the curriculum under `root`, adding what is wrong to `problems`."""
    course_file = root / "course.yaml"
    cf = FieldReader(root, course_file, problems)
    course: Any = None
    if course_file.exists():
        course = parse_yaml(read_text(course_file, cf), cf)
    else:
        problems.append(Problem(cf.name, 1, "(file)", "is missing"))
    if course is not None and not isinstance(course, YamlMap):
        problems.append(Problem(cf.name, 1, "(file)", "must be a mapping"))
        course = None
    content = Content(course=dict(course or {}))
    if course is not None:
        cf.text(course, "title")
        cf.texts(course, "units")

    for unit_dir in sorted(p for p in (root / "units").glob("*") if p.is_dir()):
        unit_file = unit_dir / "unit.md"
        if not unit_file.exists():
            problems.append(Problem(str(unit_file), 1, "(file)", "is missing"))
            continue
        unit = _read_unit(root, unit_file, problems)
        if unit is None:
            continue
        if unit.key != unit_dir.name:
            problems.append(Problem(unit.path, 1, "id", f"must match the folder {unit_dir.name!r}"))
        content.units.append(unit)
        for lesson_path in sorted((unit_dir / "lessons").glob("*.md")):
            lesson = _read_lesson(root, lesson_path, unit_dir.name, problems)
            if lesson is not None:
                content.lessons.append(lesson)

    guide.read_guides(root, content.units, problems)

    tf, terms = read_yaml_list(root, root / "glossary.yaml", problems, GlossaryTerm)
    for i, d in enumerate(terms):
        p = f"[{i}]."
        content.terms.append(
            TermData(
                key=tf.slug(d, prefix=p),
                term=tf.text(d, "term", prefix=p),
                abbreviation=tf.text(d, "abbreviation", required=False, prefix=p),
                definition=tf.text(d, "definition", prefix=p),
                source=tf.text(d, "source", required=False, prefix=p),
                see_also=tf.texts(d, "see_also", required=False, prefix=p),
            )
        )
    inf, instruments = read_yaml_list(root, root / "instruments.yaml", problems, Instrument)
    for i, d in enumerate(instruments):
        p = f"[{i}]."
        content.instruments.append(
            InstrumentData(
                key=inf.slug(d, prefix=p),
                short=inf.text(d, "short", prefix=p),
                title=inf.text(d, "title", prefix=p),
                body=inf.text(d, "body", prefix=p),
                year=inf.number(d, "year", prefix=p) or 0,
                kind=inf.text(d, "kind", prefix=p),
                summary=inf.text(d, "summary", prefix=p),
                key_articles=inf.texts(d, "key_articles", required=False, prefix=p),
            )
        )
    rf, resources = read_yaml_list(root, root / "library" / "resources.yaml", problems, Resource)
    for i, d in enumerate(resources):
        p = f"[{i}]."
        url = rf.text(d, "url", required=False, prefix=p)
        if url and not url.startswith(("http://", "https://")):
            rf.problem(d, p + "url", "must start with http:// or https://")
        content.resources.append(
            ResourceData(
                key=rf.slug(d, prefix=p),
                title=rf.text(d, "title", prefix=p),
                publisher=rf.text(d, "publisher", prefix=p),
                year=rf.number(d, "year", required=False, prefix=p),
                type=rf.text(d, "type", vocabulary=RESOURCE_TYPES, prefix=p),
                topics=rf.texts(d, "topics", vocabulary=TOPICS, prefix=p),
                region=rf.text(d, "region", vocabulary=REGIONS, prefix=p),
                audience=rf.texts(d, "audience", vocabulary=AUDIENCES, prefix=p),
                summary=rf.text(d, "summary", prefix=p),
                url=url,
            )
        )

    sections_path = root / "coverage" / "reader-sections.yaml"
    sf = FieldReader(root, sections_path, problems)
    if sections_path.exists():
        data = parse_yaml(read_text(sections_path, sf), sf)
        if isinstance(data, dict):
            content.reader_sections = {str(k): str(v) for k, v in data.items()}
    else:
        problems.append(Problem(sf.name, 1, "(file)", "is missing"))
    coverage_lines: dict[str, tuple[str, int]] = {}
    for path in sorted((root / "coverage").glob("u*.yaml")):
        f = FieldReader(root, path, problems)
        data = parse_yaml(read_text(path, f), f)
        if not isinstance(data, YamlMap):
            problems.append(Problem(f.name, 1, "(file)", "must map reader sections to lesson ids"))
            continue
        for section in data:
            ids = f.texts(data, section)
            content.coverage.setdefault(str(section), []).extend(ids)
            coverage_lines.setdefault(str(section), (f.name, data.lines.get(str(section), 1)))

    _cross_check(content, coverage_lines, problems)
    return content


def _cross_check(
    content: Content, coverage_lines: dict[str, tuple[str, int]], problems: list[Problem]
) -> None:
    """References between files: every id named must exist, and every section must be taught."""
    _unique(content.units, "unit", "content/units", problems)
    _unique(content.lessons, "lesson", "content/units", problems)
    _unique(content.terms, "glossary", "content/glossary.yaml", problems)
    _unique(content.instruments, "instrument", "content/instruments.yaml", problems)
    _unique(content.resources, "resource", "content/library/resources.yaml", problems)
    units = {u.key: u for u in content.units}
    lessons = {lesson.key for lesson in content.lessons}
    resources = {r.key for r in content.resources}
    instruments = {i.key for i in content.instruments}
    terms = {t.key for t in content.terms}
    listed = content.course.get("units")
    for key in listed if isinstance(listed, list) else []:
        if key not in units:
            problems.append(Problem("content/course.yaml", 1, "units", f"unknown unit {key!r}"))
    objectives_by_unit = {u.key: {o.key for o in u.objectives} for u in content.units}
    taught: set[str] = set()
    for lesson in content.lessons:
        for objective in lesson.objectives:
            if objective not in objectives_by_unit.get(lesson.unit, set()):
                problems.append(
                    Problem(
                        lesson.path,
                        lesson.lines.get("objectives", 1),
                        "objectives",
                        f"{objective!r} is not an objective of unit {lesson.unit}",
                    )
                )
            taught.add(objective)
        for resource in lesson.resources:
            if resource not in resources:
                problems.append(
                    Problem(
                        lesson.path,
                        lesson.lines.get("resources", 1),
                        "resources",
                        f"unknown resource {resource!r}",
                    )
                )
    for unit in content.units:
        for declared in unit.objectives:
            if declared.key not in taught:
                problems.append(
                    Problem(unit.path, 1, "objectives", f"{declared.key!r} is taught by no lesson")
                )
        for row in unit.session_plan:
            for ref in row.references:
                if ref not in lessons | resources | instruments:
                    problems.append(
                        Problem(
                            unit.path,
                            row.line,
                            f"session_plan[seq={row.seq}].references",
                            f"unknown lesson, resource or instrument {ref!r}",
                        )
                    )
    for term in content.terms:
        for other in term.see_also:
            if other not in terms:
                problems.append(
                    Problem(
                        "content/glossary.yaml", 1, f"{term.key}.see_also", f"unknown {other!r}"
                    )
                )
    for section, ids in content.coverage.items():
        path, line = coverage_lines[section]
        if section not in content.reader_sections:
            problems.append(Problem(path, line, section, "is not a section of the reader"))
        for lesson_id in ids:
            if lesson_id not in lessons:
                problems.append(Problem(path, line, section, f"unknown lesson {lesson_id!r}"))
    for section in content.reader_sections:
        if not content.coverage.get(section):
            problems.append(
                Problem(
                    "content/coverage",
                    1,
                    section,
                    "this reader section is taught by no lesson",
                )
            )
