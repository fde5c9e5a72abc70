from __future__ import annotations

from frontline.accounts.models import Agency, Membership, Role, User
from frontline.intelligence import actions, grading
from frontline.intelligence.demo import create_demo_intelligence
from frontline.test import BaseTestCase


class IntelligenceTestCase(BaseTestCase):
    """The demo's intelligence, plus a second country's ATU with its own analyst and report."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        users = {u.username: u for u in (cls.officer, cls.analyst)}
        cls.demo = create_demo_intelligence(users)
        cls.p_report, cls.c_report = cls.demo.reports[0], cls.demo.reports[1]
        cls.atu_b = Agency.objects.create(
            name="Northmark Anti-Trafficking Unit", kind=Agency.Kind.ATU, country="XB"
        )
        cls.analyst_b = User.objects.create_user("analyst_b", password="x" * 12)
        Membership.objects.create(user=cls.analyst_b, agency=cls.atu_b, role=Role.ANALYST)
        cls.b_report = actions.file_report(
            actions.NewReport(
                holder=cls.atu_b,
                unit=cls.atu_b,
                title="Call centre",
                exploitation="labour",
                grade=grading.grade("B", "2", "P"),
                facts=["A call centre worker used +44 7700 900123."],
                entities=actions.extract.identifiers("+44 7700 900123", region=None),
            ),
            acting_user=cls.analyst_b,
        )
