from __future__ import annotations

from django.test import SimpleTestCase

from frontline.courses.charts import WIDTH, bar_chart
from frontline.courses.models import TeamMember
from frontline.courses.team import warnings

LEAD, CO = TeamMember.TeamRole.LEAD, TeamMember.TeamRole.CO_TRAINER
D = TeamMember.Discipline


class TeamTests(SimpleTestCase):
    def test_multidisciplinary_team_has_no_warning(self) -> None:
        self.assertEqual(warnings([(LEAD, D.LAW_ENFORCEMENT), (CO, D.VICTIM_ASSISTANCE)]), [])
        self.assertEqual(warnings([(LEAD, D.LAW_ENFORCEMENT), (CO, D.LABOUR_INSPECTION)]), [])

    def test_police_only_team_is_warned(self) -> None:
        found = warnings([(LEAD, D.LAW_ENFORCEMENT), (CO, D.LAW_ENFORCEMENT)])
        self.assertEqual(len(found), 1)
        self.assertIn("victim assistance", found[0])

    def test_lead_from_victim_assistance_is_not_a_co_trainer(self) -> None:
        self.assertEqual(len(warnings([(LEAD, D.VICTIM_ASSISTANCE)])), 1)

    def test_empty_team(self) -> None:
        self.assertEqual(len(warnings([])), 2)


class ChartTests(SimpleTestCase):
    def test_bars_scale_to_percent_and_clamp(self) -> None:
        chart = bar_chart("t", ["pre", "post"], [("A", [50, 100]), ("B", [None, 130])])
        widths = [b.width for b in chart.bars]
        full = WIDTH - 4 - 44
        self.assertEqual(widths, [full / 2, full, 0, full])
        self.assertEqual([b.series for b in chart.bars], [0, 1, 0, 1])
        self.assertIsNone(chart.bars[2].value)
        # Rows do not overlap: each bar starts below the previous one.
        ys = [b.y for b in chart.bars]
        self.assertEqual(ys, sorted(set(ys)))
        self.assertGreater(chart.height, ys[-1])

    def test_empty_chart_has_a_height(self) -> None:
        self.assertEqual(bar_chart("t", ["x"], []).height, 1)
