"""The audit page's filters: person, object, action, kind and dates."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontline.audit.models import AuditEvent, AuditQuerySet


def _object_types() -> list[tuple[str, Any]]:
    labels = sorted(model._meta.label_lower for model in apps.get_models())
    return [("", _("any")), *((label, label) for label in labels)]


class AuditFilter(forms.Form):
    """The filters travel in the URL as ids only: a person is typed by user name into the POSTed
    form and replaced by their account number (`actor`, never rendered as a field), so no name
    reaches a URL or a server log."""

    person = forms.CharField(label=_("Person (user name)"), max_length=150, required=False)
    actor = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    object_type = forms.ChoiceField(label=_("Object type"), choices=_object_types, required=False)
    object_id = forms.CharField(label=_("Object id"), max_length=64, required=False)
    action = forms.CharField(
        label=_("Action"), max_length=64, required=False, help_text=_("or its beginning")
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("any")), *AuditEvent.Kind.choices], required=False
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput({"type": "date"})
    )
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput({"type": "date"}))

    person_id: int | None = None

    def clean_person(self) -> str:
        username = self.cleaned_data["person"].strip()
        if username:
            self.person_id = (
                get_user_model()
                ._default_manager.filter(username=username)
                .values_list("pk", flat=True)
                .first()
            )
            if self.person_id is None:
                raise forms.ValidationError(_("No account has that user name."))
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.person_id is not None:
            data["actor"] = self.person_id
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("The first date must not be after the second."))
        return data

    def filters(self) -> dict[str, Any]:
        """The chosen filters, ids only, as they go into the URL and into the audit row."""
        return {
            key: str(value) if key in ("since", "until") else value
            for key, value in self.cleaned_data.items()
            if key != "person" and value not in (None, "")
        }

    def apply(self, rows: AuditQuerySet) -> AuditQuerySet:
        data = self.cleaned_data
        if data.get("actor"):
            rows = rows.filter(actor_id=data["actor"])
        if data.get("object_type"):
            rows = rows.filter(object_type=data["object_type"])
        if data.get("object_id"):
            rows = rows.filter(object_id=data["object_id"])
        if data.get("action"):
            rows = rows.filter(action__startswith=data["action"])
        if data.get("kind"):
            rows = rows.filter(kind=data["kind"])
        zone = timezone.get_current_timezone()
        if data.get("since"):
            rows = rows.filter(at__gte=datetime.combine(data["since"], time.min, zone))
        if data.get("until"):
            end = data["until"] + timedelta(days=1)
            rows = rows.filter(at__lt=datetime.combine(end, time.min, zone))
        return rows
