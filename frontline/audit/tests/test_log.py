from __future__ import annotations

from django.test import RequestFactory

from frontline.accounts.actions import grant_role, revoke_role
from frontline.accounts.models import Agency, Role
from frontline.audit.log import record
from frontline.audit.models import AuditEvent
from frontline.test import BaseTestCase


class AuditLogTests(BaseTestCase):
    def test_record_writes_who_what_which_why_where(self) -> None:
        request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.7")
        agency = Agency.objects.get(name="Northmark Police")
        event = record(
            "test.look", actor=self.analyst, target=agency, justification="case 12", request=request
        )
        event.refresh_from_db()
        self.assertEqual(event.actor, self.analyst)
        self.assertEqual(event.action, "test.look")
        self.assertEqual(event.object_type, "accounts.agency")
        self.assertEqual(event.object_id, str(agency.pk))
        self.assertEqual(event.justification, "case 12")
        self.assertEqual(event.ip_address, "198.51.100.7")
        self.assertIsNotNone(event.at)

    def test_role_changes_are_audited(self) -> None:
        agency = Agency.objects.get(name="Valdoria Anti-Trafficking Unit")
        membership = grant_role(self.officer, agency, Role.ANALYST, acting_user=self.admin)
        self.assertTrue(self.officer.has_role(Role.ANALYST, agency))
        self.assertTrue(self.officer.needs_second_factor())
        # Granting the same role twice changes nothing and writes nothing more.
        grant_role(self.officer, agency, Role.ANALYST, acting_user=self.admin)
        revoke_role(membership, acting_user=self.admin)
        self.assertFalse(self.officer.has_role(Role.ANALYST))
        actions = list(
            AuditEvent.objects.filter(actor=self.admin)
            .order_by("id")
            .values_list("action", flat=True)
        )
        # The analyst role needs a second factor: granting it issued a set-up link.
        self.assertEqual(
            actions,
            ["accounts.grant_role", "accounts.second_factor_link", "accounts.revoke_role"],
        )

    def test_admin_cannot_edit_or_delete_audit_rows(self) -> None:
        event = record("test.look", actor=self.admin)
        self.login(self.admin)
        r = self.client.get(f"/admin/audit/auditevent/{event.pk}/delete/")
        self.assertEqual(r.status_code, 403)
        r = self.client.get("/admin/audit/auditevent/add/")
        self.assertEqual(r.status_code, 403)
