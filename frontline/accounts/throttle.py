"""Throttling of sign-in and password reset, and the audit rows of failed attempts.

No limit here is keyed on an address alone: a classroom of officers, or everyone behind one
proxy, shares an address, and one person's typing must not lock the others out.

1. django-axes pauses a *user name at one address* after AXES_FAILURE_LIMIT wrong passwords, for
   AXES_COOLOFF_TIME (`locked_out` is its page). Attempts during the pause are refused without
   checking the password and neither count nor extend it.
2. `ACCOUNT`: at most LOGIN_USER_FAILURE_LIMIT wrong passwords per account (or per unknown user
   name) in LOGIN_USER_WINDOW, whatever the addresses, so a guesser who changes address is still
   bounded. Every sign-in claims its place before the password is checked and gives it back
   when the password was right, so a burst of parallel requests cannot slip past the limit.
3. A new password chosen through a reset link lifts both for that account (`forgive`): whoever
   can read the account's e-mail can sign in anyway, and the person locked out by someone
   else's guessing gets back in.
4. Password-reset requests: `RESET_PER_ADDRESS` per address and `RESET_PER_EMAIL` per address
   typed, per hour; the same for every e-mail address, known or not, so the limit tells nothing.

What the audit log keeps of a failed sign-in: the address, and the account when the typed name
names one (as the target: the account that was tried, not who tried it). A name that matches no
account is not kept at all: people type their password into the user-name field, and the log
must never hold a password; nor someone else's personal data. The same goes for reset requests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from frontline.accounts.models import User, username_for_sign_in
from frontline.audit.log import Kind, record
from frontline.lib.clientip import client_ip, rate_key
from frontline.lib.ratelimit import Limit, too_many_requests

RESET_PER_ADDRESS = Limit("accounts.reset-address", allowed=50, window=timedelta(hours=1))
RESET_PER_EMAIL = Limit("accounts.reset-email", allowed=3, window=timedelta(hours=1))


def account_limit() -> Limit:
    return Limit(
        "accounts.login-failures",
        allowed=settings.LOGIN_USER_FAILURE_LIMIT,
        window=settings.LOGIN_USER_WINDOW,
    )


def account_named(typed: str) -> User | None:
    """The account a sign-in form's user name names, found as the sign-in form and backend find
    it (a user name, or the e-mail address of one account)."""
    try:
        return User._default_manager.get_by_natural_key(username_for_sign_in(typed))
    except User.DoesNotExist:
        return None


def _account_key(typed: str, account: User | None) -> str:
    return f"user:{account.pk}" if account is not None else f"name:{typed.strip().casefold()}"


@dataclass
class SignIn:
    """One posted sign-in form, with the place it holds in its account's limit."""

    typed: str
    account: User | None
    entry: str | None


def begin_sign_in(request: HttpRequest) -> SignIn | HttpResponse:
    """Claim a place in the account's limit before the password is checked, or return the 429
    page when the account has none left."""
    typed = str(request.POST.get("username", ""))[:150]
    account = account_named(typed)
    limit = account_limit()
    key = _account_key(typed, account)
    entry = limit.hit(key)
    if entry is None:
        record(
            "accounts.login_refused",
            actor=None,
            target=account,
            request=request,
            kind=Kind.AUTHENTICATION,
        )
        message = _(
            "There have been too many wrong passwords for the account “%(name)s” in a short "
            "time, from one place or several, so signing in to it is paused everywhere."
        ) % {"name": typed}
        return too_many_requests(
            request, title=_("Sign-in paused"), message=message, wait=limit.wait(key),
            password_reset=True,
        )  # fmt: skip
    return SignIn(typed, account, entry)


def release(attempt: SignIn) -> None:
    """The attempt does not count: the password was right, or was not checked."""
    if attempt.entry:
        account_limit().give_back(attempt.entry)


def sign_in_failed(request: HttpRequest, attempt: SignIn) -> None:
    """Record what a refused sign-in form was, from what django-axes noted on the request:
    not an attempt at all (a field missing: nothing), refused during a pause without checking
    the password, or a wrong password (which keeps its place in the account's limit), which
    may have started a pause."""
    checked = getattr(request, "axes_failures_since_start", None) is not None
    paused = bool(getattr(request, "axes_locked_out", False))
    if not checked:
        release(attempt)
        if paused:
            record(
                "accounts.login_refused",
                actor=None,
                target=attempt.account,
                request=request,
                kind=Kind.AUTHENTICATION,
            )
        return
    record(
        "accounts.login_failed",
        actor=None,
        target=attempt.account,
        request=request,
        kind=Kind.AUTHENTICATION,
    )
    if paused:
        record(
            "accounts.locked_out",
            actor=None,
            target=attempt.account,
            request=request,
            kind=Kind.AUTHENTICATION,
        )


def locked_out(
    request: HttpRequest, original_response: Any = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """The page for a user name paused at this address (django-axes' AXES_LOCKOUT_CALLABLE)."""
    typed = str((credentials or {}).get("username") or request.POST.get("username", ""))[:150]
    message = _(
        "There have been %(count)d wrong passwords for the account “%(name)s” from your "
        "network, so signing in to it from here is paused. Other people on your network are "
        "not affected."
    ) % {"count": settings.AXES_FAILURE_LIMIT, "name": typed}
    return too_many_requests(
        request, title=_("Sign-in paused"), message=message,
        wait=_axes_wait(typed, getattr(request, "axes_ip_address", None)), password_reset=True,
    )  # fmt: skip


def _axes_wait(typed: str, address: str | None) -> timedelta:
    cooloff: timedelta = settings.AXES_COOLOFF_TIME
    last = AccessAttempt.objects.filter(username=typed, ip_address=address).aggregate(
        last=Max("attempt_time")
    )["last"]
    if last is None:
        return cooloff
    return max(last + cooloff - timezone.now(), timedelta(0))


def forgive(user: User) -> None:
    """Lift both sign-in pauses of `user`, at every address."""
    axes_reset(username=user.get_username())
    account_limit().clear(_account_key(user.get_username(), user))


def begin_password_reset(request: HttpRequest, email: str) -> HttpResponse | None:
    """Count a password-reset request against both limits, or return the 429 page (the
    request is then not counted)."""
    address = rate_key(client_ip(request))
    typed = email.strip().casefold()
    by_address = RESET_PER_ADDRESS.hit(address)
    by_email = RESET_PER_EMAIL.hit(typed) if by_address else None
    if by_address and by_email:
        return None
    if by_address:
        RESET_PER_ADDRESS.give_back(by_address)
        message = _(
            "Too many links to choose a new password have been asked for “%(email)s” in the "
            "last hour. Look for them in that mailbox, including its spam folder."
        ) % {"email": email.strip()[:254]}
        wait = RESET_PER_EMAIL.wait(typed)
    else:
        message = _(
            "Too many links to choose a new password have been asked for from your network in "
            "the last hour."
        )
        wait = RESET_PER_ADDRESS.wait(address)
    record("accounts.password_reset_refused", actor=None, request=request, kind=Kind.AUTHENTICATION)
    return too_many_requests(request, title=_("Too many requests"), message=message, wait=wait)
