"""Full-text search across lessons, glossary and library.

SQLite uses an FTS5 table (`curriculum_fts`, porter stemming); PostgreSQL uses its built-in
full-text search with the English configuration. Both rank, both return a highlighted snippet,
and both treat a query as "all of these words". The index is rebuilt at every content load.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from django.db import connection

from frontline.curriculum.models import SearchDocument

MAX_RESULTS = 30
_START, _STOP = "\x02", "\x03"  # sentinels, turned into <mark> after escaping
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Hit:
    kind: str
    ref: str
    title: str
    url: str
    snippet_html: str

    @property
    def kind_label(self) -> str:
        return str(SearchDocument.Kind(self.kind).label)


def _highlight(snippet: str) -> str:
    escaped = html.escape(snippet)
    return escaped.replace(_START, "<mark>").replace(_STOP, "</mark>")


def words(query: str) -> list[str]:
    return _WORD.findall(query)[:12]


def rebuild_index() -> None:
    if connection.vendor != "sqlite":
        return  # PostgreSQL searches SearchDocument directly.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM curriculum_fts")
        cursor.execute(
            "INSERT INTO curriculum_fts (rowid, title, body) "
            "SELECT id, title, body FROM curriculum_searchdocument"
        )


def search(query: str, kind: str | None = None) -> list[Hit]:
    terms = words(query)
    if not terms:
        return []
    if connection.vendor == "postgresql":
        return _search_postgres(terms, kind)
    return _search_sqlite(terms, kind)


_SQLITE_QUERY = (
    "SELECT d.kind, d.ref, d.title, d.url, "
    "snippet(curriculum_fts, 1, '\x02', '\x03', '…', 24) "
    "FROM curriculum_fts JOIN curriculum_searchdocument d ON d.id = curriculum_fts.rowid "
    "WHERE curriculum_fts MATCH %s AND (%s = '' OR d.kind = %s) "
    "ORDER BY bm25(curriculum_fts, 5.0, 1.0), d.kind, d.ref LIMIT %s"
)


def _search_sqlite(terms: list[str], kind: str | None) -> list[Hit]:
    # Each word quoted: the user's text is never FTS5 syntax.
    match = " ".join('"' + t.replace('"', "") + '"' for t in terms)
    params: list[str | int] = [match, kind or "", kind or "", MAX_RESULTS]
    with connection.cursor() as cursor:
        cursor.execute(_SQLITE_QUERY, params)
        rows = cursor.fetchall()
    return [Hit(k, ref, title, url, _highlight(snip)) for k, ref, title, url, snip in rows]


def _search_postgres(terms: list[str], kind: str | None) -> list[Hit]:
    from django.contrib.postgres.search import (
        SearchHeadline,
        SearchQuery,
        SearchRank,
        SearchVector,
    )

    query = SearchQuery(" ".join(terms), config="english", search_type="plain")
    vector = SearchVector("title", weight="A", config="english") + SearchVector(
        "body", weight="B", config="english"
    )
    docs = SearchDocument.objects.annotate(document=vector, rank=SearchRank(vector, query))
    docs = docs.filter(document=query)
    docs = docs.annotate(
        snippet=SearchHeadline(
            "body",
            query,
            config="english",
            start_sel=_START,
            stop_sel=_STOP,
            max_words=30,
            min_words=12,
            max_fragments=1,
            fragment_delimiter="…",
        )
    )
    if kind:
        docs = docs.filter(kind=kind)
    docs = docs.order_by("-rank", "kind", "ref")[:MAX_RESULTS]
    return [Hit(d.kind, d.ref, d.title, d.url, _highlight(d.snippet)) for d in docs]
