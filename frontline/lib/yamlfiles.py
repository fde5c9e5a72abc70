"""YAML content files read with their line numbers, so that every problem names file, line, field.

`FieldReader` gives typed access to the fields of one file and collects `Problem`s instead of
stopping at the first; the caller raises `ContentInvalid` with all of them at the end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


class ContentInvalid(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class YamlMap(dict[str, Any]):
    """A YAML mapping that remembers the line of itself and of each key (1-based)."""

    line: int = 0
    lines: dict[str, int]
    duplicates: list[str]  # keys given more than once (YAML keeps only the last)


# libyaml's parser when PyYAML was built with it (about five times faster); same results.
try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]


class _LineLoader(_SafeLoader):
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> YamlMap:  # type: ignore[override]
        mapping = YamlMap(
            {str(k): v for k, v in super().construct_mapping(node, deep=True).items()}
        )
        mapping.line = node.start_mark.line + 1
        mapping.lines = {
            str(key.value): key.start_mark.line + 1
            for key, _ in node.value
            if hasattr(key, "value")
        }
        keys = [str(key.value) for key, _ in node.value if hasattr(key, "value")]
        mapping.duplicates = sorted({k for k in keys if keys.count(k) > 1})
        return mapping


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _LineLoader.construct_mapping,
)


class FieldReader:
    """Typed field access on one file's YAML, collecting problems instead of stopping."""

    def __init__(self, root: Path, path: Path, problems: list[Problem], offset: int = 0) -> None:
        self.name = str(path.relative_to(root.parent)) if root.parent in path.parents else str(path)
        self.problems = problems
        self.offset = offset

    def problem(self, where: YamlMap | None, fieldname: str, message: str) -> None:
        line = 1
        if isinstance(where, YamlMap):
            line = where.lines.get(fieldname.rsplit(".", 1)[-1].split("[")[0], where.line)
        self.problems.append(Problem(self.name, line + self.offset, fieldname, message))

    def text(
        self,
        d: YamlMap,
        key: str,
        *,
        required: bool = True,
        vocabulary: frozenset[str] | None = None,
        prefix: str = "",
    ) -> str:
        value = d.get(key)
        if value is None or value == "":
            if required:
                self.problem(d, prefix + key, "is required")
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.problem(d, prefix + key, f"must be text, not {type(value).__name__}")
            return ""
        text = str(value).strip()
        self._in_vocabulary(d, prefix + key, [text], vocabulary)
        return text

    def _in_vocabulary(
        self, d: YamlMap, fieldname: str, items: list[str], vocabulary: frozenset[str] | None
    ) -> None:
        for item in items:
            if vocabulary is not None and item not in vocabulary:
                self.problem(d, fieldname, f"{item!r} is not one of {sorted(vocabulary)}")

    def number(
        self, d: YamlMap, key: str, *, required: bool = True, prefix: str = ""
    ) -> int | None:
        value = d.get(key)
        if value is None:
            if required:
                self.problem(d, prefix + key, "is required")
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.problem(d, prefix + key, f"must be a whole number, got {value!r}")
            return None
        return value

    def flag(self, d: YamlMap, key: str, *, prefix: str = "") -> bool | None:
        value = d.get(key)
        if not isinstance(value, bool):
            self.problem(d, prefix + key, f"must be true or false, got {value!r}")
            return None
        return value

    def texts(
        self,
        d: YamlMap,
        key: str,
        *,
        required: bool = True,
        vocabulary: frozenset[str] | None = None,
        prefix: str = "",
    ) -> list[str]:
        value = d.get(key)
        if value is None:
            if required:
                self.problem(d, prefix + key, "is required")
            return []
        if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
            self.problem(d, prefix + key, "must be a list of texts")
            return []
        items = [str(v).strip() for v in value]
        if required and not items:
            self.problem(d, prefix + key, "must not be empty")
        self._in_vocabulary(d, prefix + key, items, vocabulary)
        return items

    def slug(self, d: YamlMap, key: str = "id", *, prefix: str = "") -> str:
        value = self.text(d, key, prefix=prefix)
        if value and not SLUG.match(value):
            self.problem(
                d, prefix + key, f"{value!r} must be lowercase letters, digits and hyphens"
            )
        return value


def parse_yaml(text: str, f: FieldReader) -> Any:
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 1 if mark else 1) + f.offset
        problem = getattr(exc, "problem", None) or str(exc)
        f.problems.append(Problem(f.name, line, "(yaml)", f"not valid YAML: {problem}"))
        return None


def split_front_matter(text: str, f: FieldReader) -> tuple[Any, str]:
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        f.problems.append(Problem(f.name, 1, "(front matter)", "must start with a line '---'"))
        return None, ""
    try:
        end = next(i for i, line in enumerate(lines[1:], 1) if line.strip() == "---")
    except StopIteration:
        f.problems.append(Problem(f.name, 1, "(front matter)", "has no closing line '---'"))
        return None, ""
    f.offset = 1
    meta = parse_yaml("\n".join(lines[1:end]), f)
    if meta is not None and not isinstance(meta, YamlMap):
        f.problems.append(Problem(f.name, 2, "(front matter)", "must be a mapping of fields"))
        meta = None
    return meta, "\n".join(lines[end + 1 :]).strip() + "\n"


def read_yaml_list(
    root: Path, path: Path, problems: list[Problem]
) -> tuple[FieldReader, list[YamlMap]]:
    f = FieldReader(root, path, problems)
    if not path.exists():
        problems.append(Problem(f.name, 1, "(file)", "is missing"))
        return f, []
    data = parse_yaml(path.read_text(encoding="utf-8"), f)
    if data is None:
        return f, []
    if not isinstance(data, list) or not all(isinstance(item, YamlMap) for item in data):
        problems.append(Problem(f.name, 1, "(file)", "must be a list of entries"))
        return f, []
    return f, data
