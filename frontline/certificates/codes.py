"""Verification codes: 12 characters of Crockford's base32, shown as XXXX-XXXX-XXXX.

Each character carries 5 bits, so a code holds 60 bits drawn from `secrets`: about 1.2 x 10^18
possible codes. Guessing a valid one among even a million issued certificates takes on average
over 10^12 tries, and the public verification page allows far fewer than that (see ratelimit.py).
Crockford's alphabet leaves out I, L, O and U, so a code read aloud or typed from paper survives
the usual confusions: typed O is read as zero, I and L as one.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 12
GROUP = 4
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-_.]+")
# What a URL may carry: the code in any case, grouped or not (the converter normalises it).
URL_PATTERN = r"[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}"


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(typed: str) -> str | None:
    """The stored form of a code as a person might type it, or None if it cannot be one."""
    code = _SEPARATORS.sub("", typed.strip().upper()).translate(_CONFUSABLE)
    if len(code) != LENGTH or any(c not in ALPHABET for c in code):
        return None
    return code


def display(code: str) -> str:
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


class CodeConverter:
    """URL converter: accepts a code as typed, hands the view its stored form."""

    regex = URL_PATTERN

    def to_python(self, value: str) -> str:
        code = normalise(value)
        if code is None:
            raise ValueError(value)
        return code

    def to_url(self, value: str) -> str:
        return display(value)
