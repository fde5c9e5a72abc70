from __future__ import annotations

from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from frontline.audit.log import record
from frontline.audit.models import AppendOnly, AuditEvent
from frontline.test import BaseTestCase


class AppendOnlyTests(BaseTestCase):
    def setUp(self) -> None:
        self.event = record("test.look", actor=self.admin, justification="as written")

    def sql(self, statement: str) -> None:
        # In its own savepoint: on PostgreSQL a refused statement spoils the transaction.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [self.event.pk] if "%s" in statement else None)

    def test_the_database_refuses_update_and_delete(self) -> None:
        with self.assertRaisesMessage(DatabaseError, "append-only"):
            self.sql("UPDATE audit_auditevent SET justification = 'rewritten' WHERE id = %s")
        with self.assertRaisesMessage(DatabaseError, "append-only"):
            self.sql("DELETE FROM audit_auditevent WHERE id = %s")
        self.assertEqual(AuditEvent.objects.get(pk=self.event.pk).justification, "as written")

    def test_postgresql_refuses_truncate(self) -> None:
        if connection.vendor != "postgresql":
            self.skipTest("SQLite has no TRUNCATE")
        # Check the row's foreign key now: pending checks would refuse the TRUNCATE themselves.
        self.sql("SET CONSTRAINTS ALL IMMEDIATE")
        with self.assertRaisesMessage(DatabaseError, "append-only"):
            self.sql("TRUNCATE audit_auditevent")
        self.assertTrue(AuditEvent.objects.filter(pk=self.event.pk).exists())

    def test_the_triggers_are_in_place(self) -> None:
        # A later migration that rebuilds the table (SQLite does, to alter a column) would
        # silently drop them; this says so.
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_auditevent'::regclass"
                    " AND NOT tgisinternal AND tgenabled = 'O'"
                )
                expected = {"audit_append_only", "audit_no_truncate"}
            else:
                cursor.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                    " AND tbl_name = 'audit_auditevent'"
                )
                expected = {"audit_no_update", "audit_no_delete"}
            self.assertEqual({name for (name,) in cursor.fetchall()}, expected)

    def test_the_model_refuses_too(self) -> None:
        self.event.justification = "rewritten"
        with self.assertRaises(AppendOnly):
            self.event.save()
        with self.assertRaises(AppendOnly):
            self.event.delete()
        with self.assertRaises(AppendOnly):
            AuditEvent.objects.filter(pk=self.event.pk).update(justification="rewritten")
        with self.assertRaises(AppendOnly):
            AuditEvent.objects.filter(pk=self.event.pk).delete()
        with self.assertRaises(AppendOnly):
            AuditEvent.objects.bulk_create([AuditEvent(action="test.forged")])
        self.assertEqual(AuditEvent.objects.get().justification, "as written")

    def test_people_in_the_log_cannot_be_deleted(self) -> None:
        with self.assertRaises(ProtectedError):
            self.admin.delete()
