"""What needs a person's attention in courses, for their home page: the learner's next step,
the trainer's sessions, attendance still to take and certificates still to issue, the
coordinator's courses. A fixed number of queries whatever the number of courses or people
(the home page is opened more than any other)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import models

from frontline.accounts.models import User
from frontline.accounts.policy import COORDINATE, agencies_where, unrestricted
from frontline.certificates.models import Certificate
from frontline.courses.models import Attendance, CourseOffering, Enrolment, Holiday, TeamMember

# How far back a trainer is reminded of attendance not taken or certificates not issued.
LOOK_BACK = timedelta(days=60)
# How far ahead the next sessions are listed.
LOOK_AHEAD = timedelta(days=28)


@dataclass
class LearnerWork:
    invitations: list[Enrolment]
    courses: list[Enrolment]  # accepted, not over yet


def learner_work(user: User, today: date) -> LearnerWork:
    mine = list(
        user.enrolments.filter(
            status__in=[Enrolment.Status.INVITED, Enrolment.Status.ACCEPTED],
            offering__ends_on__gte=today,
            offering__status=CourseOffering.Status.OPEN,
        )
        .select_related("offering")
        .order_by("offering__starts_on")
    )
    return LearnerWork(
        [e for e in mine if e.status == Enrolment.Status.INVITED],
        [e for e in mine if e.status == Enrolment.Status.ACCEPTED],
    )


@dataclass
class TrainerWork:
    next_courses: list[CourseOffering] = field(default_factory=list)
    attendance_due: list[tuple[CourseOffering, date]] = field(default_factory=list)
    certificates_due: list[CourseOffering] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.next_courses or self.attendance_due or self.certificates_due)


def trainer_work(user: User, today: date) -> TrainerWork:
    """For the courses whose team the user is on (open ones): those running now or starting
    within `LOOK_AHEAD`; teaching days up to today with no attendance taken; courses that
    ended within `LOOK_BACK` with participants and no certificate issued yet."""
    courses = list(
        CourseOffering.objects.filter(
            pk__in=TeamMember.objects.filter(user=user).values("offering"),
            status=CourseOffering.Status.OPEN,
            starts_on__lte=today + LOOK_AHEAD,
            ends_on__gte=today - LOOK_BACK,
        )
        .annotate(
            participants=models.Count(
                "enrolments", filter=models.Q(enrolments__status=Enrolment.Status.ACCEPTED)
            )
        )
        .order_by("starts_on")
    )
    work = TrainerWork(next_courses=[c for c in courses if c.ends_on >= today])
    if not courses:
        return work
    taken: dict[int, set[date]] = defaultdict(set)
    for offering, day in (
        Attendance.objects.filter(enrolment__offering__in=courses)
        .values_list("enrolment__offering", "day")
        .distinct()
    ):
        taken[offering].add(day)
    holidays: dict[int, set[date]] = defaultdict(set)
    for agency, day in Holiday.objects.filter(
        agency__in={c.agency_id for c in courses}
    ).values_list("agency", "day"):
        holidays[agency].add(day)
    issued = set(
        Certificate.objects.filter(reference__in=[f"course:{c.pk}" for c in courses]).values_list(
            "reference", flat=True
        )
    )
    for c in courses:
        if not c.participants:  # type: ignore[attr-defined]
            continue
        for day in c.teaching_days(holidays[c.agency_id]):
            if day <= today and day not in taken[c.pk]:
                work.attendance_due.append((c, day))
        if c.ends_on < today and f"course:{c.pk}" not in issued:
            work.certificates_due.append(c)
    return work


@dataclass
class CoordinatorWork:
    upcoming: int
    running: int
    to_archive: list[CourseOffering]  # ended, still open


def coordinator_work(user: User, today: date) -> CoordinatorWork:
    """The courses of the agencies where the user coordinates."""
    courses = CourseOffering.objects.filter(status=CourseOffering.Status.OPEN)
    if not unrestricted(user):
        courses = courses.filter(agency__in=agencies_where(user, COORDINATE))
    counts = courses.aggregate(
        upcoming=models.Count("pk", filter=models.Q(starts_on__gt=today)),
        running=models.Count("pk", filter=models.Q(starts_on__lte=today, ends_on__gte=today)),
    )
    return CoordinatorWork(
        counts["upcoming"],
        counts["running"],
        list(courses.filter(ends_on__lt=today).order_by("ends_on")[:10]),
    )
