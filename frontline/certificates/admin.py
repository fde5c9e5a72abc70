from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from frontline.certificates.models import Certificate


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    """Read-only: certificates are issued and revoked through certificates.actions, which audit
    every change; the admin is for looking them up."""

    list_display = [
        "display_code",
        "holder_name",
        "title",
        "completed_on",
        "issued_at",
        "revoked_at",
    ]
    list_filter = ["revoked_at", "completed_on"]
    search_fields = ["code", "holder_name", "title", "reference"]
    readonly_fields = [
        "code",
        "holder",
        "holder_name",
        "title",
        "reference",
        "completed_on",
        "issued_at",
        "issued_by",
        "revoked_at",
        "revoked_by",
        "revocation_reason",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Certificate | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Certificate | None = None) -> bool:
        return False
