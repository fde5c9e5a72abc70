from __future__ import annotations

from io import StringIO
from unittest import mock

from django.core.management import CommandError, ManagementUtility, call_command
from django.db import IntegrityError, connection, transaction

from frontline.audit.chain import hash_of
from frontline.audit.log import record, record_read
from frontline.audit.models import AuditEvent
from frontline.audit.testing import append_only_lifted
from frontline.audit.tests.helpers import as_row
from frontline.test import BaseTestCase


class VerifyTests(BaseTestCase):
    def setUp(self) -> None:
        self.events = [
            record("test.create", actor=self.admin, details={"changes": {"name": "changed"}}),
            record_read("test.view", actor=self.analyst, justification="case 7"),
            record("test.change", actor=self.admin, details={"old": 1, "new": 2}),
            record_read("test.export", actor=self.analyst, details={"rows": 40}),
            record("test.erase", actor=None),
        ]
        self.ids = [e.pk for e in self.events]

    def verify(self, *args: str) -> str:
        out = StringIO()
        call_command("audit", "verify", *args, stdout=out, stderr=out)
        return out.getvalue()

    def broken(self, *args: str) -> str:
        out = StringIO()
        with self.assertRaises(CommandError) as caught:
            call_command("audit", "verify", *args, stdout=out, stderr=out)
        return f"{out.getvalue()}\n{caught.exception}"

    def tamper(self, statement: str, *params: object) -> None:
        with append_only_lifted(), connection.cursor() as cursor:
            cursor.execute(statement, params)

    def anchor(self, index: int) -> str:
        return f"{self.ids[index]}:{self.events[index].hash}"

    def test_an_intact_log_verifies_and_prints_its_head(self) -> None:
        output = self.verify()
        self.assertIn(f"intact: 5 rows, head #{self.ids[-1]} {self.events[-1].hash}", output)
        self.verify("--anchor", self.anchor(2), "--anchor", self.anchor(4))

    def test_an_altered_row_is_named(self) -> None:
        self.tamper(
            "UPDATE audit_auditevent SET justification = 'no reason' WHERE id = %s", self.ids[1]
        )
        output = self.broken()
        self.assertIn(f"row #{self.ids[1]}: its content does not match its hash", output)
        self.assertIn("1 problem(s) in 5 rows", output)

    def test_an_altered_actor_or_detail_is_named(self) -> None:
        self.tamper(
            "UPDATE audit_auditevent SET actor_id = %s WHERE id = %s", self.learner.pk, self.ids[0]
        )
        self.tamper(
            "UPDATE audit_auditevent SET details = %s WHERE id = %s", '{"rows": 4}', self.ids[3]
        )
        output = self.broken()
        self.assertIn(f"row #{self.ids[0]}: its content does not match", output)
        self.assertIn(f"row #{self.ids[3]}: its content does not match", output)

    def test_a_removed_row_is_named_by_the_one_after_it(self) -> None:
        self.tamper("DELETE FROM audit_auditevent WHERE id = %s", self.ids[2])
        output = self.broken()
        self.assertIn(
            f"row #{self.ids[3]}: it does not follow #{self.ids[1]}: a row between", output
        )

    def test_a_removed_first_row_is_named(self) -> None:
        self.tamper("DELETE FROM audit_auditevent WHERE id = %s", self.ids[0])
        self.assertIn(f"row #{self.ids[1]}: it is the first row but does not start", self.broken())

    def test_an_inserted_row_is_named(self) -> None:
        # Make room after the second row and slip a well-formed row in. It cannot claim the
        # second row as its predecessor (the third row does, and prev_hash is unique).
        moved = self.ids[-1] + 10
        for offset, row_id in enumerate(self.ids[2:]):
            self.tamper("UPDATE audit_auditevent SET id = %s WHERE id = %s", moved + offset, row_id)
        forged = AuditEvent(
            id=self.ids[1] + 1, at=self.events[1].at, action="test.view", actor=self.analyst,
            prev_hash="f" * 64, kind="consultation", details={},
        )  # fmt: skip
        forged.hash = hash_of(as_row(forged))
        forged.save(force_insert=True)
        output = self.broken()
        self.assertIn(
            f"row #{moved}: it follows #{self.ids[1]}, not #{forged.pk}: the rows after "
            f"#{self.ids[1]} and before #{moved} were inserted",
            output,
        )

    def test_a_chain_recomputed_after_a_change_is_caught_by_an_anchor(self) -> None:
        anchor = self.anchor(3)
        self.tamper("UPDATE audit_auditevent SET justification = '' WHERE id = %s", self.ids[1])
        self.rechain(start=1)
        # Whoever can rewrite every hash after a change passes the walk ...
        self.verify()
        # ... but not an anchor kept outside the database.
        output = self.broken("--anchor", anchor)
        self.assertIn(f"row #{self.ids[3]}: its hash is not the anchored one", output)

    def test_rows_removed_from_the_end_are_caught_by_an_anchor(self) -> None:
        anchor = self.anchor(4)
        self.tamper("DELETE FROM audit_auditevent WHERE id >= %s", self.ids[3])
        self.verify()
        self.assertIn(
            f"row #{self.ids[4]}: the anchored row is missing", self.broken("--anchor", anchor)
        )

    def test_the_database_refuses_a_fork(self) -> None:
        twin = AuditEvent(action="test.twin", prev_hash=self.events[2].prev_hash, hash="0" * 64)
        with self.assertRaises(IntegrityError), transaction.atomic():
            twin.save(force_insert=True)

    def test_a_malformed_anchor_is_refused(self) -> None:
        with self.assertRaisesMessage(CommandError, "--anchor"):
            self.verify("--anchor", "12:not-a-hash")

    def test_the_command_exits_non_zero_when_broken(self) -> None:
        self.tamper("DELETE FROM audit_auditevent WHERE id = %s", self.ids[2])
        # As from a shell, except that the test's database connection is kept open.
        with (
            mock.patch("django.core.management.base.connections.close_all"),
            self.assertRaises(SystemExit) as caught,
        ):
            ManagementUtility(["frontline", "audit", "verify"]).execute()
        self.assertEqual(caught.exception.code, 1)

    def rechain(self, start: int) -> None:
        """What an intruder who knows the algorithm would do: recompute every later hash."""
        prev = self.events[start - 1].hash
        for row_id in self.ids[start:]:
            event = AuditEvent.objects.get(pk=row_id)
            event.prev_hash = prev
            event.hash = hash_of(as_row(event))
            self.tamper(
                "UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
                f"tmp{row_id}", f"tmp{row_id}", row_id,
            )  # fmt: skip
            self.tamper(
                "UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
                event.prev_hash, event.hash, row_id,
            )  # fmt: skip
            prev = event.hash
