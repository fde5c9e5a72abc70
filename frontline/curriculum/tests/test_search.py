"""The same queries give the same results on SQLite (FTS5) and PostgreSQL (full-text search);
the suite runs on both, so these expectations are checked against each."""

from __future__ import annotations

from django.test import TestCase

from frontline.curriculum.models import SearchDocument
from frontline.curriculum.search import rebuild_index, search

DOCS = [
    ("lesson", "a", "Debt bondage", "Workers owe a debt that grows faster than they can repay it."),
    ("lesson", "b", "Border checks", "Officers at the border check documents in person."),
    (
        "term",
        "c",
        "Smuggling of migrants",
        "Crossing a border illegally with the migrant's consent.",
    ),
    (
        "resource",
        "d",
        "Recruitment methods",
        "Traffickers recruited people through fake job offers.",
    ),
    ("lesson", "e", "Working conditions", "Poor but free work is not trafficking in itself."),
]

EXPECTED = {
    "debt": {"a"},
    "borders": {"b", "c"},  # stemming: border/borders
    "recruiting": {"d"},  # stemming: recruit
    "border documents": {"b"},  # every word must appear
    "consent": {"c"},
    "trafficking free": {"e"},
    "nothing-matches-this": set(),
}


class SearchAgreementTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        # Only these documents, not the content loaded for the session (rolled back after).
        SearchDocument.objects.all().delete()
        SearchDocument.objects.bulk_create(
            SearchDocument(kind=k, ref=ref, title=t, body=b, url=f"/{ref}/")
            for k, ref, t, b in DOCS
        )
        rebuild_index()

    def test_expected_results(self) -> None:
        for query, refs in EXPECTED.items():
            with self.subTest(query=query):
                self.assertEqual({hit.ref for hit in search(query)}, refs)

    def test_title_match_ranks_first(self) -> None:
        self.assertEqual(search("debt")[0].ref, "a")

    def test_snippet_is_escaped_and_highlighted(self) -> None:
        hit = search("consent")[0]
        self.assertIn("<mark>consent</mark>", hit.snippet_html)
        self.assertIn("migrant&#x27;s", hit.snippet_html)

    def test_empty_query(self) -> None:
        self.assertEqual(search("  !!  "), [])
