"""Who may do what: the one access vocabulary every app's `access.py` is written in.

- **Roles** are held in agencies (`Membership`). Role sets below are named by what they allow,
  so a door reads as a sentence: `holds(user, COORDINATE, agency=course.agency)`. A new app
  (referrals, intelligence) adds its own sets here, next to these.
- **Superusers** pass every door and see every list: `unrestricted(user)` is the only place
  that says so.
- **Doors.** `door(visible, ...)` turns "what the user may see" (a `visible_to(user)` queryset)
  into one object: 404 when it is not there (an outsider cannot tell a forbidden object from a
  missing one), 403 with a message when an insider asks for something their role does not
  allow. `require(...)` is the page-level 403.

This module imports no model, so `accounts.models` can use it too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from frontline.accounts.models import User


class Role(models.TextChoices):
    LEARNER = "learner", _("Learner")
    TRAINER = "trainer", _("Trainer")
    COORDINATOR = "coordinator", _("Course coordinator")
    OFFICER = "officer", _("Frontline officer")
    ANALYST = "analyst", _("ATU analyst")
    CASEWORKER = "caseworker", _("NGO caseworker")
    SUPERVISOR = "supervisor", _("ATU supervisor")
    CHILD_PROTECTION = "child_protection", _("Child-protection officer")
    ADMIN = "admin", _("Administrator")


RoleSet = frozenset[str]

# Teach: lead live case-exercise runs for their agency; a trainer who creates a course leads
# its team. What a trainer sees of learners comes from the courses they teach, never from
# their agency (courses/records.py).
TEACH: RoleSet = frozenset({Role.TRAINER})
# Coordinate: run every course of their agency, and oversee the learning records and
# certificates of the people of their agency (revoke a certificate, agency statistics).
COORDINATE: RoleSet = frozenset({Role.COORDINATOR, Role.ADMIN})
# Plan courses: create an offering for their agency; see the results of its live runs.
PLAN_COURSES: RoleSet = TEACH | COORDINATE
# Join training teams: may be put on a course's team (NGO caseworkers co-train).
JOIN_TEAMS: RoleSet = frozenset({Role.TRAINER, Role.COORDINATOR, Role.CASEWORKER})
# Read trainer notes: the facilitator guide beside the units' session plans (trainers,
# coordinators and the NGO co-trainers who join teams).
READ_TRAINER_NOTES: RoleSet = PLAN_COURSES | JOIN_TEAMS
# Administer: read the audit log, look after accounts, agencies and platform registrations.
ADMINISTER: RoleSet = frozenset({Role.ADMIN})
# File intelligence: write a report for the anti-trafficking unit of their country.
FILE_INTELLIGENCE: RoleSet = frozenset({Role.OFFICER, Role.ANALYST})
# Analyse intelligence: read every report their unit holds, grade-review, search, link,
# disseminate and write bulletins.
ANALYSE_INTELLIGENCE: RoleSet = frozenset({Role.ANALYST})
# Receive intelligence: read the reports graded P of units that have an agreement in force
# with their agency, and what is disseminated to their agency (never search or link).
RECEIVE_INTELLIGENCE: RoleSet = frozenset({Role.ANALYST, Role.CASEWORKER})
# Referrals (referrals/access.py). Refer: file a referral from a screening and follow its
# status (never the person's later data).
REFER: RoleSet = frozenset({Role.OFFICER})
# Receive referrals: the anti-trafficking unit's people work the referrals their unit owns.
RECEIVE_REFERRALS: RoleSet = frozenset({Role.ANALYST, Role.SUPERVISOR})
# Supervise referrals: told first when one of their unit's referrals is overdue.
SUPERVISE_REFERRALS: RoleSet = frozenset({Role.SUPERVISOR})
# Support: a service provider's caseworker sees the referrals sent to their organisation under
# a co-operation agreement, only the fields the person consented to share.
SUPPORT: RoleSet = frozenset({Role.CASEWORKER})
# Protect children: the child-protection authority is told of every referral of a presumed
# child in its country and reads it in full (it does not work the unit's steps).
PROTECT_CHILDREN: RoleSet = frozenset({Role.CHILD_PROTECTION})
# Roles that reach referrals, intelligence or administration: a second factor every session.
NEED_SECOND_FACTOR: RoleSet = frozenset(
    {Role.ANALYST, Role.SUPERVISOR, Role.CASEWORKER, Role.CHILD_PROTECTION, Role.ADMIN}
)


def unrestricted(user: User) -> bool:
    """Superusers (active ones) pass every door: the one place that says so."""
    return bool(user.is_active and user.is_superuser)


def holds(user: User, roles: RoleSet, *, agency: Any = None) -> bool:
    """Whether `user` holds one of `roles` (in `agency`, an Agency or its id, if given)."""
    if unrestricted(user):
        return True
    memberships = user.memberships.filter(role__in=roles)
    if agency is not None:
        memberships = memberships.filter(agency=agency)
    return memberships.exists()


def holding(roles: RoleSet) -> models.Q:
    """A filter on users: those who hold one of `roles` somewhere."""
    return models.Q(memberships__role__in=roles)


def agencies_where(user: User, roles: RoleSet) -> models.QuerySet[Any]:
    """The ids of the agencies where `user` holds one of `roles`, as a subquery."""
    return user.memberships.filter(role__in=roles).values("agency")


def among_agencies(agencies: models.QuerySet[Any], user: User, roles: RoleSet) -> Any:
    """`agencies` narrowed to those where `user` holds one of `roles` (all, if unrestricted)."""
    if unrestricted(user):
        return agencies.all()
    return agencies.filter(pk__in=agencies_where(user, roles))


def people_overseen(user: User, *, field: str = "user") -> models.Q:
    """A filter on a record's person (`field`): people who belong to an agency where `user`
    coordinates (COORDINATE). Combine it with the record's own rule in `visible_to`."""
    memberships = user.memberships.model.objects  # Membership, reached without importing it
    overseen = memberships.filter(agency__in=agencies_where(user, COORDINATE)).values("user")
    return models.Q(**{f"{field}__in": overseen})


M = TypeVar("M", bound=models.Model)


def door(
    visible: models.QuerySet[M],
    *,
    may: Callable[[M], bool] | None = None,
    refusal: str = "",
    **lookup: Any,
) -> M:
    """The object matching `lookup` among `visible` (what the user may see), else 404; when
    `may` says no, 403 with `refusal`, a sentence for the user."""
    found = visible.filter(**lookup).first()
    if found is None:
        raise Http404
    if may is not None and not may(found):
        raise PermissionDenied(refusal)
    return found


def require(allowed: bool, refusal: str) -> None:
    """Page-level refusal for a signed-in user whose roles do not allow the page (403)."""
    if not allowed:
        raise PermissionDenied(refusal)
