"""Solo play saved at every step, and the results other parts of Frontline read."""

from __future__ import annotations

from frontline.scenarios import play, results
from frontline.scenarios.models import Play
from frontline.scenarios.tests.base import BEST, BEST_SCORES, ScenarioTestCase


class PlayTests(ScenarioTestCase):
    def play_through(self, choices: list[str], user: object = None) -> Play:
        user = user or self.learner
        current = play.start(self.scenario, acting_user=user)  # type: ignore[arg-type]
        for choice in choices:
            play.choose(current, choice, acting_user=user)  # type: ignore[arg-type]
        current.refresh_from_db()
        return current

    def test_start_then_resume_the_same_play(self) -> None:
        first = play.start(self.scenario, acting_user=self.learner)
        self.assertEqual(first.node, "stop")
        play.choose(first, "search-cab", acting_user=self.learner)
        again = play.start(self.scenario, acting_user=self.learner)
        self.assertEqual(again.pk, first.pk)
        self.assertEqual((again.node, again.facts), ("cab", ["ledger"]))
        self.assertEqual(again.path, [{"node": "stop", "choice": "search-cab"}])

    def test_each_step_is_saved_with_its_scores(self) -> None:
        done = self.play_through(BEST)
        self.assertTrue(done.finished)
        self.assertEqual((done.ending, done.outcome), ("good-end", "good"))
        self.assertEqual(done.scores, BEST_SCORES)
        self.assertEqual([s["choice"] for s in done.path], BEST)

    def test_refusals_leave_the_state_alone(self) -> None:
        current = self.play_through(["talk-apart"])
        with self.assertRaisesMessage(play.Refused, "not open"):
            play.choose(current, "show-ledger", acting_user=self.learner)
        with self.assertRaisesMessage(play.Refused, "their own"):
            play.choose(current, "call-ngo", acting_user=self.trainer)
        current.refresh_from_db()
        self.assertEqual((current.node, len(current.path)), ("talks", 1))

    def test_a_finished_play_takes_no_more_steps_and_a_new_one_can_start(self) -> None:
        done = self.play_through(["wave-through"])
        self.assertEqual(done.outcome, "poor")
        with self.assertRaisesMessage(play.Refused, "finished"):
            play.choose(done, "search-cab", acting_user=self.learner)
        self.assertNotEqual(play.start(self.scenario, acting_user=self.learner).pk, done.pk)

    def test_a_play_left_on_a_node_that_no_longer_exists_starts_over(self) -> None:
        current = self.play_through(["search-cab"])
        Play.objects.filter(pk=current.pk).update(node="gone")
        current.refresh_from_db()
        with self.assertRaisesMessage(play.Refused, "has changed"):
            play.choose(current, "talk-apart", acting_user=self.learner)
        again = play.start(self.scenario, acting_user=self.learner)
        self.assertEqual(
            (again.pk, again.node, again.path, again.facts), (current.pk, "stop", [], [])
        )

    def test_last_choice_gives_its_why(self) -> None:
        current = self.play_through(["talk-apart"])
        last = play.last_choice(current)
        assert last is not None
        self.assertIn("away from someone", last.why)


class ResultsTests(ScenarioTestCase):
    def finish(self, user: object, choices: list[str]) -> None:
        current = play.start(self.scenario, acting_user=user)  # type: ignore[arg-type]
        for choice in choices:
            play.choose(current, choice, acting_user=user)  # type: ignore[arg-type]

    def test_completed_scenarios(self) -> None:
        self.finish(self.learner, ["wave-through"])
        play.start(self.scenario, acting_user=self.officer)  # started, not finished
        done = results.completed_scenarios(Play.objects.all())
        self.assertEqual(done, {self.learner.pk: {"drill-van"}})
        mine = results.completed_scenarios(Play.objects.filter(user=self.officer))
        self.assertEqual(mine, {})

    def test_competency_profiles_average_the_share_of_the_best_path(self) -> None:
        self.finish(self.learner, BEST)  # 100 everywhere the model scores
        # talk-apart, call-ngo, leave: identification 2, treatment 2, referral 2, intelligence -1
        self.finish(self.learner, ["talk-apart", "call-ngo", "leave"])
        play.start(self.scenario, acting_user=self.officer)  # started, not finished
        profile = results.competency_profiles(Play.objects.all())
        self.assertEqual(
            profile[self.learner.pk],
            # identification: (100 + 100 capped) / 2; referral: (100 + 50) / 2; intelligence:
            # (100 + 0, a negative share counts as 0) / 2; legal: the model scores none.
            {"identification": 100.0, "treatment": 100.0, "referral": 75.0, "intelligence": 50.0},
        )
        self.assertNotIn(self.officer.pk, profile)
