"""A calendar that knows weekends and the agency's holidays, and refuses absurd dates."""

from __future__ import annotations

from datetime import date

from frontline.audit.models import AuditEvent
from frontline.courses import completion
from frontline.courses.models import AgendaItem, CourseOffering, Holiday
from frontline.courses.tests.base import CourseTestCase
from frontline.courses.tests.test_views import unit

THURSDAY = date(2026, 12, 24)
NEXT_WEDNESDAY = date(2026, 12, 30)


class WeekendCourseTests(CourseTestCase):
    """Five teaching days, Thursday 24 to Wednesday 30 December 2026, over a weekend and
    Christmas Day (a holiday of the academy): 24, 28, 29, 30 and not 25, 26, 27."""

    def setUp(self) -> None:
        CourseOffering.objects.filter(pk=self.offering.pk).update(
            starts_on=THURSDAY, ends_on=NEXT_WEDNESDAY
        )
        self.offering.refresh_from_db()
        Holiday.objects.create(agency=self.academy, day=date(2026, 12, 25), name="Christmas Day")
        # Four full teaching days of sessions: one more than the course has.
        AgendaItem.objects.bulk_create(
            AgendaItem(offering=self.offering, position=n, title=f"Session {n}", minutes=390,
                       planned_minutes=390, unit_id=unit(1))
            for n in range(1, 6)
        )  # fmt: skip

    def test_teaching_days_skip_the_weekend_and_the_holiday(self) -> None:
        self.assertEqual(
            [d.day for d in self.offering.days], [24, 28, 29, 30]
        )  # 31 is past the last day
        self.login(self.trainer)
        agenda = self.client.get(f"/courses/{self.offering.pk}/agenda/")
        for shown in ("Thursday 24 Dec", "Monday 28 Dec", "Tuesday 29 Dec", "Wednesday 30 Dec"):
            self.assertContains(agenda, shown)
        for never in ("Friday 25 Dec", "Saturday 26 Dec", "Sunday 27 Dec", "Thursday 31 Dec"):
            self.assertNotContains(agenda, never)
        self.assertContains(agenda, "The agenda needs 1 day more than the course has")
        self.assertContains(agenda, 'Day 5 · <span class="status-revoked">does not fit')
        attendance = self.client.get(f"/courses/{self.offering.pk}/attendance/")
        self.assertContains(attendance, "/attendance/2026-12-28/")
        self.assertNotContains(attendance, "/attendance/2026-12-26/")
        self.assertEqual(
            self.client.get(f"/courses/{self.offering.pk}/attendance/2026-12-26/").status_code,
            404,
        )

    def test_completion_counts_teaching_days_only(self) -> None:
        evidence = completion.evidence_for(self.offering, self.offering.enrolments.accepted())
        self.assertEqual({e.course_days for e in evidence.values()}, {4})


class CourseDatesTests(CourseTestCase):
    def form(self, starts: str, ends: str) -> dict[str, str]:
        return {
            "title": "T", "agency": str(self.academy.pk), "starts_on": starts, "ends_on": ends,
            "venue": "V", "language": "English", "day_start": "09:00", "day_end": "17:00",
            "breaks": "12:30 60 Lunch", "min_attendance": "80", "require_post_test": "on",
        }  # fmt: skip

    def test_absurd_dates_are_refused(self) -> None:
        self.login(self.trainer)
        page = self.client.post("/courses/new/", self.form("2027-01-04", "2099-12-31"))
        self.assertContains(page, "A course runs at most 120 days", status_code=400)
        page = self.client.post("/courses/new/", self.form("2027-01-02", "2027-01-03"))
        self.assertContains(page, "no weekday to teach on", status_code=400)
        self.assertFalse(CourseOffering.objects.filter(title="T").exists())
        self.assertEqual(
            self.client.post("/courses/new/", self.form("2027-01-04", "2027-01-08")).status_code,
            302,
        )


class HolidayPageTests(CourseTestCase):
    def test_coordinators_keep_their_agency_s_holidays(self) -> None:
        self.login(self.coordinator)
        page = self.client.post(
            "/courses/holidays/",
            {"agency": self.academy.pk, "day": "2026-12-25", "name": "Christmas Day"},
        )
        self.assertRedirects(page, "/courses/holidays/")
        holiday = Holiday.objects.get(agency=self.academy, day=date(2026, 12, 25))
        self.assertTrue(AuditEvent.objects.filter(action="courses.holiday_add").exists())
        self.assertContains(self.client.get("/courses/holidays/"), "Christmas Day")
        # Only agencies where the user coordinates can be chosen.
        other = self.client.post(
            "/courses/holidays/", {"agency": self.border.pk, "day": "2026-12-26", "name": "X"}
        )
        self.assertEqual(other.status_code, 400)
        # Outsiders cannot tell the holiday exists; trainers do not keep holidays.
        for user, status in ((self.outsider, 404), (self.trainer, 404)):
            self.login(user)
            url = f"/courses/holidays/{holiday.pk}/remove"
            self.assertEqual(self.client.post(url).status_code, status)
        self.login(self.trainer)
        self.assertEqual(self.client.get("/courses/holidays/").status_code, 403)
        self.login(self.coordinator)
        self.client.post(f"/courses/holidays/{holiday.pk}/remove")
        self.assertFalse(Holiday.objects.filter(pk=holiday.pk).exists())
        self.assertEqual(self.client.get(f"/courses/holidays/{holiday.pk}/remove").status_code,
                         405)  # fmt: skip
