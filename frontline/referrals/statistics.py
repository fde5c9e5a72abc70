"""De-identified figures of referrals: a two-way table of counts with small cells suppressed.

Plain functions, no database. CTDC (the Counter Trafficking Data Collaborative) publishes
counts only when they reach k = 11; a table with totals would still let a reader subtract the
published cells of a row from its total and recover a hidden one. So:

1. *Primary suppression*: every cell with 0 < count < k is hidden.
2. *Secondary suppression*: in every row and every column that has exactly one hidden cell, the
   smallest other non-zero cell of that line is hidden too; repeated until no line has a single
   hidden cell (each round hides at least one more cell, so it ends).
3. Totals are of the true counts, published when they reach k and reveal no hidden cell: a
   line whose only hidden cell is its whole total hides the total instead; a line whose total is
   hidden needs nothing more; the grand total is hidden when exactly one row (or column) total
   is, which it would reveal.

Zeros are shown: a zero is not a person to protect, and hiding zeros would not hide anyone.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

K = 11

Cell = tuple[Hashable, Hashable]


@dataclass(frozen=True)
class Table:
    rows: list[Hashable]
    columns: list[Hashable]
    # None for a hidden figure.
    cells: dict[Cell, int | None]
    row_totals: dict[Hashable, int | None]
    column_totals: dict[Hashable, int | None]
    total: int | None


def count(records: Iterable[Mapping[str, Hashable]], row: str, column: str) -> dict[Cell, int]:
    """Counts of records by (record[row], record[column])."""
    counts: dict[Cell, int] = {}
    for record in records:
        key = (record[row], record[column])
        counts[key] = counts.get(key, 0) + 1
    return counts


def suppress(
    counts: Mapping[Cell, int],
    rows: list[Hashable],
    columns: list[Hashable],
    k: int = K,
) -> Table:
    """The table of `counts` over `rows` x `columns` with small cells and what would reveal
    them hidden (see the module's docstring)."""
    value = {(r, c): int(counts.get((r, c), 0)) for r in rows for c in columns}
    row_total = {r: sum(value[(r, c)] for c in columns) for r in rows}
    column_total = {c: sum(value[(r, c)] for r in rows) for c in columns}
    hidden = {cell for cell, n in value.items() if 0 < n < k}
    hidden_totals = {("row", r) for r in rows if row_total[r] < k}
    hidden_totals |= {("column", c) for c in columns if column_total[c] < k}
    lines = {("row", r): [(r, c) for c in columns] for r in rows}
    lines |= {("column", c): [(r, c) for r in rows] for c in columns}
    changed = True
    while changed:
        changed = False
        for name, line in lines.items():
            if name in hidden_totals or sum(cell in hidden for cell in line) != 1:
                continue
            others = [cell for cell in line if cell not in hidden and value[cell] > 0]
            if others:
                hidden.add(min(others, key=lambda cell: (value[cell], str(cell))))
            else:  # the hidden cell is the whole total: hide the total instead
                hidden_totals.add(name)
            changed = True
    grand = sum(value.values())
    # The grand total would reveal a single hidden row (or column) total.
    single = any(
        sum((kind, key) in hidden_totals for key in keys) == 1
        for kind, keys in (("row", rows), ("column", columns))
    )
    return Table(
        rows=list(rows),
        columns=list(columns),
        cells={cell: (None if cell in hidden else n) for cell, n in value.items()},
        row_totals={r: (None if ("row", r) in hidden_totals else n) for r, n in row_total.items()},
        column_totals={
            c: (None if ("column", c) in hidden_totals else n) for c, n in column_total.items()
        },
        total=grand if grand >= k and not single else None,
    )


def recoverable(table: Table) -> list[Cell]:
    """Hidden cells a reader could compute from what is shown (a line with one hidden cell
    and a published total). Empty for every table `suppress` makes; the tests check it."""
    found = []
    for r in table.rows:
        line = [(r, c) for c in table.columns]
        if table.row_totals[r] is not None:
            missing = [cell for cell in line if table.cells[cell] is None]
            if len(missing) == 1:
                found.append(missing[0])
    for c in table.columns:
        line = [(r, c) for r in table.rows]
        if table.column_totals[c] is not None:
            missing = [cell for cell in line if table.cells[cell] is None]
            if len(missing) == 1:
                found.append(missing[0])
    return found
