"""Live runs led by a trainer: a room joins with a short code, votes on each decision within a
time limit, and the trainer takes the majority path or another one to discuss.

Status moves lobby -> voting -> discussing -> voting -> ... -> finished. The trainer's actions
are audited; votes are not (they are their own record, and a room of 40 casts many).
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontline.accounts.models import Agency, User
from frontline.audit.log import record
from frontline.lib.limits import field_problem
from frontline.scenarios.engine import Choice, NotAvailable
from frontline.scenarios.models import LiveParticipant, LiveRun, LiveVote, Scenario

MIN_SECONDS, MAX_SECONDS = 10, 600
# What the trainer's "take the majority" button sends: resolved when the vote is closed, so a
# vote arriving while the trainer clicks still counts.
MAJORITY = "=majority"


class Refused(Exception):
    """The action does not fit the run's state; the message says why."""


def start_run(
    scenario: Scenario,
    *,
    acting_user: User,
    agency: Agency,
    group: str = "",
    offering_id: int | None = None,
    vote_seconds: int = 60,
) -> LiveRun:
    """Open a run in the lobby. For a course (`offering_id`, given by the courses app, which
    starts runs for its courses), its participants may join whatever agency sent them, and the
    course's results list the run."""
    if not MIN_SECONDS <= vote_seconds <= MAX_SECONDS:
        raise Refused(
            _("The time per vote must be between %(min)d and %(max)d seconds.")
            % {"min": MIN_SECONDS, "max": MAX_SECONDS}
        )
    group = group.strip()
    if problem := field_problem(group, LiveRun, "group"):
        raise Refused(_("The group %(problem)s.") % {"problem": problem})
    state = scenario.graph.begin()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                run = LiveRun.objects.create(
                    trainer=acting_user,
                    agency=agency,
                    group=group,
                    offering_id=offering_id,
                    scenario=scenario,
                    node=state.node,
                    facts=sorted(state.facts),
                    vote_seconds=vote_seconds,
                )
                record("scenarios.live_run_started", actor=acting_user, target=run)
                return run
        except IntegrityError:
            continue  # the random code was taken: draw another
    raise Refused(_("Could not find a free join code; try again."))


def join(run: LiveRun, *, acting_user: User) -> LiveParticipant:
    if run.status == LiveRun.Status.FINISHED:
        raise Refused(_("This run has finished."))
    participant, _created = LiveParticipant.objects.get_or_create(run=run, user=acting_user)
    return participant


def open_vote(run: LiveRun, *, acting_user: User) -> LiveRun:
    """Put the current decision to the room for `vote_seconds`."""
    with transaction.atomic():
        run = LiveRun.objects.select_for_update().get(pk=run.pk)
        if run.status not in (LiveRun.Status.LOBBY, LiveRun.Status.DISCUSSING):
            raise Refused(_("A vote is open already, or the run has finished."))
        run.status = LiveRun.Status.VOTING
        run.round += 1
        run.deadline = timezone.now() + timedelta(seconds=run.vote_seconds)
        run.save(update_fields=["status", "round", "deadline"])
    return run


def vote(run: LiveRun, participant: LiveParticipant, choice_id: str) -> LiveVote:
    """Cast or change a vote in the open round."""
    if run.status != LiveRun.Status.VOTING:
        raise Refused(_("No vote is open right now."))
    if run.seconds_left() <= 0:
        raise Refused(_("Time is up for this vote."))
    if choice_id not in {c.id for c in run.scenario.graph.available(run.state)}:
        raise Refused(_("That choice is not on the table."))
    cast, _created = LiveVote.objects.update_or_create(
        run=run,
        participant=participant,
        round=run.round,
        defaults={"choice": choice_id, "cast_at": timezone.now()},
    )
    return cast


def tally(run: LiveRun) -> dict[str, int]:
    """Votes per choice open in the current round (0 for choices nobody picked)."""
    counts = Counter(
        LiveVote.objects.filter(run=run, round=run.round).values_list("choice", flat=True)
    )
    return {c.id: counts.get(c.id, 0) for c in run.scenario.graph.available(run.state)}


def majority(counts: dict[str, int]) -> str | None:
    """The choice with the most votes; None when nobody voted or the top is a tie."""
    ranked = sorted(counts.items(), key=lambda kv: kv[1], reverse=True)
    if not ranked or ranked[0][1] == 0 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def take(run: LiveRun, choice_id: str, *, acting_user: User) -> Choice:
    """The trainer moves the room on along `choice_id` (the majority or another, to discuss).

    1. Lock the run; only an open vote can be decided.
    2. Record the step with the votes it had and whether it was the room's majority.
    3. Move to the next node; at an ending the run is finished.
    """
    with transaction.atomic():
        run = LiveRun.objects.select_for_update().select_related("scenario").get(pk=run.pk)
        if run.status != LiveRun.Status.VOTING:
            raise Refused(_("Open the vote before taking a path."))
        graph = run.scenario.graph
        counts = tally(run)
        if choice_id == MAJORITY:
            choice_id = majority(counts) or ""
            if not choice_id:
                raise Refused(_("There is no clear majority: choose the path to take."))
        try:
            choice, state = graph.apply(run.state, choice_id)
        except NotAvailable:
            raise Refused(_("That choice is not on the table.")) from None
        run.path = [
            *run.path,
            {
                "node": run.node,
                "choice": choice.id,
                "votes": counts,
                "majority": majority(counts) == choice.id,
            },
        ]
        run.node, run.facts, run.deadline = state.node, sorted(state.facts), None
        if graph.is_ending(state.node):
            run.status, run.finished_at = LiveRun.Status.FINISHED, timezone.now()
        else:
            run.status = LiveRun.Status.DISCUSSING
        run.save()
        record(
            "scenarios.live_path_taken",
            actor=acting_user,
            target=run,
            justification=f"{run.path[-1]['node']} -> {choice.id}",
        )
    return choice


def version(run: LiveRun, voted: str = "") -> str:
    """What a participant's screen shows, as a short token: polling sends it back and gets
    204 No Content while nothing has changed, which keeps a room of 40 cheap."""
    return f"{run.status}.{run.round}.{len(run.path)}.{voted}"
