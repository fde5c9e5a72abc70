"""The doors to plays and live runs.

- A play is the learner's own; coordinators and administrators may read those of the people of
  their agencies (`Play.objects.visible_to`); anyone else gets 404. Only the learner plays it
  (403). Trainers see plays as figures, through the courses they run (courses/records.py).
- A live run is seen by the people of its agency, the accepted participants of its course and
  those who took part (`LiveRun.objects.visible_to`); anyone else gets 404. Only the trainer who
  started it leads it, only joined participants vote, and the debrief is for the trainer, the
  room and those who plan courses in the run's agency (403 otherwise).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from frontline.accounts.models import Agency, User
from frontline.accounts.policy import PLAN_COURSES, TEACH, agencies_where, door, holds, require
from frontline.scenarios.models import LiveParticipant, LiveRun, Play


def play_for(user: User, pk: int, *, write: bool = False) -> Play:
    """The play if `user` may see it (404 otherwise); with `write`, only the learner's own
    (403 for a coordinator reading it)."""
    return door(
        Play.objects.visible_to(user).select_related("scenario"),
        pk=pk,
        may=(lambda found: found.user_id == user.pk) if write else None,
        refusal=_("Only the learner can play their own scenario."),
    )


def run_for(user: User, code: str, *, control: bool = False) -> LiveRun:
    """The run if `user` may see it (404 otherwise); with `control`, only for the trainer who
    started it (403 for anyone else)."""
    return door(
        LiveRun.objects.visible_to(user).select_related("scenario", "trainer"),
        code=code.upper(),
        may=(lambda found: found.trainer_id == user.pk) if control else None,
        refusal=_("Only the trainer who started this run can lead it."),
    )


def participant_for(user: User, run: LiveRun) -> LiveParticipant:
    found = LiveParticipant.objects.filter(run=run, user=user).first()
    require(found is not None, _("Join the run with its code first."))
    assert found is not None
    return found


def require_debrief(user: User, run: LiveRun) -> None:
    """The debrief of a run is for its trainer, its room, and the course planners of its agency."""
    require(
        run.trainer_id == user.pk
        or run.participants.filter(user=user).exists()
        or holds(user, PLAN_COURSES, agency=run.agency_id),
        _("The debrief is for the trainer and the room."),
    )


def sees_run_results(user: User) -> bool:
    """May read the results of the finished runs they can see."""
    return holds(user, PLAN_COURSES)


def leads_runs_for(user: User) -> QuerySet[Agency]:
    """The agencies whose live runs `user` may start (a trainer's own)."""
    return Agency.objects.filter(pk__in=agencies_where(user, TEACH))
