"""The real content meets its targets, and broken content is refused with file, line and field."""

from __future__ import annotations

import shutil
import tempfile
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import SimpleTestCase, TestCase

from frontline.curriculum.content import ContentInvalid, read_content
from frontline.curriculum.models import Lesson, Resource, Unit
from frontline.curriculum.tests.base import CONTENT


class RealContentTests(SimpleTestCase):
    def test_targets(self) -> None:
        stats = CONTENT.stats()
        self.assertEqual(stats["units"], 5)
        self.assertGreaterEqual(stats["lessons"], 30)
        self.assertGreaterEqual(stats["objectives"], 25)
        self.assertGreaterEqual(stats["glossary_terms"], 40)
        self.assertGreaterEqual(stats["resources"], 50)
        self.assertGreaterEqual(stats["words"], 20_000)

    def test_every_reader_section_is_taught_by_existing_lessons(self) -> None:
        lessons = {lesson.key for lesson in CONTENT.lessons}
        self.assertEqual(len(CONTENT.reader_sections), 65)
        for section in CONTENT.reader_sections:
            with self.subTest(section=section):
                taught_by = CONTENT.coverage.get(section, [])
                self.assertTrue(taught_by, f"section {section} is unmapped")
                self.assertLessEqual(set(taught_by), lessons)

    def test_numbered_subsections_named_in_the_brief_are_listed(self) -> None:
        for section in ("2.4.5", "3.5.2", "3.7.3", "4.8.5", "4.9.1", "5.1.2", "5.2.2", "5.4.1",
                        "5.5.2", "5.6.2", "intro"):  # fmt: skip
            self.assertIn(section, CONTENT.reader_sections)

    def test_every_lesson_names_its_sources(self) -> None:
        for lesson in CONTENT.lessons:
            self.assertTrue(lesson.sources, lesson.key)


class BrokenContentTests(TestCase):
    def setUp(self) -> None:
        self.tmp = Path(tempfile.mkdtemp())
        self.root = self.tmp / "content"
        shutil.copytree(settings.CONTENT_DIR, self.root)

    def tearDown(self) -> None:
        shutil.rmtree(self.tmp)

    def problems(self) -> list[str]:
        with self.assertRaises(ContentInvalid) as caught:
            read_content(self.root)
        return [str(p) for p in caught.exception.problems]

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.root / relative
        text = path.read_text()
        self.assertIn(old, text)
        path.write_text(text.replace(old, new, 1))

    def test_unknown_objective_names_file_line_and_field(self) -> None:
        self.edit(
            "units/u1/lessons/u1-l03.md",
            "objectives: [u1-o3, u1-o4]",
            "objectives: [u1-o3, u1-o99]",
        )
        self.assertIn(
            "content/units/u1/lessons/u1-l03.md:5: objectives: "
            "'u1-o99' is not an objective of unit u1",
            self.problems(),
        )

    def test_yaml_syntax_error_names_the_line(self) -> None:
        self.edit("units/u1/lessons/u1-l03.md", "order: 3", "order: [3")
        problems = self.problems()
        self.assertTrue(
            any(p.startswith("content/units/u1/lessons/u1-l03.md:") and "not valid YAML" in p
                for p in problems),
            problems,
        )  # fmt: skip

    def test_missing_title(self) -> None:
        self.edit("units/u2/lessons/u2-l01.md", "title:", "heading:")
        self.assertTrue(
            any("u2-l01.md" in p and ": title: is required" in p for p in self.problems())
        )

    def test_vocabulary_is_enforced(self) -> None:
        self.edit("library/resources.yaml", "type: training manual", "type: pamphlet")
        self.assertTrue(any("'pamphlet' is not one of" in p for p in self.problems()))

    def test_unmapped_reader_section(self) -> None:
        text = (self.root / "coverage/u2.yaml").read_text()
        lines = [line for line in text.splitlines() if not line.startswith('"2.4.5"')]
        (self.root / "coverage/u2.yaml").write_text("\n".join(lines) + "\n")
        self.assertIn("content/coverage:1: 2.4.5: this reader section is taught by no lesson",
                      self.problems())  # fmt: skip

    def test_coverage_naming_a_missing_lesson(self) -> None:
        self.edit("coverage/u5.yaml", "u5-l01", "u5-l99")
        self.assertTrue(any("unknown lesson 'u5-l99'" in p for p in self.problems()))

    def test_duplicate_resource_id(self) -> None:
        path = self.root / "library/resources.yaml"
        path.write_text(
            path.read_text() + "\n" + path.read_text().split("\n- ", 2)[1].join(["- ", ""])
        )
        self.assertTrue(any("duplicate resource id" in p for p in self.problems()))

    def test_broken_content_loads_nothing_and_keeps_the_database(self) -> None:
        call_command("content", "load", "--dir", str(self.root), stdout=StringIO())
        before = (
            Lesson.objects.count(),
            Resource.objects.count(),
            Unit.objects.get(key="u1").title,
        )
        self.edit("units/u1/unit.md", "title: The crime", "title: Changed title")
        self.edit("units/u3/lessons/u3-l02.md", "order:", "order: -1\nignored:")
        err = StringIO()
        with self.assertRaises(CommandError) as caught:
            call_command("content", "load", "--dir", str(self.root), stdout=StringIO(), stderr=err)
        self.assertIn("nothing loaded", str(caught.exception))
        self.assertIn("u3-l02.md", err.getvalue())
        after = (Lesson.objects.count(), Resource.objects.count(), Unit.objects.get(key="u1").title)
        self.assertEqual(before, after)

    def test_check_and_stats_commands(self) -> None:
        out = StringIO()
        call_command("content", "check", "--dir", str(self.root), stdout=out)
        self.assertIn("content OK: 5 units", out.getvalue())
        out = StringIO()
        call_command("content", "stats", "--json", "--dir", str(self.root), stdout=out)
        self.assertIn('"glossary_terms"', out.getvalue())

    def test_a_session_without_facilitator_notes_is_a_problem(self) -> None:
        self.edit("facilitator/u2.yaml", "- seq: 7\n", "- seq: 17\n")
        found = self.problems()
        self.assertTrue(any("facilitator/u2.yaml" in p and "u2 has no session 17" in p
                            for p in found), found)  # fmt: skip
        self.assertTrue(any("session 7 of u2 has no notes" in p for p in found), found)

    def test_facilitator_notes_need_every_field(self) -> None:
        self.edit("facilitator/u3.yaml", "  ngo: None.\n", "")
        self.assertTrue(any("facilitator/u3.yaml" in p and "ngo" in p for p in self.problems()))
