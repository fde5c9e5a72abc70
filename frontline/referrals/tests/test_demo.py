from __future__ import annotations

from django.urls import reverse

from frontline.referrals.demo import create_demo_referrals
from frontline.referrals.models import Referral, Status
from frontline.test import BaseTestCase


class DemoReferralsTests(BaseTestCase):
    def test_every_state_an_escalation_a_child_and_a_limited_ngo_view(self) -> None:
        users = {u: getattr(self, u) for u in ("officer", "analyst")}
        lines = create_demo_referrals(users)
        self.assertEqual(len(lines), 8)
        self.assertEqual(set(Referral.objects.values_list("status", flat=True)), set(Status.values))
        self.assertTrue(Referral.objects.filter(escalation_level__gte=1).exists())
        self.assertTrue(Referral.objects.filter(minor="yes", consent="child").exists())
        self.assertTrue(Referral.objects.filter(anonymous=True).exists())
        referred = Referral.objects.get(status=Status.REFERRED)
        self.login(self.caseworker)
        page = self.client.get(reverse("referrals:detail", args=[referred.pk]))
        self.assertContains(page, "shelter")
        self.assertNotContains(page, referred.alias)
        self.assertEqual(create_demo_referrals(users), [])  # made once
