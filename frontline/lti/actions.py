"""Registering an LMS, and the account a launch signs in: one function each, audited."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from frontline.accounts.actions import create_account, grant_role
from frontline.accounts.models import Agency, User
from frontline.accounts.policy import Role, unrestricted
from frontline.audit.log import Kind, record
from frontline.lib.limits import field_problem
from frontline.lti import keys
from frontline.lti.models import LtiAccount, Platform


def register_platform(
    *,
    name: str,
    issuer: str,
    client_id: str,
    deployment_ids: list[str],
    auth_login_url: str,
    auth_token_url: str,
    agency: Agency,
    key_set_url: str = "",
    key_set: dict[str, Any] | None = None,
    trust_email: bool = False,
    acting_user: User | None,
) -> Platform:
    """1. Make the tool's key for this registration. 2. Save the platform. 3. Record it."""
    with transaction.atomic():
        platform = Platform.objects.create(
            name=name, issuer=issuer, client_id=client_id, deployment_ids=deployment_ids,
            auth_login_url=auth_login_url, auth_token_url=auth_token_url,
            key_set_url=key_set_url, key_set=key_set, agency=agency, trust_email=trust_email,
            private_key=keys.new_private_key(),
        )  # fmt: skip
        record("lti.register_platform", actor=acting_user, target=platform,
               details={"issuer": issuer, "client_id": client_id, "agency": agency.pk})  # fmt: skip
    return platform


class Refused(Exception):
    """The launch names an account it may not sign in (the message says why)."""


def _username(platform: Platform, subject: str) -> str:
    digest = hashlib.sha256(f"{platform.pk}:{subject}".encode()).hexdigest()[:16]
    return f"lti-{platform.pk}-{digest}"


def _claim(claims: dict[str, Any], name: str, field: str) -> str:
    """A claim for an account field, or nothing when the field could not hold it."""
    value = str(claims.get(name) or "")
    return "" if field_problem(value, User, field) else value


def _by_email(platform: Platform, email: str) -> User | None:
    """An existing account with this address, when the platform is trusted to say so. Never
    one with a role that needs a second factor, nor a superuser: an LMS is no second factor."""
    if not (platform.trust_email and email):
        return None
    found = list(User.objects.filter(email__iexact=email, is_active=True)[:2])
    if len(found) != 1 or unrestricted(found[0]) or found[0].needs_second_factor():
        return None
    return found[0]


def account_for_launch(
    platform: Platform, claims: dict[str, Any], *, request: HttpRequest
) -> tuple[User, bool]:
    """The account a validated launch signs in, and whether it was made now.

    1. An account the platform launched before (by its `sub`).
    2. Else, for a trusted platform, the one active account with the launch's e-mail address.
    3. Else a new account without a password, a learner of the platform's agency.
    The launch itself is recorded as a sign-in."""
    subject = str(claims.get("sub") or "")
    if not subject or field_problem(subject, LtiAccount, "subject"):
        raise Refused("the launch names no valid user (sub)")
    with transaction.atomic():
        link = LtiAccount.objects.select_related("user").filter(
            platform=platform, subject=subject
        ).first()  # fmt: skip
        created = False
        if link is not None:
            user = link.user
        else:
            found = _by_email(platform, _claim(claims, "email", "email"))
            if found is None:
                user = User(
                    username=_username(platform, subject),
                    email=_claim(claims, "email", "email"),
                    first_name=_claim(claims, "given_name", "first_name"),
                    last_name=_claim(claims, "family_name", "last_name"),
                )
                user.set_unusable_password()
                create_account(user, acting_user=None, request=request)
                grant_role(user, platform.agency, Role.LEARNER, acting_user=None, request=request)
                created = True
            else:
                user = found
            LtiAccount.objects.create(platform=platform, subject=subject, user=user)
        if not user.is_active:
            raise Refused("this account is switched off")
        record("lti.launch", actor=user, target=platform, request=request,
               kind=Kind.AUTHENTICATION, details={"created": created})  # fmt: skip
    return user, created
