"""Names across scripts and spellings (all fictional)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontline.intelligence.names import CANDIDATE, compare, fold, skeleton

SAME_PERSON = [
    ("Олександр Коваленко", "Oleksandr Kovalenko"),  # Ukrainian Cyrillic / national system
    ("Aleksandr Kowalenko", "Олександр Коваленко"),  # Polish-style spelling
    ("Коваленко Олександр", "Oleksandr Kovalenko"),  # family name first
    ("محمد حسن", "Mohammed Hassan"),  # Arabic / English romanisation
    ("Muhammad Hasan", "مُحَمَّد حَسَن"),  # with short-vowel marks
    ("Mohamed Hasan", "Muhammad Hassan"),
    ("Ivana Petrova", "Ивана Петрова"),
    ("Γιώργος Παπαδάκης", "Giorgos Papadakis"),  # Greek
    ("Anna Maria Eriksson", "Anna Eriksson"),  # a middle name left out
    ("Jürgen Schäfer", "Juergen Schaefer"),
]
DIFFERENT = [
    ("Oleksandr Kovalenko", "Olena Kravets"),
    ("Mohammed Hassan", "Ahmed Karimi"),
    ("Ivan Petrov", "Ivan Sidorov"),
    ("Anna Eriksson", "Maria Lopez"),
]


@pytest.mark.parametrize(("a", "b"), SAME_PERSON)
def test_the_same_person_across_scripts_is_a_candidate(a: str, b: str) -> None:
    match = compare(a, b)
    assert match.score >= CANDIDATE, match
    assert match.reasons


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_people_are_not(a: str, b: str) -> None:
    assert compare(a, b).score < CANDIDATE


def test_arabic_is_compared_in_its_own_script_too() -> None:
    match = compare("محمد حسن", "مُحَمَّد حَسَن")
    assert match.score == 1.0
    assert any("Arabic script" in r for r in match.reasons)


def test_skeleton_is_the_blocking_key_across_scripts() -> None:
    assert skeleton("محمد حسن") == skeleton("Muhammad Hasan") == skeleton("Hassan, Mohammed")


NAMES = st.text(
    alphabet=st.sampled_from(
        "abcdefghijklmnopqrstuvwxyzабвгдежзиклмнопрстуфхцчшщ ابتثجحخدرزسشصع-'"
    ),
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(NAMES, NAMES)
def test_compare_is_symmetric_and_bounded(a: str, b: str) -> None:
    one, other = compare(a, b), compare(b, a)
    assert one.score == other.score
    assert 0.0 <= one.score <= 1.0


@settings(max_examples=200, deadline=None)
@given(NAMES)
def test_a_name_matches_itself_and_folds_to_ascii(name: str) -> None:
    assert fold(name).isascii()
    if fold(name):
        assert compare(name, name).score == 1.0
