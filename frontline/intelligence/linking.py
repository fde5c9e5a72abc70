"""Linking reports through the entities they mention. Plain Python, no Django.

1. Identifiers (phones, e-mail, IBANs, plates, documents) link by equal normalised value:
   reports that share a value are one group, linked as a star from the first report (n - 1
   links, not n²).
2. Names link by likeness (names.py), compared only within blocks: names that share their
   consonant skeleton, or two of its words (so a missing middle name still meets). Blocks
   larger than `max_block` distinct names are too common to say anything and are skipped
   (counted in the result), which keeps the work near-linear in the number of mentions.
3. `clusters()` joins the links into networks (union-find).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import combinations

from frontline.intelligence.extract import IDENTIFIERS, Kinds
from frontline.intelligence.names import CANDIDATE, compare, skeleton


@dataclass(frozen=True)
class Record:
    report: int
    kind: str
    value: str  # normalised identifier, or the name as written


@dataclass(frozen=True)
class Link:
    kind: str
    left: int  # report ids, left < right
    right: int
    score: float
    reason: str


@dataclass
class Result:
    links: list[Link] = field(default_factory=list)
    comparisons: int = 0
    skipped_blocks: int = 0


def name_keys(name: str) -> set[str]:
    """The blocking keys of a name: its skeleton, and each pair of its skeleton's words."""
    words = skeleton(name).split()
    keys = {" ".join(words)} if words else set()
    if 2 < len(words) <= 6:
        keys.update(" ".join(pair) for pair in combinations(words, 2))
    return keys


def _star(kind: str, reports: list[int], score: float, reason: str) -> Iterator[Link]:
    first = reports[0]
    for other in reports[1:]:
        yield Link(kind, min(first, other), max(first, other), score, reason)


def link(
    records: Iterable[Record], *, threshold: float = CANDIDATE, max_block: int = 200
) -> Result:
    """Links between the reports of `records` (see the module docstring)."""
    by_value: dict[tuple[str, str], set[int]] = defaultdict(set)
    by_name: dict[str, set[int]] = defaultdict(set)
    for record in records:
        if record.kind in IDENTIFIERS:
            by_value[(record.kind, record.value)].add(record.report)
        elif record.kind == Kinds.NAME:
            by_name[record.value].add(record.report)
    result = Result()
    for (kind, value), reports in by_value.items():
        if len(reports) > 1:
            result.links.extend(_star(kind, sorted(reports), 1.0, f"same {kind} {value}"))
    blocks: dict[str, list[str]] = defaultdict(list)
    for name, reports in by_name.items():
        if len(reports) > 1:
            result.links.extend(_star(Kinds.NAME, sorted(reports), 1.0, "same name"))
        for key in name_keys(name):
            blocks[key].append(name)
    seen: set[tuple[str, str]] = set()
    for names in blocks.values():
        if len(names) > max_block:
            result.skipped_blocks += 1
            continue
        for a, b in combinations(sorted(names), 2):
            if (a, b) in seen:
                continue
            seen.add((a, b))
            result.comparisons += 1
            match = compare(a, b)
            if match.score >= threshold:
                left, right = min(by_name[a]), min(by_name[b])
                if left != right:
                    reason = "; ".join(match.reasons) or "alike"
                    lo, hi = min(left, right), max(left, right)
                    result.links.append(Link(Kinds.NAME, lo, hi, match.score, reason))
    return result


def clusters(links: Iterable[Link]) -> list[set[int]]:
    """The networks the links make: sets of report ids, largest first."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for item in links:
        a, b = root(item.left), root(item.right)
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[int, set[int]] = defaultdict(set)
    for node in parent:
        groups[root(node)].add(node)
    return sorted(groups.values(), key=len, reverse=True)
