"""The quiz pages: who may do what, every answer acknowledged or refused with a reason."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from frontline.assessment import attempts
from frontline.assessment.models import Answer, Attempt, Item
from frontline.assessment.tests.base import BankTestCase, right_form, wrong_form
from frontline.audit.models import AuditEvent
from frontline.lib.pageweight import BUDGET_BYTES, measure

HTMX = {"HTTP_HX_REQUEST": "true"}
PERSONAS = ["learner", "trainer", "coordinator", "officer", "analyst", "caseworker", "admin",
            "outsider"]  # fmt: skip


def url(attempt: Attempt, item: Item | None = None, action: str = "") -> str:
    if item is not None:
        return f"/learn/attempts/{attempt.pk}/items/{item.pk}"
    return f"/learn/attempts/{attempt.pk}/{action}"


class LearnerPageTests(BankTestCase):
    def test_anonymous_is_sent_to_sign_in(self) -> None:
        attempt = self.start(self.learner)
        pages = ["/learn/quizzes/", "/learn/progress/", "/learn/quizzes/u1-quiz/", url(attempt),
                 url(attempt, action="review/"), "/assessment/statistics/"]  # fmt: skip
        for page in pages:
            with self.subTest(page=page):
                r = self.client.get(page)
                self.assertEqual(r.status_code, 302)
                self.assertTrue(r["Location"].startswith("/accounts/login/"))

    def test_every_role_can_take_quizzes(self) -> None:
        for username in PERSONAS:
            self.login(getattr(self, username))
            for page in ["/learn/quizzes/", "/learn/progress/", "/learn/quizzes/pre-test/"]:
                with self.subTest(page=page, persona=username):
                    self.assertEqual(self.client.get(page).status_code, 200)

    def test_start_then_resume(self) -> None:
        self.login(self.learner)
        r = self.client.post("/learn/quizzes/u2-quiz/start")
        attempt = Attempt.objects.get(user=self.learner)
        self.assertRedirects(r, url(attempt))
        page = self.client.get(url(attempt))
        self.assertContains(page, "0</span> of 12 answered")
        self.assertContains(page, 'class="question"', count=12)
        self.assertRedirects(self.client.post("/learn/quizzes/u2-quiz/start"), url(attempt))
        self.assertContains(self.client.get("/learn/quizzes/u2-quiz/"), "Resume my attempt")

    def test_no_attempts_left_is_409(self) -> None:
        self.quiz("u1-quiz", max_attempts=1)
        attempts.submit(self.start(self.learner))
        self.login(self.learner)
        r = self.client.post("/learn/quizzes/u1-quiz/start")
        self.assertContains(r, "You have used all 1 attempts", status_code=409)
        self.assertEqual(Attempt.objects.filter(user=self.learner).count(), 1)

    def test_unknown_and_wrong_method(self) -> None:
        self.login(self.learner)
        attempt = self.start(self.learner)
        self.assertEqual(self.client.get("/learn/quizzes/nope/").status_code, 404)
        self.assertEqual(self.client.post("/learn/quizzes/nope/start").status_code, 404)
        self.assertEqual(self.client.get("/learn/quizzes/u1-quiz/start").status_code, 405)
        self.assertEqual(self.client.get(url(attempt, self.items(attempt)[0])).status_code, 405)
        self.assertEqual(self.client.get(url(attempt, action="submit")).status_code, 405)
        self.assertEqual(self.client.post("/learn/quizzes/").status_code, 405)
        self.assertEqual(self.client.post(url(attempt)).status_code, 405)
        self.assertEqual(self.client.get("/learn/attempts/999999/").status_code, 404)


class AnswerViewTests(BankTestCase):
    def setUp(self) -> None:
        self.attempt = self.start(self.learner, feedback="deferred")
        self.item = self.items(self.attempt)[0]
        self.login(self.learner)

    def test_htmx_answer_is_acknowledged_and_stored(self) -> None:
        r = self.client.post(url(self.attempt, self.item), right_form(self.item), **HTMX)
        self.assertContains(r, "Saved.")
        self.assertContains(r, '<span id="answered-count" hx-swap-oob="true">1</span>')
        self.assertNotContains(r, "<html")
        self.assertEqual(Answer.objects.get(attempt=self.attempt, item=self.item).score, 1.0)

    def test_answer_without_javascript_redirects_back_to_the_question(self) -> None:
        r = self.client.post(url(self.attempt, self.item), right_form(self.item))
        self.assertRedirects(
            r, f"{url(self.attempt)}#q-{self.item.pk}", fetch_redirect_response=False
        )
        page = self.client.get(url(self.attempt))
        self.assertContains(page, "Answer saved.")
        self.assertContains(page, "1</span> of 12 answered")

    def test_answers_are_there_after_reopening(self) -> None:
        items = self.items(self.attempt)
        for item in items[:2]:
            self.client.post(url(self.attempt, item), right_form(item), **HTMX)
        page = self.client.get(url(self.attempt)).content.decode()
        for item in items[:2]:
            for name, values in right_form(item).items():
                if name == "text":
                    self.assertIn(f'value="{values[0]}"', page)
                elif name == "choice":
                    for value in values:
                        self.assertIn(f'value="{value}" checked', page)
                else:
                    self.assertIn(f'value="{values[0]}" selected', page)

    def test_option_not_in_the_item_is_400_and_changes_nothing(self) -> None:
        self.client.post(url(self.attempt, self.item), right_form(self.item), **HTMX)
        bad = {"choice": ["not-an-option"], "text": [""], "match-x": ["y"], "position-x": ["9"]}
        for headers in (HTMX, {}):
            with self.subTest(htmx=bool(headers)):
                r = self.client.post(url(self.attempt, self.item), bad, **headers)
                self.assertEqual(r.status_code, 400)
                self.assertContains(r, 'class="field-error"', status_code=400)
        self.assertEqual(Answer.objects.get(attempt=self.attempt, item=self.item).score, 1.0)

    def test_item_not_in_the_attempt_is_404(self) -> None:
        other = Item.objects.exclude(pk__in=self.attempt.item_ids).first()
        assert other is not None
        r = self.client.post(url(self.attempt, other), right_form(other), **HTMX)
        self.assertEqual(r.status_code, 404)
        self.assertFalse(Answer.objects.filter(item=other).exists())

    def test_after_submission_answers_and_submits_are_409(self) -> None:
        self.client.post(url(self.attempt, self.item), wrong_form(self.item), **HTMX)
        self.assertRedirects(
            self.client.post(url(self.attempt, action="submit")),
            url(self.attempt, action="review/"),
        )
        r = self.client.post(url(self.attempt, self.item), right_form(self.item), **HTMX)
        self.assertContains(r, "can no longer change", status_code=409)
        r = self.client.post(url(self.attempt, action="submit"))
        self.assertContains(r, "already submitted", status_code=409)
        self.assertEqual(Answer.objects.get(attempt=self.attempt, item=self.item).score, 0.0)
        self.assertRedirects(
            self.client.get(url(self.attempt)), url(self.attempt, action="review/")
        )

    def test_immediate_feedback_answer_is_final_and_explained(self) -> None:
        attempt = self.start(self.officer, "u3-quiz", feedback="immediate")
        item = self.items(attempt)[0]
        self.login(self.officer)
        r = self.client.post(url(attempt, item), wrong_form(item), **HTMX)
        self.assertContains(r, "Not right.")
        self.assertContains(r, item.lesson.get_absolute_url())
        self.assertContains(r, "fieldset disabled")
        r = self.client.post(url(attempt, item), right_form(item), **HTMX)
        self.assertContains(r, "already answered", status_code=409)

    def test_saving_an_answer_is_a_handful_of_queries(self) -> None:
        self.client.get(url(self.attempt))  # the session's idle window was just written
        with CaptureQueriesContext(connection) as queries:
            r = self.client.post(url(self.attempt, self.item), right_form(self.item), **HTMX)
        self.assertContains(r, "Saved.")
        # Session; user with whether their roles need a second factor; attempt; item; the
        # attempt locked with its answer count; the upsert. No session write within a minute.
        sql = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
        self.assertEqual(len(sql), 6, "\n".join(sql))


class AccessTests(BankTestCase):
    def setUp(self) -> None:
        self.attempt = self.start(self.learner, feedback="deferred")
        self.item = self.items(self.attempt)[0]

    def test_outsider_and_other_learners_get_404(self) -> None:
        # The trainer works at the learner's academy, but does not teach her in a course.
        for persona in ("outsider", "officer", "analyst", "caseworker", "trainer"):
            self.login(getattr(self, persona))
            for method, page in [("get", url(self.attempt)),
                                 ("get", url(self.attempt, action="review/")),
                                 ("post", url(self.attempt, self.item)),
                                 ("post", url(self.attempt, action="submit"))]:  # fmt: skip
                with self.subTest(persona=persona, page=page):
                    r = getattr(self.client, method)(page, right_form(self.item))
                    self.assertEqual(r.status_code, 404)
        self.assertFalse(Answer.objects.exists())
        self.assertTrue(Attempt.objects.get(pk=self.attempt.pk).is_open)

    def test_coordinator_of_the_agency_sees_but_cannot_answer(self) -> None:
        self.login(self.coordinator)
        self.assertRedirects(
            self.client.get(url(self.attempt)), url(self.attempt, action="review/")
        )
        self.assertEqual(
            self.client.post(url(self.attempt, self.item), right_form(self.item)).status_code, 403
        )
        self.assertEqual(self.client.post(url(self.attempt, action="submit")).status_code, 403)
        attempts.submit(self.attempt)
        r = self.client.get(url(self.attempt, action="review/"))
        self.assertContains(r, "Attempt by Lena Marek")
        self.assertFalse(Answer.objects.exists())


class ReviewTests(BankTestCase):
    def test_review_shows_score_objectives_feedback_and_lessons(self) -> None:
        attempt = self.start(self.learner, "u5-quiz", feedback="deferred")
        items = self.items(attempt)
        attempts.save_answer(attempt, items[0], right_form(items[0]))
        attempts.save_answer(attempt, items[1], wrong_form(items[1]))
        attempts.submit(attempt)
        self.login(self.learner)
        r = self.client.get(url(attempt, action="review/"))
        self.assertContains(r, f"{round(100 / len(items))}%")
        self.assertContains(r, "Not passed yet")
        self.assertContains(r, "Right.")
        self.assertContains(r, "Not right.")
        self.assertContains(r, "Not answered.", count=len(items) - 2)
        self.assertContains(r, items[1].feedback)
        self.assertContains(r, items[1].lesson.get_absolute_url())
        self.assertContains(
            r, items[0].primary_objective.text if items[0].primary_objective else ""
        )

    def test_open_attempt_has_no_review_yet(self) -> None:
        attempt = self.start(self.learner)
        self.login(self.learner)
        self.assertRedirects(self.client.get(url(attempt, action="review/")), url(attempt))

    def test_progress_page_shows_mastery(self) -> None:
        attempt = self.start(self.learner, "u1-quiz", feedback="deferred")
        for item in self.items(attempt)[:2]:
            attempts.save_answer(attempt, item, right_form(item))
        attempts.submit(attempt)
        self.login(self.learner)
        self.assertContains(self.client.get("/learn/progress/"), "mastered", count=2)


class StatisticsViewTests(BankTestCase):
    def setUp(self) -> None:
        attempt = self.start(self.learner, "pre-test")
        for item in self.items(attempt)[:10]:
            attempts.save_answer(attempt, item, right_form(item))
        attempts.submit(attempt)
        attempt = self.start(self.learner, "post-test")
        for item in self.items(attempt)[:20]:
            attempts.save_answer(attempt, item, right_form(item))
        attempts.submit(attempt)

    def test_coordinators_see_their_agencies_statistics(self) -> None:
        for persona in ("coordinator", "admin"):
            self.login(getattr(self, persona))
            with self.subTest(persona=persona):
                r = self.client.get("/assessment/statistics/")
                self.assertContains(r, "Lena Marek")
                self.assertContains(r, "Valdoria Police Academy")
                self.assertContains(self.client.get("/assessment/statistics/pre-test/"), "pre-test")

    def test_other_roles_get_403(self) -> None:
        # Trainers find the statistics of the people they teach under their courses.
        for persona in ("learner", "officer", "analyst", "caseworker", "outsider", "trainer"):
            self.login(getattr(self, persona))
            for page in ("/assessment/statistics/", "/assessment/statistics/pre-test/",
                         "/assessment/statistics/pre-test/items.csv",
                         "/assessment/gain.csv"):  # fmt: skip
                with self.subTest(persona=persona, page=page):
                    self.assertEqual(self.client.get(page).status_code, 403)

    def test_wrong_method_and_unknown_quiz(self) -> None:
        self.login(self.coordinator)
        self.assertEqual(self.client.post("/assessment/statistics/").status_code, 405)
        self.assertEqual(self.client.post("/assessment/gain.csv").status_code, 405)
        self.assertEqual(self.client.get("/assessment/statistics/nope/").status_code, 404)

    def test_csv_exports(self) -> None:
        self.login(self.coordinator)
        r = self.client.get("/assessment/statistics/pre-test/items.csv")
        self.assertEqual(r["Content-Type"], "text/csv; charset=utf-8")
        lines = r.content.decode().splitlines()
        self.assertEqual(lines[0].split(",")[:4], ["item", "kind", "objective", "n"])
        self.assertEqual(len(lines), 1 + 31 + 2)
        r = self.client.get("/assessment/gain.csv")
        rows = r.content.decode().splitlines()
        # pre 10/31 = 32.3 %, post 20/31 = 64.5 %: g = (64.5 - 32.3) / (100 - 32.3)
        self.assertIn("learner,Lena Marek,1,32.3,64.5,0.476", rows)
        self.assertIn("agency,Valdoria Police Academy,1,32.3,64.5,0.476", rows)
        self.assertTrue(AuditEvent.objects.filter(action="assessment.export_gain").exists())

    def test_outsider_attempts_stay_out_of_a_coordinator_s_figures(self) -> None:
        attempts.submit(self.start(self.outsider, "pre-test"))
        self.login(self.coordinator)
        r = self.client.get("/assessment/statistics/pre-test/")
        self.assertContains(r, "<dt>Submitted attempts</dt><dd>1</dd>", html=True)


class PageWeightTests(BankTestCase):
    def test_quiz_pages_within_budget(self) -> None:
        attempt = self.start(self.learner, "pre-test")
        done = self.start(self.learner, "u4-quiz")
        for item in self.items(done):
            attempts.save_answer(done, item, right_form(item))
        attempts.submit(done)
        self.login(self.learner)
        for page in ["/learn/quizzes/", "/learn/progress/", "/learn/quizzes/u1-quiz/",
                     url(attempt), url(done, action="review/")]:  # fmt: skip
            with self.subTest(page=page):
                weight = measure(self.client, page)
                self.assertEqual((weight.status, weight.missing), (200, []))
                self.assertLess(weight.total, BUDGET_BYTES)
