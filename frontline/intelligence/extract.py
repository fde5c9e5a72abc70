"""Entities pulled from an officer's free text, offered for confirmation before saving.

Each `Mention` keeps the text as written (`raw`, with its offsets) and the normalised `value`
that links reports: phone numbers in E.164 (`phonenumbers`, the officer's country as the
default region), e-mail addresses in lower case, IBANs compact and checked (`stdnum.iban`, ISO
13616 check digits), vehicle plates (patterns per country in `plates.py`), passport and identity
card numbers (after a keyword in several languages, or from a machine-readable zone whose ICAO
9303 check digits hold, `mrz.py`) and the names printed in such a zone. Plain Python, no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from stdnum import iban as stdnum_iban

from frontline.intelligence import mrz
from frontline.intelligence.plates import find_plates, latin


class Kinds:
    PHONE = "phone"
    EMAIL = "email"
    IBAN = "iban"
    PLATE = "plate"
    DOCUMENT = "document"
    NAME = "name"


# Identifiers that link reports by equal value; names link by likeness (names.py).
IDENTIFIERS = (Kinds.PHONE, Kinds.EMAIL, Kinds.IBAN, Kinds.PLATE, Kinds.DOCUMENT)

# Numbers set aside for drama and fiction that libphonenumber rightly calls invalid; demo
# data and tests use only these (Ofcom: 07700 900000 to 900999).
FICTION_PREFIXES = ("+447700900",)

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
IBAN_CANDIDATE = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{1,4}){3,8}\b")
# "passport", "ID card" and their usual words in the languages of the demo notes; the number
# that follows within a few characters must hold a digit.
DOCUMENT_WORDS = (
    r"passport|pass(?:port)?\s*no|reisepass|personalausweis|ausweis|id[\s-]*card|identity\s+card"
    r"|паспорт|посвідчення|удостоверение|paszport|dowód|pașaport|pasaport|passeport"
    r"|carte\s+d'identité|جواز(?:\s+سفر)?|هوية"
)
DOCUMENT = re.compile(
    rf"(?:{DOCUMENT_WORDS})\b[^\n\w]{{0,3}}(?:\w+\.?\s+){{0,2}}?[:#№]?\s*([A-Z0-9]{{6,12}})\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mention:
    kind: str
    value: str  # normalised: what links reports
    raw: str  # as written
    start: int
    end: int
    note: str = ""  # e.g. the countries a plate fits, the zone a document came from


def is_fiction(e164: str) -> bool:
    return e164.startswith(FICTION_PREFIXES) and len(e164) == 13


def phones(text: str, region: str | None) -> list[Mention]:
    out = []
    matcher = phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.POSSIBLE)
    for match in matcher:
        e164 = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        if phonenumbers.is_valid_number(match.number) or is_fiction(e164):
            out.append(Mention(Kinds.PHONE, e164, match.raw_string, match.start, match.end))
    return out


def emails(text: str) -> list[Mention]:
    return [
        Mention(Kinds.EMAIL, m.group(0).lower(), m.group(0), m.start(), m.end())
        for m in EMAIL.finditer(text)
    ]


def ibans(text: str) -> list[Mention]:
    """IBANs, possibly grouped by spaces; the longest prefix of a candidate that passes the
    ISO 13616 check is taken, so a capitalised word after the number does not spoil it."""
    out = []
    for match in IBAN_CANDIDATE.finditer(text):
        raw = match.group(0)
        for end in range(len(raw), 14, -1):
            compact = raw[:end].replace(" ", "")
            if raw[end - 1] != " " and stdnum_iban.is_valid(compact):
                out.append(
                    Mention(Kinds.IBAN, compact, raw[:end], match.start(), match.start() + end)
                )
                break
    return out


def plates(text: str) -> list[Mention]:
    return [
        Mention(Kinds.PLATE, value, text[start:end], start, end, note=" ".join(countries))
        for start, end, value, countries in find_plates(text)
    ]


def documents(text: str) -> list[Mention]:
    out = []
    for zone in mrz.find_zones(text):
        raw = text[zone.start : zone.end]
        note = f"{zone.kind} {zone.issuer}"
        out.append(Mention(Kinds.DOCUMENT, zone.document_number, raw, zone.start, zone.end, note))
        name = f"{zone.given_names} {zone.surname}".strip()
        if name:
            out.append(Mention(Kinds.NAME, name, raw, zone.start, zone.end, f"{zone.kind} name"))
    # Document numbers written with Cyrillic letters that look Latin are read as Latin.
    for match in DOCUMENT.finditer(latin(text)):
        number = match.group(1).upper()
        if re.search(r"\d", number):
            start, end = match.span(1)
            out.append(Mention(Kinds.DOCUMENT, number, text[start:end], start, end))
    return out


def extract(text: str, *, region: str | None = None) -> list[Mention]:
    """Every entity in `text`, in order of appearance, each span reported once (a number that
    is both an IBAN and looks like a phone number is an IBAN)."""
    found = [*ibans(text), *documents(text), *emails(text), *plates(text), *phones(text, region)]
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for mention in found:
        overlaps = any(mention.start < end and start < mention.end for start, end in taken)
        if overlaps and mention.kind != Kinds.NAME:
            continue
        out.append(mention)
        if mention.kind != Kinds.NAME:
            taken.append((mention.start, mention.end))
    return out


def identifiers(text: str, *, region: str | None = None) -> list[Mention]:
    """The personal identifiers in `text` (no names): what blocks a bulletin's publication."""
    return [m for m in extract(text, region=region) if m.kind in IDENTIFIERS]
