from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from frontline.referrals.actions import erase_personal_data
from frontline.referrals.models import Referral, Status


class Command(BaseCommand):
    help = (
        "Erase the personal data of referrals closed more than REFERRAL_RETENTION_DAYS ago "
        "(the referral, its history and the audit log stay). Run it daily."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        due = Referral.objects.filter(
            status=Status.CLOSED,
            personal_data_erased_at__isnull=True,
            closed_at__lt=now - timedelta(days=settings.REFERRAL_RETENTION_DAYS),
        )
        count = 0
        for referral in due.order_by("pk"):
            erase_personal_data(referral, now=now)
            count += 1
        self.stdout.write(f"personal data erased from {count} closed referral(s)")
