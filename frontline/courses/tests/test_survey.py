"""The evaluation: stored without names, shown only from five answers on."""

from __future__ import annotations

from frontline.courses import actions
from frontline.courses.models import Enrolment, SurveyResponse
from frontline.courses.survey import MIN_ANSWERS, summarise
from frontline.courses.tests.base import CourseTestCase

TITLES = {"u1": "1. The crime", "u4": "4. Identification"}


def response(relevance: int, before: int, after: int, improve: str = "") -> SurveyResponse:
    return SurveyResponse(relevance=relevance, improve=improve,
                          confidence={"u1": {"before": before, "after": after}})  # fmt: skip


class SummaryTests(CourseTestCase):
    def test_nothing_below_the_threshold(self) -> None:
        self.assertEqual(MIN_ANSWERS, 5)
        four = [response(5, 1, 5, "secret remark")] * 4
        self.assertIsNone(summarise(four, TITLES))
        self.assertIsNone(summarise([], TITLES))

    def test_summary_from_five(self) -> None:
        answers = [response(5, 2, 4, "more cases"), response(4, 1, 4), response(3, 2, 5, "  "),
                   response(5, 3, 5, "a longer day two"), response(4, 2, 2)]  # fmt: skip
        summary = summarise(answers, TITLES)
        assert summary is not None
        self.assertEqual(summary.answers, 5)
        self.assertAlmostEqual(summary.relevance, 4.2)
        self.assertEqual(summary.relevance_counts, [(1, 0), (2, 0), (3, 1), (4, 2), (5, 2)])
        [unit] = summary.confidence  # u4 had no answers: left out
        self.assertEqual((unit.unit, unit.before, unit.after, unit.answers),
                         ("1. The crime", 2.0, 4.0, 5))  # fmt: skip
        # Sorted by text, blank comments dropped.
        self.assertEqual(summary.comments, ["a longer day two", "more cases"])


class SubmitTests(CourseTestCase):
    def test_answer_is_not_linked_to_its_author_and_only_once(self) -> None:
        enrolment = self.enrolment(self.learner)
        saved = actions.submit_survey(enrolment, relevance=4, improve="x",
                                      confidence={"u1": {"before": 1, "after": 3}},
                                      acting_user=self.learner)  # fmt: skip
        fields = {f.name for f in SurveyResponse._meta.get_fields()}
        self.assertEqual(fields, {"id", "offering", "relevance", "confidence", "improve"})
        self.assertEqual(saved.offering_id, self.offering.pk)
        self.assertTrue(Enrolment.objects.get(pk=enrolment.pk).survey_done)
        with self.assertRaises(actions.AlreadyAnswered):
            actions.submit_survey(enrolment, relevance=1, improve="", confidence={},
                                  acting_user=self.learner)  # fmt: skip
        with self.assertRaises(actions.AlreadyAnswered):  # not someone else's enrolment either
            actions.submit_survey(self.enrolment(self.officer), relevance=1, improve="",
                                  confidence={}, acting_user=self.learner)  # fmt: skip
        self.assertEqual(SurveyResponse.objects.count(), 1)
