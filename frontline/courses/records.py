"""Which learning records belong to a course: the one rule for what a course's team sees.

A learning record is a quiz attempt or a case-exercise play. It counts for a course when the
person accepted the course's invitation and either

1. started it from the course's page (`Attempt.offering` / `Play.offering` is the course), or
2. started it elsewhere, not for another course, at or after accepting and no later than the
   course's last day.

A participant withdrawn later keeps what they earned in the course's records
(`models.took_part`). Nothing a person did before accepting, or for another course, reaches the
team; an invitation
that is not accepted shows nothing at all. Results, the CSV export, the competency profile,
completion and the item statistics of a course all read through here; so do the statistics
across the courses a trainer runs. Coordinators' agency-wide statistics are the assessment
app's own rule (`Attempt.objects.visible_to`), not this one.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from frontline.accounts.models import User
from frontline.assessment.models import Attempt, AttemptQuerySet
from frontline.courses.models import CourseOffering, Enrolment, took_part
from frontline.scenarios.models import Play, PlayQuerySet


def earned_in(offerings: models.QuerySet[CourseOffering]) -> models.Q:
    """A filter for attempts and plays (both have `user`, `offering` and `started_at`) that
    count for one of `offerings`, by the rule above."""
    accepted = Enrolment.objects.filter(
        took_part(), user=models.OuterRef("user"), offering__in=offerings
    )
    made_for_it = models.Exists(accepted.filter(offering=models.OuterRef("offering")))
    made_meanwhile = models.Exists(
        accepted.filter(
            responded_at__lte=models.OuterRef("started_at"),
            offering__ends_on__gte=models.OuterRef("started_at__date"),
        )
    )
    return models.Q(made_for_it) | (models.Q(offering__isnull=True) & models.Q(made_meanwhile))


def _one(offering: CourseOffering) -> models.QuerySet[CourseOffering]:
    return CourseOffering.objects.filter(pk=offering.pk)


def attempts_for(offering: CourseOffering) -> AttemptQuerySet:
    return Attempt.objects.filter(earned_in(_one(offering)))


def plays_for(offering: CourseOffering) -> PlayQuerySet:
    return Play.objects.filter(earned_in(_one(offering)))


def attempts_taught(user: User) -> AttemptQuerySet:
    """The attempts counted for any of the courses `user` runs (on the team, or coordinator of
    the organising agency): their statistics across courses."""
    return Attempt.objects.filter(earned_in(CourseOffering.objects.run_by(user)))


def earned_per_course(
    records: models.QuerySet[Any], offerings: models.QuerySet[CourseOffering]
) -> models.QuerySet[Any]:
    """`records` (attempts or plays) that count for one of `offerings`, by the rule above, one
    row per record and course with the course's id as `course`: results across many courses
    in one query instead of a few per course. The conditions sit in one `filter()` so that
    they, and the `course` annotation, all speak of the same enrolment."""
    meanwhile = models.Q(
        offering__isnull=True,
        user__enrolments__responded_at__lte=models.F("started_at"),
        user__enrolments__offering__ends_on__gte=models.F("started_at__date"),
    )
    return records.filter(
        models.Q(user__enrolments__offering__in=offerings)
        & took_part("user__enrolments__")
        & (models.Q(offering=models.F("user__enrolments__offering")) | meanwhile)
    ).annotate(course=models.F("user__enrolments__offering"))
