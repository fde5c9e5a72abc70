from __future__ import annotations

from django.test import SimpleTestCase

from frontline.curriculum.rendering import Term, link_terms, markdown_to_html

TERMS = [
    Term("thb", "trafficking in human beings", "THB", "The crime."),
    Term("atu", "anti-trafficking unit", "ATU", "The specialised police unit."),
]


class RenderingTests(SimpleTestCase):
    def test_markdown_is_sanitised(self) -> None:
        html = markdown_to_html(
            "Hello <script>alert(1)</script> **there**\n\n<img src=x onerror=y>"
        )
        self.assertNotIn("<script", html)
        self.assertNotIn("onerror", html)
        self.assertIn("<strong>there</strong>", html)

    def test_first_mention_linked_with_definition(self) -> None:
        html, found = link_terms(
            "<p>Call the ATU. The ATU and trafficking in human beings.</p>", TERMS
        )
        self.assertEqual(found, ["atu", "thb"])
        self.assertEqual(html.count('href="#term-atu"'), 1)
        self.assertIn('data-def="The specialised police unit."', html)

    def test_abbreviations_are_case_sensitive_and_whole_words(self) -> None:
        _, found = link_terms("<p>The batu and atu words and THBX.</p>", TERMS)
        self.assertEqual(found, [])

    def test_not_inside_headings_links_or_code(self) -> None:
        html, found = link_terms(
            '<h2>ATU</h2><p><a href="/x">ATU</a> <code>ATU</code></p><p>ATU</p>', TERMS
        )
        self.assertEqual(found, ["atu"])
        self.assertTrue(html.startswith("<h2>ATU</h2>"))
        self.assertTrue(
            html.endswith(
                '<p><a class="term" href="#term-atu" '
                'data-def="The specialised police unit.">ATU</a></p>'
            )
        )
