"""Withdrawal of consent (the support organisation then sees nothing) and retention (personal
data of closed referrals erased; the referral and the audit trail stay)."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from frontline.audit.models import AuditEvent
from frontline.referrals import actions
from frontline.referrals.models import Referral
from frontline.referrals.tests.base import ReferralTestCase


class WithdrawalTests(ReferralTestCase):
    def referred(self) -> Referral:
        referral = actions.acknowledge(self.sent(), acting_user=self.analyst)
        referral = actions.assess(referral, decision="yes", reasons="r", acting_user=self.analyst)
        return actions.refer_to_support(
            referral, agreement=self.agreement, acting_user=self.analyst
        )

    def test_withdrawal_hides_everything_from_the_service(self) -> None:
        referral = self.referred()
        url = reverse("referrals:detail", args=[referral.pk])
        self.login(self.caseworker)
        self.assertContains(self.client.get(url), "interpreter")
        self.client.logout()
        self.login(self.analyst)
        withdraw = reverse("referrals:withdraw_consent", args=[referral.pk])
        self.assertEqual(self.client.post(withdraw, {"reason": ""}).status_code, 400)
        self.assertRedirects(self.client.post(withdraw, {"reason": "By phone, 2 Dec."}), url)
        self.assertEqual(self.client.post(withdraw, {"reason": "again"}).status_code, 409)
        self.assertTrue(AuditEvent.objects.filter(action="referrals.withdraw_consent").exists())
        self.client.logout()
        self.login(self.caseworker)
        page = self.client.get(url)
        self.assertNotContains(page, "interpreter")
        self.assertNotContains(page, "Farm near Eastbrook")
        # the caseworker cannot record it; an outsider cannot tell the referral exists
        self.assertEqual(
            self.client.post(
                reverse("referrals:withdraw_consent", args=[referral.pk]), {"reason": "x"}
            ).status_code,
            403,
        )
        self.client.logout()
        self.login(self.outsider)
        self.assertEqual(
            self.client.post(
                reverse("referrals:withdraw_consent", args=[referral.pk]), {"reason": "x"}
            ).status_code,
            404,
        )


class RetentionTests(ReferralTestCase):
    @override_settings(REFERRAL_RETENTION_DAYS=30)
    def test_closed_referrals_lose_personal_data_after_the_period(self) -> None:
        long_ago = timezone.now() - timedelta(days=40)
        old = actions.acknowledge(self.sent(now=long_ago), acting_user=self.analyst, now=long_ago)
        old = actions.close(
            old, outcome="contact_lost", reason="gone", acting_user=self.analyst, now=long_ago
        )
        recent = actions.acknowledge(self.sent(), acting_user=self.analyst)
        recent = actions.close(
            recent, outcome="contact_lost", reason="gone", acting_user=self.analyst
        )
        still_open = self.sent(now=long_ago)
        out = StringIO()
        call_command("referrals_retention", stdout=out)
        self.assertIn("from 1 closed referral", out.getvalue())
        old.refresh_from_db()
        self.assertEqual((old.alias, old.statement, old.nationality, old.age), ("", "", "", None))
        self.assertIsNotNone(old.personal_data_erased_at)
        self.assertEqual(len(old.observed), 3)  # what the statistics need stays
        self.assertEqual(old.outcome, "contact_lost")
        for kept in (recent, still_open):
            kept.refresh_from_db()
            self.assertEqual(kept.alias, "Mira K.")
        self.assertTrue(
            AuditEvent.objects.filter(
                action="referrals.erase_personal_data", kind="erasure", object_id=str(old.pk)
            ).exists()
        )
        self.assertTrue(
            AuditEvent.objects.filter(action="referrals.submit", object_id=str(old.pk)).exists()
        )
