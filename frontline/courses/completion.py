"""Whether a participant has completed a course, and if not, what is left: a pure function of
the course's rules and the participant's evidence, so every rule is tested without a database.
`evidence_for` gathers the evidence for a whole course in a few queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from frontline.assessment.models import Quiz
from frontline.courses import records
from frontline.courses.models import Attendance, CourseOffering, Enrolment
from frontline.scenarios.results import completed_scenarios


@dataclass(frozen=True)
class Rules:
    min_attendance: int  # per cent of the course days
    require_post_test: bool
    required_scenarios: frozenset[str] = frozenset()

    @classmethod
    def of(cls, offering: CourseOffering) -> Rules:
        return cls(
            offering.min_attendance,
            offering.require_post_test,
            frozenset(offering.required_scenarios),
        )


@dataclass(frozen=True)
class Evidence:
    days_present: int
    course_days: int
    post_test_passed: bool
    completed_scenarios: frozenset[str] = frozenset()

    @property
    def attendance(self) -> float:
        """Share of the course days attended, in per cent."""
        return 100 * self.days_present / self.course_days if self.course_days else 0.0


def outstanding(rules: Rules, evidence: Evidence) -> list[str]:
    """What the participant still has to do, as sentences for them to read; empty when done."""
    left = []
    if evidence.attendance < rules.min_attendance:
        # Whole days needed to reach the share, so the learner can see how far off they are.
        needed = -(-rules.min_attendance * evidence.course_days // 100)
        left.append(
            _("Attend at least %(min)d%% of the course days (%(needed)d of %(days)d); "
              "you attended %(present)d.")
            % {"min": rules.min_attendance, "needed": needed, "days": evidence.course_days,
               "present": evidence.days_present}
        )  # fmt: skip
    if rules.require_post_test and not evidence.post_test_passed:
        left.append(_("Pass the post-test."))
    for scenario in sorted(rules.required_scenarios - evidence.completed_scenarios):
        left.append(_("Complete the case exercise “%(id)s”.") % {"id": scenario})
    return left


def is_complete(rules: Rules, evidence: Evidence) -> bool:
    return not outstanding(rules, evidence)


def evidence_for(offering: CourseOffering, enrolments: Iterable[Enrolment]) -> dict[int, Evidence]:
    """Evidence per enrolment id: attendance, a post-test passed since the course began, and
    the case exercises finished, all among what counts for this course (courses/records.py)."""
    enrolments = list(enrolments)
    present: dict[int, int] = dict.fromkeys((e.pk for e in enrolments), 0)
    for enrolment_id in Attendance.objects.filter(
        enrolment__in=enrolments, present=True, day__gte=offering.starts_on,
        day__lte=offering.ends_on,
    ).values_list("enrolment_id", flat=True):  # fmt: skip
        present[enrolment_id] += 1
    passed = set(
        records.attempts_for(offering).submitted()
        .filter(quiz__kind=Quiz.Kind.POST, passed=True, submitted_at__date__gte=offering.starts_on)
        .values_list("user_id", flat=True)
    )  # fmt: skip
    scenarios = completed_scenarios(records.plays_for(offering))
    days = len(offering.days)
    return {
        e.pk: Evidence(
            present[e.pk], days, e.user_id in passed, frozenset(scenarios.get(e.user_id, ()))
        )
        for e in enrolments
    }
