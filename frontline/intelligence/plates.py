"""Vehicle registration plates: one pattern per country, as data.

Patterns are the national formats in current use, simplified (no check of regional codes or
reserved letter series): they find candidates that the officer confirms, they do not validate
a plate. They match plates written as officers do (spaces or hyphens optional). Cyrillic
letters that look like Latin ones are written as the Latin letter before matching, because
Ukrainian and Bulgarian plates use only those letters. Add a country by adding a row.
"""

from __future__ import annotations

import re

# (ISO 3166 country, pattern). Letters that only the country uses are spelled out.
PLATES: tuple[tuple[str, str], ...] = (
    ("DE", r"[A-ZÄÖÜ]{1,3}-[A-Z]{1,2} ?[1-9]\d{0,3}[EH]?"),
    ("FR", r"[A-HJ-NP-TV-Z]{2}-\d{3}-[A-HJ-NP-TV-Z]{2}"),
    ("GB", r"[A-Z]{2}\d{2} ?[A-Z]{3}"),
    ("IT", r"[A-Z]{2} ?\d{3} ?[A-Z]{2}"),
    ("RO", r"(?:B|[A-Z]{2})[ -]?\d{2,3}[ -]?[A-Z]{3}"),
    ("ES", r"\d{4}[ -]?[BCDFGHJKLMNPRSTVWXYZ]{3}"),
    ("PL", r"[A-Z]{2,3} [0-9][0-9A-Z]{3,4}"),
    ("NL", r"\d{1,2}-[A-Z]{2,3}-\d{1,2}|[A-Z]{2}-\d{2,3}-[A-Z]{1,2}"),
    ("UA", r"[ABCEHIKMOPTX]{2} ?\d{4} ?[ABCEHIKMOPTX]{2}"),
    ("BG", r"[ABCEHKMOPTXY]{1,2} ?\d{4} ?[ABCEHKMOPTXY]{2}"),
)

LOOKALIKE = str.maketrans("АВСЕНІКМОРТХУ", "ABCEHIKMOPTXY")
COMPILED = tuple(
    (country, re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])")) for country, pattern in PLATES
)


def latin(text: str) -> str:
    """Cyrillic letters that look Latin written as Latin (same length, so offsets hold)."""
    return text.translate(LOOKALIKE)


def normalise_plate(raw: str) -> str:
    """The plate as it links: Latin capitals and digits, no spaces or hyphens."""
    return re.sub(r"[^0-9A-ZÄÖÜ]", "", latin(raw.upper()))


def find_plates(text: str) -> list[tuple[int, int, str, tuple[str, ...]]]:
    """(start, end, normalised plate, countries whose format it fits) for each plate."""
    found: dict[tuple[int, int], list[str]] = {}
    scan = latin(text)
    for country, pattern in COMPILED:
        for match in pattern.finditer(scan):
            raw = match.group(0)
            if not (re.search(r"\d", raw) and re.search(r"[A-Z]", raw)):
                continue
            found.setdefault((match.start(), match.end()), []).append(country)
    spans = sorted(found, key=lambda s: (s[0], -(s[1] - s[0])))
    out: list[tuple[int, int, str, tuple[str, ...]]] = []
    for start, end in spans:
        if out and start < out[-1][1]:
            continue  # inside a longer plate already found
        out.append((start, end, normalise_plate(text[start:end]), tuple(found[(start, end)])))
    return out
