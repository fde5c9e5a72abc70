"""Machine-readable zones of passports and identity cards (ICAO Doc 9303, parts 4 to 6).

Pure Python: finds TD3 (passport, two lines of 44 characters) and TD1 (identity card, three
lines of 30) zones in text and accepts one only when its check digits hold, so a zone typed
with a mistake is not taken for a document number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WEIGHTS = (7, 3, 1)
TD3 = re.compile(r"^([A-Z0-9<]{44})\s*\n\s*([A-Z0-9<]{44})$", re.MULTILINE)
TD1 = re.compile(
    r"^([A-Z0-9<]{30})\s*\n\s*([A-Z0-9<]{30})\s*\n\s*([A-Z<]{30})$",
    re.MULTILINE,
)


def _value(char: str) -> int:
    if char.isdigit():
        return int(char)
    if char == "<":
        return 0
    return ord(char) - ord("A") + 10


def check_digit(field: str) -> str:
    """The ICAO 9303 check digit of `field` (weights 7, 3, 1 repeated, modulo 10)."""
    total = sum(_value(c) * WEIGHTS[i % 3] for i, c in enumerate(field))
    return str(total % 10)


def _holds(field: str, digit: str) -> bool:
    # An optional field left empty may carry "<" as its check digit (Doc 9303-4, 4.2.2.2).
    return digit == check_digit(field) or (digit == "<" and set(field) <= {"<"})


@dataclass(frozen=True)
class Zone:
    kind: str  # "TD3" or "TD1"
    document_number: str
    issuer: str
    nationality: str
    surname: str
    given_names: str
    start: int
    end: int


def _name(field: str) -> tuple[str, str]:
    surname, _, given = field.partition("<<")
    return surname.replace("<", " ").strip(), given.replace("<", " ").strip()


def _td3(line1: str, line2: str) -> Zone | None:
    number, nat = line2[0:9], line2[10:13]
    fields_ok = (
        _holds(number, line2[9])
        and _holds(line2[13:19], line2[19])
        and _holds(line2[21:27], line2[27])
        and _holds(line2[28:42], line2[42])
    )
    composite = line2[0:10] + line2[13:20] + line2[21:43]
    if not (line1[0] == "P" and fields_ok and line2[43] == check_digit(composite)):
        return None
    surname, given = _name(line1[5:44])
    return Zone("TD3", number.strip("<"), line1[2:5].strip("<"), nat, surname, given, 0, 0)


def _td1(line1: str, line2: str, line3: str) -> Zone | None:
    number = line1[5:14]
    fields_ok = (
        _holds(number, line1[14])
        and _holds(line2[0:6], line2[6])
        and _holds(line2[8:14], line2[14])
    )
    composite = line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]
    if not (line1[0] in "ACI" and fields_ok and line2[29] == check_digit(composite)):
        return None
    surname, given = _name(line3)
    issuer = line1[2:5].strip("<")
    return Zone("TD1", number.strip("<"), issuer, line2[15:18].strip("<"), surname, given, 0, 0)


def find_zones(text: str) -> list[Zone]:
    """Every machine-readable zone in `text` whose check digits hold, in order."""
    zones = []
    for match in TD3.finditer(text):
        zone = _td3(match.group(1), match.group(2))
        if zone:
            zones.append(_at(zone, match))
    for match in TD1.finditer(text):
        zone = _td1(match.group(1), match.group(2), match.group(3))
        if zone:
            zones.append(_at(zone, match))
    return sorted(zones, key=lambda z: z.start)


def _at(zone: Zone, match: re.Match[str]) -> Zone:
    return Zone(**{**zone.__dict__, "start": match.start(), "end": match.end()})
