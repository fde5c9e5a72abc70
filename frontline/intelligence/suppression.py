"""Small-cell suppression for de-personalised statistics. Plain Python, no Django.

Primary: a count from 1 to k - 1 is not shown (k = 11 by default, the threshold used for
Frontline's published figures), so nobody can single out the few people behind a cell.
Secondary: a row or column whose total is shown must not hold exactly one hidden cell, or
subtraction would give it back; the smallest other cell of that line is hidden too, repeated
until no line has a lone hidden cell. A total below k is hidden as well. Zeros are shown: a
zero singles nobody out, but a zero may be hidden as a secondary cell.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

K = 11


@dataclass(frozen=True)
class Table:
    rows: tuple[Hashable, ...]
    columns: tuple[Hashable, ...]
    cells: dict[tuple[Hashable, Hashable], int | None]  # None: suppressed
    row_totals: dict[Hashable, int | None]
    column_totals: dict[Hashable, int | None]
    total: int | None


def _shown(count: int, k: int) -> int | None:
    return None if 0 < count < k else count


def suppress(counts: Mapping[tuple[Hashable, Hashable], int], *, k: int = K) -> Table:
    """The table of `counts` ((row, column) -> count, missing cells are 0) as it may be shown."""
    rows = tuple(dict.fromkeys(r for r, _ in counts))
    columns = tuple(dict.fromkeys(c for _, c in counts))
    full = {(r, c): counts.get((r, c), 0) for r in rows for c in columns}
    hidden = {cell for cell, n in full.items() if 0 < n < k}
    row_totals = {r: sum(full[(r, c)] for c in columns) for r in rows}
    column_totals = {c: sum(full[(r, c)] for r in rows) for c in columns}
    lines = [[(r, c) for c in columns] for r in rows if _shown(row_totals[r], k) is not None]
    lines += [[(r, c) for r in rows] for c in columns if _shown(column_totals[c], k) is not None]
    changed = True
    while changed:
        changed = False
        for line in lines:
            lone = [cell for cell in line if cell in hidden]
            if len(lone) != 1:
                continue
            others = [cell for cell in line if cell not in hidden]
            if not others:
                continue  # a line of one cell: its total is the cell, hidden below
            hidden.add(min(others, key=lambda cell: (full[cell] == 0, full[cell])))
            changed = True
    cells = {cell: (None if cell in hidden else n) for cell, n in full.items()}
    row_shown = {r: _line_total(row_totals[r], [(r, c) for c in columns], hidden, k) for r in rows}
    col_shown = {
        c: _line_total(column_totals[c], [(r, c) for r in rows], hidden, k) for c in columns
    }
    grand = _shown(sum(full.values()), k)
    # One hidden row (or column) total beside a shown grand total would be given away too.
    lone_total = [*row_shown.values()].count(None) == 1 or [*col_shown.values()].count(None) == 1
    return Table(rows, columns, cells, row_shown, col_shown, None if lone_total else grand)


def _line_total(
    total: int, line: list[tuple[Hashable, Hashable]], hidden: set[Any], k: int
) -> int | None:
    # A total with exactly one hidden cell in its line would give that cell away.
    if _shown(total, k) is None or sum(cell in hidden for cell in line) == 1:
        return None
    return total
