from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from frontline.fieldkit.actions import save_entry
from frontline.fieldkit.models import DirectoryEntry


@admin.register(DirectoryEntry)
class DirectoryEntryAdmin(admin.ModelAdmin):
    """Administrators keep the directory here (every save audited through fieldkit.actions);
    `frontline directory_import` loads a CSV. Entries are deactivated, not deleted."""

    list_display = ("name", "kind", "country", "region", "phone", "hours", "active")
    list_filter = ("country", "kind", "active")
    search_fields = ("name", "region", "notes")
    actions: Any = ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: DirectoryEntry, form: ModelForm, change: bool
    ) -> None:
        save_entry(obj, acting_user=request.user, request=request)  # type: ignore[arg-type]
