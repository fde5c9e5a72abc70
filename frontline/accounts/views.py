from __future__ import annotations

from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_otp import login as otp_login

from frontline.accounts import second_factor as factor
from frontline.accounts import throttle
from frontline.accounts.forms import CodeForm, QueuedPasswordResetForm, SignInForm, TokenForm
from frontline.accounts.models import User
from frontline.audit.log import Kind, record
from frontline.lib.ratelimit import in_words

# The set-up link being used and its unconfirmed device, kept in the session between pages so
# the link's secret is in one URL only, the one that stores it here and redirects.
SETUP_LINK = "second_factor_setup_link"
SETUP_DEVICE = "second_factor_setup_device"


class LoginView(auth_views.LoginView):
    """Sign-in, throttled per account and per account at an address (accounts/throttle.py)."""

    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        attempt = throttle.begin_sign_in(request)
        if isinstance(attempt, HttpResponse):
            return attempt
        self.attempt = attempt
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        throttle.release(self.attempt)
        record(
            "accounts.login", actor=form.get_user(), request=self.request, kind=Kind.AUTHENTICATION
        )
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        throttle.sign_in_failed(self.request, self.attempt)
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if isinstance(request.user, User):
            record("accounts.logout", actor=request.user, request=request, kind=Kind.AUTHENTICATION)
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            record(
                "accounts.password_change",
                actor=form.user,
                request=self.request,
                kind=Kind.AUTHENTICATION,
            )
        messages.success(self.request, _("Your password has been changed."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Password reset, limited per address and per e-mail address typed (accounts/throttle.py);
    each request is recorded, with the account it was for when there is one."""

    template_name = "accounts/password_reset.html"
    form_class = QueuedPasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        email = form.cleaned_data["email"]
        refused = throttle.begin_password_reset(self.request, email)
        if refused is not None:
            return refused
        accounts = list(form.get_users(email))
        for account in accounts:
            record("accounts.password_reset_requested", actor=None, target=account,
                   request=self.request, kind=Kind.AUTHENTICATION)  # fmt: skip
        if not accounts:
            record(
                "accounts.password_reset_requested",
                actor=None,
                request=self.request,
                kind=Kind.AUTHENTICATION,
            )
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            record(
                "accounts.password_reset",
                actor=form.user,
                request=self.request,
                kind=Kind.AUTHENTICATION,
            )
        # Whoever can read the account's e-mail can sign in: lift the pauses others caused.
        throttle.forgive(form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_required
@never_cache
@require_http_methods(["GET"])
def profile(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    context = {
        "memberships": user.memberships.select_related("agency"),
        "has_app": factor.has_app(user),
        "codes_left": factor.recovery_codes_left(user),
    }
    return render(request, "accounts/profile.html", context)


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A path on this site only: `redirect()` would take a bare word for a view name and fail.
    allowed = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    if allowed and target.startswith("/"):
        return target
    return str(reverse_lazy("home:dashboard"))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponseBase:
    """Verify a code from the user's authenticator, or a recovery code. A user with neither is
    told how to get a set-up link, and nothing more."""
    user: User = request.user  # type: ignore[assignment]
    if not user.needs_second_factor() or user.is_verified():  # type: ignore[attr-defined]
        return redirect(_safe_next(request))
    if not factor.has_device(user):
        return render(request, "accounts/second_factor_missing.html", status=403)
    form = CodeForm(request.POST or None)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        check = factor.verify(user, form.cleaned_token(), request=request)
        if check.device is not None:
            otp_login(request, check.device)
            return redirect(_safe_next(request))
        status = _refuse(form, check)
    context = {"form": form, "next": _safe_next(request)}
    return render(request, "accounts/second_factor.html", context, status=status)


def _refuse(form: CodeForm | TokenForm, check: factor.Check) -> int:
    """Put why a code was refused on the form; return the HTTP status that says it."""
    if check.wait:
        form.add_error("token", _("Too many wrong codes. Try again in %(wait)s.")
                       % {"wait": in_words(check.wait)})  # fmt: skip
        return 429
    form.add_error(
        "token", _("That code is not valid. Check the time on your phone and try again.")
    )
    return 400


@never_cache
@require_GET
def second_factor_link(request: HttpRequest, token: str) -> HttpResponse:
    """Open a set-up link: keep it in the session and continue (signing in first if needed)."""
    link = factor.valid_link(token=token)
    if link is None:
        return render(request, "accounts/second_factor_link_invalid.html", status=404)
    request.session[SETUP_LINK] = link.pk
    return redirect("accounts:second_factor_setup")


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator with the link opened in this session (see accounts/second_factor.py),
    then show the recovery codes once."""
    user: User = request.user  # type: ignore[assignment]
    link = factor.valid_link(pk=request.session.get(SETUP_LINK))
    if link is None or link.user_id != user.pk:
        other = link is not None
        return render(request, "accounts/second_factor_link_invalid.html", {"other": other},
                      status=403 if other else 404)  # fmt: skip
    device = factor.device_for_setup(user, request.session.get(SETUP_DEVICE))
    request.session[SETUP_DEVICE] = device.pk
    form = TokenForm(request.POST or None)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        check = factor.enrol(link, device, form.cleaned_token(), request=request)
        if check.device is not None:
            otp_login(request, check.device)
            for key in (SETUP_LINK, SETUP_DEVICE):
                request.session.pop(key, None)
            return _recovery_codes_page(request, check.codes)
        status = _refuse(form, check)
    context = {
        "form": form,
        "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=4),
        "secret": factor.secret_of(device),
    }
    return render(request, "accounts/second_factor_setup.html", context, status=status)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, after a fresh code from the authenticator app."""
    user: User = request.user  # type: ignore[assignment]
    if not factor.has_app(user):
        return render(request, "accounts/second_factor_missing.html", status=403)
    form = TokenForm(request.POST or None)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        check = factor.renew_recovery_codes(user, form.cleaned_token(), request=request)
        if check.device is not None:
            return _recovery_codes_page(request, check.codes)
        status = _refuse(form, check)
    return render(request, "accounts/recovery_codes_renew.html", {"form": form}, status=status)


def _recovery_codes_page(request: HttpRequest, codes: list[str]) -> HttpResponse:
    shown = [f"{code[:4]}-{code[4:]}" for code in codes]
    return render(request, "accounts/recovery_codes.html", {"codes": shown})
