"""CSV import: every bad row reported with its line, nothing imported unless all rows are good;
invitations by e-mail."""

from __future__ import annotations

from dataclasses import replace
from unittest import mock

from django.core import mail
from django.db import IntegrityError

from frontline.accounts.models import Membership, Role, User
from frontline.audit.models import AuditEvent
from frontline.courses import actions, enrolment
from frontline.courses.enrolment import check_person, read_csv
from frontline.courses.models import Enrolment
from frontline.courses.tests.base import CourseTestCase
from frontline.mail.models import Message

GOOD = (
    "first_name,last_name,email,agency\n"
    "Mira,Dellan,mira.dellan@example.org,Valdoria Border Guard\n"
    "Jonas,Ferre,jonas.ferre@example.org,valdoria police\n"
    "Ines,Corbel,ines.corbel@example.org,Northmark Police\n"
)


class ReadCsvTests(CourseTestCase):
    def test_good_file(self) -> None:
        report = read_csv(self.offering, GOOD.encode())
        self.assertTrue(report.ok)
        self.assertEqual([p.line for p in report.people], [2, 3, 4])
        self.assertEqual(report.people[1].agency.name, "Valdoria Police")  # any case

    def test_every_bad_row_is_reported_with_its_line(self) -> None:
        data = (
            b"email,first_name,last_name,agency\n"  # columns in any order
            b"ok.one@example.org,Ok,One,Valdoria Police\n"
            b"not-an-address,Bad,Mail,Valdoria Police\n"
            b",,,\n"  # blank row: skipped, still counts as a line
            b"no.name@example.org,,Name,Valdoria Police\n"
            b"x@example.org,Un,Known,Atlantis Coast Guard\n"
            b"OK.ONE@example.org,Twice,Again,Valdoria Police\n"
            b"learner@example.org,Lena,Marek,Valdoria Police Academy\n"
            b"no.agency@example.org,No,Agency,\n"
        )
        report = read_csv(self.offering, data)
        self.assertFalse(report.ok)
        lines = dict(report.problems)
        self.assertEqual(sorted(lines), [3, 5, 6, 7, 8, 9])
        self.assertIn("not an e-mail address", lines[3])
        self.assertIn("first name is missing", lines[5])
        self.assertIn("no agency is called “Atlantis Coast Guard”", lines[6])
        self.assertIn("same e-mail as line 2", lines[7])
        self.assertIn("already invited", lines[8])
        self.assertIn("the agency is missing", lines[9])

    def test_file_level_problems(self) -> None:
        cases = [
            (b"name,email\nA,a@example.org\n", "Missing column(s): first_name, last_name, agency"),
            ("first_name\n\xe9".encode("latin-1"), "not UTF-8"),
            (b"first_name,last_name,email,agency\n", "no participants"),
            (b"x" * (600 * 1024), "larger than 512 KB"),
        ]
        for data, message in cases:
            with self.subTest(message=message):
                report = read_csv(self.offering, data)
                self.assertFalse(report.ok)
                self.assertIn(message, report.problems[0][1])

    def test_what_the_database_would_refuse_is_named_by_line(self) -> None:
        limit = User._meta.get_field("first_name").max_length
        data = (
            "first_name,last_name,email,agency\n"
            f"{'A' * 200},Long,long@example.org,Valdoria Police\n"
            "Nul,By\x00te,nul@example.org,Valdoria Police\n"
            f"Huge,Field,huge@example.org,{'x' * 70_000}\n"
        ).encode()
        report = read_csv(self.offering, data)
        lines = dict(report.problems)
        self.assertIn(f"first name is 200 characters long; at most {limit}", lines[2])
        self.assertIn("last_name: A NUL character is never valid.", lines[3])
        self.assertIn("cannot be read as CSV", lines[4])
        self.assertEqual(report.people, [])

    def test_too_many_rows(self) -> None:
        rows = "".join(f"P,{n},p{n}@example.org,Valdoria Police\n" for n in range(4))
        with mock.patch.object(enrolment, "MAX_ROWS", 3):
            report = read_csv(self.offering, (GOOD.splitlines()[0] + "\n" + rows).encode())
        self.assertIn((5, "More than 3 rows."), report.problems)
        self.assertFalse(report.ok)

    def test_byte_order_mark_is_accepted(self) -> None:
        self.assertTrue(read_csv(self.offering, "\ufeff".encode() + GOOD.encode()).ok)

    def test_existing_account_is_reused(self) -> None:
        person, problems = check_person(
            self.offering, first_name="Ana", last_name="Petrović",
            email="ANALYST@example.org", agency=self.academy,
        )  # fmt: skip
        self.assertEqual(problems, [])
        assert person is not None
        self.assertEqual(person.user, self.analyst)


class EnrolTests(CourseTestCase):
    def test_import_creates_accounts_enrols_and_invites(self) -> None:
        report = read_csv(self.offering, GOOD.encode())
        with self.captureOnCommitCallbacks(execute=True) as queued:
            enrolments = actions.enrol(self.offering, report.people, acting_user=self.trainer)
            self.assertEqual(mail.outbox, [])  # nothing leaves before the commit
        self.assertEqual(len(queued), 3)
        self.assertEqual(len(enrolments), 3)
        mira = User.objects.get(email="mira.dellan@example.org")
        self.assertEqual(mira.username, "miradellan")
        self.assertFalse(mira.has_usable_password())
        self.assertTrue(Membership.objects.filter(user=mira, agency=self.border,
                                                  role=Role.LEARNER).exists())  # fmt: skip
        self.assertEqual(len(mail.outbox), 3)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["mira.dellan@example.org"])
        self.assertIn(self.offering.title, message.subject)
        self.assertIn(f"/courses/{self.offering.pk}/", message.body)
        self.assertIn("/accounts/password/reset/", message.body)
        self.assertIn("mira.dellan@example.org (or your user name, miradellan)", message.body)
        self.assertTrue(all(e.status == Enrolment.Status.INVITED for e in enrolments))
        sent = Message.objects.filter(status=Message.Status.SENT, sent_at__isnull=False)
        self.assertEqual(sent.count(), 3)
        self.assertEqual(
            set(Enrolment.objects.filter(pk__in=[e.pk for e in enrolments])
                .values_list("invitation__status", flat=True)), {"sent"},
        )  # fmt: skip
        self.assertEqual(AuditEvent.objects.filter(action="courses.enrol").count(), 3)

    def test_existing_user_gets_no_password_link(self) -> None:
        person, _ = check_person(self.offering, first_name="Ana", last_name="P",
                                 email="analyst@example.org", agency=self.academy)  # fmt: skip
        assert person is not None
        with self.captureOnCommitCallbacks(execute=True):
            actions.enrol(self.offering, [person], acting_user=self.trainer)
        self.assertNotIn("/accounts/password/reset/", mail.outbox[0].body)
        self.assertIn("accept the invitation", mail.outbox[0].body)
        self.assertFalse(Membership.objects.filter(user=self.analyst, role=Role.LEARNER).exists())

    def test_nothing_is_kept_when_one_enrolment_fails(self) -> None:
        people = read_csv(self.offering, GOOD.encode()).people
        # Between the check and the import, the third person is enrolled elsewhere: the third
        # enrolment breaks the unique constraint, and the first two must go with it.
        actions.enrol(self.offering, people[2:], acting_user=self.trainer)
        ines = User.objects.get(email="ines.corbel@example.org")
        stale = replace(people[2], user=ines)
        mail.outbox.clear()
        users_before = User.objects.count()
        with self.captureOnCommitCallbacks(execute=True), self.assertRaises(IntegrityError):
            actions.enrol(self.offering, [*people[:2], stale], acting_user=self.trainer)
        self.assertEqual(User.objects.count(), users_before)
        self.assertEqual(self.offering.enrolments.count(), 3)
        self.assertEqual(mail.outbox, [])
