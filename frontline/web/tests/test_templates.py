"""No template may carry inline script, inline event handlers or inline style attributes:
the Content-Security-Policy would block them, and they would weaken it if it did not."""

from __future__ import annotations

import re
from pathlib import Path

from django.test import SimpleTestCase

import frontline

ROOT = Path(frontline.__file__).parent
SCRIPT_TAG = re.compile(r"<script\b(?P<attrs>[^>]*)>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTR = re.compile(r"\sstyle\s*=", re.IGNORECASE)
STYLE_TAG = re.compile(r"<style\b", re.IGNORECASE)
JS_URL = re.compile(r"javascript:", re.IGNORECASE)


def templates() -> list[Path]:
    return sorted(p for p in ROOT.rglob("templates/**/*.html"))


class InlineScriptTests(SimpleTestCase):
    def test_there_are_templates_to_check(self) -> None:
        self.assertGreater(len(templates()), 10)

    def test_no_inline_script_or_style(self) -> None:
        problems = []
        for path in templates():
            text = path.read_text()
            for match in SCRIPT_TAG.finditer(text):
                if "src=" not in match.group("attrs"):
                    problems.append(f"{path}: inline <script>")
            for pattern, what in (
                (EVENT_HANDLER, "inline event handler"),
                (STYLE_ATTR, "style attribute"),
                (STYLE_TAG, "<style> element"),
                (JS_URL, "javascript: URL"),
            ):
                if pattern.search(text):
                    problems.append(f"{path}: {what}")
        self.assertEqual(problems, [])

    def test_checker_catches_offenders(self) -> None:
        self.assertTrue(SCRIPT_TAG.search("<script>alert(1)</script>"))
        self.assertTrue(EVENT_HANDLER.search('<a onclick="x()">'))
        self.assertTrue(STYLE_ATTR.search('<p style="color:red">'))
