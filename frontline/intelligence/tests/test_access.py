"""Who can read and who can share, for every handling code and role."""

from __future__ import annotations

from django.urls import reverse

from frontline.audit.models import AuditEvent
from frontline.intelligence.models import Dissemination, Report
from frontline.intelligence.tests.base import IntelligenceTestCase


class HandlingTests(IntelligenceTestCase):
    def visible(self, user: object) -> set[int]:
        return set(Report.objects.visible_to(user).values_list("pk", flat=True))  # type: ignore[arg-type]

    def test_who_reads_p_and_c_reports(self) -> None:
        p, c, b = self.p_report.pk, self.c_report.pk, self.b_report.pk
        a_reports = {r.pk for r in self.demo.reports}
        self.assertEqual(self.visible(self.analyst), a_reports)  # the holding unit: all
        self.assertEqual(self.visible(self.investigator), a_reports)
        self.assertEqual(self.visible(self.officer), {p, c})  # the officer's own
        ngo = self.visible(self.caseworker)  # agreement: P only
        self.assertIn(p, ngo)
        self.assertNotIn(c, ngo)
        self.assertEqual(self.visible(self.admin), {*a_reports, b})  # superuser
        self.assertEqual(self.visible(self.analyst_b), {b})  # no agreement with A
        for user in (self.outsider, self.learner, self.trainer, self.coordinator):
            self.assertEqual(self.visible(user), set())

    def test_the_c_report_is_404_to_the_ngo_and_to_other_units(self) -> None:
        url = reverse("intelligence:detail", args=[self.c_report.pk])
        for user in (self.caseworker, self.analyst_b, self.outsider):
            self.login(user)
            self.assertEqual(self.client.get(url).status_code, 404, user)
            self.assertEqual(self.client.post(url, {"reason": "checking a lead"}).status_code, 404)

    def test_dissemination_makes_a_c_report_readable_by_the_recipient_only(self) -> None:
        self.login(self.analyst)
        url = reverse("intelligence:disseminate", args=[self.c_report.pk])
        ngo = self.caseworker.memberships.get().agency
        data = {"to_agency": ngo.pk, "authority": "Head of the ATU", "reason": "victim support"}
        wrong = self.client.post(url, {**data, "password": "not it"})
        self.assertEqual(wrong.status_code, 400)
        self.assertFalse(Dissemination.objects.exists())
        response = self.client.post(url, {**data, "password": "correct horse battery staple"})
        self.assertEqual(response.status_code, 302)
        self.assertIn(self.c_report.pk, self.visible(self.caseworker))
        self.assertNotIn(self.c_report.pk, self.visible(self.analyst_b))
        event = AuditEvent.objects.get(action="intelligence.disseminate")
        self.assertEqual(event.kind, "disclosure")
        self.assertEqual(event.justification, "victim support")
        self.assertEqual(event.details["to_agency"], ngo.pk)

    def test_who_may_share(self) -> None:
        for user, status in [
            (self.analyst, 200),
            (self.admin, 200),
            (self.officer, 403),  # reads their own report, may not share it
            (self.caseworker, 403),  # reads P under the agreement, may not pass it on
            (self.analyst_b, 404),
            (self.outsider, 404),
        ]:
            self.login(user)
            url = reverse("intelligence:disseminate", args=[self.p_report.pk])
            self.assertEqual(self.client.get(url).status_code, status, user)

    def test_c_without_risk_assessment_cannot_be_shared(self) -> None:
        Report.objects.filter(pk=self.c_report.pk).update(risk_assessment="")
        self.login(self.analyst)
        url = reverse("intelligence:disseminate", args=[self.c_report.pk])
        data = {"to_agency": self.atu_b.pk, "authority": "Head", "reason": "joint case"}
        response = self.client.post(url, {**data, "password": "correct horse battery staple"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "risk assessment", status_code=400)

    def test_wrong_methods(self) -> None:
        self.login(self.analyst)
        review = reverse("intelligence:review", args=[self.p_report.pk])
        self.assertEqual(self.client.get(review).status_code, 405)
        self.assertEqual(self.client.put(reverse("intelligence:list")).status_code, 405)

    def test_an_analyst_of_another_unit_gets_404_for_links_and_drafts(self) -> None:
        self.login(self.analyst_b)
        link = reverse("intelligence:link_decide", args=[self.demo.link.pk])
        self.assertEqual(self.client.post(link, {"decision": "confirm"}).status_code, 404)
        draft = reverse("intelligence:bulletin", args=[self.demo.draft.pk])
        self.assertEqual(self.client.get(draft).status_code, 404)
        publish = reverse("intelligence:publish", args=[self.demo.draft.pk])
        self.assertEqual(self.client.post(publish).status_code, 404)
