"""People's names compared across scripts and spellings.

The original spelling is always kept; what is compared is derived from it:

- **folded**: the name in ASCII by anyascii (ISC licence; Unidecode is GPL), lower case, with a
  few spelling rules that differ between transliteration systems made the same (w/v, ph/f,
  kh/h, y/i...), so "Коваленко", "Kovalenko" and "Kowalenko" come close;
- **skeleton**: each word of the folded name without vowels and doubled letters, in sorted
  order. Arabic script writes few vowels, so "محمد حسن", "Mohammed Hassan" and "Muhammad
  Hasan" all give "hsn mhmd". The skeleton is the blocking key that keeps linking near-linear;
- **Arabic**: a name in Arabic script is also compared in its own script, after the usual
  orthographic normalisation (no short vowels, one alef, taa marbuta as haa, alif maqsura as yaa).

`compare(a, b)` gives a score in [0, 1] and the reasons behind it, for the analyst to confirm.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import jellyfish
from anyascii import anyascii
from rapidfuzz import fuzz

# Spelling differences between transliteration systems (English, German, French, Polish and
# Slavic national systems) folded to one form; order matters (longest first).
FOLDS = (
    ("shch", "sh"),
    ("sch", "sh"),
    ("tch", "ch"),
    ("dzh", "j"),
    ("zh", "j"),
    ("ph", "f"),
    ("kh", "h"),
    ("ck", "k"),
    ("ou", "u"),
    ("w", "v"),
    ("y", "i"),
    ("q", "k"),
)
VOWELS = frozenset("aeiou")
ARABIC = re.compile(r"[\u0600-\u06FF]")
ARABIC_MARKS = re.compile(r"[\u064B-\u065F\u0670\u0640]")  # short vowels, dagger alef, tatweel
ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})
# A name pair at or above this score is offered to the analyst as a candidate link.
CANDIDATE = 0.85


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """The name in folded ASCII: lower-case words of letters, spelling variants made one."""
    text = anyascii(unicodedata.normalize("NFC", name)).lower()
    text = re.sub(r"[^a-z]+", " ", text).strip()
    for old, new in FOLDS:
        text = text.replace(old, new)
    return text


def _skeleton_word(word: str) -> str:
    consonants = [c for c in word if c not in VOWELS]
    collapsed = [c for i, c in enumerate(consonants) if i == 0 or c != consonants[i - 1]]
    return "".join(collapsed) or word[:1]


@lru_cache(maxsize=65536)
def skeleton(name: str) -> str:
    """The blocking key: the folded words without vowels or doubled letters, sorted."""
    return " ".join(sorted(_skeleton_word(w) for w in fold(name).split()))


def is_arabic(name: str) -> bool:
    return bool(ARABIC.search(name))


def arabic_form(name: str) -> str:
    """A name in Arabic script, normalised for comparison in that script."""
    text = ARABIC_MARKS.sub("", unicodedata.normalize("NFC", name)).translate(ARABIC_LETTERS)
    return " ".join(sorted(text.split()))


@dataclass(frozen=True)
class Match:
    score: float
    reasons: tuple[str, ...]


def compare(a: str, b: str) -> Match:
    """How alike two names are (0 to 1), and why: spelling, sound, skeleton, own script."""
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return Match(0.0, ())
    reasons = []
    spelling = _aligned(fa.split(), fb.split())
    sorted_a, sorted_b = " ".join(sorted(fa.split())), " ".join(sorted(fb.split()))
    jaro = jellyfish.jaro_winkler_similarity(sorted_a, sorted_b)
    score = max(spelling, jaro * 0.95)
    if spelling >= 0.8:
        reasons.append(f"spelling {spelling:.0%} alike")
    if skeleton(a) == skeleton(b):
        score = max(score, 0.9)
        reasons.append("same consonants")
    if _sounds(sorted_a) == _sounds(sorted_b):
        score = max(score, 0.88)
        reasons.append("sounds alike")
    if is_arabic(a) and is_arabic(b):
        own = fuzz.token_sort_ratio(arabic_form(a), arabic_form(b)) / 100
        if own >= 0.8:
            reasons.append(f"Arabic script {own:.0%} alike")
        score = max(score, own)
    if fa == fb:
        score = 1.0
    return Match(round(min(score, 1.0), 3), tuple(reasons))


def _aligned(words_a: list[str], words_b: list[str]) -> float:
    """Each word matched with its most alike word of the other name (any order), averaged
    over both names weighted by length: word order and a missing middle name matter little."""

    def one_way(xs: list[str], ys: list[str]) -> float:
        total = sum(len(x) for x in xs)
        return sum(len(x) * max(fuzz.ratio(x, y) for y in ys) for x in xs) / (100 * total)

    return min(one_way(words_a, words_b), one_way(words_b, words_a))


def _sounds(folded: str) -> str:
    return " ".join(jellyfish.metaphone(w) for w in folded.split())
