"""Co-operation agreements and unit deadlines, kept by administrators; every save audited
through referrals.actions, nothing deleted (an agreement ends with its `valid_to`). Referrals
themselves have no admin page: they change only through their workflow."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from frontline.referrals.actions import save_agreement, save_unit_settings
from frontline.referrals.models import Agreement, Share, UnitSettings


class AgreementForm(forms.ModelForm):
    shares = forms.MultipleChoiceField(
        choices=Share.choices, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="What the receiving organisation may see, when the person agrees to it.",
    )  # fmt: skip

    class Meta:
        model = Agreement
        fields = ["title", "from_agency", "to_agency", "shares", "valid_from", "valid_to"]


class _NoDelete(admin.ModelAdmin):
    actions: Any = ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Agreement)
class AgreementAdmin(_NoDelete):
    form = AgreementForm
    list_display = ("__str__", "from_agency", "to_agency", "valid_from", "valid_to")

    def save_model(self, request: HttpRequest, obj: Agreement, form: Any, change: bool) -> None:
        save_agreement(obj, acting_user=request.user, request=request)  # type: ignore[arg-type]


@admin.register(UnitSettings)
class UnitSettingsAdmin(_NoDelete):
    list_display = ("agency", "acknowledge_hours", "decision_working_days", "escalate_after_hours")

    def save_model(self, request: HttpRequest, obj: UnitSettings, form: Any, change: bool) -> None:
        save_unit_settings(obj, acting_user=request.user, request=request)  # type: ignore[arg-type]
