"""The doors: an outsider gets 404 on every referral view; each part sees its own fields."""

from __future__ import annotations

from django.urls import reverse

from frontline.referrals import actions
from frontline.referrals.models import Referral, Status
from frontline.referrals.tests.base import ReferralTestCase

VIEWS = [
    ("detail", "GET"),
    ("edit", "GET"),
    ("edit", "POST"),
    ("acknowledge", "POST"),
    ("assess", "POST"),
    ("refer", "POST"),
    ("close", "POST"),
    ("answer", "POST"),
]


class AccessTests(ReferralTestCase):
    def referred(self) -> Referral:
        referral = self.sent()
        referral = actions.acknowledge(referral, acting_user=self.analyst)
        referral = actions.assess(referral, decision="yes", reasons="ok", acting_user=self.analyst)
        return actions.refer_to_support(
            referral, agreement=self.agreement, acting_user=self.analyst
        )

    def test_outsiders_get_404_on_every_view(self) -> None:
        referral = self.referred()
        draft = self.draft()
        for user in (self.outsider, self.learner, self.trainer, self.coordinator):
            self.login(user, client=self.client)
            for target in (referral, draft):
                for name, method in VIEWS:
                    url = reverse(f"referrals:{name}", args=[target.pk])
                    response = self.client.get(url) if method == "GET" else self.client.post(url)
                    self.assertEqual(response.status_code, 404, (user.username, name, method))
            self.client.logout()

    def test_the_unit_never_sees_a_draft(self) -> None:
        draft = self.draft()
        self.login(self.analyst)
        self.assertEqual(
            self.client.get(reverse("referrals:detail", args=[draft.pk])).status_code, 404
        )
        self.assertNotContains(self.client.get(reverse("referrals:list")), draft.reference)

    def test_caseworker_sees_only_consented_and_agreed_fields(self) -> None:
        referral = self.referred()
        self.login(self.caseworker)
        page = self.client.get(reverse("referrals:detail", args=[referral.pk]))
        # consented: needs and statement; not identity
        self.assertContains(page, "Farm near Eastbrook")
        self.assertContains(page, "interpreter")
        for hidden in ("Mira K.", "Northmark<", ">27<", "Documents held"):
            self.assertNotContains(page, hidden)
        # the agreement narrows further: statement no longer shared
        self.agreement.shares = ["needs"]
        self.agreement.save()
        page = self.client.get(reverse("referrals:detail", args=[referral.pk]))
        self.assertNotContains(page, "Farm near Eastbrook")
        self.assertContains(page, "interpreter")
        # withdrawn consent: nothing
        Referral.objects.filter(pk=referral.pk).update(consent_withdrawn_at=referral.referred_at)
        page = self.client.get(reverse("referrals:detail", args=[referral.pk]))
        self.assertNotContains(page, "interpreter")

    def test_caseworker_of_another_ngo_gets_404(self) -> None:
        referral = self.sent()
        self.login(self.caseworker)
        self.assertEqual(
            self.client.get(reverse("referrals:detail", args=[referral.pk])).status_code, 404
        )

    def test_officer_sees_status_not_the_unit_work(self) -> None:
        referral = self.referred()
        self.login(self.officer)
        page = self.client.get(reverse("referrals:detail", args=[referral.pk]))
        self.assertContains(page, Status.REFERRED.label)
        for hidden in ("Mira K.", "Safe Harbour", "interpreter"):
            self.assertNotContains(page, hidden)
        self.assertEqual(
            self.client.post(reverse("referrals:acknowledge", args=[referral.pk])).status_code, 403
        )

    def test_every_read_is_audited(self) -> None:
        from frontline.audit.models import AuditEvent

        referral = self.referred()
        for user in (self.analyst, self.caseworker, self.officer, self.supervisor):
            self.login(user)
            before = AuditEvent.objects.filter(action="referrals.read", actor_id=user.pk).count()
            self.client.get(reverse("referrals:detail", args=[referral.pk]))
            after = AuditEvent.objects.filter(
                action="referrals.read", actor_id=user.pk, object_id=str(referral.pk)
            ).count()
            self.assertEqual(after, before + 1, user.username)
            self.client.logout()

    def test_wrong_method_is_405(self) -> None:
        referral = self.sent()
        self.login(self.analyst)
        self.assertEqual(
            self.client.get(reverse("referrals:acknowledge", args=[referral.pk])).status_code, 405
        )
        self.assertEqual(
            self.client.post(reverse("referrals:detail", args=[referral.pk])).status_code, 405
        )


class ListQueryTests(ReferralTestCase):
    def count_queries(self) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.login(self.analyst)
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(reverse("referrals:list")).status_code, 200)
        return len(queries)

    def test_inbox_costs_the_same_for_2_or_8_referrals(self) -> None:
        for _ in range(2):
            self.sent()
        few = self.count_queries()
        for _ in range(6):
            self.sent()
        self.assertEqual(self.count_queries(), few)
