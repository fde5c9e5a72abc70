from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, UsernameField
from django.utils.translation import gettext_lazy as _

from frontline.accounts import mail
from frontline.accounts.models import User, username_for_sign_in
from frontline.accounts.second_factor import APP_CODE, RECOVERY_CODE, normalise
from frontline.mail import outbox


class TokenForm(forms.Form):
    """A code from the authenticator app, and nothing else (enrolment, fresh checks)."""

    token = forms.RegexField(
        label=_("Six-digit code from your authenticator app"),
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        error_messages={"invalid": _("Enter the six digits your app shows.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": "8"}
        ),
    )

    def cleaned_token(self) -> str:
        return normalise(str(self.cleaned_data["token"]))


class SignInForm(AuthenticationForm):
    """Sign in with the user name or the e-mail address.

    An address is turned into its account's user name before authenticating, so django-axes
    counts failures against one name per account whichever the person typed."""

    username = UsernameField(
        label=_("E-mail address or user name"),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    def clean(self) -> dict[str, Any]:
        typed = self.cleaned_data.get("username") or ""
        self.cleaned_data["username"] = username_for_sign_in(typed)
        return super().clean()


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password reset, with the e-mail sent by the task queue (mail/outbox.py).

    People without a password yet (invited to a course, the invitation lost) may also ask:
    the link lets them choose their first one."""

    def get_users(self, email: str) -> Iterator[Any]:
        return iter(User.objects.filter(email__iexact=email, is_active=True))

    def save(self, *args: Any, **kwargs: Any) -> None:
        for user in self.get_users(self.cleaned_data["email"]):
            outbox.queue(mail.password_reset, recipient=user)


class CodeForm(forms.Form):
    """At sign-in: a code from the app, or one of the recovery codes."""

    token = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def clean_token(self) -> str:
        code = normalise(self.cleaned_data["token"])
        if not (APP_CODE.fullmatch(code) or RECOVERY_CODE.fullmatch(code)):
            raise forms.ValidationError(
                _(
                    "Enter the six digits your app shows, or one of your recovery codes "
                    "(eight letters and digits)."
                )
            )
        return code

    def cleaned_token(self) -> str:
        return str(self.cleaned_data["token"])
