"""Sensitive changes to accounts and agencies: one function each, audited, in a transaction.

The admin site calls these too (accounts/admin.py), so a change made there is audited like any
other.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest

from frontline.accounts import mail, second_factor
from frontline.accounts.models import Agency, Membership, User
from frontline.accounts.policy import NEED_SECOND_FACTOR
from frontline.audit.log import Kind, audited_save, record
from frontline.mail import outbox
from frontline.mail.models import Message

ACCOUNT_FIELDS = ("username", "first_name", "last_name", "email", "is_active", "is_staff",
                  "is_superuser")  # fmt: skip
# Logged with old and new values: what decides who can sign in, reset a password and do what.
# The other fields are logged as changed, without copying the person's names into the log.
ACCOUNT_FIELDS_WITH_VALUES = ("email", "is_active", "is_staff", "is_superuser")
AGENCY_FIELDS = ("name", "kind", "country", "region")


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
                request=request,
                details={"user": user.pk, "agency": agency.pk, "role": role},
            )
            if role in NEED_SECOND_FACTOR and user.email and not second_factor.has_app(user):
                send_second_factor_link(user, acting_user=acting_user, request=request)
    return membership


def revoke_role(
    membership: Membership, *, acting_user: User | None, request: HttpRequest | None = None
) -> None:
    with transaction.atomic():
        # Through the queryset, so `membership` keeps its id for the audit row, written last.
        Membership.objects.filter(pk=membership.pk).delete()
        membership.user.second_factor_role = None
        record(
            "accounts.revoke_role",
            actor=acting_user,
            target=membership,
            request=request,
            details={
                "user": membership.user_id,
                "agency": membership.agency_id,
                "role": membership.role,
            },
        )


def create_account(
    user: User, *, acting_user: User | None, request: HttpRequest | None = None
) -> User:
    """Save the new, unsaved `user` (its password already set or unusable) and record it."""
    if not user._state.adding:
        raise ValueError("create_account is for new accounts; use change_account")
    audited_save(
        user,
        action="accounts.create_account",
        fields=ACCOUNT_FIELDS,
        actor=acting_user,
        request=request,
        values_of=ACCOUNT_FIELDS_WITH_VALUES,
    )
    return user


def change_account(
    user: User, *, acting_user: User | None, request: HttpRequest | None = None, **values: Any
) -> dict[str, Any]:
    """Set account fields (names, e-mail, active, staff and superuser flags) of `user`; return
    what changed. A superuser flag takes effect at the user's next request, second factor
    included (accounts/backends.py reads it afresh)."""
    unknown = set(values) - set(ACCOUNT_FIELDS)
    if unknown:
        raise ValueError(f"not account fields: {sorted(unknown)}")
    for field, value in values.items():
        setattr(user, field, value)
    return audited_save(
        user,
        action="accounts.change_account",
        fields=ACCOUNT_FIELDS,
        actor=acting_user,
        request=request,
        values_of=ACCOUNT_FIELDS_WITH_VALUES,
    )


def save_agency(
    agency: Agency, *, acting_user: User | None, request: HttpRequest | None = None
) -> dict[str, Any]:
    """Save a new or edited agency and record what changed."""
    return audited_save(
        agency,
        action="accounts.save_agency",
        fields=AGENCY_FIELDS,
        actor=acting_user,
        request=request,
    )


def send_password_link(
    user: User, *, acting_user: User, request: HttpRequest | None = None
) -> Message:
    """E-mail `user` a new one-time link to choose a password (a lost or expired invitation,
    a forgotten password); the link is written when the e-mail is sent. Audited."""
    with transaction.atomic():
        message = outbox.queue(mail.password_link, recipient=user)
        record("accounts.password_link", actor=acting_user, target=user, request=request)
    return message


def send_second_factor_link(
    user: User, *, acting_user: User | None, request: HttpRequest | None = None
) -> Message:
    """E-mail `user` a one-time link to set up their authenticator (accounts/second_factor.py);
    the link itself is made when the e-mail is sent. Audited."""
    with transaction.atomic():
        message = outbox.queue(mail.second_factor_link, recipient=user)
        record(
            "accounts.second_factor_link_sent",
            actor=acting_user,
            target=user,
            request=request,
            kind=Kind.AUTHENTICATION,
        )
    return message
