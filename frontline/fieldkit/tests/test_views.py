from __future__ import annotations

import json
import re

from frontline.audit.models import AuditEvent
from frontline.fieldkit.kit import current_kit
from frontline.fieldkit.models import DirectoryEntry
from frontline.fieldkit.tests.base import FieldTestCase

GET_PAGES = [
    "/field/",
    "/field/indicators/",
    "/field/screening/",
    "/field/screening.json",
    "/field/smuggling/",
    "/field/cards/",
    "/field/cards/child-protocol/",
    "/field/phrases/",
    "/field/phrases/ar/",
    "/field/phrases/ar/show/",
    "/field/directory/",
    "/field/directory/sheet/",
    "/field/directory/pocket-card.pdf",
    "/field/sw.js",
]
GOOD_CASE = {
    "where": "border",
    "check": "documents",
    "gender": "female",
    "shared_language": "no",
    "minor": "yes",
    "observed": ["bor-group-strangers", "gen-documents-held"],
    "documents_held": "yes",
}


class AccessTests(FieldTestCase):
    def test_anonymous_is_sent_to_sign_in(self) -> None:
        for url in GET_PAGES:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn("/accounts/login/", response["Location"])
        response = self.client.post("/field/screening/", GOOD_CASE)
        self.assertEqual(response.status_code, 302)

    def test_every_signed_in_role_can_use_the_field_kit(self) -> None:
        for user in (self.officer, self.learner, self.trainer, self.outsider):
            self.login(user)
            for url in GET_PAGES:
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(self.client.get(url).status_code, 200)

    def test_wrong_method(self) -> None:
        self.login(self.officer)
        for url in GET_PAGES:
            if url in ("/field/screening/", "/field/smuggling/"):
                continue
            with self.subTest(url=url):
                self.assertEqual(self.client.post(url).status_code, 405)
        self.assertEqual(self.client.put("/field/screening/").status_code, 405)
        self.assertEqual(self.client.delete("/field/smuggling/").status_code, 405)

    def test_directory_editing_is_for_administrators_only(self) -> None:
        self.login(self.officer)
        response = self.client.get("/admin/fieldkit/directoryentry/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])
        self.login(self.admin)
        self.assertEqual(self.client.get("/admin/fieldkit/directoryentry/").status_code, 200)
        self.assertEqual(self.client.get("/admin/fieldkit/directoryentry/add/").status_code, 200)


class ScreeningViewTests(FieldTestCase):
    def setUp(self) -> None:
        self.login(self.officer)

    def test_a_screening_gives_grounds_and_ordered_actions_and_stores_nothing(self) -> None:
        audit, entries = AuditEvent.objects.count(), DirectoryEntry.objects.count()
        response = self.client.post("/field/screening/", GOOD_CASE)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("Reasonable grounds to suspect trafficking", html)
        expected = (
            "presume-child",
            "notify-atu",
            "child-guardian",
            "interpreter",
            "female-officer",
            "refer-support",
        )
        order = [html.index(f'data-action="{a}"') for a in expected]
        self.assertEqual(order, sorted(order))
        self.assertIn("not required: the person may be under 18", html)
        self.assertIn("supports your judgement", html)
        # The guardianship contact of the officer's country is shown with the action.
        self.assertIn("Valdoria Guardianship Service", html)
        self.assertNotIn("Northmark Helpline", html)
        self.assertEqual(
            (AuditEvent.objects.count(), DirectoryEntry.objects.count()), (audit, entries)
        )
        self.assertIn("no-cache", response["Cache-Control"])

    def test_not_trafficking_shows_what_applies_instead(self) -> None:
        case = {"where": "border", "check": "documents", "minor": "no", "paid_to_cross": "yes",
                "cannot_leave": "no", "debt": "no"}  # fmt: skip
        html = self.client.post("/field/screening/", case).content.decode()
        self.assertIn('data-action="instead-smuggling"', html)
        self.assertNotIn('data-action="notify-atu"', html)

    def test_bad_input_is_refused_with_a_message_and_the_form_kept(self) -> None:
        bad = [
            ({**GOOD_CASE, "where": ""}, "Choose an answer"),
            ({**GOOD_CASE, "where": "moon"}, "is not a choice"),
            ({**GOOD_CASE, "observed": ["bor-group-strangers", "no-such"]}, "Unknown indicator"),
            ({**GOOD_CASE, "documents_held": "maybe"}, "is not an answer"),
            ({**GOOD_CASE, "minor": "perhaps"}, "is not a choice"),
        ]
        for data, message in bad:
            with self.subTest(message=message):
                response = self.client.post("/field/screening/", data)
                self.assertEqual(response.status_code, 400)
                html = response.content.decode()
                self.assertIn(message, html)
                # What the officer had ticked is still ticked.
                self.assertIn('value="bor-group-strangers" checked', html)

    def test_answers_from_the_phrase_sheet_prefill_the_form(self) -> None:
        html = self.client.get("/field/screening/?documents_held=yes&minor=yes").content.decode()
        self.assertIn('name="documents_held" value="yes" checked', html)
        self.assertIn('name="minor" value="yes" required checked', html)
        self.assertEqual(self.client.get("/field/screening/?documents_held=maybe").status_code, 400)

    def test_rules_for_the_offline_screening(self) -> None:
        data = json.loads(self.client.get("/field/screening.json").content)
        self.assertEqual({"rules", "indicators", "contacts", "kinds", "words"} <= set(data), True)
        self.assertEqual(len(data["indicators"]), len(current_kit(self.root).indicators))
        self.assertIn("atu", data["contacts"])
        self.assertEqual(data["contacts"]["ngo_shelter"][0]["serves"], ["women", "children"])
        self.assertIn("child-protocol", data["cards"])
        self.assertEqual(data["contacts"]["atu"][0]["phone"], "+442079460100")


class PageTests(FieldTestCase):
    def setUp(self) -> None:
        self.login(self.officer)

    def test_indicator_filter(self) -> None:
        html = self.client.get("/field/indicators/?category=border").content.decode()
        self.assertIn("do not know each other", html)
        self.assertNotIn("fixed sum", html)
        response = self.client.get("/field/indicators/?category=weather")
        self.assertEqual(response.status_code, 400)
        self.assertIn(b"Unknown category", response.content)

    def test_smuggling_comparison(self) -> None:
        smuggled = {"initiative": "person", "consent": "agreed", "exploitation": "no",
                    "border": "yes", "relationship": "ended"}  # fmt: skip
        html = self.client.post("/field/smuggling/", smuggled).content.decode()
        self.assertIn("Looks like smuggling", html)
        html = self.client.post(
            "/field/smuggling/", {**smuggled, "relationship": "continues"}
        ).content.decode()
        self.assertIn("Signs of trafficking", html)
        response = self.client.post("/field/smuggling/", {**smuggled, "consent": "sort of"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("is not an answer", response.content.decode())

    def test_phrase_sheet_right_to_left_and_unreviewed(self) -> None:
        html = self.client.get("/field/phrases/ar/").content.decode()
        self.assertIn('lang="ar" dir="rtl"', html)
        self.assertIn("unreviewed translation", html)
        self.assertIn('name="documents_held" value="yes"', html)
        self.assertIn('action="/field/screening/"', html)
        reviewed = self.client.get("/field/phrases/ro/").content.decode()
        self.assertNotIn("unreviewed translation", reviewed)
        show = self.client.get("/field/phrases/ar/show/").content.decode()
        self.assertIn('class="show-text" lang="ar" dir="rtl"', show)
        self.assertEqual(self.client.get("/field/phrases/xx/").status_code, 404)
        self.assertEqual(self.client.get("/field/cards/no-such-card/").status_code, 404)

    def test_directory_filters(self) -> None:
        html = self.client.get("/field/directory/?country=XB").content.decode()
        self.assertIn("Northmark Helpline", html)
        self.assertNotIn("Safe Harbour Shelter", html)
        html = self.client.get("/field/directory/?kind=guardianship").content.decode()
        self.assertIn("Valdoria Guardianship Service", html)
        self.assertNotIn("Northmark Helpline", html)
        self.assertIn("+44 20 7946 0100", self.client.get("/field/directory/").content.decode())
        for query in ("kind=astrologer", "country=Valdoria"):
            with self.subTest(query=query):
                self.assertEqual(self.client.get(f"/field/directory/?{query}").status_code, 400)
        self.assertEqual(
            self.client.get("/field/directory/pocket-card.pdf?kind=x").status_code, 400
        )

    def test_station_sheet_and_pocket_card(self) -> None:
        html = self.client.get("/field/directory/sheet/?country=XA").content.decode()
        self.assertIn("Valdoria Anti-Trafficking Unit", html)
        self.assertIn("Notify the anti-trafficking unit", html)
        response = self.client.get("/field/directory/pocket-card.pdf")
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))

    def test_service_worker_lists_the_field_pages(self) -> None:
        response = self.client.get("/field/sw.js")
        self.assertIn("javascript", response["Content-Type"])
        self.assertEqual(response["Service-Worker-Allowed"], "/field/")
        body = response.content.decode()
        for url in ("/field/screening/", "/field/screening.json", "/field/phrases/ar/show/",
                    "/field/cards/child-protocol/", "/static/fieldkit/screening.js"):  # fmt: skip
            self.assertIn(f'"{url}"', body)
        self.assertNotIn("pocket-card.pdf", body)


class ResultPageTests(FieldTestCase):
    """What the result page adds to the engine: contacts that take the person, cards, the
    first actions on top, the group link."""

    def setUp(self) -> None:
        self.login(self.officer)

    def test_a_child_gets_only_services_that_take_children(self) -> None:
        case = {"where": "premises", "check": "inspection", "minor": "unknown",
                "observed": ["chi-sexual-setting"]}  # fmt: skip
        response = self.client.post("/field/screening/", case)
        html = response.content.decode()
        self.assertContains(response, 'class="child-warning"')
        self.assertLess(html.index('data-first="presume-child"'), html.index("calls-title"))
        safe = html[html.index('data-action="child-safe-place"') :]
        safe = safe[: safe.index("</li>\n")]
        self.assertIn("Safe Harbour Shelter", safe)  # it says it takes children
        self.assertIn('href="/field/cards/child-protocol/"', safe)

    def test_the_first_three_actions_and_the_rest_folded(self) -> None:
        case = {"where": "workplace", "check": "inspection", "minor": "no", "gender": "male",
                "cannot_leave": "yes", "documents_held": "yes"}  # fmt: skip
        html = self.client.post("/field/screening/", case).content.decode()
        self.assertEqual(html.count("data-first="), 3)
        self.assertLess(html.index("calls-title"), html.index('id="all-actions"'))
        # An adult man: the only shelter in the fixture takes women and children.
        self.assertIn("No contact in the directory says it takes this person", html)
        self.assertIn("Decisive facts", html)
        self.assertIn("not shown yet", html)
        self.assertNotIn("not reached", html)

    def test_facts_that_point_away_are_listed(self) -> None:
        case = {"where": "workplace", "check": "inspection", "minor": "no",
                "observed": ["gen-long-hours"], "cannot_leave": "no",
                "wages_withheld": "no"}  # fmt: skip
        html = self.client.post("/field/screening/", case).content.decode()
        self.assertIn('data-counter="cannot_leave=no"', html)
        self.assertIn("The person keeps their own wages.", html)

    def test_the_next_person_of_a_group_starts_with_what_concerns_the_group(self) -> None:
        case = {"where": "border", "check": "documents", "minor": "no", "persons": "group",
                "observed": ["bor-group-strangers", "gen-documents-held"]}  # fmt: skip
        html = self.client.post("/field/screening/", case).content.decode()
        found = re.search(r'href="([^"]*)" data-next-in-group', html)
        assert found is not None
        url = found.group(1).replace("&amp;", "&")
        self.assertIn("observed=bor-group-strangers", url)
        self.assertNotIn("gen-documents-held", url)
        form = self.client.get(url).content.decode()
        self.assertIn('value="bor-group-strangers" checked', form)
        self.assertNotIn('value="gen-documents-held" checked', form)
        self.assertIn('<option value="group" selected', form)
        single = self.client.post("/field/screening/", {**case, "persons": "one"})
        self.assertNotContains(single, "data-next-in-group")

    def test_the_form_puts_the_categories_of_the_place_first(self) -> None:
        html = self.client.get("/field/screening/?where=premises").content.decode()
        self.assertLess(html.index('data-category="sexual"'), html.index('data-category="generic"'))
        html = self.client.get("/field/screening/?where=border").content.decode()
        self.assertLess(html.index('data-category="border"'), html.index('data-category="sexual"'))

    def test_an_inverted_phrase_fills_the_key_question_the_right_way_round(self) -> None:
        path = self.root / "fieldkit" / "phrases.yaml"
        text = path.read_text(encoding="utf-8")
        self.addCleanup(path.write_text, text, encoding="utf-8")
        path.write_text(
            text.replace(
                "question: documents_held", "question: documents_held\n    inverted: true"
            ),
            encoding="utf-8",
        )
        html = self.client.get("/field/phrases/ro/").content.decode()
        yes = html.index("✓")
        self.assertIn('name="documents_held" value="no"', html[yes - 120 : yes])

    def test_the_catalogue_can_be_searched(self) -> None:
        html = self.client.get("/field/indicators/?q=passport").content.decode()
        self.assertIn("gen-documents-held", html)
        self.assertNotIn('id="gen-long-hours"', html)
        self.assertEqual(self.client.get("/field/indicators/?q=" + "x" * 101).status_code, 400)
