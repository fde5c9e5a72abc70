"""Lesson Markdown to safe HTML, with glossary terms explained where they first appear."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "blockquote", "code", "pre",
    "table", "thead", "tbody", "tr", "th", "td", "a", "br", "hr", "abbr", "dfn", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "class", "data-def"}, "abbr": {"title"}, "th": {"scope"}}

# Inside these, a term is never turned into a link.
_NO_LINK_INSIDE = {"a", "h2", "h3", "h4", "code", "pre"}
_TAG = re.compile(r"(<[^>]*>)")


@dataclass(frozen=True)
class Term:
    key: str
    term: str
    abbreviation: str
    definition: str


def markdown_to_html(text: str) -> str:
    raw = markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    return nh3.clean(raw, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES)


def plain_text(html_text: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", _TAG.sub(" ", html_text))).strip()


def _pattern(terms: Iterable[Term]) -> tuple[re.Pattern[str], dict[str, Term]]:
    lookup: dict[str, Term] = {}
    for t in terms:
        lookup.setdefault(t.term.lower(), t)
        # Abbreviations match exactly (case-sensitive) and only when two letters or more.
        if len(t.abbreviation) >= 2:
            lookup.setdefault(t.abbreviation, t)
    names = sorted(lookup, key=len, reverse=True)
    alternatives = [
        re.escape(name) if name != name.lower() else f"(?i:{re.escape(name)})" for name in names
    ]
    pattern = re.compile(r"(?<![\w-])(" + "|".join(alternatives) + r")(?![\w-])")
    return pattern, lookup


def link_terms(html_text: str, terms: Iterable[Term]) -> tuple[str, list[str]]:
    """Link the first mention of each glossary term to its explanation.

    Returns the new HTML and the keys of the terms found, in order of first mention.
    """
    terms = list(terms)
    if not terms:
        return html_text, []
    pattern, lookup = _pattern(terms)
    found: list[str] = []
    open_blockers = 0
    out = []
    for piece in _TAG.split(html_text):
        if piece.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", piece)
            if name and name.group(1).lower() in _NO_LINK_INSIDE:
                open_blockers += -1 if piece.startswith("</") else 1
            out.append(piece)
            continue
        if open_blockers > 0 or not piece.strip():
            out.append(piece)
            continue

        def replace(match: re.Match[str]) -> str:
            text = match.group(0)
            term = lookup.get(text) or lookup.get(text.lower())
            if term is None or term.key in found:
                return text
            found.append(term.key)
            definition = html.escape(term.definition, quote=True)
            return f'<a class="term" href="#term-{term.key}" data-def="{definition}">{text}</a>'

        out.append(pattern.sub(replace, piece))
    return "".join(out), found
