"""Reading and validating the field-kit files: errors name file, line and field."""

from __future__ import annotations

import io
import json
import os
import shutil
import time

from django.conf import settings
from django.core.management import call_command
from django.test import SimpleTestCase

from frontline.fieldkit.kit import collect_fieldkit, current_kit, read_fieldkit, screen
from frontline.fieldkit.tests.base import fixture_root
from frontline.lib.yamlfiles import Problem


class RealContentTests(SimpleTestCase):
    def test_the_real_field_kit_meets_the_agreed_minimums(self) -> None:
        kit = read_fieldkit(settings.CONTENT_DIR)  # raises when any file or count is wrong
        self.assertGreaterEqual(len(kit.indicators), 80)
        self.assertGreaterEqual(len(kit.phrases), 30)
        self.assertGreaterEqual(len(kit.languages) - 1, 8)
        self.assertGreaterEqual(len(kit.cards), 6)
        self.assertGreaterEqual(len(kit.directory_demo), 12)

    def test_content_stats_json_has_the_field_kit_counts(self) -> None:
        out = io.StringIO()
        call_command("content", "stats", "--json", stdout=out)
        stats = json.loads(out.getvalue())
        for key in ("indicators", "phrases", "phrase_languages", "directory_entries"):
            self.assertGreater(stats[key], 0, key)

    def test_screen_is_the_entry_point_for_other_apps(self) -> None:
        result = screen({"minor": "no", "answers": {"cannot_leave": "yes"}}, settings.CONTENT_DIR)
        self.assertEqual(result["level"], "act")
        self.assertEqual(result["actions"][0]["id"], "notify-atu")

    def test_every_real_indicator_can_be_screened(self) -> None:
        kit = read_fieldkit(settings.CONTENT_DIR)
        result = kit.engine().evaluate({"minor": "no", "observed": [i.id for i in kit.indicators]})
        self.assertEqual(result["unknown"], [])
        self.assertEqual(result["level"], "act")
        self.assertTrue(result["ilo"]["met"])

    def test_the_persons_yes_fills_a_worrying_question_the_right_way_round(self) -> None:
        """Key questions are phrased so that yes is worrying; a phrase that asks the person the
        opposite way ("Can you leave when you want?") is inverted, so their yes is a no."""
        kit = read_fieldkit(settings.CONTENT_DIR)
        inverted = {p.question for p in kit.phrases if p.inverted}
        self.assertEqual(inverted, {"cannot_leave", "wages_withheld"})
        for question in kit.rules["key_questions"]:
            effects = question["effects"]
            self.assertTrue(set(effects) <= {"yes", "no"}, question["id"])
            self.assertTrue(effects.get("no", {}).get("counter", True), question["id"])


class ValidationTests(SimpleTestCase):
    def setUp(self) -> None:
        self.root = fixture_root()
        self.addCleanup(shutil.rmtree, self.root.parent)
        self.folder = self.root / "fieldkit"

    def problems(self, *, coverage: bool = False) -> list[str]:
        found: list[Problem] = []
        collect_fieldkit(self.root, found, coverage=coverage)
        return [str(p) for p in found]

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.folder / name
        text = path.read_text(encoding="utf-8")
        self.assertIn(old, text)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def assertProblem(self, fragment: str) -> None:
        found = self.problems()
        self.assertTrue(any(fragment in p for p in found), found)

    def test_the_fixture_is_valid_but_too_small_for_the_content_check(self) -> None:
        self.assertEqual(self.problems(), [])
        found = self.problems(coverage=True)
        self.assertTrue(any("indicators; at least 80" in p for p in found), found)
        self.assertTrue(any("no yes/no question fills cannot_leave" in p for p in found), found)

    def test_indicator_problems_name_file_line_and_field(self) -> None:
        cases = [
            (
                "strength: strong",
                "strength: huge",
                "indicators.yaml:7: [0].strength: 'huge' is not one of",
            ),
            ("category: generic", "category: weather", "indicators.yaml:3: [0].category"),
            ("id: gen-long-hours", "id: lab-long-hours", "[1].id: must start with 'gen-'"),
            ("id: gen-long-hours", "id: gen-documents-held", "duplicate indicator id"),
            ("forms: [labour]", "forms: [tourism]", "[1].forms: 'tourism' is not one of"),
            ("element: act", "element: crime", "[2].element"),
            ("  source: Test fixture\n", "", "[0].source: is required"),
        ]
        for old, new, fragment in cases:
            with self.subTest(fragment=fragment):
                self.setUp()
                self.edit("indicators.yaml", old, new)
                self.assertProblem(
                    "content/fieldkit/" + fragment if fragment.startswith("ind") else fragment
                )

    def test_phrase_problems(self) -> None:
        self.edit("phrases.yaml", ", ro: Suntem polițiști. Sunteți în siguranță cu noi.", "")
        self.edit("phrases.yaml", "question: documents_held", "question: shoe_size")
        found = self.problems()
        self.assertTrue(any("phrases[0].text.ro: is required" in p for p in found), found)
        self.assertTrue(any("'shoe_size' is not a key question" in p for p in found), found)

    def test_rule_problems(self) -> None:
        self.edit("screening.yaml", "when: [{level: [act]}]", "when: [{level: [maybe]}]")
        self.edit("screening.yaml", 'answers: {paid_to_cross: ["yes"]}', 'answers: {paid: ["yes"]}')
        self.edit("screening.yaml", '"yes": {indicator: gen-documents-held}',
                  '"yes": {element: means, strength: mighty, note: x}')  # fmt: skip
        self.edit("screening.yaml", "contacts: [atu]", "contacts: [astrologer]")
        self.edit("screening.yaml", "card: child-protocol", "card: horoscope")
        found = self.problems()
        for fragment in (
            "actions[2].when[0].level: 'maybe' is not one of",
            "answers.paid: is not a key question",
            "key_questions[0].effects.yes.strength: 'mighty'",
            "actions[1].contacts: 'astrologer' is not one of",
            "actions[0].card: 'horoscope' is not one of",
        ):
            self.assertTrue(any(fragment in p for p in found), (fragment, found))
        self.assertTrue(all(p.startswith("content/fieldkit/screening.yaml:") for p in found), found)

    def test_an_agreed_key_question_cannot_disappear(self) -> None:
        self.edit("screening.yaml", "  - id: debt\n", "  - id: money_owed\n")
        self.assertProblem("the agreed question 'debt' is missing")

    def test_smuggling_problems(self) -> None:
        self.edit("smuggling.yaml", "leans: smuggling", "leans: both")
        self.edit(
            "smuggling.yaml",
            "  - id: unclear\n    when: {}",
            "  - id: unclear\n    when: {any_leans: neither}",
        )
        found = self.problems()
        self.assertTrue(any("criteria[0].answers[0].leans: 'both'" in p for p in found), found)
        self.assertTrue(any("the last outcome must always apply" in p for p in found), found)

    def test_card_and_directory_problems(self) -> None:
        self.edit("cards/child-protocol.md", "id: child-protocol", "id: children")
        (self.folder / "cards" / "short.md").write_text(
            "---\nid: short\ntitle: Short\norder: 3\nsources: [x]\n---\nToo short.\n"
        )
        self.edit("directory-demo.csv", "+44 20 7946 0400", "12345")
        self.edit("directory-demo.csv", ",atu,", ",spies,")
        found = self.problems()
        for fragment in (
            "cards/child-protocol.md:2: id: must be the file name",
            "cards/short.md",
            "has 2 words; 80-250",
            "directory-demo.csv:5: phone: '12345' is not a valid",
            "directory-demo.csv:2: kind: 'spies'",
        ):
            self.assertTrue(any(fragment in p for p in found), (fragment, found))

    def test_the_pages_see_a_changed_file(self) -> None:
        first = current_kit(self.root)
        self.assertIs(current_kit(self.root), first)
        time.sleep(0.01)
        self.edit("indicators.yaml", "Works very long hours", "Works long hours")
        path = self.folder / "indicators.yaml"
        stat = path.stat()
        os.utime(path, (stat.st_atime, stat.st_mtime + 5))
        second = current_kit(self.root)
        self.assertIsNot(second, first)
        self.assertEqual(second.indicators[1].text, "Works long hours for little pay.")
