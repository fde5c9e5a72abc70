"""Sensitive changes to accounts: one function each, audited, in a transaction."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from frontline.accounts import mail
from frontline.accounts.models import Agency, Membership, User
from frontline.audit.log import record
from frontline.mail import outbox
from frontline.mail.models import Message


def grant_role(
    user: User,
    agency: Agency,
    role: str,
    *,
    acting_user: User | None,
    request: HttpRequest | None = None,
) -> Membership:
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


def send_password_link(
    user: User, *, acting_user: User, request: HttpRequest | None = None
) -> Message:
    """E-mail `user` a new one-time link to choose a password (a lost or expired invitation,
    a forgotten password); the link is written when the e-mail is sent. Audited."""
    with transaction.atomic():
        message = outbox.queue(mail.password_link, recipient=user)
        record("accounts.password_link", actor=acting_user, target=user, request=request)
    return message
