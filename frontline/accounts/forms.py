from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, UsernameField
from django.utils.translation import gettext_lazy as _

from frontline.accounts import mail
from frontline.accounts.models import User
from frontline.mail import outbox


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Six-digit code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the six digits your app shows, without spaces.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": "7"}
        ),
    )

    def cleaned_token(self) -> str:
        return str(self.cleaned_data["token"]).strip()


class SignInForm(AuthenticationForm):
    """Sign in with the user name or the e-mail address.

    An address is turned into its account's user name before authenticating, so django-axes
    counts failures against one name per account whichever the person typed."""

    username = UsernameField(
        label=_("E-mail address or user name"),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    def clean(self) -> dict[str, Any]:
        typed = (self.cleaned_data.get("username") or "").strip()
        if "@" in typed:
            matches = list(
                User.objects.filter(email__iexact=typed, is_active=True).values_list(
                    "username", flat=True
                )[:2]
            )
            if len(matches) == 1:  # an address two accounts share names neither
                self.cleaned_data["username"] = matches[0]
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
