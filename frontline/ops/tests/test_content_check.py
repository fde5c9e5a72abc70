"""`frontline content check` on broken content trees: every problem is reported as
file:line:field, never as a traceback, and what the check passes the database accepts.

The generator breaks a copy of the real content/ in the ways files break (not UTF-8, cut off,
empty, a NUL character, YAML syntax, a key given twice, a value of the wrong type, an id or
title longer than its column, a number too large, a file removed); conftest.py fixes the
Hypothesis profile (derandomised, a bounded number of trees).
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import SimpleTestCase, TestCase
from hypothesis import given, settings
from hypothesis import strategies as st

from frontline.assessment.bank import collect_bank
from frontline.content import load_all, read_all
from frontline.curriculum.models import Lesson, Unit
from frontline.fieldkit.kit import collect_fieldkit
from frontline.lib.limits import max_length
from frontline.lib.yamlfiles import ContentInvalid, Problem
from frontline.scenarios.reader import collect_scenarios
from frontline.test import everything, fuzz_examples

FILES = sorted(
    str(p.relative_to(django_settings.CONTENT_DIR))
    for p in django_settings.CONTENT_DIR.rglob("*")
    if p.is_file() and not p.name.startswith(".")
)

JUNK_LINES = [
    ": :",
    "- [",
    "key: {",
    "\t- tabbed",
    "&anchor *alias",
    "!!python/object/apply:os.system ['true']",
    "when: 2024-13-45",
    "? [a, b]\n: c",
    "{[1]: 2}: x",
    "---",
    "<<: *nowhere",
    "%YAML 9.9",
    "data: !!binary zz",
    "id: " + "x" * 300,
    "title: " + "T" * 5000,
    "order: 99999999999999999999",
    "'unclosed",
]
VALUES = [
    "[]", "{}", "null", "~", "0", "-1", "99999999999999999999", "true", "1.5", "2024-01-01",
    "[[[]]]", "'" + "L" * 400 + "'", "{a: {b: {c: []}}}", "''", "!!str", "|", ">-",
]  # fmt: skip


@dataclass(frozen=True)
class Mutation:
    file: str
    kind: str
    where: float  # 0..1: how far into the file
    payload: str

    def apply(self, root: Path) -> None:
        path = root / self.file
        data = path.read_bytes()
        at = int(len(data) * self.where)
        lines = data.split(b"\n")
        line_at = int(len(lines) * self.where)
        if self.kind == "delete":
            path.unlink()
            return
        if self.kind == "bad_utf8":
            data = data[:at] + b"\xff\xfe\xc3" + data[at:]
        elif self.kind == "truncate":
            data = data[:at]
        elif self.kind == "empty":
            data = self.payload.encode()[:3].replace(b"x", b" ")
        elif self.kind == "nul":
            data = data[:at] + b"\x00" + data[at:]
        elif self.kind == "junk_line":
            data = b"\n".join([*lines[:line_at], self.payload.encode(), *lines[line_at:]])
        elif self.kind == "duplicate_line" and lines:
            line = lines[min(line_at, len(lines) - 1)]
            data = b"\n".join([*lines[:line_at], line, *lines[line_at:]])
        elif self.kind == "retype":
            data = _replace_value(lines, line_at, self.payload.encode())
        elif self.kind == "retype_block":
            data = _replace_block(lines, line_at, self.payload.encode())
        path.write_bytes(data)


def _replace_value(lines: list[bytes], start: int, value: bytes) -> bytes:
    """The first `key: value` line from `start` on (wrapping round) gets `value` instead."""
    order = list(range(start, len(lines))) + list(range(start))
    for n in order:
        key, sep, _old = lines[n].partition(b": ")
        if sep and key.strip() and not key.strip().startswith(b"#"):
            lines = [*lines[:n], key + b": " + value, *lines[n + 1 :]]
            break
    return b"\n".join(lines)


def _replace_block(lines: list[bytes], start: int, value: bytes) -> bytes:
    """The first `key:` line opening a block (from `start` on, wrapping round) gets `value`
    instead of its block: a list or mapping of entries becomes a number, a text, null..."""

    def indent(line: bytes) -> int:
        return len(line) - len(line.lstrip())

    order = list(range(start, len(lines))) + list(range(start))
    for n in order:
        line = lines[n]
        if line.rstrip().endswith(b":") and line.strip() and not line.strip().startswith(b"#"):
            end = n + 1
            while end < len(lines):
                inner = lines[end]
                deeper = indent(inner) > indent(line)
                item = inner.lstrip().startswith(b"- ") and indent(inner) == indent(line)
                if inner.strip() and not (deeper or item):
                    break
                end += 1
            return b"\n".join([*lines[:n], line.rstrip() + b" " + value, *lines[end:]])
    return b"\n".join(lines)


KINDS = ["bad_utf8", "truncate", "empty", "nul", "junk_line", "duplicate_line", "retype",
         "retype_block", "delete"]  # fmt: skip
mutations = st.builds(
    Mutation,
    file=st.sampled_from(FILES),
    kind=st.sampled_from(KINDS),
    where=st.floats(0, 1),
    payload=st.one_of(st.sampled_from(JUNK_LINES), st.sampled_from(VALUES)),
)


class BrokenTreeTests(SimpleTestCase):
    """Hypothesis breaks one to three files of a copy of content/ per example."""

    tried = 0

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.tmp = Path(tempfile.mkdtemp())
        cls.root = cls.tmp / "content"
        shutil.copytree(django_settings.CONTENT_DIR, cls.root)

    @classmethod
    def tearDownClass(cls) -> None:
        shutil.rmtree(cls.tmp, ignore_errors=True)
        super().tearDownClass()

    @staticmethod
    def read(root: Path, areas: set[str]) -> list[Problem]:
        """What `content check` reports. A file of the field kit, the item bank or the case
        exercises is read with the (intact) curriculum alone, as read_all would; anything else
        by read_all itself, since the rest is built on the curriculum."""
        problems: list[Problem] = []
        if areas == {"fieldkit"}:
            collect_fieldkit(root, problems)
        elif areas == {"scenarios"}:
            collect_scenarios(root, everything().curriculum, problems)
        elif areas == {"assessment"}:
            collect_bank(root, everything().curriculum, problems)
        else:
            try:
                read_all(root)
            except ContentInvalid as invalid:
                problems = invalid.problems
        return problems

    @settings(max_examples=fuzz_examples(20))
    @given(st.lists(mutations, min_size=1, max_size=3))
    def test_every_problem_is_reported_never_raised(self, changes: list[Mutation]) -> None:
        type(self).tried += 1
        saved = {c.file: (self.root / c.file).read_bytes() for c in changes}
        try:
            for change in changes:
                if (self.root / change.file).exists():
                    change.apply(self.root)
            problems = self.read(self.root, {c.file.split("/")[0] for c in changes})
            for problem in problems:
                self.assertTrue(problem.path and problem.field and problem.message)
                self.assertGreaterEqual(problem.line, 1, str(problem))
        finally:
            for name, data in saved.items():
                (self.root / name).write_bytes(data)


class CheckCommandTests(TestCase):
    """The named cases of the generator, through the command, and the database limits."""

    def setUp(self) -> None:
        self.tmp = Path(tempfile.mkdtemp())
        self.root = self.tmp / "content"
        shutil.copytree(django_settings.CONTENT_DIR, self.root)

    def tearDown(self) -> None:
        shutil.rmtree(self.tmp)

    def check(self) -> str:
        err = StringIO()
        with self.assertRaisesMessage(CommandError, "nothing loaded"):
            call_command("content", "check", "--dir", str(self.root), stderr=err, stdout=StringIO())
        return err.getvalue()

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.root / name
        text = path.read_text(encoding="utf-8")
        self.assertIn(old, text)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def set_field(self, name: str, key: str, value: str) -> None:
        """The first line `key: ...` of file `name` gets `value`."""
        path = self.root / name
        lines = path.read_text(encoding="utf-8").split("\n")
        n = next(i for i, line in enumerate(lines) if line.startswith(f"{key}: "))
        lines[n] = f"{key}: {value}"
        path.write_text("\n".join(lines), encoding="utf-8")

    def test_encoding_empty_files_and_nul(self) -> None:
        (self.root / "units/u1/lessons/u1-l01.md").write_bytes(b"---\nid: u1-l01\n\xff\xfe\n")
        (self.root / "glossary.yaml").write_bytes(b"  \n")
        (self.root / "fieldkit/screening.yaml").write_bytes(b"version: 1\nx: a\x00b\n")
        out = self.check()
        self.assertIn("content/units/u1/lessons/u1-l01.md:3: (encoding): is not UTF-8", out)
        self.assertIn("content/glossary.yaml:1: (file): is empty", out)
        self.assertIn("content/fieldkit/screening.yaml:2: (file): contains a NUL", out)

    def test_yaml_syntax_and_keys_given_twice(self) -> None:
        self.edit("course.yaml", "title:", "title: [\ntitle:")
        self.edit("units/u2/unit.md", "title:", "title: Twice\ntitle:")
        out = self.check()
        self.assertRegex(out, r"content/course.yaml:\d+: \(yaml\): not valid YAML")
        self.assertRegex(out, r"content/units/u2/unit.md:\d+: title: is given more than once")

    def test_a_date_yaml_cannot_build_is_a_problem(self) -> None:
        self.edit("instruments.yaml", "year:", "when: 2024-13-45\n  year:")
        self.assertIn("content/instruments.yaml:1: (yaml): not valid YAML", self.check())

    def test_lengths_and_numbers_the_database_would_refuse(self) -> None:
        title = max_length(Lesson, "title") or 0
        key = max_length(Unit, "key") or 0
        self.set_field("units/u1/lessons/u1-l01.md", "title", "T" * (title + 1))
        self.set_field("units/u3/lessons/u3-l01.md", "order", "9999999")
        long_id = "u4-o1-" + "x" * key
        self.edit("units/u4/unit.md", "id: u4-o1\n", f"id: {long_id}\n")
        out = self.check()
        self.assertRegex(
            out, rf"u1-l01.md:\d+: title: is {title + 1} characters long; at most {title} are"
        )
        self.assertRegex(out, r"u3-l01.md:\d+: order: must be at most 32767")
        self.assertRegex(out, rf"u4/unit.md:\d+: objectives\[0\].id: is \d+ characters long; "
                              rf"at most {key} are allowed")  # fmt: skip

    def test_what_the_check_passes_loads(self) -> None:
        # Just within every limit: the check passes and the load (PostgreSQL too) accepts it.
        title = max_length(Lesson, "title") or 0
        self.set_field("units/u1/lessons/u1-l01.md", "title", "T" * title)
        load_all(read_all(self.root))
        self.assertEqual(Lesson.objects.get(key="u1-l01").title, "T" * title)
