"""What a course achieved: per participant, per sending agency, per objective, and across
courses for coordinators.

Scores come from the attempts that count for the course (courses/records.py: made for it, or
after accepting and within its dates): first pre-test, latest post-test, as in
`assessment.reports.gains`; gains from `assessment.statistics`, mastery from
`assessment.reports.mastery`. Access comes from the course: whoever runs a course sees the
results of the participants who accepted its invitation, whatever agency sent them, and
nothing they did elsewhere.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from statistics import fmean

from django.db import models
from django.utils import timezone

from frontline.assessment import reports
from frontline.assessment import statistics as st
from frontline.assessment.models import Attempt, AttemptQuerySet, Quiz
from frontline.courses import completion, records
from frontline.courses.models import (
    Attendance,
    CourseOffering,
    Enrolment,
    Holiday,
    took_part,
)
from frontline.curriculum.models import Objective
from frontline.scenarios.debrief import COMPETENCY_LABELS
from frontline.scenarios.models import Play
from frontline.scenarios.results import competency_profiles


def test_scores(attempts: AttemptQuerySet) -> dict[int, tuple[float | None, float | None]]:
    """(first pre-test, latest post-test) score per user among `attempts`, None where not
    taken."""
    pre: dict[int, float] = {}
    post: dict[int, float] = {}
    for user_id, kind, score in (
        attempts.submitted()
        .filter(quiz__kind__in=[Quiz.Kind.PRE, Quiz.Kind.POST])
        .order_by("submitted_at")
        .values_list("user_id", "quiz__kind", "score")
    ):
        if kind == Quiz.Kind.PRE:
            pre.setdefault(user_id, score or 0.0)
        else:
            post[user_id] = score or 0.0
    return {u: (pre.get(u), post.get(u)) for u in pre.keys() | post.keys()}


@dataclass
class ParticipantResult:
    enrolment: Enrolment
    pre: float | None
    post: float | None
    evidence: completion.Evidence
    outstanding: list[str]
    mastered: int = 0
    mastery: dict[int, reports.Mastery] = field(default_factory=dict)
    # Case-exercise competency label -> share of the model response's score reached (0..100).
    scenarios: dict[str, float] = field(default_factory=dict)

    @property
    def gain(self) -> float | None:
        if self.pre is None or self.post is None:
            return None
        return st.normalised_gain(self.pre, self.post)

    @property
    def complete(self) -> bool:
        return not self.outstanding

    @property
    def withdrawn(self) -> bool:
        return self.enrolment.withdrawn


@dataclass
class GroupResult:
    label: str
    participants: int = 0
    completed: int = 0
    pairs: list[tuple[float, float]] = field(default_factory=list)

    @property
    def pre(self) -> float | None:
        return fmean(p for p, _ in self.pairs) if self.pairs else None

    @property
    def post(self) -> float | None:
        return fmean(q for _, q in self.pairs) if self.pairs else None

    @property
    def gain(self) -> float | None:
        return st.group_gain(self.pairs)

    @property
    def completion_rate(self) -> float:
        return 100 * self.completed / self.participants if self.participants else 0.0

    def add(self, result: ParticipantResult) -> None:
        self.participants += 1
        self.completed += result.complete
        if result.pre is not None and result.post is not None:
            self.pairs.append((result.pre, result.post))


@dataclass
class ObjectiveResult:
    objective: Objective
    mastered: int
    of: int

    @property
    def share(self) -> float:
        return 100 * self.mastered / self.of if self.of else 0.0


@dataclass
class CourseResults:
    offering: CourseOffering
    participants: list[ParticipantResult]
    agencies: list[GroupResult]
    objectives: list[ObjectiveResult]

    @property
    def completed(self) -> int:
        return sum(r.complete for r in self.participants)

    @property
    def withdrawn(self) -> int:
        return sum(r.withdrawn for r in self.participants)

    @property
    def total(self) -> GroupResult:
        group = GroupResult("all")
        for r in self.participants:
            group.add(r)
        return group


def course_objectives(offering: CourseOffering) -> list[Objective]:
    """The objectives of the units on the agenda; all objectives when there is no agenda yet."""
    units = offering.agenda.filter(included=True).values("unit")
    objectives = Objective.objects.select_related("unit")
    if offering.agenda.filter(included=True).exists():
        objectives = objectives.filter(unit__in=units)
    return list(objectives)


def participant_results(
    offering: CourseOffering, enrolments: list[Enrolment], *, with_mastery: bool = True
) -> list[ParticipantResult]:
    earned = records.attempts_for(offering)
    scores = test_scores(earned)
    evidence = completion.evidence_for(offering, enrolments)
    rules = completion.Rules.of(offering)
    profiles = competency_profiles(records.plays_for(offering))
    objective_ids = {o.pk for o in course_objectives(offering)} if with_mastery else set()
    mastery = reports.mastery(earned) if with_mastery else {}
    results = []
    for e in enrolments:
        pre, post = scores.get(e.user_id, (None, None))
        result = ParticipantResult(
            e, pre, post, evidence[e.pk], completion.outstanding(rules, evidence[e.pk]),
            scenarios={str(COMPETENCY_LABELS[c]): share
                       for c, share in profiles.get(e.user_id, {}).items()},
        )  # fmt: skip
        if with_mastery:
            result.mastery = mastery.get(e.user_id, {})
            result.mastered = sum(
                1 for o, m in result.mastery.items() if o in objective_ids and m.mastered
            )
        results.append(result)
    return results


def course_results(offering: CourseOffering) -> CourseResults:
    """Everyone who took part, the withdrawn included (and marked): the evidence stays."""
    enrolments = list(offering.enrolments.took_part().select_related("user", "agency"))
    participants = participant_results(offering, enrolments)
    groups: dict[str, GroupResult] = {}
    for r in participants:
        name = r.enrolment.agency.name
        groups.setdefault(name, GroupResult(name)).add(r)
    objectives = [
        ObjectiveResult(
            o,
            sum(1 for r in participants if (m := r.mastery.get(o.pk)) is not None and m.mastered),
            len(participants),
        )
        for o in course_objectives(offering)
    ]
    return CourseResults(offering, participants, sorted(groups.values(), key=lambda g: g.label),
                         objectives)  # fmt: skip


def period_of(offering: CourseOffering) -> str:
    """The quarter a course started in, e.g. 2026-Q1."""
    return f"{offering.starts_on.year}-Q{(offering.starts_on.month - 1) // 3 + 1}"


@dataclass
class Overview:
    by_agency: list[GroupResult]
    by_period: list[GroupResult]
    courses: int


def overview(offerings: Iterable[CourseOffering]) -> Overview:
    """Completions and gains per sending agency and per quarter, across the given courses
    (already narrowed by `visible_to`). A fixed number of queries for any number of courses
    and participants: every course's records are read at once (`records.earned_per_course`)."""
    agencies: dict[str, GroupResult] = defaultdict(lambda: GroupResult(""))
    periods: dict[str, GroupResult] = defaultdict(lambda: GroupResult(""))
    courses = {o.pk: o for o in offerings}
    for offering, r in _many_courses(courses):
        for table, key in ((agencies, r.enrolment.agency.name), (periods, period_of(offering))):
            table[key].label = key
            table[key].add(r)
    return Overview(
        sorted(agencies.values(), key=lambda g: g.label),
        sorted(periods.values(), key=lambda g: g.label),
        len(courses),
    )


def _many_courses(
    courses: dict[int, CourseOffering],
) -> Iterable[tuple[CourseOffering, ParticipantResult]]:
    """Each accepted participant's result in each of `courses` (no mastery, no competency
    profile): `participant_results` for many courses in five queries."""
    chosen = CourseOffering.objects.filter(pk__in=list(courses))
    enrolments = list(
        Enrolment.objects.took_part().filter(offering__in=chosen).select_related("agency")
    )
    present = dict(
        Attendance.objects.filter(
            took_part("enrolment__"), enrolment__offering__in=chosen, present=True,
            day__gte=models.F("enrolment__offering__starts_on"),
            day__lte=models.F("enrolment__offering__ends_on"),
        ).values_list("enrolment").annotate(days=models.Count("pk"))
    )  # fmt: skip
    pre: dict[tuple[int, int], float] = {}
    post: dict[tuple[int, int], float] = {}
    passed: set[tuple[int, int]] = set()
    tests = Attempt.objects.submitted().filter(quiz__kind__in=[Quiz.Kind.PRE, Quiz.Kind.POST])
    for course, user_id, kind, score, ok, submitted in (
        records.earned_per_course(tests, chosen)
        .order_by("submitted_at")
        .values_list("course", "user_id", "quiz__kind", "score", "passed", "submitted_at")
    ):
        if kind == Quiz.Kind.PRE:
            pre.setdefault((course, user_id), score or 0.0)
            continue
        post[course, user_id] = score or 0.0
        if ok and timezone.localdate(submitted) >= courses[course].starts_on:
            passed.add((course, user_id))
    finished: dict[tuple[int, int], set[str]] = defaultdict(set)
    for course, user_id, key in records.earned_per_course(
        Play.objects.finished(), chosen
    ).values_list("course", "user_id", "scenario__key"):
        finished[course, user_id].add(key)
    holidays: dict[int, set[date]] = defaultdict(set)
    for agency, day in Holiday.objects.filter(agency__in=chosen.values("agency")).values_list(
        "agency", "day"
    ):
        holidays[agency].add(day)
    days = {pk: len(o.teaching_days(holidays[o.agency_id])) for pk, o in courses.items()}
    for e in enrolments:
        offering, key = courses[e.offering_id], (e.offering_id, e.user_id)
        evidence = completion.Evidence(
            present.get(e.pk, 0), days[e.offering_id], key in passed,
            frozenset(finished.get(key, ())),
        )  # fmt: skip
        outstanding = completion.outstanding(completion.Rules.of(offering), evidence)
        yield offering, ParticipantResult(e, pre.get(key), post.get(key), evidence, outstanding)
