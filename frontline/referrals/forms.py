"""The officer's draft form and the unit's step forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from frontline.referrals.models import (
    Consent,
    Decision,
    Need,
    Outcome,
    Referral,
    Share,
)


class ReferralForm(forms.ModelForm):
    needs = forms.MultipleChoiceField(
        label=_("Immediate needs"),
        choices=Need.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    actions_taken = forms.MultipleChoiceField(
        label=_("What you have done (tick each)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consent = forms.ChoiceField(
        label=_("Consent to share (an adult)"),
        choices=[
            ("", _("not recorded yet")),
            (Consent.GIVEN, Consent.GIVEN.label),
            (Consent.DECLINED, Consent.DECLINED.label),
        ],
        required=False,
        widget=forms.RadioSelect,
        help_text=_("A possible minor needs no consent: record the guardian instead."),
    )
    consent_shares = forms.MultipleChoiceField(
        label=_("The person agreed to share with support services"),
        choices=Share.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    age = forms.IntegerField(label=_("Age"), min_value=0, max_value=120, required=False)

    class Meta:
        model = Referral
        fields = [
            "alias",
            "sex",
            "age",
            "minor",
            "nationality",
            "language",
            "place",
            "met_at",
            "statement",
            "consent_how",
            "guardian",
        ]
        widgets = {
            "met_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "statement": forms.Textarea(attrs={"rows": 6}),
        }

    field_order = [
        "alias",
        "sex",
        "age",
        "minor",
        "nationality",
        "language",
        "needs",
        "place",
        "met_at",
        "actions_taken",
        "statement",
        "consent",
        "consent_shares",
        "consent_how",
        "guardian",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        referral = self.instance
        taken = self.fields["actions_taken"]
        assert isinstance(taken, forms.MultipleChoiceField)
        taken.choices = [(a["id"], a["text"]) for a in referral.screening_actions]
        if not self.is_bound:
            for name in ("needs", "actions_taken", "consent", "consent_shares"):
                self.initial[name] = getattr(referral, name)
        met_at = self.fields["met_at"]
        assert isinstance(met_at, forms.DateTimeField)
        met_at.input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class AssessForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Reasonable-grounds decision"), choices=Decision.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label=_("Reasons"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    reason = forms.CharField(
        label=_("Reason"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    assessment = forms.CharField(
        label=_("Risk assessment (and best-interests assessment for a child)"),
        help_text=_("Needed before any return to the country of origin."),
        max_length=10000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


class ReferForm(forms.Form):
    agreement = forms.TypedChoiceField(label=_("Support organisation"), coerce=int)

    def __init__(self, *args: Any, options: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agreement"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [
            (a.pk, f"{a.to_agency.name} ({', '.join(a.shares) or '-'})") for a in options
        ]


class SupportAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("decline", _("Decline"))], widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason (needed to decline)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
