"""Send users whose roles require a second factor to verify one before anything else."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from frontline.accounts.models import User

# Paths a signed-in but unverified user may still reach.
_OPEN_PREFIXES = (
    "/accounts/second-factor/", "/accounts/logout/", "/static/", "/healthz", "/readyz",
    "/metrics", "/i18n/",
)  # fmt: skip


class RequireSecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            isinstance(user, User)
            and not request.path.startswith(_OPEN_PREFIXES)
            and user.needs_second_factor()
            and not user.is_verified()  # type: ignore[attr-defined]  # set by OTPMiddleware
        ):
            return redirect(f"{reverse('accounts:second_factor')}?next={request.path}")
        return self.get_response(request)
