from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from frontline.accounts.models import Agency, User
from frontline.intelligence import grading
from frontline.intelligence.models import Bulletin, Report, Subject

REASON_HELP = _("Why you need this now. It is recorded with your name.")


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), min_length=5, max_length=500, help_text=REASON_HELP, strip=True
    )


class ReportForm(forms.ModelForm):
    facts = forms.CharField(
        label=_("What you observed (facts), one per line"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
    )
    assessments = forms.CharField(
        label=_("Your assessment, one per line"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
        required=False,
        help_text=_("Kept apart from the facts and shown as your assessment everywhere."),
    )
    people = forms.CharField(
        label=_("People, one per line: category | name | description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
        required=False,
        help_text=_(
            "Category: suspect, victim, witness or other. Give a presumed victim's name only "
            "when the unit needs it."
        ),
    )

    class Meta:
        model = Report
        fields = ["holder", "unit", "title", "exploitation", "countries", "routes", "money",
                  "modus_operandi", "text", "source", "information", "handling", "conditions",
                  "risk_assessment", "authority"]  # fmt: skip
        widgets = {
            "modus_operandi": forms.Textarea(attrs={"rows": 3}),
            "text": forms.Textarea(attrs={"rows": 6}),
            "conditions": forms.Textarea(attrs={"rows": 2}),
            "risk_assessment": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, user: User, units: Any, holders: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = holders  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def lines(self, name: str) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data.get(name, "").splitlines() if line.strip()
        ]

    def clean_people(self) -> list[tuple[str, str, str]]:
        people = []
        for n, line in enumerate(self.cleaned_data["people"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) < 2 or parts[0].lower() not in Subject.Category.values:
                raise forms.ValidationError(
                    _("Line %(n)d: write category | name | description.") % {"n": n}
                )
            name, description = parts[1][:200], " | ".join(parts[2:])
            if len(parts[1]) > 200 or len(description) > 500:
                raise forms.ValidationError(_("Line %(n)d is too long.") % {"n": n})
            people.append((parts[0].lower(), name, description))
        return people

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            self.grade = grading.grade(
                data.get("source", ""),
                data.get("information", ""),
                data.get("handling", ""),
                data.get("conditions", ""),
            )
        except grading.GradeError:
            if data.get("handling") == "C":
                self.add_error("conditions", _("Write the conditions of sharing."))
        if data.get("handling") == "C" and not (
            data.get("risk_assessment") and data.get("authority")
        ):
            self.add_error(
                "risk_assessment",
                _("Special handling needs a recorded risk assessment and an authority level."),
            )
        return data


class DisseminateForm(forms.Form):
    to_agency = forms.ModelChoiceField(label=_("Recipient agency"), queryset=Agency.objects.none())
    authority = forms.CharField(label=_("Authorised by"), max_length=200)
    reason = forms.CharField(label=_("Reason"), min_length=5, max_length=500, help_text=REASON_HELP)
    password = forms.CharField(
        label=_("Your password, again"),
        widget=forms.PasswordInput,
        max_length=200,
        help_text=_("Sharing intelligence asks you to confirm who you are."),
    )

    def __init__(self, *args: Any, user: User, exclude: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["to_agency"].queryset = Agency.objects.exclude(pk=exclude)  # type: ignore[attr-defined]

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password


class SearchForm(forms.Form):
    query = forms.CharField(
        label=_("Name, phone, e-mail, IBAN, plate or document number"), max_length=200
    )
    reason = forms.CharField(label=_("Reason"), min_length=5, max_length=500, help_text=REASON_HELP)


class BulletinForm(forms.ModelForm):
    unit = forms.TypedChoiceField(
        label=_("Curriculum unit it concerns"),
        choices=[("", "-"), *[(n, str(n)) for n in range(1, 6)]],
        coerce=int,
        empty_value=None,
        required=False,
    )

    class Meta:
        model = Bulletin
        fields = ["title", "theme", "unit", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}
