"""The audit page: administrators only, filters, pages, and every search recorded."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from frontline.accounts.actions import grant_role
from frontline.accounts.models import Agency, Role
from frontline.audit.log import Kind, record, record_read
from frontline.audit.models import AuditEvent
from frontline.lib.pageweight import BUDGET_BYTES, measure
from frontline.test import BaseTestCase

URL = "/audit/"


class AccessTests(BaseTestCase):
    def test_outsiders_and_insiders_without_the_role_get_404(self) -> None:
        for persona in (self.learner, self.trainer, self.coordinator, self.officer,
                        self.analyst, self.caseworker, self.outsider):  # fmt: skip
            self.login(persona)
            self.assertEqual(self.client.get(URL).status_code, 404, persona)
            self.assertEqual(self.client.post(URL, {"action": "x"}).status_code, 404, persona)
        self.assertFalse(AuditEvent.objects.filter(action="audit.search").exists())

    def test_anonymous_is_sent_to_sign_in(self) -> None:
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])

    def test_superusers_and_administrators_read_it(self) -> None:
        self.login(self.admin)
        self.assertEqual(self.client.get(URL).status_code, 200)
        # An administrator who is not a superuser (second factor verified by login()).
        academy = Agency.objects.get(name="Valdoria Police Academy")
        grant_role(self.coordinator, academy, Role.ADMIN, acting_user=self.admin)
        self.login(self.coordinator)
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 200)
        self.assertIn("no-cache", response["Cache-Control"])

    def test_an_administrator_without_a_verified_second_factor_is_sent_to_verify(self) -> None:
        self.login(self.admin, verified=False)
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/second-factor/", response["Location"])

    def test_other_methods_are_refused(self) -> None:
        self.login(self.admin)
        self.assertEqual(self.client.put(URL).status_code, 405)
        self.assertEqual(self.client.delete(URL).status_code, 405)


class SearchTests(BaseTestCase):
    def setUp(self) -> None:
        self.northmark = Agency.objects.get(name="Northmark Police")
        self.academy = Agency.objects.get(name="Valdoria Police Academy")
        record_read("test.view", actor=self.analyst, target=self.northmark, justification="case 7")
        record_read("test.export", actor=self.trainer, target=self.academy, kind=Kind.DISCLOSURE,
                    details={"rows": 40})  # fmt: skip
        record("test.change", actor=self.coordinator, target=self.northmark,
               details={"changes": {"region": {"old": "A", "new": "B"}}})  # fmt: skip
        self.login(self.admin)

    def actions(self, query: str = "") -> list[str]:
        response = self.client.get(f"{URL}{query}")
        self.assertEqual(response.status_code, 200)
        return [
            e.action for e in response.context["page"].object_list if e.action != "audit.search"
        ]

    def test_everything_newest_first(self) -> None:
        self.assertEqual(self.actions(), ["test.change", "test.export", "test.view"])
        page = self.client.get(URL).content.decode()
        self.assertIn("case 7", page)
        self.assertIn("region", page)
        self.assertIn(
            f'href="?object_type=accounts.agency&amp;object_id={self.northmark.pk}"', page
        )

    def test_who_looked_at_this(self) -> None:
        query = f"?object_type=accounts.agency&object_id={self.northmark.pk}"
        self.assertEqual(self.actions(query), ["test.change", "test.view"])

    def test_by_person_kind_action_and_dates(self) -> None:
        self.assertEqual(self.actions(f"?actor={self.trainer.pk}"), ["test.export"])
        self.assertEqual(self.actions("?kind=consultation"), ["test.view"])
        self.assertEqual(self.actions("?action=test.ch"), ["test.change"])
        today = timezone.now().date()
        self.assertEqual(len(self.actions(f"?since={today}&until={today}")), 3)
        tomorrow = today + timedelta(days=1)
        self.assertEqual(self.actions(f"?since={tomorrow}"), [])

    def test_a_person_is_typed_by_name_and_travels_as_an_id(self) -> None:
        response = self.client.post(URL, {"person": "analyst", "kind": "consultation"})
        self.assertRedirects(
            response, f"{URL}?actor={self.analyst.pk}&kind=consultation",
            fetch_redirect_response=False,
        )  # fmt: skip
        page = self.client.get(response["Location"])
        self.assertContains(page, 'value="analyst"')  # the filter stays visible
        self.assertEqual([e.action for e in page.context["page"].object_list], ["test.view"])

    def test_bad_filters_get_400_with_a_message(self) -> None:
        response = self.client.post(URL, {"person": "nobody-by-that-name"})
        self.assertContains(response, "No account has that user name.", status_code=400)
        response = self.client.get(f"{URL}?since=2026-13-40")
        self.assertContains(response, "Enter a valid date.", status_code=400)
        response = self.client.get(f"{URL}?since=2026-03-02&until=2026-03-01")
        self.assertContains(response, "must not be after", status_code=400)
        for query in ("?object_id=a%00b", "?kind=gossip", "?actor=abc", f"?action={'x' * 65}"):
            self.assertEqual(self.client.get(f"{URL}{query}").status_code, 400, query)
        # A page number that is not one shows the first page.
        self.assertEqual(self.client.get(f"{URL}?page=zz").status_code, 200)

    def test_every_search_is_recorded_before_it_is_shown(self) -> None:
        response = self.client.get(f"{URL}?kind=disclosure&page=1")
        search = AuditEvent.objects.get(action="audit.search")
        self.assertEqual((search.actor, search.kind), (self.admin, Kind.CONSULTATION))
        self.assertEqual(search.details, {"filters": {"kind": "disclosure"}, "page": "1"})
        self.assertContains(response, "test.export")

    def test_rows_come_in_pages_at_a_fixed_number_of_queries(self) -> None:
        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                self.assertEqual(self.client.get(URL).status_code, 200)
            return len(captured)

        few = queries()
        for n in range(60):
            record("test.bulk", actor=self.learner if n % 2 else self.officer)
        self.assertEqual(queries(), few)
        first = self.client.get(URL)
        self.assertEqual(len(first.context["page"].object_list), 50)
        self.assertContains(first, "?page=2")
        second = self.client.get(f"{URL}?page=2")
        self.assertEqual(second.context["page"].number, 2)

    def test_a_full_page_is_within_the_weight_budget(self) -> None:
        for n in range(60):
            change = {"changes": {"status": {"old": n, "new": n + 1}}}
            record("test.bulk", actor=self.officer, target=self.northmark,
                   justification="case 2026/0412", details=change)  # fmt: skip
        weight = measure(self.client, URL)
        self.assertEqual((weight.status, weight.missing), (200, []))
        self.assertLess(weight.total, BUDGET_BYTES)
