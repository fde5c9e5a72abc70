"""The door to referrals, for every view.

`referral_for(user, pk, act=...)` is the one way a view reaches a referral; the list form is
`Referral.objects.visible_to(user)`. An outsider (not the referring officer, not the owning
unit, not the support organisation it was referred to) gets a 404 that cannot be told apart
from a referral that does not exist. An insider whose part does not allow the act gets a 403.

Who sees what (`part_of`):
- the **unit** (RECEIVE_REFERRALS in the owning agency; superusers): everything;
- the **officer** who filed it: their draft in full; once sent, its status and dates only,
  never the person's later data;
- the **support organisation** (SUPPORT in the agency it was referred to): only the field
  groups the person consented to share *and* the agreement allows (`shared_fields`);
- the **child-protection authority** (PROTECT_CHILDREN in the unit's country): referrals of
  presumed children, in full, read-only.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from frontline.accounts.models import User
from frontline.accounts.policy import (
    RECEIVE_REFERRALS,
    REFER,
    SUPPORT,
    door,
    holds,
    unrestricted,
)
from frontline.referrals.models import SHARE_FIELDS, Consent, Referral, Status

UNIT, OFFICER, SUPPORTER, CHILD = "unit", "officer", "support", "child"
READ, EDIT, WORK, ANSWER = "read", "edit", "work", "answer"

REFUSALS = {
    EDIT: _("Only the referring officer can change a draft, and only before it is sent."),
    WORK: _("Only the receiving anti-trafficking unit can do this."),
    ANSWER: _("Only the support organisation the case was referred to can answer."),
}


def part_of(user: User, referral: Referral) -> str:
    """The user's part in a referral they may see: unit, officer or support."""
    if unrestricted(user) or (
        referral.unit_id is not None
        and referral.status != Status.DRAFT
        and holds(user, RECEIVE_REFERRALS, agency=referral.unit_id)
    ):
        return UNIT
    if referral.officer_id == user.pk:
        return OFFICER
    if referral.support_agency_id is not None and holds(
        user, SUPPORT, agency=referral.support_agency_id
    ):
        return SUPPORTER
    return CHILD


def may(user: User, referral: Referral, act: str) -> bool:
    part = part_of(user, referral)
    if act == EDIT:
        return (
            part in (OFFICER, UNIT)
            and referral.officer_id == user.pk
            and (referral.status == Status.DRAFT)
        )
    if act == WORK:
        return part == UNIT and referral.status != Status.DRAFT
    if act == ANSWER:
        return referral.support_agency_id is not None and holds(
            user, SUPPORT, agency=referral.support_agency_id
        )
    return True


def referral_for(user: User, pk: int, *, act: str = READ) -> Referral:
    """The referral if `user` may see it (404 otherwise); 403 when their part does not allow
    `act` (edit a draft, work it as the unit, answer as the support organisation)."""
    return door(
        Referral.objects.visible_to(user).select_related(
            "unit", "support_agency", "referring_agency", "agreement", "officer"
        ),
        pk=pk,
        may=lambda referral: may(user, referral, act),
        refusal=REFUSALS.get(act, ""),
    )


def can_refer(user: User) -> bool:
    """May file referrals (frontline officers)."""
    return holds(user, REFER)


def shared_fields(referral: Referral) -> set[str]:
    """The person's fields a support organisation sees: the groups the person agreed to share
    (all the agreement allows for a presumed child, whose referral needs no consent), within
    what the agreement allows, and nothing once consent is withdrawn or for an anonymous
    notification."""
    if referral.agreement is None or referral.anonymous or referral.consent_withdrawn_at:
        return set()
    allowed = set(referral.agreement.shares)
    if referral.consent != Consent.CHILD:
        allowed &= set(referral.consent_shares)
    return {field for group in allowed for field in SHARE_FIELDS.get(group, ())}
