"""Directory entries edited one by one (the admin site calls fieldkit.actions)."""

from __future__ import annotations

from frontline.audit.models import AuditEvent
from frontline.fieldkit.actions import save_entry
from frontline.fieldkit.models import DirectoryEntry
from frontline.test import BaseTestCase, admin_form_data


class SaveEntryTests(BaseTestCase):
    def setUp(self) -> None:
        entry = DirectoryEntry(
            country="XA", kind="hotline", name="Valdoria Helpline", phone="+447700900123"
        )
        save_entry(entry, acting_user=self.admin)
        self.entry = DirectoryEntry.objects.get()

    def test_a_new_entry_is_recorded_with_its_values(self) -> None:
        event = AuditEvent.objects.get(action="directory.save_entry")
        self.assertEqual((event.kind, event.object_id), ("collection", str(self.entry.pk)))
        self.assertEqual(event.details["changes"]["phone"], {"old": None, "new": "+447700900123"})

    def test_admin_edits_are_recorded_with_old_and_new_values(self) -> None:
        self.login(self.admin)
        url = f"/admin/fieldkit/directoryentry/{self.entry.pk}/change/"
        data = {**admin_form_data(self.client.get(url)), "hours": "08:00-20:00", "active": ""}
        self.assertEqual(self.client.post(url, data).status_code, 302)
        event = AuditEvent.objects.filter(action="directory.save_entry").latest("id")
        self.assertEqual(event.kind, "alteration")
        self.assertEqual(
            event.details["changes"],
            {"active": {"old": True, "new": False}, "hours": {"old": "", "new": "08:00-20:00"}},
        )
        self.assertFalse(DirectoryEntry.objects.get().active)

    def test_entries_are_deactivated_not_deleted(self) -> None:
        self.login(self.admin)
        url = f"/admin/fieldkit/directoryentry/{self.entry.pk}/delete/"
        self.assertEqual(self.client.post(url, {"post": "yes"}).status_code, 403)
        self.assertTrue(DirectoryEntry.objects.exists())
