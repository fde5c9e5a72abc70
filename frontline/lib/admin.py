"""What the admin site may do with rows that change only through action functions."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest


class ReadOnlyAdmin(admin.ModelAdmin):
    """Look rows up; add, change and delete nothing (and no bulk actions).

    For content (edit the files under content/ and reload), records of what people did, and
    anything whose changes must be audited: those go through the app's action functions.
    """

    actions: Any = ()

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
