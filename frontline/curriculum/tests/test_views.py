from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from frontline.curriculum.models import Lesson, LessonProgress, SessionRow
from frontline.curriculum.tests.base import ContentTestCase
from frontline.lib.pageweight import BUDGET_BYTES, measure

PAGES = [
    "/learn/",
    "/learn/u1/",
    "/learn/u1/u1-l03/",
    "/learn/glossary/",
    "/search/?q=debt+bondage",
    "/library/",
    "/library/palermo-protocol/",
]
PERSONAS = ["learner", "trainer", "coordinator", "officer", "analyst", "caseworker", "admin",
            "outsider"]  # fmt: skip


class AccessTests(ContentTestCase):
    def test_anonymous_is_sent_to_sign_in(self) -> None:
        for url in [*PAGES, "/learn/continue/", "/learn/u1/handout.pdf"]:
            with self.subTest(url=url):
                r = self.client.get(url)
                self.assertEqual(r.status_code, 302)
                self.assertTrue(r["Location"].startswith("/accounts/login/"))

    def test_every_signed_in_role_can_learn(self) -> None:
        # The course is open to every role: officers of any agency learn from it.
        for username in PERSONAS:
            self.login(getattr(self, username))
            for url in PAGES:
                with self.subTest(url=url, persona=username):
                    self.assertEqual(self.client.get(url).status_code, 200)

    def test_unknown_things_are_404(self) -> None:
        self.login(self.learner)
        for url in ("/learn/u9/", "/learn/u1/u2-l01/", "/learn/u1/nope/", "/library/nope/",
                    "/learn/u9/handout.pdf"):  # fmt: skip
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_retired_lesson_is_404(self) -> None:
        Lesson.objects.filter(key="u1-l03").update(retired=True)
        self.login(self.learner)
        self.assertEqual(self.client.get("/learn/u1/u1-l03/").status_code, 404)

    def test_wrong_methods_are_405(self) -> None:
        self.login(self.learner)
        for url in PAGES:
            with self.subTest(url=url):
                self.assertEqual(self.client.post(url).status_code, 405)
        self.assertEqual(self.client.get("/learn/u1/u1-l03/done").status_code, 405)


class ProgressTests(ContentTestCase):
    def test_mark_done_and_undo(self) -> None:
        self.login(self.learner)
        r = self.client.post("/learn/u1/u1-l03/done", {"done": "1"})
        self.assertRedirects(r, "/learn/u1/u1-l03/")
        self.assertContains(
            self.client.get("/learn/u1/u1-l03/"), "You have marked this lesson as done"
        )
        self.assertContains(self.client.get("/learn/"), "1 of 7")
        self.client.post("/learn/u1/u1-l03/done", {"done": "0"})
        self.assertContains(self.client.get("/learn/"), "0 of 7")

    def test_htmx_gets_the_partial(self) -> None:
        self.login(self.learner)
        r = self.client.post("/learn/u1/u1-l03/done", {"done": "1"}, HTTP_HX_REQUEST="true")
        self.assertContains(r, "Mark as not done")
        self.assertNotContains(r, "<html")

    def test_bad_value_is_400_and_changes_nothing(self) -> None:
        self.login(self.learner)
        r = self.client.post("/learn/u1/u1-l03/done", {"done": "yes please"})
        self.assertEqual(r.status_code, 400)
        self.assertFalse(LessonProgress.objects.filter(completed__isnull=False).exists())

    def test_progress_is_per_user(self) -> None:
        self.login(self.learner)
        self.client.post("/learn/u1/u1-l03/done", {"done": "1"})
        self.login(self.outsider)
        self.assertContains(self.client.get("/learn/"), "0 of 7")
        self.assertNotContains(self.client.get("/learn/u1/u1-l03/"), "You have marked")

    def test_objective_mastery_on_the_unit_page(self) -> None:
        self.login(self.learner)
        self.client.post("/learn/u1/u1-l03/done", {"done": "1"})
        r = self.client.get("/learn/u1/")
        # u1-o3 is taught by u1-l03 and u1-l07: one of two done.
        self.assertContains(r, "1 of 2")

    def test_continue_where_left_off(self) -> None:
        self.login(self.learner)
        self.assertRedirects(self.client.get("/learn/continue/"), "/learn/u1/u1-l01/")
        self.client.get("/learn/u2/u2-l04/")
        self.assertRedirects(self.client.get("/learn/continue/"), "/learn/u2/u2-l04/")
        self.client.post("/learn/u2/u2-l04/done", {"done": "1"})
        self.assertRedirects(self.client.get("/learn/continue/"), "/learn/u2/u2-l05/")

    def test_lesson_page_has_reading_time_key_points_sources_and_pager(self) -> None:
        self.login(self.learner)
        r = self.client.get("/learn/u1/u1-l03/")
        self.assertContains(r, "minute read")
        self.assertContains(r, "Key points")
        self.assertContains(r, "UN Palermo Protocol (2000), Art. 3")
        self.assertContains(r, 'rel="prev" href="/learn/u1/u1-l02/"')
        self.assertContains(r, 'rel="next" href="/learn/u1/u1-l04/"')
        self.assertContains(r, "Terms in this lesson")

    def test_course_map_queries_are_bounded(self) -> None:
        self.login(self.learner)
        self.client.get("/learn/u1/u1-l01/")
        with CaptureQueriesContext(connection) as queries:
            self.client.get("/learn/")
        self.assertLessEqual(len(queries), 12)


class SearchTests(ContentTestCase):
    def test_search_finds_and_highlights(self) -> None:
        self.login(self.learner)
        r = self.client.get("/search/", {"q": "debt bondage"})
        self.assertContains(r, "<mark>")
        self.assertContains(r, "/learn/glossary/#term-debt-bondage")

    def test_query_syntax_is_not_injected(self) -> None:
        self.login(self.learner)
        for q in ['"', "AND OR NOT", "bondage*", "(", "NEAR(a b)", "'; DROP TABLE x; --", "ü"]:
            with self.subTest(q=q):
                self.assertEqual(self.client.get("/search/", {"q": q}).status_code, 200)

    def test_unknown_kind_is_400(self) -> None:
        self.login(self.learner)
        self.assertEqual(self.client.get("/search/", {"q": "x", "kind": "users"}).status_code, 400)

    def test_kind_filter(self) -> None:
        self.login(self.learner)
        r = self.client.get("/search/", {"q": "Europol", "kind": "resource"})
        self.assertContains(r, "/library/europol/")
        self.assertNotContains(r, "/learn/glossary/#term-europol")


class LibraryTests(ContentTestCase):
    def test_facets_filter_and_count(self) -> None:
        self.login(self.learner)
        r = self.client.get("/library/", {"type": "legal instrument"})
        resources = r.context["resources"]
        self.assertTrue(resources)
        self.assertTrue(all(res.type == "legal instrument" for res in resources))
        self.assertContains(r, f"{len(resources)} of {r.context['total']} resources")

    def test_resource_page_lists_lessons_that_use_it(self) -> None:
        self.login(self.learner)
        self.assertContains(self.client.get("/library/palermo-protocol/"), "/learn/u1/u1-l03/")


class HandoutTests(ContentTestCase):
    def test_unit_handout_is_a_pdf(self) -> None:
        self.login(self.learner)
        r = self.client.get("/learn/u2/handout.pdf")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "application/pdf")
        self.assertTrue(r.content.startswith(b"%PDF"))
        self.assertGreater(len(r.content), 10_000)


class PageWeightTests(ContentTestCase):
    def test_learner_pages_within_budget(self) -> None:
        self.login(self.learner)
        for url in PAGES:
            with self.subTest(url=url):
                weight = measure(self.client, url)
                self.assertEqual((weight.status, weight.missing), (200, []))
                self.assertLess(weight.total, BUDGET_BYTES)


class FacilitatorGuideTests(ContentTestCase):
    """Trainer notes for every session, beside the session plan and as a PDF per unit."""

    def test_trainers_read_every_session_with_its_notes(self) -> None:
        self.login(self.trainer)
        unit = self.client.get("/learn/u1/")
        self.assertContains(unit, 'href="/learn/u1/guide/"')
        page = self.client.get("/learn/u1/guide/")
        rows = SessionRow.objects.filter(unit__key="u1")
        self.assertContains(page, 'class="guide-session"', count=rows.count())
        for heading in ("Aim", "What to ask", "Common misconceptions", "How to run the activity",
                        "Timing", "NGO co-trainer"):  # fmt: skip
            self.assertContains(page, f"<dt>{heading}</dt>", count=rows.count())
        first = rows.get(seq=6)
        self.assertContains(page, first.notes["aim"])
        self.assertContains(page, 'href="/learn/u1/guide.pdf"')

    def test_every_session_of_every_unit_has_complete_notes(self) -> None:
        for row in SessionRow.objects.all():
            with self.subTest(row=str(row)):
                for name in ("aim", "activity", "timing", "ngo"):
                    self.assertTrue(row.notes.get(name))
                self.assertTrue(row.notes.get("ask"))
                self.assertTrue(row.notes.get("misconceptions"))

    def test_the_guide_prints_as_a_pdf(self) -> None:
        self.login(self.caseworker)  # the NGO co-trainer
        r = self.client.get("/learn/u3/guide.pdf")
        self.assertEqual(r["Content-Type"], "application/pdf")
        self.assertTrue(r.content.startswith(b"%PDF"))
        self.assertIn("facilitator-guide", r["Content-Disposition"])

    def test_learners_and_officers_get_403_and_no_link(self) -> None:
        for persona in (self.learner, self.officer, self.outsider):
            self.login(persona)
            with self.subTest(persona=persona.username):
                self.assertNotContains(self.client.get("/learn/u1/"), "/learn/u1/guide/")
                self.assertEqual(self.client.get("/learn/u1/guide/").status_code, 403)
                self.assertEqual(self.client.get("/learn/u1/guide.pdf").status_code, 403)

    def test_anonymous_unknown_unit_and_wrong_method(self) -> None:
        r = self.client.get("/learn/u1/guide/")
        self.assertTrue(r["Location"].startswith("/accounts/login/"))
        self.login(self.trainer)
        self.assertEqual(self.client.get("/learn/u9/guide/").status_code, 404)
        self.assertEqual(self.client.post("/learn/u1/guide/").status_code, 405)

    def test_presenter_view_shows_one_key_point_at_a_time(self) -> None:
        lesson = Lesson.objects.get(key="u1-l06")
        self.login(self.trainer)
        self.assertContains(self.client.get("/learn/u1/guide/"), "/learn/u1/u1-l06/present/")
        first = self.client.get("/learn/u1/u1-l06/present/")
        self.assertContains(first, escape(lesson.key_points[0]))
        self.assertNotContains(first, escape(lesson.key_points[1]))
        self.assertContains(first, f"Key point 1 of {len(lesson.key_points)}")
        self.assertContains(first, 'href="?point=2"')
        self.assertNotContains(first, 'rel="prev"')
        last = self.client.get(f"/learn/u1/u1-l06/present/?point={len(lesson.key_points)}")
        self.assertContains(last, escape(lesson.key_points[-1]))
        self.assertNotContains(last, 'rel="next"')
        for bad in ("0", "99", "x", "-1", "²", "1" * 5000):
            with self.subTest(point=bad):
                r = self.client.get(f"/learn/u1/u1-l06/present/?point={bad}")
                self.assertEqual(r.status_code, 404)
        self.assertEqual(self.client.get("/learn/u1/u1-l99/present/").status_code, 404)
        self.login(self.learner)
        self.assertEqual(self.client.get("/learn/u1/u1-l06/present/").status_code, 403)
