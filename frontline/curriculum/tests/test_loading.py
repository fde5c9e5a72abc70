from __future__ import annotations

import dataclasses

from frontline.curriculum import progress
from frontline.curriculum.loading import load_content
from frontline.curriculum.models import GlossaryTerm, Lesson, LessonProgress, SearchDocument
from frontline.curriculum.tests.base import CONTENT, ContentTestCase


class LoadingTests(ContentTestCase):
    def test_everything_is_loaded(self) -> None:
        self.assertEqual(Lesson.objects.current().count(), len(CONTENT.lessons))
        self.assertEqual(GlossaryTerm.objects.count(), len(CONTENT.terms))
        expected = len(CONTENT.lessons) + len(CONTENT.terms) + len(CONTENT.resources)
        self.assertEqual(SearchDocument.objects.count(), expected)
        lesson = Lesson.objects.get(key="u1-l03")
        self.assertEqual(set(lesson.objectives.values_list("key", flat=True)), {"u1-o3", "u1-o4"})
        self.assertIn("palermo-protocol", lesson.resources.values_list("key", flat=True))

    def test_reload_is_idempotent_and_keeps_progress(self) -> None:
        lesson = Lesson.objects.get(key="u2-l01")
        progress.set_done(self.learner, lesson, True)
        report = load_content(CONTENT)
        self.assertEqual(report.created, 0)
        self.assertEqual(Lesson.objects.count(), len(CONTENT.lessons))
        self.assertTrue(
            LessonProgress.objects.get(user=self.learner, lesson__key="u2-l01").completed
        )

    def test_lesson_removed_from_files_is_retired_with_progress_kept(self) -> None:
        lesson = Lesson.objects.get(key="u5-l10")
        progress.set_done(self.learner, lesson, True)
        smaller = dataclasses.replace(
            CONTENT, lessons=[les for les in CONTENT.lessons if les.key != "u5-l10"]
        )
        report = load_content(smaller)
        self.assertEqual(report.retired, 1)
        lesson.refresh_from_db()
        self.assertTrue(lesson.retired)
        self.assertTrue(LessonProgress.objects.filter(lesson=lesson).exists())
        self.assertNotIn(lesson.id, progress.done_lesson_ids(self.learner))
        load_content(CONTENT)
        lesson.refresh_from_db()
        self.assertFalse(lesson.retired)

    def test_glossary_terms_are_linked_once_and_never_in_headings(self) -> None:
        lesson = Lesson.objects.get(key="u1-l03")
        self.assertIn('class="term"', lesson.body_html)
        for term in lesson.glossary.all():
            self.assertEqual(lesson.body_html.count(f'href="#term-{term.key}"'), 1, term.key)
        for heading in lesson.body_html.split("<h2>")[1:]:
            self.assertNotIn('class="term"', heading.split("</h2>")[0])
