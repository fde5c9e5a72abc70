"""Classical test statistics, as plain functions of plain numbers.

Scores are per item between 0 and 1; test scores are per cent. A statistic that the data cannot
support (too few people, no spread) is None, never a made-up number.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import sqrt
from statistics import fmean, variance


def difficulty(scores: Sequence[float]) -> float | None:
    """The proportion correct: the mean item score (higher = easier)."""
    return fmean(scores) if scores else None


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    n = len(xs)
    if n < 3 or n != len(ys):
        return None
    mx, my = fmean(xs), fmean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / sqrt(sxx * syy)


def discrimination(item_scores: Sequence[float], totals: Sequence[float]) -> float | None:
    """Corrected point-biserial: the correlation of the item with the rest of the test (the
    total without this item), so that the item does not correlate with itself."""
    rest = [total - score for score, total in zip(item_scores, totals, strict=True)]
    return pearson(item_scores, rest)


def cronbach_alpha(rows: Sequence[Sequence[float]]) -> float | None:
    """Internal consistency of a test: rows are people, columns are items (or slots)."""
    if len(rows) < 2:
        return None
    k = len(rows[0])
    if k < 2 or any(len(row) != k for row in rows):
        return None
    total_variance = variance([sum(row) for row in rows])
    if total_variance == 0:
        return None
    item_variances = sum(variance([row[i] for row in rows]) for i in range(k))
    return k / (k - 1) * (1 - item_variances / total_variance)


def normalised_gain(pre: float, post: float) -> float | None:
    """Hake's g = (post - pre) / (100 - pre): the share of the possible gain that was made."""
    if pre >= 100:
        return None
    return (post - pre) / (100 - pre)


def group_gain(pairs: Sequence[tuple[float, float]]) -> float | None:
    """The gain of a group from its mean pre- and post-test scores (Hake's <g>)."""
    if not pairs:
        return None
    return normalised_gain(fmean(p for p, _ in pairs), fmean(q for _, q in pairs))
