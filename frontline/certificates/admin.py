from __future__ import annotations

from django.contrib import admin

from frontline.certificates.models import Certificate
from frontline.lib.admin import ReadOnlyAdmin


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
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
