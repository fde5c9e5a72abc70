"""The end-of-course evaluation, aggregated so that no answer can be traced to a person.

Nothing at all is shown until `MIN_ANSWERS` participants have answered: with fewer, the trainer
could guess who wrote what. Comments are shown sorted by their text, not in the order given.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean

from frontline.courses.models import SurveyResponse

MIN_ANSWERS = 5
SCALE = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class UnitConfidence:
    unit: str
    before: float
    after: float
    answers: int


@dataclass(frozen=True)
class Summary:
    answers: int
    relevance: float
    relevance_counts: list[tuple[int, int]]
    confidence: list[UnitConfidence]
    comments: list[str]


def summarise(responses: Sequence[SurveyResponse], unit_titles: dict[str, str]) -> Summary | None:
    """None below the threshold; otherwise means, the spread of relevance, confidence before
    and after per unit (in the order of `unit_titles`), and the comments."""
    if len(responses) < MIN_ANSWERS:
        return None
    counts = Counter(r.relevance for r in responses)
    confidence = []
    for key, title in unit_titles.items():
        pairs = [
            (c["before"], c["after"])
            for r in responses
            if isinstance(c := r.confidence.get(key), dict) and "before" in c and "after" in c
        ]
        if pairs:
            confidence.append(
                UnitConfidence(title, fmean(b for b, _ in pairs), fmean(a for _, a in pairs),
                               len(pairs))
            )  # fmt: skip
    return Summary(
        answers=len(responses),
        relevance=fmean(r.relevance for r in responses),
        relevance_counts=[(n, counts.get(n, 0)) for n in SCALE],
        confidence=confidence,
        comments=sorted(r.improve for r in responses if r.improve.strip()),
    )
