"""Sensitive changes to accounts: one function each, audited, in a transaction."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from frontline.accounts import second_factor
from frontline.accounts.models import SECOND_FACTOR_ROLES, Agency, Membership, User
from frontline.audit.log import record


def grant_role(
    user: User,
    agency: Agency,
    role: str,
    *,
    acting_user: User | None,
    request: HttpRequest | None = None,
) -> Membership:
    """Give `user` the role in `agency`. A role that needs a second factor, given to someone
    with no authenticator app, comes with the invitation to set one up: a set-up link e-mailed
    once the change commits (accounts/second_factor.py)."""
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(user=user, agency=agency, role=role)
        user.second_factor_role = None  # what was loaded with the user may no longer hold
        if created:
            record(
                "accounts.grant_role",
                actor=acting_user,
                target=membership,
                justification=f"{role} @ {agency.name} for {user.username}",
                request=request,
            )
            if role in SECOND_FACTOR_ROLES and user.email and not second_factor.has_app(user):
                second_factor.send_link(user, acting_user=acting_user, request=request, robust=True)
    return membership


def revoke_role(
    membership: Membership, *, acting_user: User | None, request: HttpRequest | None = None
) -> None:
    with transaction.atomic():
        record(
            "accounts.revoke_role",
            actor=acting_user,
            target=membership,
            justification=f"{membership.role} @ {membership.agency.name} for {membership.user}",
            request=request,
        )
        membership.delete()
        membership.user.second_factor_role = None
