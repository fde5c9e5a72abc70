from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from frontline.audit.models import AuditEvent
from frontline.intelligence.models import CandidateLink, Entity, Report
from frontline.intelligence.tests.base import IntelligenceTestCase


class RetentionTests(IntelligenceTestCase):
    def test_reports_past_retention_are_erased_and_the_audit_stays(self) -> None:
        old = self.p_report
        Report.objects.filter(pk=old.pk).update(
            retain_until=timezone.localdate() - dt.timedelta(days=1)
        )
        out = StringIO()
        call_command("intelligence_erase", "--dry-run", stdout=out)
        self.assertIn("1 report(s)", out.getvalue())
        self.assertIsNone(Report.objects.get(pk=old.pk).erased_at)
        call_command("intelligence_erase", stdout=StringIO())
        old.refresh_from_db()
        self.assertIsNotNone(old.erased_at)
        self.assertEqual((old.title, old.text), ("(erased)", ""))
        self.assertFalse(Entity.objects.filter(report=old).exists())
        self.assertFalse(old.statements.exists() or old.subjects.exists())
        self.assertFalse(CandidateLink.objects.filter(left=old).exists())
        self.assertNotIn(old, Report.objects.visible_to(self.analyst))
        history = AuditEvent.objects.filter(
            object_type="intelligence.report", object_id=str(old.pk)
        )
        self.assertEqual(
            list(history.order_by("pk").values_list("action", flat=True)),
            ["intelligence.file", "intelligence.erase"],
        )
        self.assertEqual(history.order_by("pk").last().kind, "erasure")  # type: ignore[union-attr]
        self.login(self.analyst)
        self.assertEqual(
            self.client.get(reverse("intelligence:detail", args=[old.pk])).status_code, 404
        )

    def test_a_review_keeps_the_report_longer(self) -> None:
        soon = timezone.localdate() + dt.timedelta(days=3)
        Report.objects.filter(pk=self.p_report.pk).update(retain_until=soon, review_due=soon)
        self.login(self.analyst)
        response = self.client.post(reverse("intelligence:review", args=[self.p_report.pk]))
        self.assertEqual(response.status_code, 302)
        self.p_report.refresh_from_db()
        self.assertGreater(self.p_report.retain_until, soon + dt.timedelta(days=300))
        self.assertEqual(self.p_report.reviewed_by, self.analyst)
