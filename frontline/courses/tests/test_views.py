"""Course pages: each works, the right people can, outsiders get 404, participants get 403 on
the pages that run the course, wrong methods get 405."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from frontline.accounts.models import Agency, Membership, Role, User
from frontline.audit.models import AuditEvent
from frontline.certificates.models import Certificate
from frontline.courses.models import (
    AgendaItem,
    Attendance,
    CourseOffering,
    Enrolment,
    SurveyResponse,
    TeamMember,
)
from frontline.courses.tests.base import FIRST_DAY, CourseTestCase
from frontline.courses.tests.test_enrolment import GOOD
from frontline.curriculum.models import Unit
from frontline.lib import tables

MANAGE_PAGES = ["edit/", "team/", "agenda/", "participants/", "attendance/",
                f"attendance/{FIRST_DAY.isoformat()}/", "results/", "results.csv",
                "evaluation/", "close/"]  # fmt: skip
MANAGE_POSTS = ["agenda/units", "participants/import", "team/1/remove"]


def unit(number: int) -> int:
    """A unit's primary key (not its number: PostgreSQL does not reset sequences)."""
    return Unit.objects.get(number=number).pk


class AccessTests(CourseTestCase):
    def url(self, rest: str = "", offering: CourseOffering | None = None) -> str:
        return f"/courses/{(offering or self.offering).pk}/{rest}"

    def test_anonymous_is_sent_to_sign_in(self) -> None:
        for page in ["/courses/", self.url(), self.url("agenda/")]:
            r = self.client.get(page)
            self.assertEqual(r.status_code, 302)
            self.assertTrue(r["Location"].startswith("/accounts/login/"))

    def test_team_and_coordinator_reach_every_page(self) -> None:
        for user in (self.trainer, self.coordinator, self.admin):
            self.login(user)
            for page in ["", *MANAGE_PAGES]:
                with self.subTest(user=user.username, page=page):
                    self.assertEqual(self.client.get(self.url(page)).status_code, 200)

    def test_outsiders_get_404(self) -> None:
        # Another agency's officer, a trainer of the same academy not on the team, an analyst.
        for user in (self.outsider, self.other_trainer, self.analyst):
            self.login(user)
            for page in ["", "agenda.pdf", "survey/", *MANAGE_PAGES]:
                with self.subTest(user=user.username, page=page):
                    self.assertEqual(self.client.get(self.url(page)).status_code, 404)
            for page in MANAGE_POSTS:
                with self.subTest(user=user.username, page=page):
                    self.assertEqual(self.client.post(self.url(page)).status_code, 404)
        self.assertEqual(self.client.get("/courses/999999/").status_code, 404)

    def test_coordinator_of_another_agency_gets_404(self) -> None:
        police_b = Agency.objects.get(name="Northmark Police")
        Membership.objects.create(user=self.outsider, agency=police_b, role=Role.COORDINATOR)
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        self.assertEqual(self.client.get("/courses/overview/").status_code, 200)

    def test_participants_get_403_on_the_pages_that_run_the_course(self) -> None:
        self.login(self.learner)
        self.assertEqual(self.client.get(self.url()).status_code, 200)
        for page in MANAGE_PAGES:
            with self.subTest(page=page):
                self.assertEqual(self.client.get(self.url(page)).status_code, 403)
        for page in MANAGE_POSTS:
            with self.subTest(page=page):
                self.assertEqual(self.client.post(self.url(page)).status_code, 403)
        self.assertEqual(self.client.get("/courses/new/").status_code, 403)
        self.assertEqual(self.client.get("/courses/overview/").status_code, 403)

    def test_trainer_on_the_team_cannot_answer_the_survey(self) -> None:
        self.login(self.trainer)
        self.assertEqual(self.client.get(self.url("survey/")).status_code, 403)

    def test_lists_show_only_visible_courses(self) -> None:
        hidden = CourseOffering.objects.create(
            title="Northmark lakeside course", agency=Agency.objects.get(name="Northmark Police"),
            starts_on=FIRST_DAY, ends_on=FIRST_DAY, venue="x", language="English",
        )  # fmt: skip
        for user, sees in ((self.trainer, True), (self.learner, True), (self.coordinator, True),
                           (self.other_trainer, False), (self.outsider, False)):  # fmt: skip
            self.login(user)
            page = self.client.get("/courses/")
            with self.subTest(user=user.username):
                self.assertEqual(self.offering.title in page.content.decode(), sees)
                self.assertNotContains(page, hidden.title)
                if sees:  # the whole course's count, not only the reader's own enrolment
                    self.assertContains(page, "2 participants")
        self.assertEqual(set(CourseOffering.objects.visible_to(self.admin)),
                         {self.offering, hidden})  # fmt: skip

    def test_wrong_methods(self) -> None:
        self.login(self.trainer)
        for page in ["", "results/", "results.csv", "attendance/", "agenda.pdf", "evaluation/"]:
            with self.subTest(page=page):
                self.assertEqual(self.client.post(self.url(page)).status_code, 405)
        for page in MANAGE_POSTS:
            with self.subTest(page=page):
                self.assertEqual(self.client.get(self.url(page)).status_code, 405)
        self.assertEqual(self.client.put("/courses/new/").status_code, 405)
        self.assertEqual(self.client.post("/courses/").status_code, 405)

    def test_list_query_count_does_not_grow_with_courses(self) -> None:
        self.login(self.coordinator)
        self.client.get("/courses/")
        with CaptureQueriesContext(connection) as one:
            self.client.get("/courses/")
        for n in range(5):
            CourseOffering.objects.create(title=f"c{n}", agency=self.academy, starts_on=FIRST_DAY,
                                          ends_on=FIRST_DAY, venue="v", language="en")  # fmt: skip
        with CaptureQueriesContext(connection) as six:
            self.assertContains(self.client.get("/courses/"), "c4")
        self.assertEqual(len(six), len(one))


class PlanningTests(CourseTestCase):
    def test_trainer_creates_a_course_and_leads_it(self) -> None:
        self.login(self.trainer)
        self.assertEqual(self.client.get("/courses/new/").status_code, 200)
        data = {"title": "Border course", "agency": self.academy.pk, "starts_on": "2026-05-04",
                "ends_on": "2026-05-06", "venue": "Hall C", "language": "English",
                "day_start": "09:00", "day_end": "17:00", "breaks": "12:30 60 Lunch",
                "min_attendance": "80", "require_post_test": "on",
                "required_scenarios": "border-minibus, no-such-case"}  # fmt: skip
        r = self.client.post("/courses/new/", data)
        self.assertContains(r, "No case exercise has the id no-such-case.", status_code=400)
        self.assertFalse(CourseOffering.objects.filter(title="Border course").exists())
        data["required_scenarios"] = "border-minibus, sports-team, border-minibus"
        r = self.client.post("/courses/new/", data)
        offering = CourseOffering.objects.get(title="Border course")
        self.assertRedirects(r, f"/courses/{offering.pk}/agenda/")
        self.assertEqual(offering.required_scenarios, ["border-minibus", "sports-team"])
        lead = offering.team.get()
        self.assertEqual((lead.user, lead.role), (self.trainer, TeamMember.TeamRole.LEAD))
        self.assertTrue(AuditEvent.objects.filter(action="courses.create").exists())
        # The team has no co-trainer from another discipline: the course page says so.
        self.assertContains(self.client.get(offering.get_absolute_url()),
                            "no co-trainer from victim assistance")  # fmt: skip

    def test_bad_course_form_is_400_and_names_the_problem(self) -> None:
        self.login(self.coordinator)
        data = {"title": "x", "agency": self.academy.pk, "starts_on": "2026-05-06",
                "ends_on": "2026-05-04", "venue": "v", "language": "en", "day_start": "09:00",
                "day_end": "17:00", "breaks": "12:30 lunch", "min_attendance": "80"}  # fmt: skip
        r = self.client.post("/courses/new/", data)
        self.assertContains(r, "cannot be before the first day", status_code=400)
        self.assertContains(r, "Breaks, line 1", status_code=400)
        # An agency where the user plans nothing is not a valid choice.
        data.update(ends_on="2026-05-07", breaks="",
                    agency=Agency.objects.get(name="Northmark Police").pk)  # fmt: skip
        self.assertEqual(self.client.post("/courses/new/", data).status_code, 400)
        self.assertFalse(CourseOffering.objects.filter(title="x").exists())

    def test_team_member_with_victim_assistance_clears_the_warning(self) -> None:
        self.login(self.trainer)
        self.assertContains(self.client.get(f"/courses/{self.offering.pk}/team/"),
                            "no co-trainer")  # fmt: skip
        member = {"user": self.caseworker.pk, "role": "co", "discipline": "victim_assistance"}
        r = self.client.post(f"/courses/{self.offering.pk}/team/", member)
        self.assertRedirects(r, f"/courses/{self.offering.pk}/team/")
        self.assertNotContains(self.client.get(f"/courses/{self.offering.pk}/team/"),
                               "no co-trainer")  # fmt: skip
        # An officer of another agency is not offered as a team member.
        page = self.client.get(f"/courses/{self.offering.pk}/team/")
        self.assertNotContains(page, "Oskar Brandt")
        self.assertContains(page, "Nadia Halloran")
        bad = self.client.post(f"/courses/{self.offering.pk}/team/",
                               {"user": "999999", "role": "boss", "discipline": "x"})  # fmt: skip
        self.assertEqual(bad.status_code, 400)
        member = self.offering.team.get(user=self.caseworker)
        self.client.post(f"/courses/{self.offering.pk}/team/{member.pk}/remove")
        self.assertFalse(self.offering.team.filter(user=self.caseworker).exists())

    def test_agenda_from_units_reorder_drop_shorten(self) -> None:
        self.login(self.trainer)
        base = f"/courses/{self.offering.pk}/agenda/"
        r = self.client.post(base + "units", {"units": [unit(1)]})
        self.assertRedirects(r, base)
        items = list(AgendaItem.objects.filter(offering=self.offering))
        self.assertEqual([i.planned_minutes for i in items], [30, 40, 60, 30, 30, 45, 45, 15])
        page = self.client.get(base)
        self.assertContains(page, "Total: 4 h 55 min of sessions over 1 day")
        # Adding the same unit again adds nothing.
        self.client.post(base + "units", {"units": [unit(1)]})
        self.assertEqual(AgendaItem.objects.filter(offering=self.offering).count(), 8)
        # Move the last session first, drop the second, shorten the third to 20 minutes.
        form = {}
        for n, item in enumerate(items, 1):
            form[f"position-{item.pk}"] = str(n)
            form[f"minutes-{item.pk}"] = str(item.minutes)
            form[f"keep-{item.pk}"] = "on"
        form[f"position-{items[-1].pk}"] = "1"
        form[f"position-{items[0].pk}"] = "2"
        del form[f"keep-{items[1].pk}"]
        form[f"minutes-{items[2].pk}"] = "20"
        self.assertRedirects(self.client.post(base, form), base)
        kept = list(self.offering.agenda.filter(included=True).order_by("position"))
        self.assertEqual(kept[0].title, "Wrap-up")
        self.assertEqual(len(kept), 7)
        self.assertEqual(sum(i.minutes for i in kept), 295 - 40 - 40)
        self.assertContains(self.client.get(base), "Total: 3 h 35 min of sessions")
        # Longer than the plan, or not a number: 400 and nothing changes.
        for bad in ("61", "abc", "2"):
            form[f"minutes-{items[2].pk}"] = bad
            with self.subTest(minutes=bad):
                self.assertEqual(self.client.post(base, form).status_code, 400)
        self.assertEqual(AgendaItem.objects.get(pk=items[2].pk).minutes, 20)
        self.assertTrue(AuditEvent.objects.filter(action="courses.agenda_save").exists())

    def test_agenda_longer_than_the_course_is_warned_and_pdf_prints(self) -> None:
        self.login(self.trainer)
        base = f"/courses/{self.offering.pk}/agenda/"
        self.client.post(base + "units", {"units": [unit(n) for n in range(1, 6)]})
        page = self.client.get(base)
        self.assertContains(page, "more than the course has")
        self.assertContains(page, "Day 5")
        pdf = self.client.get(f"/courses/{self.offering.pk}/agenda.pdf")
        self.assertEqual(pdf["Content-Type"], "application/pdf")
        self.assertTrue(pdf.content.startswith(b"%PDF"))
        # Participants may print it too.
        self.login(self.learner)
        self.assertEqual(self.client.get(f"/courses/{self.offering.pk}/agenda.pdf").status_code,
                         200)  # fmt: skip

    def test_units_form_without_units_is_a_message_not_an_error(self) -> None:
        self.login(self.trainer)
        r = self.client.post(f"/courses/{self.offering.pk}/agenda/units", {}, follow=True)
        self.assertContains(r, "Choose at least one unit")


class ParticipantTests(CourseTestCase):
    def test_enrol_one_person(self) -> None:
        self.login(self.trainer)
        base = f"/courses/{self.offering.pk}/participants/"
        mira = {"first_name": "Mira", "last_name": "Dellan", "email": "mira@example.org",
                "agency": self.border.pk}  # fmt: skip
        with self.captureOnCommitCallbacks(execute=True):
            r = self.client.post(base, mira)
        self.assertRedirects(r, base)
        self.assertTrue(self.offering.enrolments.filter(user__email="mira@example.org").exists())
        self.assertEqual(len(mail.outbox), 1)
        self.assertContains(self.client.get(base), "e-mail sent")
        again = self.client.post(base, mira)
        self.assertContains(again, "already invited to this course", status_code=400)
        self.assertEqual(self.client.post(base, {"email": "x"}).status_code, 400)

    def test_csv_upload_all_or_nothing(self) -> None:
        self.login(self.coordinator)
        url = f"/courses/{self.offering.pk}/participants/import"
        bad = GOOD + "Broken,Row,not-an-address,Valdoria Police\n"
        r = self.client.post(url, {"file": SimpleUploadedFile("list.csv", bad.encode())})
        self.assertContains(r, "Nothing was imported", status_code=400)
        self.assertContains(r, "Line 5", status_code=400)
        self.assertEqual(self.offering.enrolments.count(), 2)
        self.assertEqual(mail.outbox, [])
        with self.captureOnCommitCallbacks(execute=True):
            r = self.client.post(url, {"file": SimpleUploadedFile("list.csv", GOOD.encode())})
        self.assertRedirects(r, f"/courses/{self.offering.pk}/participants/")
        self.assertEqual(self.offering.enrolments.count(), 5)
        self.assertEqual(len(mail.outbox), 3)
        self.assertEqual(self.client.post(url, {}).status_code, 400)  # no file


class AttendanceTests(CourseTestCase):
    def test_mark_a_day(self) -> None:
        self.login(self.trainer)
        url = f"/courses/{self.offering.pk}/attendance/{FIRST_DAY.isoformat()}/"
        learner = self.enrolment(self.learner)
        self.assertRedirects(self.client.post(url, {"present": [learner.pk]}),
                             f"/courses/{self.offering.pk}/attendance/")  # fmt: skip
        marks = dict(Attendance.objects.values_list("enrolment__user__username", "present"))
        self.assertEqual(marks, {"learner": True, "officer": False})
        self.assertContains(self.client.get(f"/courses/{self.offering.pk}/attendance/"),
                            "1 of 2 present")  # fmt: skip
        # Marking again replaces the day's marks.
        self.client.post(url, {"present": [learner.pk, self.enrolment(self.officer).pk]})
        self.assertEqual(Attendance.objects.filter(present=True).count(), 2)
        self.assertEqual(Attendance.objects.count(), 2)

    def test_bad_attendance_input(self) -> None:
        self.login(self.trainer)
        url = f"/courses/{self.offering.pk}/attendance/{FIRST_DAY.isoformat()}/"
        self.assertEqual(self.client.post(url, {"present": ["abc"]}).status_code, 400)
        self.assertEqual(self.client.post(url, {"present": ["999999"]}).status_code, 400)
        self.assertEqual(Attendance.objects.count(), 0)
        for day in ("2026-13-01", "2026-04-01", "yesterday"):
            with self.subTest(day=day):
                r = self.client.get(f"/courses/{self.offering.pk}/attendance/{day}/")
                self.assertEqual(r.status_code, 404)


class ResultTests(CourseTestCase):
    def test_results_page_csv_and_learner_view(self) -> None:
        self.offering.require_post_test = False
        self.offering.save()
        for day in self.offering.days:
            Attendance.objects.create(enrolment=self.enrolment(self.learner), day=day,
                                      present=True, recorded_by=self.trainer)  # fmt: skip
        self.take(self.learner, "pre-test", right=10)
        self.take(self.learner, "post-test", right=25)
        self.login(self.trainer)
        page = self.client.get(f"/courses/{self.offering.pk}/results/")
        self.assertContains(page, "1 of 2 participants have completed the course.")
        self.assertContains(page, "<svg", count=2)
        self.assertContains(page, "Valdoria Border Guard")
        csv = self.client.get(f"/courses/{self.offering.pk}/results.csv")
        self.assertEqual(csv["Content-Type"], "text/csv; charset=utf-8")
        lines = csv.content.decode().splitlines()
        self.assertTrue(lines[0].startswith("participant,agency,attendance_pct"))
        lena = next(line for line in lines if line.startswith("Lena Marek"))
        # A name that a spreadsheet would run as a formula is written as text.
        self.officer.first_name = "=HYPERLINK(1)"
        self.officer.save()
        csv = self.client.get(f"/courses/{self.offering.pk}/results.csv")
        self.assertIn("'=HYPERLINK(1) Kasza", csv.content.decode())
        self.assertIn(",100.0,", lena)
        self.assertIn(",yes,", lena)
        self.assertTrue(AuditEvent.objects.filter(action="courses.export_results",
                                                  actor=self.trainer).exists())  # fmt: skip
        # The same as a spreadsheet, a right-to-left name included.
        self.officer.first_name, self.officer.last_name = "ليلى", "حداد"
        self.officer.save()
        xlsx = self.client.get(f"/courses/{self.offering.pk}/results.xlsx")
        self.assertEqual(xlsx["Content-Type"], tables.XLSX)
        sheet = load_workbook(io.BytesIO(xlsx.content)).active
        rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
        self.assertEqual(rows["Lena Marek"][2], 100.0)  # attendance, a number
        self.assertEqual(rows["Lena Marek"][7], "yes")
        self.assertIn("ليلى حداد", rows)
        self.assertEqual(
            AuditEvent.objects.filter(action="courses.export_results")
            .latest("pk")
            .details["format"],
            "xlsx",
        )
        # The learner sees their own results and nothing of the others.
        self.login(self.learner)
        mine = self.client.get(f"/courses/{self.offering.pk}/")
        self.assertContains(mine, "You have completed this course.")
        self.assertNotContains(mine, "Bruno")
        self.login(self.officer)
        theirs = self.client.get(f"/courses/{self.offering.pk}/")
        self.assertContains(theirs, "Attend at least 80%")
        self.assertNotContains(theirs, "Lena")

    def test_certificates_for_those_who_completed(self) -> None:
        self.offering.require_post_test = False
        self.offering.min_attendance = 50
        self.offering.save()
        for day in self.offering.days[:2]:
            Attendance.objects.create(enrolment=self.enrolment(self.learner), day=day,
                                      present=True, recorded_by=self.trainer)  # fmt: skip
        url = f"/courses/{self.offering.pk}/certificates"
        self.login(self.learner)
        self.assertEqual(self.client.post(url).status_code, 403)
        self.assertContains(self.client.get(f"/courses/{self.offering.pk}/"),
                            "once the trainer has issued it")  # fmt: skip
        self.login(self.trainer)
        self.assertEqual(self.client.get(url).status_code, 405)
        self.assertRedirects(self.client.post(url), f"/courses/{self.offering.pk}/results/")
        self.client.post(url)  # twice: still one certificate
        [certificate] = Certificate.objects.all()
        self.assertEqual(certificate.holder, self.learner)
        self.assertEqual(certificate.reference, f"course:{self.offering.pk}")
        self.assertEqual(certificate.title, self.offering.title)
        self.assertEqual(AuditEvent.objects.filter(action="courses.issue_certificates").count(),
                         2)  # fmt: skip
        self.assertContains(self.client.get(f"/courses/{self.offering.pk}/results/"),
                            certificate.display_code)  # fmt: skip
        self.login(self.learner)
        page = self.client.get(f"/courses/{self.offering.pk}/")
        pdf_url = reverse("certificates:pdf", kwargs={"code": certificate.code})
        self.assertContains(page, pdf_url)
        self.assertContains(page, certificate.display_code)
        pdf = self.client.get(pdf_url)
        self.assertTrue(pdf.content.startswith(b"%PDF"))
        self.assertContains(self.client.get(certificate.get_absolute_url()), "Lena Marek")
        self.login(self.officer)  # not complete, no certificate, not the learner's either
        self.assertContains(self.client.get(f"/courses/{self.offering.pk}/"), "Still to do")
        self.assertEqual(self.client.get(pdf_url).status_code, 404)

    def test_overview_groups_by_agency_and_quarter(self) -> None:
        self.take(self.officer, "pre-test", right=5)
        self.take(self.officer, "post-test", right=20)
        self.login(self.coordinator)
        # A course still to come does not count.
        CourseOffering.objects.create(title="later", agency=self.academy, venue="v",
                                      language="en", starts_on=timezone.localdate(),
                                      ends_on=timezone.localdate() + timedelta(days=2))  # fmt: skip
        page = self.client.get("/courses/overview/")
        self.assertContains(page, "from 1 finished course you coordinate")
        self.assertContains(page, "Valdoria Border Guard")
        self.assertContains(page, "2026-Q1")
        self.assertContains(page, "<svg")


class SurveyViewTests(CourseTestCase):
    def setUp(self) -> None:
        AgendaItem.objects.create(offering=self.offering, position=1, title="s", minutes=30,
                                  planned_minutes=30, unit_id=unit(1))  # fmt: skip

    def answers(self) -> dict[str, str]:
        return {"relevance": "4", "u1-before": "2", "u1-after": "4", "improve": "More cases"}

    def test_closed_before_the_last_day(self) -> None:
        CourseOffering.objects.filter(pk=self.offering.pk).update(
            ends_on=timezone.localdate() + timedelta(days=3)
        )
        self.login(self.learner)
        self.assertEqual(self.client.get(f"/courses/{self.offering.pk}/survey/").status_code, 409)

    def test_answer_then_threshold_on_the_evaluation_page(self) -> None:
        self.login(self.learner)
        url = f"/courses/{self.offering.pk}/survey/"
        self.assertContains(self.client.get(url), "Unit 1")
        self.assertEqual(self.client.post(url, {"relevance": "9"}).status_code, 400)
        self.assertContains(self.client.post(url, self.answers()), "Thank you")
        self.assertContains(self.client.get(url), "Thank you")  # once only
        self.client.post(url, self.answers())
        self.assertEqual(SurveyResponse.objects.count(), 1)
        self.login(self.trainer)
        evaluation = f"/courses/{self.offering.pk}/evaluation/"
        self.assertContains(self.client.get(evaluation), "Results appear once at least 5")
        self.assertNotContains(self.client.get(evaluation), "More cases")
        for n in range(4):
            user = User.objects.create(username=f"p{n}")
            Enrolment.objects.create(offering=self.offering, user=user, agency=self.border,
                                     status=Enrolment.Status.ACCEPTED)  # fmt: skip
            self.login(user)
            self.client.post(url, self.answers())
        self.login(self.trainer)
        page = self.client.get(evaluation)
        self.assertContains(page, "5 participants answered")
        self.assertContains(page, "More cases", count=5)
