"""Each statistic against values worked out by hand for small data sets."""

from __future__ import annotations

from math import sqrt

from django.test import SimpleTestCase

from frontline.assessment import statistics as st

# Four people, three items. Totals 3, 2, 1, 0.
ROWS = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]]


class StatisticsTests(SimpleTestCase):
    def test_difficulty_is_the_proportion_correct(self) -> None:
        self.assertEqual(st.difficulty([r[0] for r in ROWS]), 0.75)
        self.assertEqual(st.difficulty([r[2] for r in ROWS]), 0.25)
        self.assertEqual(st.difficulty([1.0, 0.5]), 0.75)  # partial credit
        self.assertIsNone(st.difficulty([]))

    def test_corrected_point_biserial(self) -> None:
        # Item 1 = [1,1,1,0]; rest of the test = [2,1,0,0]. By hand: deviations from the means
        # (0.75, 0.75) give Sxy = 0.75, Sxx = 0.75, Syy = 2.75, so r = 0.75 / sqrt(2.0625).
        totals = [sum(r) for r in ROWS]
        r = st.discrimination([row[0] for row in ROWS], totals)
        assert r is not None
        self.assertAlmostEqual(r, 0.75 / sqrt(2.0625))
        self.assertAlmostEqual(r, 0.522233, places=6)

    def test_negative_discrimination(self) -> None:
        # Only the weakest person gets this item right.
        rows = [[1, 1, 0], [1, 1, 0], [1, 0, 0], [0, 0, 1]]
        totals = [sum(r) for r in rows]
        r = st.discrimination([row[2] for row in rows], totals)
        assert r is not None
        self.assertLess(r, 0)
        # rest = [2, 2, 1, 0] against [0, 0, 0, 1]: Sxy = -1.25, Sxx = 0.75, Syy = 2.75
        self.assertAlmostEqual(r, -1.25 / sqrt(0.75 * 2.75))

    def test_no_spread_no_number(self) -> None:
        self.assertIsNone(st.discrimination([1, 1, 1, 1], [3, 2, 1, 0]))
        self.assertIsNone(st.discrimination([1, 0], [2, 0]))  # too few people
        self.assertIsNone(st.pearson([1, 2, 3], [1, 2]))

    def test_cronbach_alpha(self) -> None:
        # Item variances (n-1): 0.25, 1/3, 0.25, sum 5/6; total variance 5/3.
        # alpha = 3/2 * (1 - (5/6) / (5/3)) = 0.75
        alpha = st.cronbach_alpha(ROWS)
        assert alpha is not None
        self.assertAlmostEqual(alpha, 0.75)

    def test_cronbach_alpha_of_perfectly_parallel_items_is_one(self) -> None:
        alpha = st.cronbach_alpha([[1, 1], [0, 0], [1, 1]])
        assert alpha is not None
        self.assertAlmostEqual(alpha, 1.0)

    def test_cronbach_alpha_needs_data(self) -> None:
        self.assertIsNone(st.cronbach_alpha([[1, 0]]))
        self.assertIsNone(st.cronbach_alpha([[1], [0]]))
        self.assertIsNone(st.cronbach_alpha([[1, 1], [1, 1]]))
        self.assertIsNone(st.cronbach_alpha([[1, 1], [1]]))

    def test_normalised_gain(self) -> None:
        self.assertEqual(st.normalised_gain(40, 70), 0.5)
        self.assertEqual(st.normalised_gain(0, 100), 1.0)
        self.assertEqual(st.normalised_gain(50, 40), -0.2)
        self.assertIsNone(st.normalised_gain(100, 100))

    def test_group_gain_uses_the_mean_scores(self) -> None:
        # Means 25 and 75: (75 - 25) / (100 - 25) = 2/3, not the mean of 0.5 and 1.0.
        g = st.group_gain([(0, 50), (50, 100)])
        assert g is not None
        self.assertAlmostEqual(g, 2 / 3)
        self.assertIsNone(st.group_gain([]))
