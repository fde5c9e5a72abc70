from __future__ import annotations

from datetime import date

from frontline.audit.models import AuditEvent
from frontline.certificates import codes
from frontline.certificates.actions import AlreadyRevoked, issue_certificate, revoke_certificate
from frontline.certificates.models import Certificate
from frontline.certificates.tests.base import CertificateTestCase


class IssueTests(CertificateTestCase):
    def test_issue_records_what_was_true_then(self) -> None:
        c = self.certificate
        self.assertEqual(len(c.code), 12)
        self.assertTrue(set(c.code) <= set(codes.ALPHABET))
        self.assertEqual(c.holder_name, "Lena Marek")
        self.assertEqual(c.issued_by, self.trainer)
        self.assertEqual(c.completed_on, date(2026, 11, 20))
        self.assertFalse(c.revoked)
        self.learner.first_name = "Helena"
        self.learner.save()
        c.refresh_from_db()
        self.assertEqual(c.holder_name, "Lena Marek")

    def test_issue_is_audited(self) -> None:
        event = AuditEvent.objects.get(
            action="certificate.issue", object_id=str(self.certificate.pk)
        )
        self.assertEqual(event.actor, self.trainer)
        self.assertEqual(event.object_type, "certificates.certificate")

    def test_issuing_again_returns_the_same_certificate(self) -> None:
        again = issue_certificate(
            holder=self.learner,
            title="Another title",
            completed_on=date(2026, 12, 1),
            reference="course:12",
            acting_user=self.coordinator,
        )
        self.assertEqual(again.pk, self.certificate.pk)
        self.assertEqual(again.title, "Identifying presumed victims")
        self.assertEqual(Certificate.objects.filter(holder=self.learner).count(), 1)
        self.assertEqual(AuditEvent.objects.filter(action="certificate.issue").count(), 1)

    def test_issuing_again_does_not_unrevoke(self) -> None:
        revoke_certificate(self.certificate, reason="issued in error", acting_user=self.trainer)
        again = self.issue(self.learner)
        self.assertEqual(again.pk, self.certificate.pk)
        self.assertTrue(again.revoked)

    def test_other_reference_or_holder_gets_its_own(self) -> None:
        other_course = self.issue(self.learner, reference="course:13")
        other_holder = self.issue(self.officer)
        codes_issued = {self.certificate.code, other_course.code, other_holder.code}
        self.assertEqual(len(codes_issued), 3)
        self.assertEqual(Certificate.objects.count(), 3)

    def test_codes_are_random(self) -> None:
        drawn = {codes.new_code() for _ in range(2000)}
        self.assertEqual(len(drawn), 2000)
        # 24,000 characters drawn: every one of the 32 turns up.
        self.assertEqual(set("".join(drawn)), set(codes.ALPHABET))

    def test_blank_title_or_reference_is_refused(self) -> None:
        for title, reference in (("", "course:1"), ("A course", "  ")):
            with self.subTest(title=title, reference=reference), self.assertRaises(ValueError):
                self.issue(self.officer, reference=reference, title=title)
        self.assertFalse(Certificate.objects.filter(holder=self.officer).exists())


class RevokeTests(CertificateTestCase):
    def test_revoke_keeps_the_certificate_and_audits(self) -> None:
        revoke_certificate(
            self.certificate, reason="attendance was misrecorded", acting_user=self.coordinator
        )
        self.assertTrue(self.certificate.revoked)
        stored = Certificate.objects.get(pk=self.certificate.pk)
        self.assertIsNotNone(stored.revoked_at)
        self.assertEqual(stored.revoked_by, self.coordinator)
        self.assertEqual(stored.revocation_reason, "attendance was misrecorded")
        event = AuditEvent.objects.get(action="certificate.revoke")
        self.assertEqual(event.actor, self.coordinator)
        self.assertEqual(event.justification, "attendance was misrecorded")

    def test_revoking_twice_or_without_reason_is_refused(self) -> None:
        with self.assertRaises(ValueError):
            revoke_certificate(self.certificate, reason="  ", acting_user=self.trainer)
        self.assertIsNone(Certificate.objects.get(pk=self.certificate.pk).revoked_at)
        revoke_certificate(self.certificate, reason="first", acting_user=self.trainer)
        with self.assertRaises(AlreadyRevoked):
            revoke_certificate(self.certificate, reason="second", acting_user=self.trainer)
        self.assertEqual(Certificate.objects.get(pk=self.certificate.pk).revocation_reason, "first")
        self.assertEqual(AuditEvent.objects.filter(action="certificate.revoke").count(), 1)


class CodeTests(CertificateTestCase):
    def test_normalise_forgives_what_people_type(self) -> None:
        self.assertEqual(codes.normalise("7k3d-9qwx-m2hp"), "7K3D9QWXM2HP")
        self.assertEqual(codes.normalise(" 7K3D 9QWX M2HP "), "7K3D9QWXM2HP")
        self.assertEqual(codes.normalise("OIL0-0000-0000"), "0110" + "0" * 8)

    def test_normalise_refuses_what_cannot_be_a_code(self) -> None:
        for typed in ("", "7K3D-9QWX-M2H", "7K3D-9QWX-M2HPX", "7K3D-9QWX-M2HU", "7K3D/9QWX/M2HP"):
            with self.subTest(typed=typed):
                self.assertIsNone(codes.normalise(typed))

    def test_display_groups_by_four(self) -> None:
        self.assertEqual(codes.display("7K3D9QWXM2HP"), "7K3D-9QWX-M2HP")


class VisibilityTests(CertificateTestCase):
    def test_who_sees_the_learners_certificate(self) -> None:
        sees = {
            name: Certificate.objects.visible_to(getattr(self, name))
            .filter(pk=self.certificate.pk)
            .exists()
            for name in (
                "learner",
                "trainer",
                "coordinator",
                "officer",
                "analyst",
                "caseworker",
                "admin",
                "outsider",
            )
        }
        # The holder, the trainer who issued it, the academy's coordinator and administrator.
        self.assertEqual(
            sees,
            {
                "learner": True,
                "trainer": True,
                "coordinator": True,
                "officer": False,
                "analyst": False,
                "caseworker": False,
                "admin": True,
                "outsider": False,
            },
        )

    def test_trainer_sees_only_what_they_issued(self) -> None:
        by_coordinator = issue_certificate(
            holder=self.officer,
            title="Border checks",
            completed_on=date(2026, 10, 1),
            reference="course:7",
            acting_user=self.coordinator,
        )
        trainer_sees = Certificate.objects.visible_to(self.trainer)
        self.assertNotIn(by_coordinator, trainer_sees)
        self.assertIn(by_coordinator, Certificate.objects.visible_to(self.coordinator))
        self.assertIn(by_coordinator, Certificate.objects.visible_to(self.officer))
        self.assertEqual(list(Certificate.objects.visible_to(self.outsider)), [])
