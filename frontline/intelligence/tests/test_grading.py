from __future__ import annotations

import pytest

from frontline.intelligence.grading import LEGACY, GradeError, from_legacy, grade


def test_a_3x5x2_grade() -> None:
    assert str(grade("B", "2", "P")) == "B2P"
    assert grade("A", "1", "C", " Not to be shared with the employer. ").conditions == (
        "Not to be shared with the employer."
    )


@pytest.mark.parametrize("code", ["D1P", "A6P", "A1X", "a1p"])
def test_not_a_grade(code: str) -> None:
    with pytest.raises(GradeError):
        grade(code[0], code[1], code[2])


def test_conditions_are_required_for_c_and_dropped_for_p() -> None:
    with pytest.raises(GradeError):
        grade("A", "1", "C", "  ")
    assert grade("A", "1", "P", "ignored").conditions == ""


def test_legacy_5x5x5_maps_conservatively() -> None:
    assert str(from_legacy("A11")) == "A1P"
    legacy = from_legacy("b24")
    assert str(legacy) == "B1C"
    assert "originating agency only" in legacy.conditions
    assert str(from_legacy("E55")) == "B5C"


def test_legacy_4x4_is_always_shared_under_conditions() -> None:
    assert str(from_legacy("A1")) == "A1C"
    assert str(from_legacy("D4")) == "B4C"


@pytest.mark.parametrize("code", ["", "F11", "A16", "A9", "A1PX"])
def test_not_a_legacy_grade(code: str) -> None:
    with pytest.raises(GradeError):
        from_legacy(code)


def test_every_legacy_code_maps_to_a_valid_grade() -> None:
    for (scheme, _field, old), new in LEGACY.items():
        assert scheme in {"5x5x5", "4x4"} and old and new
    for source in "ABCDE":
        for info in "12345":
            for handling in "12345":
                assert from_legacy(source + info + handling).source in "ABC"
