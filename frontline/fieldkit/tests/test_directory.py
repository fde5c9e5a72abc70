"""The directory import: every row validated, all or nothing, audited."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import CommandError, call_command

from frontline.audit.models import AuditEvent
from frontline.fieldkit.directory import (
    DirectoryInvalid,
    import_csv,
    load_demo_directory,
)
from frontline.fieldkit.models import DirectoryEntry
from frontline.fieldkit.phones import normalise_phone
from frontline.fieldkit.presentation import entries_serving
from frontline.fieldkit.tests.base import FieldTestCase
from frontline.test import BaseTestCase

HEADER = "country,region,kind,name,phone,email,hours,languages,notes\n"
GOOD = HEADER + (
    "XA,National,atu,Valdoria ATU,+44 20 7946 0100,atu@example.org,24/7,en;ru,\n"
    "XB,Lakeside,hotline,Northmark Helpline,+44 7700 900123,,24/7,en,\n"
)


class ImportTests(BaseTestCase):
    def test_good_file_imports_every_row_in_e164_with_an_audit_row(self) -> None:
        report = import_csv(GOOD, name="contacts.csv", acting_user=self.admin)
        self.assertEqual((report.created, report.updated), (2, 0))
        self.assertEqual(
            sorted(DirectoryEntry.objects.values_list("phone", flat=True)),
            ["+442079460100", "+447700900123"],
        )
        event = AuditEvent.objects.get(action="directory.import")
        self.assertEqual(event.actor, self.admin)
        self.assertIn("2 created", event.justification)
        # Importing again updates instead of duplicating.
        again = import_csv(GOOD, name="contacts.csv", acting_user=self.admin)
        self.assertEqual((again.created, again.updated), (0, 2))
        self.assertEqual(DirectoryEntry.objects.count(), 2)

    def test_one_bad_row_imports_nothing_and_every_problem_is_named(self) -> None:
        bad = GOOD + (
            "XA,North,ngo_shelter,Shelter,0044 12,shelter@,24/7,en,\nValdoria,,astrologer,,,,,,\n"
        )
        with self.assertRaises(DirectoryInvalid) as caught:
            import_csv(bad, name="contacts.csv", acting_user=self.admin)
        problems = [str(p) for p in caught.exception.problems]
        for fragment in (
            "contacts.csv:4: phone: '0044 12' is not a valid",
            "contacts.csv:4: email: 'shelter@'",
            "contacts.csv:5: country: 'Valdoria' must be a two-letter",
            "contacts.csv:5: kind: 'astrologer'",
            "contacts.csv:5: name: is required",
        ):
            self.assertTrue(any(fragment in p for p in problems), (fragment, problems))
        self.assertEqual(DirectoryEntry.objects.count(), 0)
        self.assertFalse(AuditEvent.objects.filter(action="directory.import").exists())

    def test_missing_columns_and_duplicates(self) -> None:
        with self.assertRaises(DirectoryInvalid) as caught:
            import_csv("name,phone\nX,+442079460100\n", name="c.csv", acting_user=None)
        self.assertIn("Missing column(s): country", str(caught.exception))
        with self.assertRaises(DirectoryInvalid) as caught:
            import_csv(GOOD + GOOD.splitlines()[1] + "\n", name="c.csv", acting_user=None)
        self.assertIn("the same entry appears twice", str(caught.exception))

    def test_replace_deactivates_what_the_file_no_longer_lists(self) -> None:
        import_csv(GOOD, name="c.csv", acting_user=None)
        report = import_csv(
            HEADER + GOOD.splitlines()[1] + "\n", name="c.csv", acting_user=None, replace=True
        )
        self.assertEqual(report.deactivated, 1)
        self.assertEqual(DirectoryEntry.objects.visible_to(self.officer).count(), 1)

    def test_phone_numbers(self) -> None:
        self.assertEqual(normalise_phone("+44 161 496 0555"), "+441614960555")
        self.assertEqual(normalise_phone("+44 7700 900999"), "+447700900999")
        self.assertIsNone(normalise_phone("+44 7700 9001"))
        self.assertIsNone(normalise_phone("call us"))

    def test_the_command_reports_problems_and_imports_nothing(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "c.csv"
            path.write_text(GOOD.replace("+44 20 7946 0100", "none"))
            err = io.StringIO()
            with self.assertRaisesMessage(CommandError, "nothing imported"):
                call_command("directory_import", str(path), stderr=err)
            self.assertIn("c.csv:2: phone", err.getvalue())
            self.assertEqual(DirectoryEntry.objects.count(), 0)
            path.write_text(GOOD)
            out = io.StringIO()
            call_command("directory_import", str(path), "--as", "admin", stdout=out)
            self.assertIn("2 created", out.getvalue())

    def test_the_demo_directory_loads(self) -> None:
        report = load_demo_directory(settings.CONTENT_DIR)
        self.assertGreaterEqual(report.created, 12)
        self.assertEqual(
            set(DirectoryEntry.objects.values_list("country", flat=True)), {"XA", "XB"}
        )

    def test_anonymous_sees_no_entries(self) -> None:
        from django.contrib.auth.models import AnonymousUser

        import_csv(GOOD, name="c.csv", acting_user=None)
        self.assertEqual(DirectoryEntry.objects.visible_to(AnonymousUser()).count(), 0)


class BadFileTests(BaseTestCase):
    """What spreadsheets and attackers send: nothing of it is imported, nothing fails with a
    traceback, and every problem names its line (the same on SQLite and PostgreSQL)."""

    def problems(self, data: bytes | str) -> list[str]:
        with self.assertRaises(DirectoryInvalid) as caught:
            import_csv(data, name="c.csv", acting_user=None)
        self.assertEqual(DirectoryEntry.objects.count(), 0)
        return [str(p) for p in caught.exception.problems]

    def test_a_byte_order_mark_is_accepted(self) -> None:
        report = import_csv(b"\xef\xbb\xbf" + GOOD.encode(), name="c.csv", acting_user=None)
        self.assertEqual(report.created, 2)

    def test_the_command_accepts_a_byte_order_mark(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "c.csv"
            path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
            out = io.StringIO()
            call_command("directory_import", str(path), stdout=out)
            self.assertIn("2 created", out.getvalue())

    def test_values_the_database_would_refuse_are_named_by_line_and_column(self) -> None:
        name_limit = DirectoryEntry._meta.get_field("name").max_length
        rows = (
            f"XA,National,atu,{'N' * (name_limit + 1)},+44 20 7946 0100,,,,\n"
            "XA,National,atu,Nul\x00Unit,+44 20 7946 0101,,,,\n"
            f"XA,{'R' * 101},atu,Valdoria ATU,+44 20 7946 0102,,,,\n"
        )
        problems = self.problems(HEADER + rows)
        self.assertIn(f"c.csv:2: name: is {name_limit + 1} characters long; at most "
                      f"{name_limit} are allowed", problems)  # fmt: skip
        self.assertIn("c.csv:3: name: A NUL character is never valid.", problems)
        self.assertTrue(any(p.startswith("c.csv:4: region: is 101 characters") for p in problems))

    def test_a_value_over_the_csv_limit_and_broken_files(self) -> None:
        huge = HEADER + "XA,National,atu,Valdoria ATU,+44 20 7946 0100,,,," + "x" * 70_000 + "\n"
        self.assertIn("cannot be read as CSV", " ".join(self.problems(huge)))
        self.assertIn(
            "c.csv:1: (file): The file is not UTF-8 text", " ".join(self.problems(b"\xff\xfe"))
        )
        self.assertIn("has no rows", " ".join(self.problems(HEADER)))
        too_big = HEADER + GOOD.splitlines()[1] * 100_000
        self.assertIn("larger than", " ".join(self.problems(too_big)))


class ServesColumnTests(FieldTestCase):
    """Directory entries say whom they take; files without the column stay valid."""

    def test_serves_is_imported_checked_and_optional(self) -> None:
        header = "country,region,kind,name,phone,email,hours,languages,notes"
        row = "XA,North,ngo_shelter,Test Shelter,+44 20 7946 0999,,24/7,en,"
        import_csv(f"{header}\n{row}\n", name="old.csv", acting_user=None)
        entry = DirectoryEntry.objects.get(name="Test Shelter")
        self.assertEqual(entry.serves_list(), [])
        import_csv(f"{header},serves\n{row},children; families\n", name="new.csv", acting_user=None)
        entry.refresh_from_db()
        self.assertEqual(entry.serves_list(), ["children", "families"])
        with self.assertRaises(DirectoryInvalid) as caught:
            import_csv(f"{header},serves\n{row},pets\n", name="bad.csv", acting_user=None)
        self.assertIn("bad.csv:2: serves: 'pets' is not one of", str(caught.exception))

    def test_only_entries_that_take_the_person_are_offered(self) -> None:
        entries = list(DirectoryEntry.objects.filter(kind="ngo_shelter"))
        self.assertEqual(
            [e.name for e in entries_serving(entries, ["children"])], ["Safe Harbour Shelter"]
        )
        self.assertEqual(entries_serving(entries, ["men"]), [])
        self.assertEqual(entries_serving(entries, []), entries)
