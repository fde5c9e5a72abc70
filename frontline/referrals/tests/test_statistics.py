"""Small-cell suppression: hand-worked tables, then random ones checked for any hidden cell a
reader could compute back."""

from __future__ import annotations

import random

from django.test import SimpleTestCase

from frontline.referrals.statistics import K, count, recoverable, suppress


class SuppressionTests(SimpleTestCase):
    def test_primary_and_secondary(self) -> None:
        rows, columns = ["Q1", "Q2"], ["labour", "sexual", "begging"]
        counts = {("Q1", "labour"): 40, ("Q1", "sexual"): 5, ("Q1", "begging"): 30,
                  ("Q2", "labour"): 25, ("Q2", "sexual"): 20, ("Q2", "begging"): 12}  # fmt: skip
        table = suppress(counts, rows, columns)
        # 5 is small; Q1's row would reveal it, so Q1's next smallest (30) goes too; then the
        # sexual and begging columns each have one hidden cell: their Q2 cells go as well.
        self.assertIsNone(table.cells[("Q1", "sexual")])
        self.assertIsNone(table.cells[("Q1", "begging")])
        self.assertIsNone(table.cells[("Q2", "sexual")])
        self.assertIsNone(table.cells[("Q2", "begging")])
        self.assertEqual(table.cells[("Q1", "labour")], 40)
        self.assertEqual(table.row_totals["Q1"], 75)
        self.assertEqual(table.total, 132)
        self.assertEqual(recoverable(table), [])

    def test_zeros_are_shown_and_small_totals_hidden(self) -> None:
        table = suppress({("a", "x"): 3}, ["a", "b"], ["x", "y"])
        self.assertEqual(table.cells[("b", "y")], 0)
        self.assertIsNone(table.cells[("a", "x")])
        self.assertIsNone(table.row_totals["a"])
        self.assertIsNone(table.total)

    def test_a_hidden_cell_that_is_the_whole_total_hides_the_total(self) -> None:
        counts = {("a", "x"): 4, ("a", "y"): 20, ("b", "y"): 30}
        table = suppress(counts, ["a", "b"], ["x", "y"])
        # x's only non-zero cell is hidden: its total (4) is small anyway; a's row hides 20 too;
        # column y then has one hidden cell and b's 30 is hidden with it.
        self.assertEqual(recoverable(table), [])
        self.assertIsNone(table.cells[("a", "x")])

    def test_counting_records(self) -> None:
        records = [{"q": "Q1", "form": "labour"}] * 3 + [{"q": "Q2", "form": "labour"}]
        self.assertEqual(count(records, "q", "form"), {("Q1", "labour"): 3, ("Q2", "labour"): 1})

    def test_random_tables_never_reveal_a_hidden_cell(self) -> None:
        rng = random.Random(13)
        for _ in range(300):
            rows = [f"r{i}" for i in range(rng.randint(1, 5))]
            columns = [f"c{i}" for i in range(rng.randint(1, 5))]
            counts = {(r, c): rng.choice([0, 1, 3, 8, 10, 11, 15, 40, 200])
                      for r in rows for c in columns}  # fmt: skip
            table = suppress(counts, rows, columns)
            self.assertEqual(recoverable(table), [], counts)
            for cell, n in counts.items():
                if 0 < n < K:
                    self.assertIsNone(table.cells[cell])
            shown_rows = [table.row_totals[r] for r in rows]
            if table.total is not None:
                self.assertNotEqual(sum(t is None for t in shown_rows), 1)
