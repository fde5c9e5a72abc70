"""YAML content files read with their line numbers, so that every problem names file, line, field.

`FieldReader` gives typed access to the fields of one file and collects `Problem`s instead of
stopping at the first; the caller raises `ContentInvalid` with all of them at the end. Nothing
in a file, however broken (not UTF-8, empty, bad YAML, a key given twice, a NUL character, a
value longer than its database column), raises anything else: it becomes a problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations

from frontline.lib.limits import NUL, text_problem

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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines, self.duplicates = {}, []


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
    """Typed field access on one file's YAML, collecting problems instead of stopping.

    With `model` (the model the file is loaded into), a field named like one of its columns
    (`id` for `key`) is held to what that column stores: its `max_length`, its integer range.
    A call may name another model for nested entries (`model=Objective`).
    """

    def __init__(
        self,
        root: Path,
        path: Path,
        problems: list[Problem],
        offset: int = 0,
        model: type[models.Model] | None = None,
    ) -> None:
        self.name = str(path.relative_to(root.parent)) if root.parent in path.parents else str(path)
        self.problems = problems
        self.offset = offset
        self.model = model

    def _column(self, key: str, model: type[models.Model] | None) -> models.Field | None:
        model = model or self.model
        if model is None:
            return None
        try:
            field = model._meta.get_field("key" if key == "id" else key)
        except FieldDoesNotExist:
            return None
        return field if isinstance(field, models.Field) else None

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
        limit: int | None = None,
        model: type[models.Model] | None = None,
    ) -> str:
        """A text field, at most `limit` characters or, by default, the `max_length` of the
        column of the same name (so the check and the database agree)."""
        if limit is None and (column := self._column(key, model)) is not None:
            limit = column.max_length
        value = d.get(key)
        if value is None or value == "":
            if required:
                self.problem(d, prefix + key, "is required")
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.problem(d, prefix + key, f"must be text, not {type(value).__name__}")
            return ""
        text = str(value).strip()
        if problem := text_problem(text, limit):
            self.problem(d, prefix + key, problem)
            return ""
        self._in_vocabulary(d, prefix + key, [text], vocabulary)
        return text

    def _in_vocabulary(
        self, d: YamlMap, fieldname: str, items: list[str], vocabulary: frozenset[str] | None
    ) -> None:
        for item in items:
            if vocabulary is not None and item not in vocabulary:
                self.problem(d, fieldname, f"{item!r} is not one of {sorted(vocabulary)}")

    def number(
        self,
        d: YamlMap,
        key: str,
        *,
        required: bool = True,
        prefix: str = "",
        model: type[models.Model] | None = None,
    ) -> int | None:
        """A whole number of at least 0, within the range of the column of the same name."""
        column = self._column(key, model)
        bounds = BaseDatabaseOperations.integer_field_ranges.get(
            column.get_internal_type() if column is not None else "BigIntegerField"
        )
        value = d.get(key)
        if value is None:
            if required:
                self.problem(d, prefix + key, "is required")
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.problem(d, prefix + key, f"must be a whole number, got {str(value)[:40]!r}")
            return None
        if bounds is not None and value > bounds[1]:
            self.problem(d, prefix + key, f"must be at most {bounds[1]}")
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
        for item in items:
            if problem := text_problem(item, None):
                self.problem(d, prefix + key, problem)
                return []
        if required and not items:
            self.problem(d, prefix + key, "must not be empty")
        self._in_vocabulary(d, prefix + key, items, vocabulary)
        return items

    def entries(self, d: YamlMap, key: str, *, prefix: str = "") -> list[Any]:
        """The list under `key`: [] when it is absent, and a problem when it is not a list."""
        value = d.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(d, prefix + key, f"must be a list, not {type(value).__name__}")
            return []
        return value

    def slug(
        self,
        d: YamlMap,
        key: str = "id",
        *,
        prefix: str = "",
        limit: int | None = None,
        model: type[models.Model] | None = None,
    ) -> str:
        value = self.text(d, key, prefix=prefix, limit=limit, model=model)
        if value and not SLUG.match(value):
            self.problem(
                d, prefix + key, f"{value!r} must be lowercase letters, digits and hyphens"
            )
        return value


def read_text(path: Path, f: FieldReader) -> str | None:
    """The text of a content file, or None with a problem: not UTF-8 (naming the line of the
    first bad byte), empty, or holding a NUL character. A byte-order mark is dropped."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        f.problems.append(Problem(f.name, line, "(encoding)", f"is not UTF-8 text ({exc.reason})"))
        return None
    if not text.strip():
        f.problems.append(Problem(f.name, 1, "(file)", "is empty"))
        return None
    if NUL in text:
        line = text[: text.index(NUL)].count("\n") + 1
        f.problems.append(Problem(f.name, line, "(file)", "contains a NUL character"))
        return None
    return text


def parse_yaml(text: str | None, f: FieldReader) -> Any:
    """The YAML document in `text` (None with a problem when it is not valid YAML); every key
    given twice in a mapping is a problem too (YAML would silently keep the last)."""
    if text is None:
        return None
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 1 if mark else 1) + f.offset
        problem = getattr(exc, "problem", None) or str(exc)
        f.problems.append(Problem(f.name, line, "(yaml)", f"not valid YAML: {problem}"))
        return None
    except (ValueError, TypeError, RecursionError) as exc:
        # PyYAML's constructors raise these for values it parses but cannot build (a date
        # such as 2024-13-45, a key that cannot be a dictionary key, deep nesting).
        f.problems.append(Problem(f.name, 1 + f.offset, "(yaml)", f"not valid YAML: {exc}"))
        return None
    _report_duplicates(data, f)
    return data


def _report_duplicates(data: Any, f: FieldReader) -> None:
    todo: list[tuple[Any, str]] = [(data, "")]
    while todo:
        node, path = todo.pop()
        if isinstance(node, YamlMap):
            for key in node.duplicates:
                f.problem(node, path + key, "is given more than once")
            todo.extend((value, f"{path}{key}.") for key, value in node.items())
        elif isinstance(node, list):
            base = path.removesuffix(".")
            todo.extend((value, f"{base}[{i}].") for i, value in enumerate(node))


def split_front_matter(text: str | None, f: FieldReader) -> tuple[Any, str]:
    if text is None:
        return None, ""
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
    root: Path, path: Path, problems: list[Problem], model: type[models.Model] | None = None
) -> tuple[FieldReader, list[YamlMap]]:
    f = FieldReader(root, path, problems, model=model)
    if not path.exists():
        problems.append(Problem(f.name, 1, "(file)", "is missing"))
        return f, []
    data = parse_yaml(read_text(path, f), f)
    if data is None:
        return f, []
    if not isinstance(data, list) or not all(isinstance(item, YamlMap) for item in data):
        problems.append(Problem(f.name, 1, "(file)", "must be a list of entries"))
        return f, []
    return f, data
