from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from frontline.intelligence.suppression import K, suppress


def test_small_cells_and_the_cell_that_would_give_them_away_are_hidden() -> None:
    counts = {
        ("labour", "Q1"): 40,
        ("labour", "Q2"): 3,
        ("labour", "Q3"): 25,
        ("sexual", "Q1"): 30,
        ("sexual", "Q2"): 50,
        ("sexual", "Q3"): 20,
    }
    table = suppress(counts)
    assert table.cells[("labour", "Q2")] is None  # primary
    assert table.row_totals["labour"] == 68
    # The labour row shows its total, so a second labour cell must be hidden: the smallest.
    assert table.cells[("labour", "Q3")] is None
    # ... and then each of those columns needs a second hidden cell too.
    assert table.cells[("sexual", "Q2")] is None
    assert table.cells[("sexual", "Q3")] is None
    assert table.cells[("labour", "Q1")] == 40


def test_nothing_small_nothing_hidden() -> None:
    table = suppress({("a", "x"): 11, ("a", "y"): 0, ("b", "x"): 12, ("b", "y"): 100})
    assert None not in table.cells.values()
    assert table.total == 123


TABLES = st.dictionaries(
    st.tuples(st.sampled_from("abcde"), st.sampled_from("wxyz")),
    st.one_of(st.integers(0, 12), st.integers(0, 400)),
    min_size=1,
    max_size=20,
)


@settings(max_examples=300, deadline=None)
@given(TABLES)
def test_no_small_cell_shown_and_none_recoverable_by_subtraction(counts: dict) -> None:
    table = suppress(counts)
    full = {(r, c): counts.get((r, c), 0) for r in table.rows for c in table.columns}
    for cell, shown in table.cells.items():
        assert shown is None or shown == full[cell]
        assert shown is None or not 0 < shown < K
    lines = [(table.row_totals[r], [(r, c) for c in table.columns]) for r in table.rows]
    lines += [(table.column_totals[c], [(r, c) for r in table.rows]) for c in table.columns]
    for total, line in lines:
        if total is not None:
            assert total == sum(full[cell] for cell in line)
            assert not 0 < total < K
            assert sum(table.cells[cell] is None for cell in line) != 1
    if table.total is not None:
        assert sum(t is None for t in table.row_totals.values()) != 1
        assert sum(t is None for t in table.column_totals.values()) != 1
