from __future__ import annotations

from datetime import date

from django.db import connection
from django.test import RequestFactory

from frontline.accounts.actions import grant_role, revoke_role
from frontline.accounts.models import Agency, Role
from frontline.audit.chain import GENESIS, hash_of
from frontline.audit.log import Kind, changes, record, record_read
from frontline.audit.models import AuditEvent
from frontline.audit.tests.helpers import as_row
from frontline.test import BaseTestCase

# The statements one audit row costs: the chain lock (PostgreSQL only), the last hash, the insert.
STATEMENTS = 3 if connection.vendor == "postgresql" else 2


class RecordTests(BaseTestCase):
    def test_record_writes_who_what_which_why_where(self) -> None:
        request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.7")
        agency = Agency.objects.get(name="Northmark Police")
        event = record(
            "test.look", actor=self.analyst, target=agency, justification="case 12", request=request
        )
        event.refresh_from_db()
        self.assertEqual(event.actor, self.analyst)
        self.assertEqual(event.action, "test.look")
        self.assertEqual(event.kind, Kind.ALTERATION)
        self.assertEqual(event.object_type, "accounts.agency")
        self.assertEqual(event.object_id, str(agency.pk))
        self.assertEqual(event.justification, "case 12")
        self.assertEqual(event.ip_address, "198.51.100.7")
        self.assertEqual(event.details, {})
        self.assertIsNotNone(event.at)

    def test_details_are_stored_as_given_and_survive_the_database(self) -> None:
        details = {
            "changes": {"is_staff": {"old": False, "new": True}},
            "terms": ["Marek", "lorry"],
            "scope": {"since": date(2026, 1, 5), "rows": 12, "share": 0.25, "whole": 3.0},
        }
        event = record("test.change", actor=self.admin, details=details, kind=Kind.COLLECTION)
        stored = AuditEvent.objects.get(pk=event.pk)
        self.assertEqual(stored.kind, Kind.COLLECTION)
        self.assertEqual(
            stored.details,
            {
                "changes": {"is_staff": {"old": False, "new": True}},
                "terms": ["Marek", "lorry"],
                # Dates as text, whole floats as integers: what jsonb gives back hashes the same.
                "scope": {"since": "2026-01-05", "rows": 12, "share": 0.25, "whole": 3},
            },
        )
        self.assertEqual(hash_of(as_row(stored)), stored.hash)

    def test_nul_bytes_do_not_break_the_writer(self) -> None:
        # PostgreSQL refuses NUL in text; the log keeps a visible replacement instead of failing.
        event = record("test.look", actor=None, justification="a\x00b", details={"q": "c\x00d"})
        stored = AuditEvent.objects.get(pk=event.pk)
        self.assertEqual(stored.justification, "a\ufffdb")
        self.assertEqual(stored.details, {"q": "c\ufffdd"})
        self.assertEqual(hash_of(as_row(stored)), stored.hash)

    def test_unknown_kinds_are_refused(self) -> None:
        with self.assertRaises(ValueError):
            record("test.look", actor=None, kind="gossip")
        with self.assertRaises(ValueError):
            record_read("test.look", actor=None, kind=Kind.ERASURE)
        self.assertFalse(AuditEvent.objects.exists())

    def test_record_read_marks_a_consultation_or_a_disclosure(self) -> None:
        agency = Agency.objects.get(name="Northmark Police")
        read = record_read("test.view", actor=self.analyst, target=agency)
        export = record_read(
            "test.export", actor=self.analyst, kind=Kind.DISCLOSURE, details={"rows": 3}
        )
        self.assertEqual(read.kind, Kind.CONSULTATION)
        self.assertEqual(export.kind, Kind.DISCLOSURE)
        self.assertEqual(export.details, {"rows": 3})

    def test_each_row_follows_the_one_before(self) -> None:
        first = record("test.one", actor=None)
        second = record_read("test.two", actor=None)
        third = record("test.three", actor=self.admin)
        self.assertEqual(first.prev_hash, GENESIS)
        self.assertEqual(second.prev_hash, first.hash)
        self.assertEqual(third.prev_hash, second.hash)
        for event in AuditEvent.objects.all():
            self.assertEqual(hash_of(as_row(event)), event.hash)

    def test_a_row_costs_a_fixed_number_of_statements(self) -> None:
        record("test.warm", actor=None)
        with self.assertNumQueries(STATEMENTS):
            record("test.one", actor=self.admin, details={"a": 1})
        with self.assertNumQueries(STATEMENTS):
            record_read("test.two", actor=self.admin)


class ChangesTests(BaseTestCase):
    def test_only_what_differs_with_old_and_new_values(self) -> None:
        before = {"email": "a@example.org", "is_staff": False, "first_name": "Lena"}
        after = {"email": "b@example.org", "is_staff": False, "first_name": "Lea"}
        self.assertEqual(
            changes(before, after),
            {
                "email": {"old": "a@example.org", "new": "b@example.org"},
                "first_name": {"old": "Lena", "new": "Lea"},
            },
        )

    def test_values_only_of_the_fields_named(self) -> None:
        before = {"email": "a@example.org", "first_name": "Lena"}
        after = {"email": "b@example.org", "first_name": "Lea"}
        self.assertEqual(
            changes(before, after, values_of=["email"]),
            {"email": {"old": "a@example.org", "new": "b@example.org"}, "first_name": "changed"},
        )

    def test_a_new_row_lists_the_values_it_was_given(self) -> None:
        self.assertEqual(
            changes({}, {"name": "X", "region": "", "active": False, "notes": None}),
            {"name": {"old": None, "new": "X"}, "active": {"old": None, "new": False}},
        )


class RoleAuditTests(BaseTestCase):
    def test_role_changes_are_audited_with_who_where_and_what(self) -> None:
        agency = Agency.objects.get(name="Valdoria Anti-Trafficking Unit")
        membership = grant_role(self.officer, agency, Role.ANALYST, acting_user=self.admin)
        self.assertTrue(self.officer.has_role(Role.ANALYST, agency))
        self.assertTrue(self.officer.needs_second_factor())
        # Granting the same role twice changes nothing and writes nothing more.
        grant_role(self.officer, agency, Role.ANALYST, acting_user=self.admin)
        revoke_role(membership, acting_user=self.admin)
        self.assertFalse(self.officer.has_role(Role.ANALYST))
        events = list(AuditEvent.objects.filter(actor=self.admin).order_by("id"))
        # The analyst role needs a second factor: granting it e-mailed a set-up link.
        self.assertEqual(
            [e.action for e in events],
            ["accounts.grant_role", "accounts.second_factor_link_sent", "accounts.revoke_role"],
        )
        expected = {"user": self.officer.pk, "agency": agency.pk, "role": "analyst"}
        self.assertEqual([events[0].details, events[2].details], [expected, expected])


class DisplayTests(BaseTestCase):
    def test_details_read_as_keys_and_changes(self) -> None:
        event = record(
            "test.change",
            actor=None,
            details={
                "changes": {"email": {"old": "a@example.org", "new": "b@example.org"},
                            "first_name": "changed", "is_staff": {"old": False, "new": True}},
                "filters": {},
                "rows": 3,
            },
        )  # fmt: skip
        self.assertEqual(
            event.details_items(),
            [
                ("changes.email", "a@example.org → b@example.org"),
                ("changes.first_name", "changed"),
                ("changes.is_staff", "false → true"),
                ("filters", "{}"),
                ("rows", "3"),
            ],
        )
