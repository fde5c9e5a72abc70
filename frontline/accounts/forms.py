from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from frontline.accounts.second_factor import APP_CODE, RECOVERY_CODE, normalise


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
