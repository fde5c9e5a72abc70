"""No referral is lost: never deleted, always owned with a deadline while open, and escalated
when overdue (time set explicitly, so the clock is frozen)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO

from django.core.management import call_command
from django.db import IntegrityError, transaction

from frontline.mail.models import Message
from frontline.referrals import actions
from frontline.referrals.deadlines import Rules, Stamps, add_working_days, next_deadline
from frontline.referrals.models import DeletionRefused, Notice, Referral, Status
from frontline.referrals.sweep import sweep
from frontline.referrals.tests.base import ReferralTestCase

MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


class DeadlineArithmetic(ReferralTestCase):
    def test_working_days_skip_the_weekend(self) -> None:
        friday = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)
        self.assertEqual(add_working_days(friday, 1), datetime(2026, 12, 7, 10, 0, tzinfo=UTC))
        self.assertEqual(add_working_days(MONDAY, 5), MONDAY + timedelta(days=7))

    def test_each_open_status_has_a_deadline(self) -> None:
        rules = Rules()
        t = MONDAY
        cases = {
            ("received", ""): ("acknowledge", t + timedelta(hours=24)),
            ("acknowledged", ""): ("decide", t + timedelta(days=7)),
            ("assessed", "more"): ("decide", t + timedelta(days=7)),
            ("assessed", "yes"): ("refer", t + timedelta(days=2)),
            ("assessed", "no"): ("close", t + timedelta(days=2)),
            ("referred", "yes"): ("review", t + timedelta(days=30)),
        }
        for (status, decision), expected in cases.items():
            stamps = Stamps(
                status=status,
                decision=decision,
                submitted_at=t,
                acknowledged_at=t,
                decided_at=t,
                referred_at=t,
            )
            self.assertEqual(next_deadline(stamps, rules), expected, status)
        short = Rules(reflection_days=10, review_days=5)  # the reflection period is never < 30 days
        stamps = Stamps(status="referred", decision="yes", decided_at=t, referred_at=t)
        self.assertEqual(next_deadline(stamps, short)[1], t + timedelta(days=30))


class NeverLostTests(ReferralTestCase):
    def test_referrals_are_never_deleted(self) -> None:
        referral = self.sent()
        with self.assertRaises(DeletionRefused):
            referral.delete()
        with self.assertRaises(DeletionRefused):
            Referral.objects.all().delete()
        self.assertTrue(Referral.objects.filter(pk=referral.pk).exists())

    def test_database_refuses_an_open_referral_without_deadline(self) -> None:
        referral = self.sent()
        with self.assertRaises(IntegrityError), transaction.atomic():
            Referral.objects.filter(pk=referral.pk).update(next_deadline=None)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Referral.objects.filter(pk=referral.pk).update(unit=None)

    def test_unacknowledged_referral_is_escalated_twice(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            referral = self.sent(now=MONDAY)
        self.assertEqual(sweep(MONDAY + timedelta(hours=23)), [])
        with self.captureOnCommitCallbacks(execute=True):
            done = sweep(MONDAY + timedelta(hours=25))
        self.assertEqual(done, [(referral.reference, 1)])
        notice = Notice.objects.get(kind="overdue")
        self.assertEqual((notice.user, notice.level), (self.supervisor, 1))
        mail = Message.objects.get(recipient=self.supervisor, composer__endswith="overdue")
        self.assertEqual(mail.status, Message.Status.SENT)
        self.assertEqual(sweep(MONDAY + timedelta(hours=26)), [])  # told once per level
        with self.captureOnCommitCallbacks(execute=True):
            done = sweep(MONDAY + timedelta(hours=50))
        self.assertEqual(done, [(referral.reference, 2)])
        self.assertTrue(Notice.objects.filter(kind="overdue", level=2, user=self.admin).exists())
        # acknowledging starts the next step on time
        referral = actions.acknowledge(
            referral, acting_user=self.analyst, now=MONDAY + timedelta(hours=51)
        )
        self.assertEqual((referral.escalation_level, referral.deadline_kind), (0, "decide"))

    def test_no_referral_stays_overdue_without_escalation(self) -> None:
        """Referrals at every open step, all overdue at `later`: one sweep escalates each."""
        made = [self.sent(now=MONDAY) for _ in range(5)]
        actions.acknowledge(made[1], acting_user=self.analyst, now=MONDAY)
        for r, decision in ((made[2], "more"), (made[3], "no"), (made[4], "yes")):
            actions.acknowledge(r, acting_user=self.analyst, now=MONDAY)
            actions.assess(r, decision=decision, reasons="r", acting_user=self.analyst, now=MONDAY)
        r = actions.refer_to_support(
            Referral.objects.get(pk=made[4].pk),
            agreement=self.agreement,
            acting_user=self.analyst,
            now=MONDAY,
        )
        later = MONDAY + timedelta(days=40)
        sweep(later)
        open_ = Referral.objects.open()
        self.assertEqual(open_.count(), 5)
        for referral in open_:
            self.assertIsNotNone(referral.unit_id)
            self.assertLess(referral.next_deadline, later)
            self.assertGreaterEqual(referral.escalation_level, 1, referral.status)
        self.assertEqual(
            set(open_.values_list("status", flat=True)),
            {Status.RECEIVED, Status.ACKNOWLEDGED, Status.ASSESSED, Status.REFERRED},
        )

    def test_the_command_runs_the_sweep(self) -> None:
        self.sent(now=MONDAY - timedelta(days=3))
        out = StringIO()
        call_command("referrals_sweep", stdout=out)
        self.assertIn("1 referral(s) escalated", out.getvalue())


class ConsentAndChildTests(ReferralTestCase):
    def test_adult_who_declines_is_an_anonymous_notification(self) -> None:
        referral = self.sent(consent="declined")
        self.assertTrue(referral.anonymous)
        for field in ("alias", "nationality", "place", "statement"):
            self.assertEqual(getattr(referral, field), "", field)
        self.assertIsNone(referral.age)
        self.assertEqual(len(referral.observed), 3)  # indicators still reach the unit
        self.assertEqual(referral.status, Status.RECEIVED)

    def test_possible_minor_needs_no_consent(self) -> None:
        referral = self.sent(
            minor="unknown", consent="", guardian="Guardianship office, duty officer"
        )
        self.assertEqual((referral.consent, referral.status), ("child", Status.RECEIVED))
        self.assertTrue(referral.presumed_child)


class ChildRouteTests(ReferralTestCase):
    def test_child_protection_is_told_and_reads_it(self) -> None:
        from django.urls import reverse

        with self.captureOnCommitCallbacks(execute=True):
            child = self.sent(minor="yes", age=15, consent="", guardian="Duty guardian, Eastbrook")
        self.assertTrue(
            Notice.objects.filter(user=self.childofficer, referral=child, kind="child").exists()
        )
        mail = Message.objects.get(recipient=self.childofficer, about_id=child.pk)
        self.assertEqual(mail.status, Message.Status.SENT)
        self.login(self.childofficer)
        page = self.client.get(reverse("referrals:detail", args=[child.pk]))
        self.assertContains(page, "Duty guardian, Eastbrook")
        self.assertContains(page, "Mira K.")
        # read-only: the unit's steps are refused
        self.assertEqual(
            self.client.post(reverse("referrals:acknowledge", args=[child.pk])).status_code, 403
        )
        # an adult's referral stays invisible to child protection
        adult = self.sent()
        self.assertEqual(
            self.client.get(reverse("referrals:detail", args=[adult.pk])).status_code, 404
        )
        self.assertFalse(Notice.objects.filter(user=self.childofficer, referral=adult).exists())
        # the list shows the child's referral and the notice, never the adult's
        listing = self.client.get(reverse("referrals:list"))
        self.assertEqual(listing.status_code, 200)
        self.assertContains(listing, child.reference, count=2)  # the notice and the row
        self.assertContains(listing, "a presumed child: for child protection")
        self.assertNotContains(listing, adult.reference)

    def test_no_return_without_assessment(self) -> None:
        from frontline.referrals.actions import NotReady

        child = actions.acknowledge(
            self.sent(minor="unknown", consent=""), acting_user=self.analyst
        )
        with self.assertRaisesMessage(NotReady, "best-interests"):
            actions.close(
                child, outcome="returned", reason="Family traced.", acting_user=self.analyst
            )
        child = actions.close(
            child,
            outcome="returned",
            reason="Family traced.",
            assessment="Risk low; best interests: reunite, with follow-up.",
            acting_user=self.analyst,
        )
        self.assertEqual(child.status, Status.CLOSED)
