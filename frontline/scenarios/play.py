"""Solo play: start or resume a scenario, take a choice (saved at once), finish at an ending."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontline.accounts.models import User
from frontline.scenarios.engine import COMPETENCIES, Choice, NotAvailable
from frontline.scenarios.models import Play, Scenario
from frontline.xapi import outbox, statements


class Refused(Exception):
    """The step cannot be taken; the message says why, for the learner."""


def start(scenario: Scenario, *, acting_user: User, offering_id: int | None = None) -> Play:
    """The learner's unfinished play of `scenario`, or a new one at its start, made for the
    course `offering_id` when started from the course's page."""
    open_play = Play.objects.filter(user=acting_user, scenario=scenario, finished_at=None).first()
    state = scenario.graph.begin()
    if open_play is not None:
        if open_play.node not in scenario.graph.nodes:
            # The scenario was rewritten under this play: its path no longer means anything.
            open_play.node, open_play.facts, open_play.path = state.node, sorted(state.facts), []
            open_play.scores = dict.fromkeys(COMPETENCIES, 0)
            open_play.updated_at = timezone.now()
            open_play.save()
        return open_play
    try:
        with transaction.atomic():
            return Play.objects.create(
                user=acting_user,
                scenario=scenario,
                offering_id=offering_id,
                node=state.node,
                facts=sorted(state.facts),
                scores=dict.fromkeys(COMPETENCIES, 0),
            )
    except IntegrityError:
        # A second tab started the same scenario a moment earlier: resume that one.
        return Play.objects.get(user=acting_user, scenario=scenario, finished_at=None)


def choose(play: Play, choice_id: str, *, acting_user: User) -> Choice:
    """Take a choice at the play's current node and save the new state in one transaction.

    1. Lock the play so two quick taps cannot both move it on.
    2. Refuse a finished play and a choice not offered in the current state.
    3. Record the step, add its scores, move to the next node (collecting its facts) and,
       at an ending, finish the play.
    """
    with transaction.atomic():
        play = Play.objects.select_for_update().select_related("scenario").get(pk=play.pk)
        if play.user_id != acting_user.pk:
            raise Refused(_("Only the learner can play their own scenario."))
        if play.finished:
            raise Refused(_("This play has finished; start the scenario again to replay it."))
        graph = play.scenario.graph
        if play.node not in graph.nodes:
            raise Refused(_("This scenario has changed since you started; start it again."))
        try:
            choice, state = graph.apply(play.state, choice_id)
        except NotAvailable:
            raise Refused(_("That choice is not open at this point of the scenario.")) from None
        play.path = [*play.path, {"node": play.node, "choice": choice.id}]
        for competency, value in choice.scores.items():
            play.scores[competency] = play.scores.get(competency, 0) + value
        play.node, play.facts = state.node, sorted(state.facts)
        play.updated_at = timezone.now()
        ending = graph.nodes[state.node].ending
        if ending is not None:
            play.finished_at = play.updated_at
            play.ending, play.outcome = state.node, ending.outcome
        play.save()
        if ending is not None:
            scenario = play.scenario
            outbox.send(statements.case_played(
                acting_user, scenario_path=scenario.get_absolute_url(), title=scenario.title,
                ending=play.ending, outcome=play.outcome, competencies=play.scores,
            ), user=acting_user)  # fmt: skip
    return choice


def last_choice(play: Play) -> Choice | None:
    """The choice that brought the play to where it is: its `why` is shown next."""
    if not play.path:
        return None
    step = play.path[-1]
    node = play.scenario.graph.nodes.get(step["node"])
    return node.choice(step["choice"]) if node else None
