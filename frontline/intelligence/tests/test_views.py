"""Filing, reading, searching, linking, statistics and bulletins, with their audit rows."""

from __future__ import annotations

from django.urls import reverse

from frontline.audit.models import AuditEvent
from frontline.intelligence.models import (
    Bulletin,
    CandidateLink,
    Deconfliction,
    Entity,
    Report,
    Statement,
)
from frontline.intelligence.tests.base import IntelligenceTestCase

REASON = {"reason": "preparing the case meeting"}


class ReadTests(IntelligenceTestCase):
    def test_a_read_asks_for_a_reason_and_records_it(self) -> None:
        self.login(self.analyst)
        url = reverse("intelligence:detail", args=[self.p_report.pk])
        response = self.client.get(url)
        self.assertContains(response, "Reason")
        self.assertNotContains(response, "nine passports")
        self.assertEqual(self.client.post(url, {"reason": ""}).status_code, 200)
        self.assertFalse(AuditEvent.objects.filter(action="intelligence.read").exists())
        response = self.client.post(url, REASON)
        self.assertContains(response, "nine passports")
        # Facts and assessments are told apart on the page.
        self.assertContains(response, "Observed fact")
        self.assertContains(response, "Officer&#x27;s assessment")
        event = AuditEvent.objects.get(action="intelligence.read")
        self.assertEqual(event.justification, REASON["reason"])
        self.assertEqual(event.object_id, str(self.p_report.pk))

    def test_every_read_search_and_list_is_in_the_audit_log(self) -> None:
        self.login(self.analyst)
        before = AuditEvent.objects.count()
        requests = 0
        for report in self.demo.reports:
            self.client.post(reverse("intelligence:detail", args=[report.pk]), REASON)
            requests += 1
        for query in ("+44 7700 900123", "Oleksandr Kovalenko", "AB12 CDE"):
            search = {"query": query, **REASON}
            self.assertEqual(
                self.client.post(reverse("intelligence:search"), search).status_code, 200
            )
            requests += 1
        for name in ("intelligence:list", "intelligence:links", "intelligence:statistics"):
            self.client.get(reverse(name))
            requests += 1
        self.assertEqual(AuditEvent.objects.count() - before, requests)


class FileTests(IntelligenceTestCase):
    def data(self, **extra: str) -> dict[str, object]:
        atu = self.p_report.holder
        border = self.p_report.unit
        return {
            "holder": atu.pk,
            "unit": border.pk,
            "title": "Bus station",
            "exploitation": "sexual",
            "source": "B",
            "information": "3",
            "handling": "P",
            "facts": "Two young women met by a man at the bus station.\n"
            "He said to call +44 7700 900123 and drove off in AB12 CDE.",
            "assessments": "He seemed to control them.",
            "people": "suspect | Aleksandr Kowalenko | the man",
            **extra,
        }

    def test_preview_offers_entities_then_saving_links_reports(self) -> None:
        self.login(self.officer)
        url = reverse("intelligence:new")
        response = self.client.post(url, {**self.data(), "step": "preview"})
        self.assertContains(response, "+447700900123")
        self.assertContains(response, "AB12CDE")
        self.assertFalse(Report.objects.filter(title="Bus station").exists())
        save = {**self.data(), "step": "save", "entity": ["phone:+447700900123"]}
        self.assertEqual(self.client.post(url, save).status_code, 302)
        report = Report.objects.get(title="Bus station")
        kinds = set(Entity.objects.filter(report=report).values_list("kind", "value"))
        self.assertEqual(kinds, {("phone", "+447700900123"), ("name", "Aleksandr Kowalenko")})
        self.assertEqual(report.statements.filter(basis=Statement.Basis.FACT).count(), 2)
        self.assertEqual(report.statements.filter(basis=Statement.Basis.ASSESSMENT).count(), 1)
        links = CandidateLink.objects.filter(right=report)
        self.assertEqual(
            {(lk.left_id, lk.kind) for lk in links}
            >= {(self.p_report.pk, "phone"), (self.p_report.pk, "name")},
            True,
        )
        # Only the unit's own holdings are linked: the other country's report is not.
        self.assertFalse(links.filter(left=self.b_report).exists())
        self.assertTrue(
            AuditEvent.objects.filter(action="intelligence.file", kind="collection").exists()
        )

    def test_c_needs_conditions_risk_and_authority(self) -> None:
        self.login(self.officer)
        response = self.client.post(
            reverse("intelligence:new"), {**self.data(handling="C"), "step": "save"}
        )
        self.assertContains(response, "Write the conditions of sharing.")
        self.assertContains(response, "risk assessment")
        self.assertFalse(Report.objects.filter(title="Bus station").exists())

    def test_bad_people_lines_are_refused_with_the_line(self) -> None:
        self.login(self.officer)
        data = {**self.data(people="boss | x\nchief of staff"), "step": "save"}
        self.assertContains(self.client.post(reverse("intelligence:new"), data), "Line 1")

    def test_the_outsider_has_no_unit_to_file_for(self) -> None:
        self.login(self.outsider)
        response = self.client.post(reverse("intelligence:new"), {**self.data(), "step": "save"})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Report.objects.filter(title="Bus station").exists())


class SearchTests(IntelligenceTestCase):
    def test_matches_elsewhere_are_deconflicted_not_shown(self) -> None:
        self.login(self.analyst)
        response = self.client.post(
            reverse("intelligence:search"), {"query": "+44 7700 900123", **REASON}
        )
        self.assertContains(response, self.p_report.title)
        self.assertNotContains(response, self.b_report.title)
        self.assertContains(response, "1 report held elsewhere also matches")
        notice = Deconfliction.objects.get()
        self.assertEqual((notice.report, notice.searched_by), (self.b_report, self.analyst))
        event = AuditEvent.objects.get(action="intelligence.search")
        self.assertEqual(event.details["terms"], "+44 7700 900123")
        self.assertEqual(event.details["deconflicted"], [self.b_report.pk])
        # The holding unit's analyst sees who searched when opening the report.
        self.login(self.analyst_b)
        url = reverse("intelligence:detail", args=[self.b_report.pk])
        page = self.client.post(url, REASON)
        self.assertContains(page, "Searches elsewhere that matched this report")
        self.assertContains(page, "Ana Petrović")

    def test_names_match_across_scripts(self) -> None:
        self.login(self.analyst)
        response = self.client.post(
            reverse("intelligence:search"), {"query": "Muhammad Hasan", **REASON}
        )
        self.assertContains(response, self.demo.reports[2].title)
        self.assertContains(response, self.demo.reports[3].title)

    def test_a_search_needs_a_reason(self) -> None:
        self.login(self.analyst)
        response = self.client.post(reverse("intelligence:search"), {"query": "AB12 CDE"})
        self.assertContains(response, "This field is required")
        self.assertFalse(AuditEvent.objects.filter(action="intelligence.search").exists())


class LinkTests(IntelligenceTestCase):
    def test_an_analyst_confirms_a_candidate_link(self) -> None:
        self.login(self.analyst)
        response = self.client.get(reverse("intelligence:links"))
        self.assertContains(response, "same phone +447700900123")
        url = reverse("intelligence:link_decide", args=[self.demo.link.pk])
        self.assertEqual(self.client.post(url, {"decision": "confirm"}).status_code, 302)
        self.demo.link.refresh_from_db()
        self.assertEqual(self.demo.link.status, CandidateLink.Status.CONFIRMED)
        self.assertTrue(AuditEvent.objects.filter(action="intelligence.link_confirm").exists())
        self.assertEqual(self.client.post(url, {"decision": "maybe"}).status_code, 400)


class BulletinTests(IntelligenceTestCase):
    def test_publication_is_blocked_while_identifiers_or_names_remain(self) -> None:
        self.login(self.analyst)
        bulletin = Bulletin.objects.create(
            agency=self.p_report.holder, author=self.analyst, title="Minibus route",
            theme="route", body="Drivers call +44 7700 900123. One is Oleksandr Kovalenko.",
        )  # fmt: skip
        url = reverse("intelligence:publish", args=[bulletin.pk])
        response = self.client.post(url)
        self.assertContains(response, "+44 7700 900123", status_code=400)
        self.assertContains(response, "name: Oleksandr Kovalenko", status_code=400)
        bulletin.refresh_from_db()
        self.assertIsNone(bulletin.published_at)
        bulletin.body = "Drivers are called by a supervisor who keeps the workers' passports."
        bulletin.save()
        self.assertEqual(self.client.post(url).status_code, 302)
        bulletin.refresh_from_db()
        self.assertIsNotNone(bulletin.published_at)

    def test_learners_read_published_briefings_not_drafts(self) -> None:
        self.login(self.learner)
        response = self.client.get(reverse("intelligence:bulletins"))
        self.assertContains(response, self.demo.published.title)
        self.assertNotContains(response, self.demo.draft.title)
        self.assertEqual(
            self.client.get(
                reverse("intelligence:bulletin", args=[self.demo.draft.pk])
            ).status_code,
            404,
        )

    def test_an_analyst_writes_a_draft(self) -> None:
        self.login(self.analyst)
        data = {"title": "Visa misuse", "theme": "visa", "unit": "5", "body": "Student visas."}
        response = self.client.post(reverse("intelligence:bulletin_new"), data)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Bulletin.objects.get(title="Visa misuse").unit, 5)


class StatisticsTests(IntelligenceTestCase):
    def test_small_counts_are_hidden(self) -> None:
        self.login(self.analyst)
        response = self.client.get(reverse("intelligence:statistics"))
        self.assertContains(response, "Forced labour")
        # Four reports: below k = 11, so no count is shown, only the hidden mark.
        self.assertNotContains(response, "<td>4</td>")
        self.assertContains(response, "<td>·</td>")


class NetworkTests(IntelligenceTestCase):
    def test_the_network_grows_one_step_at_a_time(self) -> None:
        self.login(self.analyst)
        r1, r2, r3, r4 = (r.pk for r in self.demo.reports)
        url = reverse("intelligence:network", args=[r3])
        one = self.client.get(url)
        shown = [row[0].pk for row in one.context["rows"]]
        self.assertEqual(shown, [r3, r2, r4])
        two = self.client.get(url, {"depth": 2})
        self.assertEqual({row[0].pk for row in two.context["rows"]}, {r1, r2, r3, r4})
        self.assertEqual(self.client.get(url, {"depth": "9"}).status_code, 400)
        self.assertEqual(self.client.get(url, {"depth": "x"}).status_code, 400)
        events = AuditEvent.objects.filter(action="intelligence.network")
        self.assertEqual([e.kind for e in events], ["combination", "combination"])

    def test_rejected_links_and_other_units_do_not_extend_it(self) -> None:
        CandidateLink.objects.filter(kind="iban").update(status=CandidateLink.Status.REJECTED)
        self.login(self.analyst)
        r3 = self.demo.reports[2].pk
        rows = self.client.get(reverse("intelligence:network", args=[r3])).context["rows"]
        self.assertEqual([row[0].pk for row in rows], [r3, self.demo.reports[3].pk])
        self.login(self.analyst_b)
        self.assertEqual(
            self.client.get(reverse("intelligence:network", args=[r3])).status_code, 404
        )
