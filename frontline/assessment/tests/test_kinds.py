"""Each question kind: reading its fields, parsing a response, scoring, laying out, describing."""

from __future__ import annotations

import random
import textwrap
from pathlib import Path
from typing import Any

from django.test import SimpleTestCase

from frontline.assessment.kinds import KINDS, BadResponse
from frontline.assessment.kinds.short import normalise
from frontline.lib.yamlfiles import FieldReader, Problem, YamlMap, parse_yaml


def read(kind: str, text: str) -> tuple[dict[str, Any], list[Problem]]:
    problems: list[Problem] = []
    f = FieldReader(Path("/c"), Path("/c/items.yaml"), problems)
    d = parse_yaml(textwrap.dedent(text), f)
    assert isinstance(d, YamlMap)
    return KINDS[kind].read(f, d, ""), problems


OPTIONS = {
    "options": [
        {"id": "a", "text": "Call the ATU", "feedback": "Yes.", "correct": True, "rating": "best"},
        {"id": "b", "text": "Arrest her", "feedback": "No.", "correct": False, "rating": "poor"},
        {"id": "c", "text": "Note it", "feedback": "Partly.", "correct": True,
         "rating": "acceptable"},
        {"id": "d", "text": "Ignore it", "feedback": "No.", "correct": False, "rating": "poor"},
    ]
}  # fmt: skip
MATCHING = {
    "left": [{"id": "l1", "text": "act"}, {"id": "l2", "text": "means"}, {"id": "l3", "text": "x"}],
    "right": [{"id": "r1", "text": "recruits"}, {"id": "r2", "text": "threat"},
              {"id": "r3", "text": "y"}],
    "pairs": {"l1": "r1", "l2": "r2", "l3": "r3"},
}  # fmt: skip
ORDERING = {"steps": [{"id": f"s{n}", "text": f"step {n}"} for n in range(1, 5)]}
SHORT = {"accepted": ["Non-punishment", "non punishment principle"]}


class ScoringTests(SimpleTestCase):
    # (kind, data, form, stored response, score)
    CASES: list[tuple[str, dict[str, Any], dict[str, list[str]], Any, float]] = [
        ("single", OPTIONS, {"choice": ["a"]}, "a", 1.0),
        ("single", OPTIONS, {"choice": ["b"]}, "b", 0.0),
        ("multiple", OPTIONS, {"choice": ["a", "c"]}, ["a", "c"], 1.0),
        ("multiple", OPTIONS, {"choice": ["a"]}, ["a"], 0.5),
        ("multiple", OPTIONS, {"choice": ["a", "c", "b"]}, ["a", "b", "c"], 0.5),
        ("multiple", OPTIONS, {"choice": ["b", "a"]}, ["a", "b"], 0.0),
        ("multiple", OPTIONS, {"choice": ["b", "d"]}, ["b", "d"], 0.0),
        ("judgement", OPTIONS, {"choice": ["a"]}, "a", 1.0),
        ("judgement", OPTIONS, {"choice": ["c"]}, "c", 0.5),
        ("judgement", OPTIONS, {"choice": ["d"]}, "d", 0.0),
        ("truefalse", {"answer": False}, {"choice": ["false"]}, "false", 1.0),
        ("truefalse", {"answer": False}, {"choice": ["true"]}, "true", 0.0),
        ("matching", MATCHING, {"match-l1": ["r1"], "match-l2": ["r2"], "match-l3": ["r3"]},
         {"l1": "r1", "l2": "r2", "l3": "r3"}, 1.0),
        ("matching", MATCHING, {"match-l1": ["r2"], "match-l2": ["r1"], "match-l3": ["r3"]},
         {"l1": "r2", "l2": "r1", "l3": "r3"}, 1 / 3),
        ("matching", MATCHING, {"match-l1": ["r1"], "match-l2": [""]}, {"l1": "r1"}, 1 / 3),
        ("ordering", ORDERING, {f"position-s{n}": [str(n)] for n in range(1, 5)},
         {"s1": 1, "s2": 2, "s3": 3, "s4": 4}, 1.0),
        ("ordering", ORDERING, {"position-s1": ["2"], "position-s2": ["1"], "position-s3": ["3"],
                                "position-s4": ["4"]}, {"s1": 2, "s2": 1, "s3": 3, "s4": 4}, 0.5),
        ("short", SHORT, {"text": ["  NON-PUNISHMENT! "]}, "NON-PUNISHMENT!", 1.0),
        ("short", SHORT, {"text": ["Non punishment principle"]}, "Non punishment principle", 1.0),
        ("short", SHORT, {"text": ["impunity"]}, "impunity", 0.0),
    ]  # fmt: skip

    def test_parse_then_score(self) -> None:
        for kind, data, form, stored, score in self.CASES:
            with self.subTest(kind=kind, form=form):
                response = KINDS[kind].parse(data, form)
                self.assertEqual(response, stored)
                self.assertAlmostEqual(KINDS[kind].score(data, response), score)
                self.assertTrue(KINDS[kind].describe(data, response))

    BAD: list[tuple[str, dict[str, Any], dict[str, list[str]]]] = [
        ("single", OPTIONS, {}),
        ("single", OPTIONS, {"choice": ["a", "b"]}),
        ("single", OPTIONS, {"choice": ["zzz"]}),
        ("multiple", OPTIONS, {"choice": []}),
        ("multiple", OPTIONS, {"choice": ["a", "zzz"]}),
        ("judgement", OPTIONS, {"choice": ["<script>"]}),
        ("truefalse", {"answer": True}, {"choice": ["maybe"]}),
        ("matching", MATCHING, {}),
        ("matching", MATCHING, {"match-l1": ["r9"]}),
        ("matching", MATCHING, {"match-l1": ["r1", "r2"]}),
        ("ordering", ORDERING, {"position-s1": ["0"]}),
        ("ordering", ORDERING, {"position-s1": ["5"]}),
        ("ordering", ORDERING, {"position-s1": ["one"]}),
        ("ordering", ORDERING, {}),
        ("short", SHORT, {"text": ["   "]}),
        ("short", SHORT, {"text": ["x" * 201]}),
        ("short", SHORT, {"text": ["a", "b"]}),
    ]

    def test_bad_responses_are_refused_with_a_message(self) -> None:
        for kind, data, form in self.BAD:
            with self.subTest(kind=kind, form=form), self.assertRaises(BadResponse) as caught:
                KINDS[kind].parse(data, form)
            self.assertTrue(str(caught.exception))

    def test_feedback_per_option(self) -> None:
        self.assertEqual(KINDS["single"].feedback(OPTIONS, "b"), ["No."])
        self.assertEqual(KINDS["multiple"].feedback(OPTIONS, ["a", "c"]), ["Yes.", "Partly."])
        self.assertEqual(KINDS["truefalse"].feedback({"answer": True}, "true"), [])

    def test_key_names_the_right_answer(self) -> None:
        self.assertEqual(KINDS["multiple"].key(OPTIONS), ["Call the ATU", "Note it"])
        self.assertEqual(
            KINDS["judgement"].key(OPTIONS), ["Call the ATU (best)", "Note it (acceptable)"]
        )
        self.assertEqual(KINDS["ordering"].key(ORDERING)[0], "1. step 1")
        self.assertEqual(KINDS["matching"].key(MATCHING)[1], "means → threat")


class LayoutTests(SimpleTestCase):
    def test_shuffle_is_reproducible_and_keeps_every_choice(self) -> None:
        first = KINDS["single"].present(OPTIONS, random.Random(7))["choices"]
        again = KINDS["single"].present(OPTIONS, random.Random(7))["choices"]
        self.assertEqual(first, again)
        self.assertEqual(sorted(c.id for c in first), ["a", "b", "c", "d"])
        in_file_order = KINDS["single"].present(OPTIONS, None)["choices"]
        self.assertEqual([c.id for c in in_file_order], ["a", "b", "c", "d"])

    def test_layout_never_carries_the_key(self) -> None:
        for kind, data in [("single", OPTIONS), ("judgement", OPTIONS), ("matching", MATCHING),
                           ("ordering", ORDERING), ("short", SHORT)]:  # fmt: skip
            with self.subTest(kind=kind):
                layout = repr(KINDS[kind].present(data, random.Random(1)))
                for secret in ("correct", "rating", "feedback", "pairs", "accepted"):
                    self.assertNotIn(secret, layout)


class ReadTests(SimpleTestCase):
    def test_good_single_item(self) -> None:
        data, problems = read(
            "single",
            """
            options:
              - {id: a, text: One, feedback: F1, correct: true}
              - {id: b, text: Two, feedback: F2}
            """,
        )
        self.assertEqual(problems, [])
        self.assertEqual([o["correct"] for o in data["options"]], [True, False])

    def test_problems_name_the_field(self) -> None:
        cases = [
            ("single", "options:\n  - {id: a, text: One, feedback: F}\n"
                       "  - {id: b, text: Two, feedback: F}\n", "exactly one option"),
            ("single", "options:\n  - {id: a, text: One, feedback: F, correct: true}\n"
                       "  - {id: a, text: Two, feedback: F}\n", "option ids must be unique"),
            ("single", "options:\n  - {id: a, text: Same, feedback: F, correct: true}\n"
                       "  - {id: b, text: Same, feedback: F}\n", "option texts must be unique"),
            ("single", "options:\n  - {id: a, text: One, feedback: F, correct: true}\n",
             "2 to 6 options"),
            ("single", "options:\n  - {id: a, text: One, correct: true}\n"
                       "  - {id: b, text: Two, feedback: F}\n", "is required"),
            ("single", "options: nope\n", "must be a list of options"),
            ("multiple", "options:\n  - {id: a, text: A, feedback: F}\n"
                         "  - {id: b, text: B, feedback: F}\n  - {id: c, text: C, feedback: F}\n",
             "at least one option"),
            ("judgement", "options:\n  - {id: a, text: A, feedback: F, rating: best}\n"
                          "  - {id: b, text: B, feedback: F, rating: best}\n"
                          "  - {id: c, text: C, feedback: F, rating: poor}\n", "exactly one"),
            ("judgement", "options:\n  - {id: a, text: A, feedback: F, rating: great}\n"
                          "  - {id: b, text: B, feedback: F, rating: poor}\n"
                          "  - {id: c, text: C, feedback: F, rating: poor}\n", "is not one of"),
            ("truefalse", "answer: yes please\n", "must be true or false"),
            ("matching", "pairs:\n  - {left: a, right: b}\n", "3 to 6 pairs"),
            ("matching", "pairs:\n  - {left: a, right: b}\n  - {left: a, right: c}\n"
                         "  - {left: d, right: e}\n", "must be unique"),
            ("ordering", "steps: [one, two]\n", "3 to 7 steps"),
            ("ordering", "steps: [one, two, one]\n", "must be unique"),
            ("short", "accepted: ['!!']\n", "no letters or digits"),
            ("short", "other: 1\n", "is required"),
        ]  # fmt: skip
        for kind, text, message in cases:
            with self.subTest(kind=kind, text=text):
                _data, problems = read(kind, text)
                self.assertTrue(problems, "expected a problem")
                self.assertIn(message, " ".join(p.message for p in problems))
                self.assertTrue(all(p.line >= 1 for p in problems))

    def test_matching_ids_do_not_reveal_the_pairs(self) -> None:
        data, problems = read(
            "matching",
            """
            pairs:
              - {left: recruitment, right: act}
              - {left: threat, right: means}
              - {left: forced labour, right: purpose}
            """,
        )
        self.assertEqual(problems, [])
        for left, right in data["pairs"].items():
            self.assertNotEqual(left, right)
            self.assertNotIn(left[:3], right)

    def test_normalise(self) -> None:
        self.assertEqual(normalise("  Non-Punishment,  principle. "), "non punishment principle")
        self.assertEqual(normalise("Protección"), "proteccion")
        self.assertEqual(normalise("ÉLÈVE"), normalise("eleve"))


def test_every_kind_is_registered() -> None:
    assert set(KINDS) == {"single", "multiple", "truefalse", "matching", "ordering", "short",
                          "judgement"}  # fmt: skip
