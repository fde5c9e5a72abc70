"""Which unit receives a referral, and who is told about it.

The receiving unit is an anti-trafficking unit of the referring agency's country, chosen in
this order: one the referring agency has an agreement in force with; one of the same region;
the national one (region "National"); any other. Ties go to the oldest agency (lowest id), so
the choice is stable.
"""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from frontline.accounts.models import Agency, User
from frontline.accounts.policy import (
    ADMINISTER,
    PROTECT_CHILDREN,
    RECEIVE_REFERRALS,
    SUPERVISE_REFERRALS,
    holding,
)
from frontline.referrals.deadlines import Rules
from frontline.referrals.models import Agreement, UnitSettings

NATIONAL = "National"


def choose_unit(referring: Agency, on: date) -> Agency | None:
    units = list(
        Agency.objects.filter(kind=Agency.Kind.ATU, country=referring.country).order_by("pk")
    )
    if not units:
        return None
    agreed = set(
        Agreement.objects.in_force(on)
        .filter(from_agency=referring, to_agency__in=units)
        .values_list("to_agency", flat=True)
    )

    def rank(unit: Agency) -> tuple[int, int, int, int]:
        return (
            unit.pk not in agreed,
            unit.region != referring.region,
            unit.region != NATIONAL,
            unit.pk,
        )

    return min(units, key=rank)


def rules_for(unit: Agency | None) -> Rules:
    row = UnitSettings.objects.filter(agency=unit).first() if unit is not None else None
    if row is None:
        return Rules()
    return Rules(
        acknowledge_hours=row.acknowledge_hours,
        decision_working_days=row.decision_working_days,
        refer_working_days=row.refer_working_days,
        reflection_days=row.reflection_days,
        review_days=row.review_days,
        escalate_after_hours=row.escalate_after_hours,
    )


def _active(users: QuerySet[User]) -> list[User]:
    return list(users.filter(is_active=True).distinct().order_by("pk"))


def receivers(unit: Agency) -> list[User]:
    """The unit's people, told of a new referral."""
    return _active(User.objects.filter(holding(RECEIVE_REFERRALS), memberships__agency=unit))


def child_protection(unit: Agency) -> list[User]:
    """The child-protection officers of the unit's country, told of every presumed child."""
    return _active(
        User.objects.filter(holding(PROTECT_CHILDREN), memberships__agency__country=unit.country)
    )


def escalation_recipients(unit: Agency, level: int) -> list[User]:
    """Level 1: the unit's supervisors. Level 2: the supervisors of the national coordination
    named in the unit's settings, or else the platform's administrators. Nobody at level 1
    (a unit with no supervisor) goes straight to level 2's people."""
    if level <= 1:
        found = _active(User.objects.filter(holding(SUPERVISE_REFERRALS), memberships__agency=unit))
        if found:
            return found
    row = UnitSettings.objects.filter(agency=unit).select_related("national_coordination").first()
    if row is not None and row.national_coordination is not None:
        found = _active(
            User.objects.filter(
                holding(SUPERVISE_REFERRALS), memberships__agency=row.national_coordination
            )
        )
        if found:
            return found
    return _active(User.objects.filter(holding(ADMINISTER)))
