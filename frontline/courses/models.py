"""Trainer-led course offerings: the team, the agenda, who takes part, who came, and what they
thought of it.

An offering belongs to the agency that runs it (usually an academy); participants come from
several agencies, and each enrolment records the agency that sent the person, which is what
results per agency are grouped by.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from functools import cached_property

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from frontline.accounts.models import Agency, User
from frontline.accounts.policy import COORDINATE, agencies_where, unrestricted
from frontline.courses.agenda import DayPlan, parse_breaks, teaching_days
from frontline.curriculum.models import SessionRow, Unit
from frontline.mail.models import Message

# A sent invitation can be sent again after this long (not sooner: no flood of e-mails).
RESEND_AFTER = timedelta(minutes=10)

DEFAULT_BREAKS = "10:30 15 Coffee\n12:30 60 Lunch\n15:00 15 Coffee"


def _runs(user: User) -> models.Q:
    return models.Q(team__user=user) | models.Q(agency__in=agencies_where(user, COORDINATE))


class CourseQuerySet(models.QuerySet["CourseOffering"]):
    def visible_to(self, user: User) -> CourseQuerySet:
        """Courses the user runs (`run_by`), and those they are invited to or take part in."""
        if unrestricted(user):
            return self.all()
        invited = models.Q(
            enrolments__user=user,
            enrolments__status__in=[Enrolment.Status.INVITED, Enrolment.Status.ACCEPTED],
        )
        return self.filter(_runs(user) | invited).distinct()

    def run_by(self, user: User) -> CourseQuerySet:
        """Courses whose team the user is on, and, for coordinators and administrators, the
        courses of their agencies: the courses whose pages the user may run."""
        if unrestricted(user):
            return self.all()
        return self.filter(_runs(user)).distinct()


# A course longer than this is a typing mistake (2027 to 2099), not a course.
MAX_COURSE_DAYS = 120


class CourseOffering(models.Model):
    """A course. It is never deleted with its evidence (enrolments, attendance, evaluation):
    it is cancelled (before it ends) or archived (after), and then read-only."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CANCELLED = "cancelled", _("cancelled")
        ARCHIVED = "archived", _("archived")

    title = models.CharField(_("title"), max_length=200)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="course_offerings",
        verbose_name=_("organised by"),
    )  # fmt: skip
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    venue = models.CharField(_("venue"), max_length=200)
    language = models.CharField(_("language"), max_length=60)
    day_start = models.TimeField(_("day starts"), default=time(9))
    day_end = models.TimeField(_("day ends"), default=time(17))
    breaks = models.TextField(
        _("breaks"), default=DEFAULT_BREAKS, blank=True,
        help_text=_("One a line: start, minutes, name, e.g. 12:30 60 Lunch"),
    )  # fmt: skip
    min_attendance = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"), default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )  # fmt: skip
    require_post_test = models.BooleanField(_("post-test must be passed"), default=True)
    required_scenarios = models.JSONField(
        _("required case exercises"), default=list, blank=True,
        help_text=_("ids of the case exercises a participant must complete"),
    )  # fmt: skip
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    status_reason = models.CharField(_("reason"), max_length=300, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="course_dates_order"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("courses:detail", args=[self.pk])

    @cached_property
    def days(self) -> list[date]:
        """The teaching days: weekdays from the first to the last day, without the
        organising agency's holidays (one query)."""
        return self.teaching_days(
            Holiday.objects.filter(
                agency=self.agency_id, day__range=(self.starts_on, self.ends_on)
            ).values_list("day", flat=True)
        )

    def teaching_days(self, holidays: Iterable[date]) -> list[date]:
        return teaching_days(self.starts_on, self.ends_on, set(holidays))

    def day_plan(self) -> DayPlan:
        """Raises agenda.PlanError when the stored day does not make sense."""
        return DayPlan(self.day_start, self.day_end, parse_breaks(self.breaks))

    def has_ended(self, today: date) -> bool:
        return today >= self.ends_on

    @property
    def read_only(self) -> bool:
        """Cancelled or archived: its records stay as they are, nothing is added or changed."""
        return self.status != self.Status.OPEN

    def units(self) -> list[Unit]:
        """The units with a session on the agenda."""
        return list(Unit.objects.filter(pk__in=self.agenda.filter(included=True).values("unit")))


class TeamMember(models.Model):
    class TeamRole(models.TextChoices):
        LEAD = "lead", _("Lead trainer")
        CO_TRAINER = "co", _("Co-trainer")

    class Discipline(models.TextChoices):
        LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")
        VICTIM_ASSISTANCE = "victim_assistance", _("Victim assistance")
        LABOUR_INSPECTION = "labour_inspection", _("Labour inspection")
        PROSECUTION = "prosecution", _("Prosecution")
        OTHER = "other", _("Other")

    offering = models.ForeignKey(CourseOffering, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="course_teams")
    role = models.CharField(_("role in the team"), max_length=8, choices=TeamRole.choices)
    discipline = models.CharField(_("discipline"), max_length=24, choices=Discipline.choices)

    class Meta:
        ordering = ["role", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["offering", "user"], name="unique_team_member")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.get_discipline_display()})"


class AgendaItem(models.Model):
    """One session of the course, copied from a unit's session plan so that it can be dropped,
    moved or shortened without touching the curriculum."""

    offering = models.ForeignKey(CourseOffering, on_delete=models.CASCADE, related_name="agenda")
    source = models.ForeignKey(SessionRow, on_delete=models.SET_NULL, null=True, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.SET_NULL, null=True, related_name="+")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    activities = models.JSONField(default=list)
    references = models.JSONField(default=list)
    planned_minutes = models.PositiveSmallIntegerField(help_text=_("as in the unit's plan"))
    minutes = models.PositiveSmallIntegerField()
    included = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


def took_part(prefix: str = "") -> models.Q:
    """A filter on enrolments (reached through `prefix`, e.g. "user__enrolments__"): accepted,
    or accepted and withdrawn later. An invitation withdrawn before it was answered never
    took part."""
    return models.Q(**{f"{prefix}status": "accepted"}) | models.Q(
        **{f"{prefix}status": "withdrawn", f"{prefix}responded_at__isnull": False}
    )


class EnrolmentQuerySet(models.QuerySet["Enrolment"]):
    def accepted(self) -> EnrolmentQuerySet:
        """The participants now: people who accepted the invitation and were not withdrawn.
        Attendance is taken and certificates issued for them."""
        return self.filter(status=Enrolment.Status.ACCEPTED)

    def took_part(self) -> EnrolmentQuerySet:
        """Everyone who accepted, withdrawn since or not: what they earned stays the course's
        evidence (results, exports, statistics show the withdrawn as withdrawn)."""
        return self.filter(took_part())


class Enrolment(models.Model):
    """A person invited to a course by its team. Until they accept, the team sees only the
    name it typed and "invited"; from then on it sees what they earn in this course
    (courses/records.py)."""

    class Status(models.TextChoices):
        INVITED = "invited", _("invited")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("withdrawn")

    # PROTECT: a course with participants cannot be deleted with them (cancel or archive it).
    offering = models.ForeignKey(
        CourseOffering, on_delete=models.PROTECT, related_name="enrolments"
    )
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="enrolments")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("sent by")
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.INVITED)
    invited_name = models.CharField(
        _("name as invited"), max_length=300, blank=True,
        help_text=_("the name the training team typed; shown until the person accepts"),
    )  # fmt: skip
    responded_at = models.DateTimeField(
        _("accepted or declined at"), null=True, blank=True,
        help_text=_("records started from this moment on can count for the course"),
    )  # fmt: skip
    # The latest invitation e-mail (mail/outbox.py): the team sees whether it went out.
    invitation = models.ForeignKey(
        Message, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    survey_done = models.BooleanField(default=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.CharField(_("reason for the withdrawal"), max_length=300,
                                         blank=True)  # fmt: skip
    created = models.DateTimeField(auto_now_add=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["offering", "user"], name="unique_enrolment")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.offering}"

    @property
    def accepted(self) -> bool:
        return self.status == self.Status.ACCEPTED

    @property
    def withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    def can_resend(self, now: datetime) -> bool:
        """The invitation may be sent again: not answered yet, and its e-mail not sent, or
        sent a while ago (lost, or its link expired)."""
        if self.status != self.Status.INVITED:
            return False
        mail = self.invitation
        if mail is None or mail.undelivered(now):
            return True
        return mail.sent_at is not None and mail.sent_at < now - RESEND_AFTER

    @property
    def display_name(self) -> str:
        """What the team may call the person: the name it typed until they accept."""
        if self.accepted or (self.withdrawn and self.responded_at is not None):
            return self.user.get_full_name() or self.user.username
        return self.invited_name or gettext("(invited)")


class Attendance(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="attendance")
    day = models.DateField()
    present = models.BooleanField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "day"], name="unique_attendance_day")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.day} {'present' if self.present else 'absent'}"


class SurveyResponse(models.Model):
    """An answer to the end-of-course evaluation. Deliberately not linked to its author: the
    enrolment only records that the survey was answered (`Enrolment.survey_done`)."""

    offering = models.ForeignKey(CourseOffering, on_delete=models.PROTECT, related_name="survey")
    relevance = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    confidence = models.JSONField(help_text=_('per unit key: {"before": 1-5, "after": 1-5}'))
    improve = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"survey {self.pk} of {self.offering_id}"


class HolidayQuerySet(models.QuerySet["Holiday"]):
    def visible_to(self, user: User) -> HolidayQuerySet:
        """The holidays of the agencies where the user coordinates (all, if unrestricted)."""
        if unrestricted(user):
            return self.all()
        return self.filter(agency__in=agencies_where(user, COORDINATE))


class Holiday(models.Model):
    """A day an agency does not teach (a public holiday, an academy closure): its courses'
    agendas skip it, as they skip Saturdays and Sundays."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    name = models.CharField(_("name"), max_length=100)

    objects = HolidayQuerySet.as_manager()

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "day"], name="unique_holiday_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.name}"
