from django.contrib import admin

from frontline.lib.admin import ReadOnlyAdmin
from frontline.referrals.models import Agreement, UnitSettings


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "from_agency", "to_agency", "valid_from", "valid_to")


@admin.register(UnitSettings)
class UnitSettingsAdmin(ReadOnlyAdmin):
    list_display = ("agency", "acknowledge_hours", "decision_working_days")
