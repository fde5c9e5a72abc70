"""The core flow through the pages: screening -> "Refer this case" -> draft -> sent -> the
unit's inbox -> acknowledged -> assessed -> referred to support -> answered -> closed; each
step audited, each step refused out of order."""

from __future__ import annotations

from django.urls import reverse

from frontline.audit.models import AuditEvent
from frontline.mail.models import Message
from frontline.referrals.models import Notice, Referral, Status, SupportStatus
from frontline.referrals.tests.base import CASE, ReferralTestCase


def screening_post() -> dict[str, object]:
    return {k: v for k, v in CASE.items() if k != "answers"}


class FlowTests(ReferralTestCase):
    def test_screening_result_offers_to_refer(self) -> None:
        self.login(self.officer)
        response = self.client.post(reverse("fieldkit:screening"), screening_post())
        self.assertContains(response, reverse("referrals:start"))
        self.assertContains(response, 'name="observed" value="gen-cannot-leave"')

    def test_whole_flow(self) -> None:
        officer = self.login(self.officer)
        response = officer.post(reverse("referrals:start"), screening_post())
        referral = Referral.objects.get()
        self.assertRedirects(response, reverse("referrals:edit", args=[referral.pk]))
        self.assertEqual(referral.status, Status.DRAFT)
        self.assertEqual(referral.grounds_level, "act")
        self.assertIn("gen-cannot-leave", referral.observed_ids)
        edit = officer.get(response["Location"])
        self.assertContains(edit, "Send to the unit")
        form = {
            "alias": "Mira K.",
            "sex": "female",
            "age": "27",
            "minor": "no",
            "needs": ["shelter"],
            "statement": "Papers held by the farm manager.",
            "consent": "given",
            "consent_shares": ["needs"],
            "place": "Eastbrook farm",
            "met_at": "2026-11-30T14:05",
        }
        officer.post(reverse("referrals:edit", args=[referral.pk]), {**form, "save": "1"})
        referral.refresh_from_db()
        self.assertEqual((referral.status, referral.alias), (Status.DRAFT, "Mira K."))
        with self.captureOnCommitCallbacks(execute=True):
            response = officer.post(
                reverse("referrals:edit", args=[referral.pk]), {**form, "send": "1"}
            )
        self.assertRedirects(response, reverse("referrals:detail", args=[referral.pk]))
        referral.refresh_from_db()
        self.assertEqual((referral.status, referral.unit), (Status.RECEIVED, self.atu))
        self.assertEqual(referral.deadline_kind, "acknowledge")
        sent = Message.objects.filter(recipient=self.analyst, about_id=referral.pk)
        self.assertEqual(sent.get().status, Message.Status.SENT)
        self.assertTrue(Notice.objects.filter(user=self.supervisor, referral=referral).exists())
        # the officer sees the status, not the person
        page = officer.get(reverse("referrals:detail", args=[referral.pk]))
        self.assertContains(page, "received")
        self.assertNotContains(page, "Mira K.")

        self.client.logout()
        unit = self.login(self.analyst)
        inbox = unit.get(reverse("referrals:list"))
        self.assertContains(inbox, referral.reference)
        self.assertContains(unit.get(reverse("referrals:detail", args=[referral.pk])), "Mira K.")
        self.assertRedirects(
            unit.post(reverse("referrals:acknowledge", args=[referral.pk])),
            reverse("referrals:detail", args=[referral.pk]),
        )
        again = unit.post(reverse("referrals:acknowledge", args=[referral.pk]))
        self.assertEqual(again.status_code, 409)
        bad = unit.post(reverse("referrals:assess", args=[referral.pk]), {"decision": "yes"})
        self.assertEqual(bad.status_code, 400)
        unit.post(
            reverse("referrals:assess", args=[referral.pk]),
            {"decision": "yes", "reasons": "Documents held, debt, cannot leave."},
        )
        referral.refresh_from_db()
        self.assertEqual((referral.status, referral.deadline_kind), (Status.ASSESSED, "refer"))
        self.assertIsNotNone(referral.reflection_ends)
        unit.post(reverse("referrals:refer", args=[referral.pk]), {"agreement": self.agreement.pk})
        referral.refresh_from_db()
        self.assertEqual((referral.status, referral.support_agency), (Status.REFERRED, self.ngo))

        self.client.logout()
        ngo = self.login(self.caseworker)
        page = ngo.get(reverse("referrals:detail", args=[referral.pk]))
        self.assertContains(page, "shelter")  # needs: consented and allowed
        self.assertNotContains(page, "Mira K.")  # identity: not consented
        self.assertNotContains(page, "Papers held")  # statement: not consented
        ngo.post(reverse("referrals:answer", args=[referral.pk]), {"answer": "accept"})
        referral.refresh_from_db()
        self.assertEqual(referral.support_status, SupportStatus.ACCEPTED)

        self.client.logout()
        unit = self.login(self.analyst)
        unit.post(
            reverse("referrals:close", args=[referral.pk]),
            {"outcome": "supported", "reason": "In the shelter programme."},
        )
        referral.refresh_from_db()
        self.assertEqual(referral.status, Status.CLOSED)
        self.assertIsNone(referral.next_deadline)
        actions = list(
            AuditEvent.objects.filter(
                object_id=str(referral.pk), object_type="referrals.referral"
            ).values_list("action", flat=True)
        )
        for step in (
            "start",
            "save_draft",
            "submit",
            "acknowledge",
            "assess",
            "refer",
            "answer_support",
            "close",
            "read",
        ):
            self.assertIn(f"referrals.{step}", actions)
        kinds = dict(
            AuditEvent.objects.filter(object_id=str(referral.pk)).values_list("action", "kind")
        )
        self.assertEqual(kinds["referrals.refer"], "disclosure")
        self.assertEqual(kinds["referrals.submit"], "collection")
        self.assertEqual(kinds["referrals.read"], "consultation")

    def test_send_needs_statement_and_consent(self) -> None:
        referral = self.draft(statement="", consent="")
        officer = self.login(self.officer)
        response = officer.post(
            reverse("referrals:edit", args=[referral.pk]), {"minor": "no", "send": "1"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "statement", status_code=400)
        referral.refresh_from_db()
        self.assertEqual(referral.status, Status.DRAFT)

    def test_bad_screening_is_refused(self) -> None:
        officer = self.login(self.officer)
        response = officer.post(
            reverse("referrals:start"), {**screening_post(), "observed": ["no-such"]}
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Referral.objects.exists())

    def test_only_officers_start_referrals(self) -> None:
        self.login(self.learner)
        self.assertEqual(
            self.client.post(reverse("referrals:start"), screening_post()).status_code, 403
        )
