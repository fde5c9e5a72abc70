"""Read and validate the field-kit files under content/fieldkit/ (format: docs/content-format.md).

`collect_fieldkit(root, problems)` reads the indicator catalogue, the phrase sheet, the
first-contact cards, the screening rules, the trafficking-or-smuggling criteria and the demo
directory, adding every problem (file, line, field) to `problems`. No database here: the
catalogue, phrases, cards and rules are reference data read from files (`current_kit()` keeps
the parsed files in memory until they change); only the directory, which administrators edit,
is a model.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from frontline.fieldkit.directory import DirectoryRow, read_directory_csv, validate_row
from frontline.fieldkit.models import DirectoryEntry
from frontline.fieldkit.rules import Catalogue, validate_rules
from frontline.fieldkit.screening import ANSWERS, ELEMENTS, LEVELS, STRENGTHS, Screening
from frontline.fieldkit.smuggling import validate_criteria
from frontline.lib.yamlfiles import (
    SLUG,
    ContentInvalid,
    FieldReader,
    Problem,
    YamlMap,
    parse_yaml,
    read_text,
    read_yaml_list,
    split_front_matter,
)

CATEGORIES = {
    "generic": "gen",
    "sexual": "sex",
    "labour": "lab",
    "domestic": "dom",
    "begging_criminality": "beg",
    "border": "bor",
    "children": "chi",
    "traffickers": "trf",
}
DIMENSIONS = frozenset(
    {
        "deceptive_recruitment",
        "coercive_recruitment",
        "abuse_recruitment",
        "exploitative_conditions",
        "coercion_destination",
        "abuse_destination",
    }
)
FORMS = frozenset({"sexual", "labour", "domestic", "begging", "criminality", "marriage", "organs"})
APPLIES_TO = frozenset({"adult", "child", "both"})
PHRASE_GROUPS = frozenset(
    {"reassurance", "safety", "age", "language", "needs", "children", "questions"}
)
PHRASE_KINDS = frozenset({"statement", "yesno"})
DIRECTORY_KINDS = frozenset(DirectoryEntry.Kind.values)
# The key questions agreed with the content writers; screening.yaml may add more.
AGREED_QUESTIONS = (
    "documents_held",
    "cannot_leave",
    "debt",
    "answers_for",
    "deceived",
    "wages_withheld",
)
QUESTION_ID = r"^[a-z][a-z0-9_]*$"
MIN_INDICATORS = 80
MIN_PER_CATEGORY = {"generic": 15, "border": 8, "children": 8, "traffickers": 6}
MIN_CATEGORY = 6
MIN_PER_DIMENSION = 4
MIN_PHRASES = 30
MIN_LANGUAGES = 8  # besides English
MIN_YESNO = 8
MIN_CARDS = 6
CARD_WORDS = (80, 250)


@dataclass
class Indicator:
    id: str
    category: str
    text: str
    element: str
    dimension: str
    strength: str
    forms: list[str]
    applies_to: str
    source: str

    def as_data(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "category": self.category,
            "text": self.text,
            "element": self.element,
            "dimension": self.dimension,
            "strength": self.strength,
            "forms": self.forms,
            "applies_to": self.applies_to,
        }


@dataclass
class Language:
    code: str
    name: str
    native: str
    dir: str
    reviewed: bool


@dataclass
class Phrase:
    id: str
    group: str
    kind: str
    question: str
    # The person's yes is the key question's no ("Can you leave when you want?" fills
    # "Is the person kept from leaving?").
    inverted: bool
    text: dict[str, str]


@dataclass
class Card:
    id: str
    title: str
    order: int
    sources: list[str]
    body: str  # Markdown


@dataclass
class FieldKit:
    indicators: list[Indicator] = field(default_factory=list)
    languages: list[Language] = field(default_factory=list)
    phrases: list[Phrase] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)
    rules: dict[str, Any] = field(default_factory=dict)
    smuggling: dict[str, Any] = field(default_factory=dict)
    directory_demo: list[DirectoryRow] = field(default_factory=list)
    _engine: Screening | None = field(default=None, repr=False)

    def stats(self) -> dict[str, int]:
        return {
            "indicators": len(self.indicators),
            "phrases": len(self.phrases),
            "phrase_languages": len(self.languages),
            "field_cards": len(self.cards),
            "screening_actions": len(self.rules.get("actions", [])),
            "directory_entries": len(self.directory_demo),
        }

    def screening_data(self) -> dict[str, Any]:
        """What both evaluators read: the rules and the catalogue as plain JSON-ready data."""
        return {"rules": self.rules, "indicators": [i.as_data() for i in self.indicators]}

    def engine(self) -> Screening:
        if self._engine is None:
            data = self.screening_data()
            self._engine = Screening(data["rules"], data["indicators"])
        return self._engine

    def indicator(self, key: str) -> Indicator | None:
        return next((i for i in self.indicators if i.id == key), None)

    def language(self, code: str) -> Language | None:
        return next((lang for lang in self.languages if lang.code == code), None)

    def card(self, key: str) -> Card | None:
        return next((c for c in self.cards if c.id == key), None)


# --- the catalogue ----------------------------------------------------------------------------


def _read_indicators(
    root: Path, problems: list[Problem], coverage: bool
) -> tuple[list[Indicator], FieldReader]:
    f, entries = read_yaml_list(root, root / "fieldkit" / "indicators.yaml", problems)
    indicators: list[Indicator] = []
    seen: set[str] = set()
    for n, d in enumerate(entries):
        p = f"[{n}]."
        key = f.slug(d, prefix=p)
        category = f.text(d, "category", vocabulary=frozenset(CATEGORIES), prefix=p)
        if key and category in CATEGORIES and not key.startswith(CATEGORIES[category] + "-"):
            f.problem(d, p + "id", f"must start with '{CATEGORIES[category]}-' for {category}")
        if key in seen:
            f.problem(d, p + "id", f"duplicate indicator id {key!r}")
        seen.add(key)
        text = f.text(d, "text", prefix=p)
        if len(text) > 160:
            f.problem(d, p + "text", f"is {len(text)} characters; at most 160")
        forms = d.get("forms")
        indicators.append(
            Indicator(
                id=key,
                category=category,
                text=text,
                element=f.text(d, "element", vocabulary=frozenset(ELEMENTS), prefix=p),
                dimension=f.text(d, "dimension", required=False, vocabulary=DIMENSIONS, prefix=p),
                strength=f.text(d, "strength", vocabulary=frozenset(STRENGTHS), prefix=p),
                # An empty list is allowed here: it means "any form".
                forms=f.texts(d, "forms", required=False, vocabulary=FORMS, prefix=p)
                if forms != []
                else [],
                applies_to=f.text(d, "applies_to", vocabulary=APPLIES_TO, prefix=p),
                source=f.text(d, "source", prefix=p),
            )
        )
    if coverage and entries:
        _indicator_coverage(f, indicators)
    return indicators, f


def _indicator_coverage(f: FieldReader, indicators: list[Indicator]) -> None:
    if len(indicators) < MIN_INDICATORS:
        f.problem(None, "(file)", f"has {len(indicators)} indicators; at least {MIN_INDICATORS}")
    per_category = Counter(i.category for i in indicators)
    for category in CATEGORIES:
        wanted = MIN_PER_CATEGORY.get(category, MIN_CATEGORY)
        if per_category[category] < wanted:
            f.problem(
                None,
                "category",
                f"{category} has {per_category[category]} indicators; at least {wanted}",
            )
    for dimension in sorted(DIMENSIONS):
        of = [i for i in indicators if i.dimension == dimension]
        if len(of) < MIN_PER_DIMENSION:
            f.problem(None, "dimension", f"{dimension} has {len(of)} indicators; at least 4")
        missing = sorted(set(STRENGTHS) - {i.strength for i in of})
        if missing:
            f.problem(None, "dimension", f"{dimension} has no {', '.join(missing)} indicator")


# --- phrases ----------------------------------------------------------------------------------


def _read_phrases(
    root: Path, problems: list[Problem], coverage: bool, questions: set[str]
) -> tuple[list[Language], list[Phrase]]:
    path = root / "fieldkit" / "phrases.yaml"
    f = FieldReader(root, path, problems)
    if not path.exists():
        f.problem(None, "(file)", "is missing")
        return [], []
    data = parse_yaml(read_text(path, f), f)
    if not isinstance(data, YamlMap):
        if data is not None:
            f.problem(None, "(file)", "must be a mapping with languages and phrases")
        return [], []
    languages: list[Language] = []
    for n, d in enumerate(_entries(f, data, "languages")):
        p = f"languages[{n}]."
        languages.append(
            Language(
                code=f.text(d, "code", prefix=p),
                name=f.text(d, "name", prefix=p),
                native=f.text(d, "native", prefix=p),
                dir=f.text(d, "dir", vocabulary=frozenset({"ltr", "rtl"}), prefix=p),
                reviewed=bool(f.flag(d, "reviewed", prefix=p)),
            )
        )
    codes = [lang.code for lang in languages]
    if codes and codes[0] != "en":
        f.problem(data, "languages", "English (en) must come first")
    for code, count in Counter(codes).items():
        if count > 1:
            f.problem(data, "languages", f"duplicate language {code!r}")
    phrases: list[Phrase] = []
    seen: set[str] = set()
    for n, d in enumerate(_entries(f, data, "phrases")):
        p = f"phrases[{n}]."
        key = f.slug(d, prefix=p)
        if key in seen:
            f.problem(d, p + "id", f"duplicate phrase id {key!r}")
        seen.add(key)
        kind = f.text(d, "kind", vocabulary=PHRASE_KINDS, prefix=p)
        question = f.text(d, "question", required=False, prefix=p)
        if question and kind != "yesno":
            f.problem(d, p + "question", "only a yes/no phrase can fill a key question")
        if question and questions and question not in questions:
            f.problem(d, p + "question", f"{question!r} is not a key question of screening.yaml")
        inverted = False
        if "inverted" in d:
            inverted = bool(f.flag(d, "inverted", prefix=p))
            if inverted and not question:
                f.problem(d, p + "inverted", "only a phrase that fills a key question is inverted")
        texts = d.get("text")
        text: dict[str, str] = {}
        if not isinstance(texts, YamlMap):
            f.problem(d, p + "text", "must be a mapping of language code to text")
        else:
            for code in codes:
                text[code] = f.text(texts, code, prefix=p + "text.")
            for extra in sorted(set(texts) - set(codes)):
                f.problem(texts, p + "text." + extra, "is not a listed language")
        phrases.append(
            Phrase(
                id=key,
                group=f.text(d, "group", vocabulary=PHRASE_GROUPS, prefix=p),
                kind=kind,
                question=question,
                inverted=inverted,
                text=text,
            )
        )
    if coverage:
        if len(languages) - 1 < MIN_LANGUAGES:
            f.problem(
                data, "languages", f"{len(languages) - 1} besides English; at least {MIN_LANGUAGES}"
            )
        if not any(lang.dir == "rtl" for lang in languages):
            f.problem(data, "languages", "needs at least one right-to-left language")
        if len(phrases) < MIN_PHRASES:
            f.problem(data, "phrases", f"has {len(phrases)} phrases; at least {MIN_PHRASES}")
        yesno = [ph for ph in phrases if ph.kind == "yesno"]
        if len(yesno) < MIN_YESNO:
            f.problem(data, "phrases", f"has {len(yesno)} yes/no questions; at least {MIN_YESNO}")
        missing = [q for q in AGREED_QUESTIONS if q not in {ph.question for ph in yesno}]
        if missing:
            f.problem(data, "phrases", f"no yes/no question fills {', '.join(missing)}")
    return languages, phrases


def _entries(f: FieldReader, data: YamlMap, key: str) -> list[YamlMap]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, YamlMap) for v in value):
        f.problem(data, key, "must be a list of entries")
        return []
    return value


# --- cards ------------------------------------------------------------------------------------


def _read_cards(root: Path, problems: list[Problem], coverage: bool) -> list[Card]:
    folder = root / "fieldkit" / "cards"
    cards: list[Card] = []
    for path in sorted(folder.glob("*.md")):
        f = FieldReader(root, path, problems)
        meta, body = split_front_matter(read_text(path, f), f)
        if meta is None:
            continue
        key = f.slug(meta)
        if key and key != path.stem:
            f.problem(meta, "id", f"must be the file name ({path.stem!r})")
        order = f.number(meta, "order")
        words = len(body.split())
        if not CARD_WORDS[0] <= words <= CARD_WORDS[1]:
            f.problem(
                meta, "(body)", f"has {words} words; {CARD_WORDS[0]}-{CARD_WORDS[1]} fit one screen"
            )
        cards.append(
            Card(
                id=key,
                title=f.text(meta, "title"),
                order=order or 0,
                sources=f.texts(meta, "sources"),
                body=body,
            )
        )
    if coverage and len(cards) < MIN_CARDS:
        FieldReader(root, folder, problems).problem(
            None, "(folder)", f"has {len(cards)} cards; at least {MIN_CARDS}"
        )
    return sorted(cards, key=lambda c: (c.order, c.id))


# --- the directory file -----------------------------------------------------------------------


def _read_directory_demo(root: Path, problems: list[Problem]) -> list[DirectoryRow]:
    path = root / "fieldkit" / "directory-demo.csv"
    name = FieldReader(root, path, problems).name
    if not path.exists():
        problems.append(Problem(name, 1, "(file)", "is missing"))
        return []
    rows = read_directory_csv(path.read_bytes(), name, problems)
    for row in rows:
        for column, message in validate_row(row.values).items():
            problems.append(Problem(name, row.line, column, message))
    return rows


# --- the rules --------------------------------------------------------------------------------


def _read_mapping(
    root: Path, relative: str, problems: list[Problem]
) -> tuple[FieldReader, YamlMap]:
    path = root / "fieldkit" / relative
    f = FieldReader(root, path, problems)
    if not path.exists():
        f.problem(None, "(file)", "is missing")
        return f, YamlMap()
    data = parse_yaml(read_text(path, f), f)
    if not isinstance(data, YamlMap):
        if data is not None:
            f.problem(None, "(file)", "must be a mapping")
        return f, YamlMap()
    return f, data


def _plain(value: Any) -> Any:
    """YAML maps as plain dicts, so the rules serialise to JSON and compare equal anywhere."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _read_rules(
    root: Path, problems: list[Problem], catalogue: Catalogue | None = None
) -> dict[str, Any]:
    f, data = _read_mapping(root, "screening.yaml", problems)
    if not data:
        return {}
    validate_rules(f, data, DIRECTORY_KINDS, FORMS, CATEGORIES, AGREED_QUESTIONS, catalogue)
    return _plain(data)


def _catalogue(indicators: list[Indicator], cards: list[Card]) -> Catalogue:
    return Catalogue(
        indicators={i.id: i.applies_to for i in indicators}, cards=[c.id for c in cards]
    )


def read_rules(root: Path) -> dict[str, Any]:
    """Only the screening rules, checked against the catalogue and cards under `root` (the
    engine tests and the benchmark use them with a catalogue of their own)."""
    problems: list[Problem] = []
    indicators, _ = _read_indicators(root, problems, coverage=False)
    cards = _read_cards(root, problems, coverage=False)
    rules = _read_rules(root, problems, _catalogue(indicators, cards))
    if problems:
        raise ContentInvalid(problems)
    return rules


def _read_smuggling(root: Path, problems: list[Problem]) -> dict[str, Any]:
    f, data = _read_mapping(root, "smuggling.yaml", problems)
    if not data:
        return {}
    validate_criteria(f, data)
    return _plain(data)


def collect_fieldkit(root: Path, problems: list[Problem], *, coverage: bool = True) -> FieldKit:
    """Everything under `root/fieldkit`; `coverage=False` skips the minimum counts (for tests)."""
    indicators, _ = _read_indicators(root, problems, coverage)
    cards = _read_cards(root, problems, coverage)
    rules = _read_rules(root, problems, _catalogue(indicators, cards))
    questions = {str(q.get("id")) for q in rules.get("key_questions", []) if isinstance(q, dict)}
    languages, phrases = _read_phrases(root, problems, coverage, questions)
    return FieldKit(
        indicators=indicators,
        languages=languages,
        phrases=phrases,
        cards=cards,
        rules=rules,
        smuggling=_read_smuggling(root, problems),
        directory_demo=_read_directory_demo(root, problems),
    )


def read_fieldkit(root: Path, *, coverage: bool = True) -> FieldKit:
    problems: list[Problem] = []
    kit = collect_fieldkit(root, problems, coverage=coverage)
    if problems:
        raise ContentInvalid(problems)
    return kit


# --- the kit the pages use --------------------------------------------------------------------

_lock = threading.Lock()
_cache: dict[str, tuple[tuple[tuple[str, float], ...], FieldKit]] = {}


def _signature(root: Path) -> tuple[tuple[str, float], ...]:
    folder = root / "fieldkit"
    return tuple((str(p), p.stat().st_mtime) for p in sorted(folder.rglob("*")) if p.is_file())


def current_kit(root: Path) -> FieldKit:
    """The field kit under `root`, parsed once and again only when a file changes.

    Invalid files raise ContentInvalid, as `frontline content check` would report them; the
    minimum counts are the content check's business, not a reason to refuse the pages."""
    signature = _signature(root)
    with _lock:
        cached = _cache.get(str(root))
        if cached and cached[0] == signature:
            return cached[1]
    kit = read_fieldkit(root, coverage=False)
    with _lock:
        _cache[str(root)] = (signature, kit)
    return kit


def screen(case: dict[str, Any], root: Path) -> dict[str, Any]:
    """Screen one case with the field kit under `root` (e.g. settings.CONTENT_DIR): the entry
    point for other apps (a referral filed from a screening), same result as the pages."""
    return current_kit(root).engine().evaluate(case)


__all__ = [
    "ANSWERS",
    "LEVELS",
    "SLUG",
    "FieldKit",
    "collect_fieldkit",
    "current_kit",
    "read_fieldkit",
    "screen",
]
