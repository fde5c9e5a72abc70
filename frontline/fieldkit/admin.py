from __future__ import annotations

from django.contrib import admin

from frontline.fieldkit.models import DirectoryEntry


@admin.register(DirectoryEntry)
class DirectoryEntryAdmin(admin.ModelAdmin):
    """Administrators keep the directory here; `frontline directory_import` loads a CSV."""

    list_display = ("name", "kind", "country", "region", "phone", "hours", "active")
    list_filter = ("country", "kind", "active")
    search_fields = ("name", "region", "notes")
