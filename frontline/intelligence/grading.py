"""Grading intelligence: the 3x5x2 codes, and the older 5x5x5 and 4x4 read for legacy imports.

3x5x2 (College of Policing, Authorised Professional Practice "Intelligence management", which
replaced 5x5x5 in the UK): the source is evaluated (A reliable, B untested, C not reliable), the
information graded 1 to 5, and handling is P (may be shared lawfully) or C (may be shared only
under conditions the originator writes; they need a recorded risk assessment and the authority
that agreed them). The reader (unit 5.4) asks for the same three judgements.

Legacy codes are mapped conservatively: when an old grade says less than a new one, it maps to
the weaker new grade, and every restriction stays a condition. The table is `LEGACY` below and
is printed in docs/architecture.md, "Intelligence".
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCE = {"A": "reliable", "B": "untested", "C": "not reliable"}
INFORMATION = {
    "1": "known directly to the source",
    "2": "known indirectly to the source, corroborated",
    "3": "known indirectly to the source",
    "4": "cannot be judged",
    "5": "suspected to be false or malicious",
}
HANDLING = {"P": "may be shared lawfully", "C": "may be shared only under conditions"}


@dataclass(frozen=True)
class Grade:
    source: str
    information: str
    handling: str
    conditions: str = ""

    def __str__(self) -> str:
        return f"{self.source}{self.information}{self.handling}"


# (scheme, field, old code) -> new code. 5x5x5 source: A always reliable, B mostly reliable,
# C sometimes reliable, D unreliable, E untested; intelligence: 1 known to be true without
# reservation, 2 known personally to the source but not to the officer, 3 not known personally
# to the source but corroborated, 4 cannot be judged, 5 suspected to be false; handling 1 to 5
# from "may be shared with prosecuting agencies" to "no further dissemination". 4x4 (the older
# European scheme): source A completely reliable, B usually reliable, C not usually reliable,
# D cannot be assessed; information 1 known to be true, 2 known personally to the source,
# 3 corroborated, 4 cannot be assessed.
LEGACY: dict[tuple[str, str, str], str] = {
    ("5x5x5", "source", "A"): "A",
    ("5x5x5", "source", "B"): "B",
    ("5x5x5", "source", "C"): "B",
    ("5x5x5", "source", "D"): "C",
    ("5x5x5", "source", "E"): "B",
    ("5x5x5", "information", "1"): "1",
    ("5x5x5", "information", "2"): "1",
    ("5x5x5", "information", "3"): "2",
    ("5x5x5", "information", "4"): "4",
    ("5x5x5", "information", "5"): "5",
    ("4x4", "source", "A"): "A",
    ("4x4", "source", "B"): "B",
    ("4x4", "source", "C"): "C",
    ("4x4", "source", "D"): "B",
    ("4x4", "information", "1"): "1",
    ("4x4", "information", "2"): "1",
    ("4x4", "information", "3"): "2",
    ("4x4", "information", "4"): "4",
}
LEGACY_HANDLING = {
    "1": "",
    "2": "Legacy 5x5x5 handling code 2: share only with other law-enforcement agencies.",
    "3": "Legacy 5x5x5 handling code 3: share with non-prosecuting partners under agreement.",
    "4": "Legacy 5x5x5 handling code 4: within the originating agency only.",
    "5": "Legacy 5x5x5 handling code 5: no further sharing; refer to the originator.",
}


class GradeError(ValueError):
    pass


def grade(source: str, information: str, handling: str, conditions: str = "") -> Grade:
    """A 3x5x2 grade, checked: C handling needs its conditions written, P has none."""
    if source not in SOURCE or information not in INFORMATION or handling not in HANDLING:
        raise GradeError(f"not a 3x5x2 grade: {source}{information}{handling}")
    if handling == "C" and not conditions.strip():
        raise GradeError("handling C needs the conditions of sharing")
    return Grade(source, information, handling, conditions.strip() if handling == "C" else "")


def from_legacy(code: str) -> Grade:
    """A legacy grade as 3x5x2: "B24" (5x5x5: source, intelligence, handling) or "B2" (4x4,
    read as shareable only under conditions, since 4x4 carries no handling code)."""
    code = code.strip().upper()
    if len(code) == 3 and code[2] in LEGACY_HANDLING:
        scheme, handling = "5x5x5", code[2]
    elif len(code) == 2:
        scheme, handling = "4x4", "4x4"
    else:
        raise GradeError(f"not a 5x5x5 or 4x4 grade: {code!r}")
    try:
        source = LEGACY[(scheme, "source", code[0])]
        information = LEGACY[(scheme, "information", code[1])]
    except KeyError:
        raise GradeError(f"not a {scheme} grade: {code!r}") from None
    if handling == "4x4":
        conditions = "Legacy 4x4 grade without handling code: ask the originator before sharing."
    else:
        conditions = LEGACY_HANDLING[handling]
    return grade(source, information, "C" if conditions else "P", conditions)
