"""Extraction from realistic, fictional officers' notes in several languages and scripts.

Phone numbers are from the UK drama range (07700 900xxx) or documentation examples; IBANs are
the ISO 13616 / bank documentation examples; machine-readable zones are the ICAO 9303 specimens.
"""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from frontline.intelligence import mrz
from frontline.intelligence.extract import Kinds, extract, identifiers

ENGLISH = (
    "Stopped a van at the eastern crossing. Driver says his boss 'Sasha' calls him from "
    "+44 7700 900123; wages paid to GB82 WEST 1234 5698 7654 32. Van plate AB12 CDE. "
    "One passenger's passport no. X1234567 held by the driver. Contact boss.k@example.org."
)
UKRAINIAN = (
    "Водій автобуса має паспорт № ЕК123456, тримає паспорти пасажирів. "
    "Телефон роботодавця 07700 900456, номер авто АА 1234 ВК."
)
ARABIC = "السائق يحمل جواز سفر رقم N0123456 ويتلقى الأوامر عبر الهاتف 07700 900321"
GERMAN = (
    "Reisepass: C01X00T47. Fahrzeug mit Kennzeichen B-XY 1234 gesehen. "
    "Überweisung auf DE89 3704 0044 0532 0130 00."
)
ZONE = (
    "Copy of the passport data page:\n"
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10\n"
)


def values(text: str, kind: str, region: str | None = "GB") -> list[str]:
    return [m.value for m in extract(text, region=region) if m.kind == kind]


def test_english_note() -> None:
    assert values(ENGLISH, Kinds.PHONE) == ["+447700900123"]
    assert values(ENGLISH, Kinds.IBAN) == ["GB82WEST12345698765432"]
    assert values(ENGLISH, Kinds.PLATE) == ["AB12CDE"]
    assert values(ENGLISH, Kinds.DOCUMENT) == ["X1234567"]
    assert values(ENGLISH, Kinds.EMAIL) == ["boss.k@example.org"]


def test_ukrainian_note_cyrillic_letters_read_as_latin() -> None:
    assert values(UKRAINIAN, Kinds.DOCUMENT) == ["EK123456"]
    assert values(UKRAINIAN, Kinds.PHONE) == ["+447700900456"]
    assert values(UKRAINIAN, Kinds.PLATE) == ["AA1234BK"]
    raw = [m.raw for m in extract(UKRAINIAN, region="GB") if m.kind == Kinds.PLATE]
    assert raw == ["АА 1234 ВК"]  # the original spelling is kept


def test_arabic_note() -> None:
    assert values(ARABIC, Kinds.DOCUMENT) == ["N0123456"]
    assert values(ARABIC, Kinds.PHONE) == ["+447700900321"]


def test_german_note() -> None:
    assert values(GERMAN, Kinds.DOCUMENT) == ["C01X00T47"]
    assert values(GERMAN, Kinds.PLATE) == ["BXY1234"]
    assert values(GERMAN, Kinds.IBAN) == ["DE89370400440532013000"]


def test_the_default_region_reads_national_numbers() -> None:
    # The same national number means nothing without the officer's country.
    assert values("call 07700 900123", Kinds.PHONE, region=None) == []
    assert values("call 07700 900123", Kinds.PHONE, region="GB") == ["+447700900123"]


def test_an_iban_with_a_wrong_check_is_not_one() -> None:
    assert values("GB83 WEST 1234 5698 7654 32", Kinds.IBAN) == []


def test_machine_readable_zones_and_their_check_digits() -> None:
    found = extract(ZONE)
    assert [(m.kind, m.value) for m in found] == [
        (Kinds.DOCUMENT, "L898902C3"),
        (Kinds.NAME, "ANNA MARIA ERIKSSON"),
    ]
    broken = ZONE.replace("L898902C36", "L898902C37")
    assert [m for m in extract(broken) if m.kind == Kinds.DOCUMENT] == []
    card = (
        "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\n"
        "ERIKSSON<<ANNA<MARIA<<<<<<<<<<\n"
    )
    assert [z.document_number for z in mrz.find_zones(card)] == ["D23145890"]


def test_check_digit_examples_of_doc_9303() -> None:
    assert mrz.check_digit("520727") == "3"
    assert mrz.check_digit("L898902C3") == "6"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_spans_are_exact_and_never_overlap(text: str) -> None:
    found = identifiers(text, region="GB")
    for mention in found:
        assert text[mention.start : mention.end] == mention.raw
    spans = sorted((m.start, m.end) for m in found)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in pairwise(spans))


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 999), st.sampled_from(["+44 7700 ", "07700 ", "+447700"]))
def test_drama_numbers_in_any_writing_normalise_to_one_value(n: int, prefix: str) -> None:
    assert values(f"tel {prefix}900{n:03d} ok", Kinds.PHONE) == [f"+447700900{n:03d}"]
