"""Live runs: codes, joining, votes against the clock, the trainer taking a path."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from frontline.accounts.models import Agency
from frontline.audit.models import AuditEvent
from frontline.scenarios import live
from frontline.scenarios.models import JOIN_ALPHABET, JOIN_CODE_LENGTH, LiveRun, new_join_code
from frontline.scenarios.tests.base import ScenarioTestCase


class LiveTests(ScenarioTestCase):
    def run_(self) -> LiveRun:
        agency = Agency.objects.get(name="Valdoria Police Academy")
        return live.start_run(
            self.scenario, acting_user=self.trainer, agency=agency, group="Cohort A"
        )

    def test_codes_are_short_and_unambiguous(self) -> None:
        codes = {new_join_code() for _ in range(200)}
        self.assertGreater(len(codes), 190)
        for code in codes:
            self.assertEqual(len(code), JOIN_CODE_LENGTH)
            self.assertTrue(set(code) <= set(JOIN_ALPHABET))
        self.assertFalse(set("01OIL5S2Z8B") & set(JOIN_ALPHABET))

    def test_start_is_audited_and_bounds_the_timer(self) -> None:
        run = self.run_()
        self.assertEqual((run.status, run.node, run.group), ("lobby", "stop", "Cohort A"))
        self.assertTrue(AuditEvent.objects.filter(action="scenarios.live_run_started").exists())
        with self.assertRaises(live.Refused):
            live.start_run(
                self.scenario, acting_user=self.trainer, agency=run.agency, vote_seconds=5
            )

    def test_a_round_of_votes_then_the_majority(self) -> None:
        run = self.run_()
        a = live.join(run, acting_user=self.learner)
        b = live.join(run, acting_user=self.officer)
        c = live.join(run, acting_user=self.coordinator)
        self.assertEqual(live.join(run, acting_user=self.learner).pk, a.pk)
        with self.assertRaisesMessage(live.Refused, "No vote is open"):
            live.vote(run, a, "search-cab")
        run = live.open_vote(run, acting_user=self.trainer)
        live.vote(run, a, "search-cab")
        live.vote(run, b, "talk-apart")
        live.vote(run, c, "talk-apart")
        live.vote(run, a, "talk-apart")  # changed their mind
        counts = live.tally(run)
        self.assertEqual(counts, {"search-cab": 0, "talk-apart": 3, "wave-through": 0})
        self.assertEqual(live.majority(counts), "talk-apart")
        with self.assertRaisesMessage(live.Refused, "not on the table"):
            live.vote(run, a, "show-ledger")
        live.take(run, "talk-apart", acting_user=self.trainer)
        run.refresh_from_db()
        self.assertEqual((run.status, run.node), ("discussing", "talks"))
        self.assertEqual(run.path[0]["majority"], True)
        self.assertEqual(run.path[0]["votes"]["talk-apart"], 3)

    def test_the_trainer_can_take_another_path_and_the_run_ends(self) -> None:
        run = self.run_()
        a = live.join(run, acting_user=self.learner)
        run = live.open_vote(run, acting_user=self.trainer)
        live.vote(run, a, "talk-apart")
        live.take(run, "wave-through", acting_user=self.trainer)
        run.refresh_from_db()
        self.assertEqual((run.status, run.node), ("finished", "waved"))
        self.assertFalse(run.path[0]["majority"])
        self.assertIsNotNone(run.finished_at)
        with self.assertRaises(live.Refused):
            live.open_vote(run, acting_user=self.trainer)
        with self.assertRaisesMessage(live.Refused, "finished"):
            live.join(run, acting_user=self.officer)

    def test_votes_after_the_deadline_are_refused(self) -> None:
        run = self.run_()
        a = live.join(run, acting_user=self.learner)
        run = live.open_vote(run, acting_user=self.trainer)
        LiveRun.objects.filter(pk=run.pk).update(deadline=timezone.now() - timedelta(seconds=1))
        run.refresh_from_db()
        with self.assertRaisesMessage(live.Refused, "Time is up"):
            live.vote(run, a, "talk-apart")

    def test_take_needs_an_open_vote_and_ties_have_no_majority(self) -> None:
        run = self.run_()
        with self.assertRaisesMessage(live.Refused, "Open the vote"):
            live.take(run, "talk-apart", acting_user=self.trainer)
        self.assertIsNone(live.majority({"x": 1, "y": 1}))
        self.assertIsNone(live.majority({"x": 0, "y": 0}))
        self.assertEqual(live.majority({"x": 1, "y": 2}), "y")

    def test_version_changes_with_what_the_screen_shows(self) -> None:
        run = self.run_()
        before = live.version(run)
        run = live.open_vote(run, acting_user=self.trainer)
        self.assertNotEqual(live.version(run), before)
        self.assertNotEqual(live.version(run, "talk-apart"), live.version(run))

    def test_take_the_majority_is_resolved_when_the_vote_closes(self) -> None:
        run = self.run_()
        a = live.join(run, acting_user=self.learner)
        b = live.join(run, acting_user=self.officer)
        run = live.open_vote(run, acting_user=self.trainer)
        live.vote(run, a, "talk-apart")
        live.vote(run, b, "search-cab")
        with self.assertRaisesMessage(live.Refused, "no clear majority"):
            live.take(run, live.MAJORITY, acting_user=self.trainer)
        live.vote(run, b, "talk-apart")
        self.assertEqual(live.take(run, live.MAJORITY, acting_user=self.trainer).id, "talk-apart")
        run.refresh_from_db()
        self.assertEqual((run.node, run.path[0]["majority"]), ("talks", True))
