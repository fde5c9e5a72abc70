"""The doors to course offerings, for every view.

Outsiders (neither on the team, nor a coordinator of the organising agency, nor invited or
enrolled) get a 404 that cannot be told apart from a course that does not exist. Insiders who
may see the course but not run it (participants) get a 403 on the pages that run it; so do
people who are invited but have not accepted, on the pages for participants.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from frontline.accounts.models import User
from frontline.accounts.policy import COORDINATE, PLAN_COURSES, door, holds, require
from frontline.courses.models import CourseOffering, Enrolment, Holiday


def runs(user: User, offering: CourseOffering) -> bool:
    """On the team, or a coordinator or administrator of the organising agency."""
    return CourseOffering.objects.run_by(user).filter(pk=offering.pk).exists()


def offering_for(user: User, pk: int, *, manage: bool = False) -> CourseOffering:
    """The offering if `user` may see it (404 otherwise); with `manage`, only if they run it
    (403 for a participant)."""
    return door(
        CourseOffering.objects.visible_to(user).select_related("agency"),
        pk=pk,
        may=(lambda offering: runs(user, offering)) if manage else None,
        refusal=_("Only the training team and coordinators can do this."),
    )


def enrolment_for(user: User, offering: CourseOffering, *, accepted: bool = True) -> Enrolment:
    """The user's own enrolment in a course they may see: 403 for the team (not a participant)
    and, unless `accepted=False`, for someone who has not accepted the invitation yet."""
    mine = offering.enrolments.select_related("agency").filter(user=user).first()
    require(mine is not None, _("This page is for the course's participants."))
    assert mine is not None
    require(
        mine.accepted or not accepted,
        _("Accept the invitation on the course page first."),
    )
    return mine


def can_plan(user: User) -> bool:
    """May create course offerings (for the agencies where they hold a planning role)."""
    return holds(user, PLAN_COURSES)


def coordinates(user: User) -> bool:
    return holds(user, COORDINATE)


def holiday_for(user: User, pk: int) -> Holiday:
    """A holiday of an agency where the user coordinates; 404 otherwise."""
    return door(Holiday.objects.visible_to(user), pk=pk)
