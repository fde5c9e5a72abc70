"""The second factor: enrolment through a one-time link, verification, recovery codes.

Knowing a password is never enough to enrol an authenticator: whoever learned it would enrol
their own. So:

1. A device is enrolled only through a set-up link sent outside the password: in the e-mail
   that tells a person they were given a role that needs a second factor (`grant_role`), by an
   administrator's action on the admin site, or printed by `frontline second_factor_link` on the
   server. A link holds 256 random bits of which only a hash is stored; it works for
   SECOND_FACTOR_LINK_HOURS, once, and only for its own account signed in with its password.
   Issuing a link retires the account's earlier unused ones.
2. A person who must use a second factor and has no device is told to use their link or ask an
   administrator for one, and gets nothing else: no key, no device.
3. Enrolling replaces the account's devices (a lost phone) and gives ten recovery codes, shown
   once; each works once. The owner can replace them after entering a code from the app.
4. Every check goes through django-otp's throttling, per device: after n failures in a row the
   next check waits 2^(n-1) seconds. The device row is locked for the check, so parallel
   guesses wait their turn instead of all passing the same throttle.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontline.accounts.models import SecondFactorLink, User
from frontline.audit.log import Kind, record

log = logging.getLogger(__name__)

RECOVERY_CODES = 10
APP_CODE = re.compile(r"\d{6}")
RECOVERY_CODE = re.compile(r"[a-z2-7]{8}")


def normalise(typed: str) -> str:
    """A code as typed, without spaces or dashes; recovery codes in lower case."""
    return re.sub(r"[\s-]", "", typed).lower()


def has_app(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def has_device(user: User) -> bool:
    """Whether the user can pass the second factor at all: an app, or a recovery code left."""
    return has_app(user) or recovery_codes_left(user) > 0


# Set-up links


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_link(user: User, *, acting_user: User | None, request: HttpRequest | None = None) -> str:
    """A new set-up link for `user` (absolute URL); earlier unused links stop working."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        SecondFactorLink.objects.filter(user=user, used__isnull=True).delete()
        SecondFactorLink.objects.create(
            user=user,
            digest=_digest(token),
            expires=timezone.now() + timedelta(hours=settings.SECOND_FACTOR_LINK_HOURS),
            issued_by=acting_user if acting_user is not None and acting_user.pk else None,
        )
        record(
            "accounts.second_factor_link",
            actor=acting_user,
            target=user,
            request=request,
            kind=Kind.AUTHENTICATION,
        )
    return settings.SITE_URL + reverse("accounts:second_factor_link", args=[token])


def valid_link(*, token: str = "", pk: int | None = None) -> SecondFactorLink | None:
    """The link with this secret (or id), if it is unused and unexpired."""
    links = SecondFactorLink.objects.filter(used__isnull=True, expires__gt=timezone.now())
    if pk is not None:
        return links.filter(pk=pk).first()
    return links.filter(digest=_digest(token)).first()


# Enrolment


def device_for_setup(user: User, pk: int | None) -> TOTPDevice:
    """The unconfirmed device of a set-up in progress (`pk`), or a fresh one with a new key.
    Older unconfirmed devices go: their key may have been shown to someone else."""
    device = TOTPDevice.objects.filter(pk=pk, user=user, confirmed=False).first() if pk else None
    if device is None:
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def secret_of(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


@dataclass(frozen=True)
class Check:
    """The outcome of checking a code: `device` when it was right; `wait` when it was refused
    unchecked because of earlier failures; `codes` the new recovery codes of an enrolment."""

    device: Device | None = None
    wait: timedelta | None = None
    codes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.device is not None


def _check(device: Device, code: str) -> Check:
    """Check `code` on `device` (locked by the caller) under its throttling."""
    allowed, why = device.verify_is_allowed()
    if not allowed:
        until = (why or {}).get("locked_until")
        return Check(wait=until - timezone.now() if until else timedelta(seconds=1))
    return Check(device=device) if device.verify_token(code) else Check()


def _record_failure(check: Check, user: User, request: HttpRequest | None) -> None:
    # "refused": not checked at all, the device was still waiting after earlier failures.
    action = "accounts.second_factor_refused" if check.wait else "accounts.second_factor_failed"
    record(action, actor=user, request=request, kind=Kind.AUTHENTICATION)


def enrol(
    link: SecondFactorLink, device: TOTPDevice, code: str, *, request: HttpRequest | None = None
) -> Check:
    """Confirm `device` with a code from it, using up `link`:

    1. lock the link and the device; refuse if the link was used or expired meanwhile, or the
       device is no longer the set-up's;
    2. check the code (throttled);
    3. mark the link used, replace the account's other devices with this one, make new
       recovery codes, and record the enrolment.
    """
    with transaction.atomic():
        link = SecondFactorLink.objects.select_for_update().get(pk=link.pk)
        locked = (
            TOTPDevice.objects.select_for_update()
            .filter(pk=device.pk, user_id=link.user_id, confirmed=False)
            .first()
        )
        if link.used is not None or link.expires <= timezone.now() or locked is None:
            return Check()
        check = _check(locked, code)
        if not check.ok:
            _record_failure(check, link.user, request)
            return check
        link.used = timezone.now()
        link.save(update_fields=["used"])
        TOTPDevice.objects.filter(user_id=link.user_id).exclude(pk=locked.pk).delete()
        locked.confirmed = True
        locked.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(link.user)
        record(
            "accounts.second_factor_enrolled",
            actor=link.user,
            request=request,
            kind=Kind.AUTHENTICATION,
        )
    return Check(device=locked, codes=codes)


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


# Signing in and fresh checks


def verify(
    user: User, typed: str, *, request: HttpRequest | None = None, app_only: bool = False
) -> Check:
    """Check a code from the user's authenticator app, or (unless `app_only`) one of their
    recovery codes, which is then used up. Failures and refusals are recorded."""
    code = normalise(typed)
    model: type[Device]
    if APP_CODE.fullmatch(code):
        model = TOTPDevice
    elif RECOVERY_CODE.fullmatch(code) and not app_only:
        model = StaticDevice
    else:
        return Check()
    with transaction.atomic():
        device = model.objects.select_for_update().filter(user=user, confirmed=True).first()
        check = _check(device, code) if device is not None else Check()
        if not check.ok:
            _record_failure(check, user, request)
    return check


def renew_recovery_codes(user: User, typed: str, *, request: HttpRequest | None = None) -> Check:
    """New recovery codes for `user` (the old ones stop working), after a fresh code from the
    authenticator app."""
    check = verify(user, typed, request=request, app_only=True)
    if not check.ok:
        return check
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        record(
            "accounts.recovery_codes_renewed", actor=user, request=request, kind=Kind.AUTHENTICATION
        )
    return Check(device=check.device, codes=codes)


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
