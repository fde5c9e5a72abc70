"""The item bank as content: targets, validation, and the assembly of forms and pools."""

from __future__ import annotations

import dataclasses
import io
import shutil
import tempfile
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import SimpleTestCase

from frontline.assessment.bank import collect_bank
from frontline.assessment.models import Item, Quiz, QuizItem
from frontline.assessment.tests.base import EVERYTHING, BankTestCase
from frontline.content import load_all, read_all
from frontline.lib.yamlfiles import ContentInvalid, Problem


class TargetTests(SimpleTestCase):
    def test_the_bank_meets_the_targets(self) -> None:
        stats = EVERYTHING.stats()
        self.assertGreaterEqual(stats["items"], 200)
        self.assertGreaterEqual(stats["items_per_objective_min"], 5)
        per_unit = Counter(item.unit for item in EVERYTHING.bank.items)
        for unit in EVERYTHING.curriculum.units:
            self.assertGreaterEqual(per_unit[unit.key], 30, unit.key)
        kinds = Counter(item.kind for item in EVERYTHING.bank.items)
        self.assertEqual(len(kinds), 7, kinds)

    def test_forms_are_parallel_and_kept_out_of_the_quizzes(self) -> None:
        forms = EVERYTHING.bank.assemble()
        pre = {i.key for i in forms.pre}
        post = {i.key for i in forms.post}
        pooled = {i.key for pool in forms.pools.values() for i in pool}
        self.assertFalse(pre & post)
        self.assertFalse((pre | post) & pooled)
        objectives = EVERYTHING.bank.objectives
        self.assertEqual(sorted(i.primary for i in forms.pre), sorted(objectives))
        self.assertEqual(sorted(i.primary for i in forms.post), sorted(objectives))
        self.assertEqual(len(pre | post | pooled), len(EVERYTHING.bank.items))

    def test_the_tests_honour_the_authored_pairs(self) -> None:
        """Slot by slot, the pre- and post-test item share the objective and the kind, and the
        pre-test's comes first in the file, as the writers paired them."""
        forms = EVERYTHING.bank.assemble()
        position = {item.key: n for n, item in enumerate(EVERYTHING.bank.items)}
        for pre, post in zip(forms.pre, forms.post, strict=True):
            self.assertEqual((pre.primary, pre.kind), (post.primary, post.kind), pre.key)
            self.assertLess(position[pre.key], position[post.key])

    def test_a_pair_skips_an_item_of_another_kind(self) -> None:
        bank = EVERYTHING.bank
        first, *rest = [i for i in bank.items if i.primary == bank.objectives[0]]
        other = next(i for i in bank.items if i.kind != first.kind)
        twin = next(i for i in rest if i.kind == first.kind)
        odd = dataclasses.replace(other, key="u1-q-odd", objectives=first.objectives)
        self.assertEqual(bank.pairs([first, odd, twin]), [(first, twin)])
        self.assertEqual(bank.pairs([first, odd]), [])


GOOD_ITEM = """\
- id: u1-q-test-one
  kind: single
  objectives: [u1-o1]
  lesson: u1-l01
  source: Palermo Protocol, Art. 3
  stem: Which one?
  feedback: Because.
  options:
    - {id: a, text: This, feedback: Right, correct: true}
    - {id: b, text: That, feedback: Wrong}
"""


class ValidationTests(SimpleTestCase):
    def setUp(self) -> None:
        self.root = Path(tempfile.mkdtemp()) / "content"
        shutil.copytree(settings.CONTENT_DIR, self.root)
        self.addCleanup(shutil.rmtree, self.root.parent)
        self.u1 = self.root / "assessment" / "items" / "u1.yaml"
        self.original = self.u1.read_text()

    def problems(self, text: str) -> list[str]:
        """Problems of the bank with `text` added to u1's items (the curriculum is unchanged)."""
        self.u1.write_text(self.original + text)
        problems: list[Problem] = []
        collect_bank(self.root, EVERYTHING.curriculum, problems)
        return [str(p) for p in problems]

    def test_a_good_extra_item_reads(self) -> None:
        self.u1.write_text(self.u1.read_text() + GOOD_ITEM)
        self.assertEqual(len(read_all(self.root).bank.items), len(EVERYTHING.bank.items) + 1)

    def test_bad_items_are_named_with_file_line_and_field(self) -> None:
        cases = [
            (GOOD_ITEM.replace("u1-o1", "u2-o1"), "is not an objective of u1"),
            (GOOD_ITEM.replace("u1-o1", "u1-o99"), "is not an objective of u1"),
            (GOOD_ITEM.replace("lesson: u1-l01", "lesson: u2-l01"), "is not a lesson of u1"),
            (GOOD_ITEM.replace("kind: single", "kind: essay"), "is not one of"),
            (GOOD_ITEM.replace("u1-q-test-one", "u2-q-test-one"), "must start with 'u1-'"),
            (GOOD_ITEM.replace("id: b", "id: a"), "option ids must be unique"),
            (GOOD_ITEM.replace("text: That", "text: This"), "option texts must be unique"),
            (GOOD_ITEM.replace(", correct: true", ""), "exactly one option"),
            (GOOD_ITEM.replace("  source: Palermo Protocol, Art. 3\n", ""), "source: is required"),
            (GOOD_ITEM + GOOD_ITEM, "duplicate item id 'u1-q-test-one'"),
        ]
        for text, message in cases:
            with self.subTest(message=message):
                found = self.problems(text)
                self.assertTrue(any(message in p for p in found), found)
                self.assertTrue(
                    any(p.startswith("content/assessment/items/u1.yaml:") for p in found)
                )

    def test_too_few_items_for_an_objective(self) -> None:
        text = self.u1.read_text()
        kept = [chunk for chunk in text.split("\n- id: ") if "objectives: [u1-o2" not in chunk]
        self.u1.write_text("\n- id: ".join(kept))
        with self.assertRaises(ContentInvalid) as caught:
            read_all(self.root)
        self.assertIn("u1-o2: is the primary objective of 0 item(s)", str(caught.exception))

    def test_bad_settings(self) -> None:
        course = self.root / "course.yaml"
        course.write_text(course.read_text().replace("pass_mark: 70", "pass_mark: 170")
                          .replace("feedback: deferred", "feedback: never"))  # fmt: skip
        with self.assertRaises(ContentInvalid) as caught:
            read_all(self.root)
        text = str(caught.exception)
        self.assertIn("content/course.yaml", text)
        self.assertIn("assessment.pass_mark: is a percentage", text)
        self.assertIn("assessment.tests.feedback: 'never' is not one of", text)

    def test_settings_that_are_not_a_mapping(self) -> None:
        course = self.root / "course.yaml"
        course.write_text(course.read_text().split("assessment:")[0] + "assessment: often\n")
        with self.assertRaises(ContentInvalid) as caught:
            read_all(self.root)
        self.assertIn("assessment: must be a mapping of settings", str(caught.exception))

    def test_check_command_loads_nothing_on_error(self) -> None:
        self.u1.write_text(self.u1.read_text() + GOOD_ITEM.replace("kind: single", "kind: essay"))
        with self.assertRaises(CommandError):
            call_command("content", "check", "--dir", str(self.root), stderr=io.StringIO())


class LoadTests(BankTestCase):
    def test_quizzes_and_forms_are_loaded(self) -> None:
        self.assertEqual(Item.objects.count(), len(EVERYTHING.bank.items))
        self.assertEqual(
            list(Quiz.objects.values_list("key", flat=True)),
            ["pre-test", "u1-quiz", "u2-quiz", "u3-quiz", "u4-quiz", "u5-quiz", "post-test"],
        )
        pre = Quiz.objects.get(key="pre-test")
        self.assertEqual(pre.items.count(), 31)
        self.assertEqual(pre.feedback, "deferred")
        self.assertEqual(pre.max_attempts, 1)
        self.assertEqual(pre.time_limit_minutes, 40)
        u1 = Quiz.objects.get(key="u1-quiz")
        self.assertEqual(
            (u1.feedback, u1.max_attempts, u1.items_per_objective), ("immediate", 3, 2)
        )
        self.assertFalse(
            QuizItem.objects.filter(quiz__kind="unit", item__quizzes__kind="pre").exists()
        )

    def test_reload_is_idempotent_and_retires_removed_items(self) -> None:
        load_all(EVERYTHING)
        self.assertEqual(Item.objects.count(), len(EVERYTHING.bank.items))
        gone = EVERYTHING.bank.items[0]
        bank = type(EVERYTHING.bank)(EVERYTHING.bank.items[1:], EVERYTHING.bank.unit_quiz,
                                     EVERYTHING.bank.tests, EVERYTHING.bank.objectives)  # fmt: skip
        load_all(dataclasses.replace(EVERYTHING, bank=bank))
        self.assertTrue(Item.objects.get(key=gone.key).retired)
        self.assertFalse(QuizItem.objects.filter(item__key=gone.key).exists())
        load_all(EVERYTHING)
        self.assertFalse(Item.objects.get(key=gone.key).retired)
