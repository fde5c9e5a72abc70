"""The one door to a course offering, for every view.

Outsiders (neither on the team, nor a coordinator of the organising agency, nor enrolled) get a
404 that cannot be told apart from a course that does not exist. Insiders who may see the course
but not run it (participants) get a 403 on the pages that run it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from frontline.accounts.models import User
from frontline.courses.models import COORDINATING_ROLES, PLANNING_ROLES, CourseOffering


def runs(user: User, offering: CourseOffering) -> bool:
    """On the team, or a coordinator or administrator of the organising agency."""
    if user.is_superuser:
        return True
    return (
        offering.team.filter(user=user).exists()
        or user.memberships.filter(agency=offering.agency_id, role__in=COORDINATING_ROLES).exists()
    )


def offering_for(user: User, pk: int, *, manage: bool = False) -> CourseOffering:
    """The offering if `user` may see it (404 otherwise); with `manage`, only if they run it
    (403 for a participant)."""
    offering = (
        CourseOffering.objects.visible_to(user).select_related("agency").filter(pk=pk).first()
    )
    if offering is None:
        raise Http404
    if manage and not runs(user, offering):
        raise PermissionDenied(_("Only the training team and coordinators can do this."))
    return offering


def can_plan(user: User) -> bool:
    """May create course offerings (for the agencies where they hold a planning role)."""
    return user.is_superuser or user.memberships.filter(role__in=PLANNING_ROLES).exists()


def coordinates(user: User) -> bool:
    return user.is_superuser or user.memberships.filter(role__in=COORDINATING_ROLES).exists()
