"""Demo courses, so a newcomer sees every course screen with data in it: one finished course
with participants from several agencies, attendance, pre- and post-tests, evaluations and
certificates, and a required case exercise played by the participants; and one upcoming
course. All people are fictional (example.org addresses).

Runs after the content is loaded (`make demo`); without quizzes, the tests are left out.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from frontline.accounts.models import Agency, Membership, Role, User
from frontline.assessment import attempts
from frontline.assessment.models import Item, Quiz
from frontline.courses import actions
from frontline.courses.models import (
    AgendaItem,
    Attendance,
    CourseOffering,
    Enrolment,
    SurveyResponse,
    TeamMember,
)
from frontline.curriculum.models import Unit
from frontline.scenarios import play
from frontline.scenarios.models import Scenario

FINISHED = "Identifying presumed victims at the border (multi-agency)"
UPCOMING = "Frontline officers and trafficking: the five units"
CASE_EXERCISE = "border-minibus"

# (first, last, agency name, pre-test share right, post-test share right, days present of 3)
PARTICIPANTS = [
    ("Mira", "Dellan", "Valdoria Border Guard", 0.40, 0.85, 3),
    ("Jonas", "Ferre", "Valdoria Border Guard", 0.35, 0.75, 3),
    ("Ines", "Corbel", "Valdoria Police", 0.50, 0.90, 3),
    ("Pavel", "Strand", "Valdoria Police", 0.30, 0.55, 3),  # post-test not passed
    ("Ruth", "Okonkwo", "Valdoria Police", 0.45, 0.80, 1),  # missed two days
    ("Elif", "Marsh", "Northmark Police", 0.55, 0.95, 3),
]
SURVEY = [
    (5, 2, 4, "More time for the case exercise with the NGO co-trainer."),
    (4, 1, 4, "The session on indicators at border checks could use more examples."),
    (5, 2, 5, ""),
    (4, 3, 4, "Hand out the referral contacts for our region on paper."),
    (3, 2, 3, "Day two was long; a second coffee break would help."),
    (5, 1, 4, ""),
]


def _form(item: Item, right: bool) -> dict[str, list[str]]:
    """An answer form for `item`, right or wrong, built from its key."""
    data = item.data
    if item.kind in ("single", "multiple"):
        chosen = [o["id"] for o in data["options"] if o["correct"] == right]
        return {"choice": chosen if right else chosen[:1]}
    if item.kind == "judgement":
        rating = "best" if right else "poor"
        return {"choice": [next(o["id"] for o in data["options"] if o["rating"] == rating)]}
    if item.kind == "truefalse":
        return {"choice": ["true" if data["answer"] == right else "false"]}
    if item.kind == "matching":
        lefts, rights = list(data["pairs"]), list(data["pairs"].values())
        shift = 0 if right else 1
        return {
            f"match-{left}": [rights[(n + shift) % len(rights)]] for n, left in enumerate(lefts)
        }
    if item.kind == "ordering":
        count = len(data["steps"])
        shift = 0 if right else 1
        return {
            f"position-{s['id']}": [str((n + shift) % count + 1)]
            for n, s in enumerate(data["steps"])
        }
    return {"text": [data["accepted"][0] if right else "not sure"]}


def _take(user: User, quiz: Quiz, share: float, when: datetime, offering: CourseOffering) -> None:
    """Take `quiz` for the course, as a participant does from the course's page."""
    attempt = attempts.start(user, quiz, offering_id=offering.pk, now=when)
    items = Item.objects.in_bulk(attempt.item_ids)
    # Which items are right varies by person, so mastery differs across objectives.
    rng = random.Random(f"{user.username}:{quiz.key}")  # noqa: S311 - demo data, not secrets
    right = set(rng.sample(range(len(attempt.item_ids)), round(share * len(attempt.item_ids))))
    for n, item_id in enumerate(attempt.item_ids):
        attempts.save_answer(attempt, items[item_id], _form(items[item_id], n in right), now=when)
    attempts.submit(attempt, now=when + timedelta(minutes=30))


def _play(user: User, scenario: Scenario, offering: CourseOffering, *, strong: bool) -> None:
    """Play the case exercise to an ending, for the course: the model response for strong
    participants, the choice at random (seeded by the name, so the demo is the same every
    time) for the others."""
    current = play.start(scenario, acting_user=user, offering_id=offering.pk)
    graph = scenario.graph
    best = graph.best_path()
    choices = [step.choice.id for step in best.steps] if strong and best else []
    rng = random.Random(user.username)  # noqa: S311 - demo data, not secrets
    for _step in range(len(graph.nodes)):  # a bound, should random choices go round a loop
        choice = choices.pop(0) if choices else rng.choice(graph.available(current.state)).id
        play.choose(current, choice, acting_user=user)
        current.refresh_from_db()
        if current.finished:
            break


def _person(first: str, last: str, agency: Agency) -> User:
    user, _ = User.objects.get_or_create(
        username=f"{first}.{last}".lower(),
        defaults={"first_name": first, "last_name": last,
                  "email": f"{first}.{last}@example.org".lower()},
    )  # fmt: skip
    Membership.objects.get_or_create(user=user, agency=agency, role=Role.LEARNER)
    return user


def _agenda(offering: CourseOffering, units: list[int], trainer: User) -> None:
    actions.add_units_to_agenda(
        offering, list(Unit.objects.filter(number__in=units)), acting_user=trainer
    )


@transaction.atomic
def create_demo_courses(users: dict[str, User], today: date | None = None) -> list[str]:
    """Create the two demo courses unless they exist; return what was created."""
    today = today or timezone.localdate()
    academy = Agency.objects.get(name="Valdoria Police Academy")
    trainer, caseworker = users["trainer"], users["caseworker"]
    created = []
    if not CourseOffering.objects.filter(title=FINISHED).exists():
        _finished(academy, trainer, caseworker, users, today)
        created.append(FINISHED)
    if not CourseOffering.objects.filter(title=UPCOMING).exists():
        _upcoming(academy, trainer, users, today)
        created.append(UPCOMING)
    return created


def _finished(
    academy: Agency, trainer: User, caseworker: User, users: dict[str, User], today: date
) -> None:
    # A Monday to Wednesday about a month ago: courses teach on weekdays.
    starts = today - timedelta(days=30)
    starts -= timedelta(days=starts.weekday())
    offering = CourseOffering.objects.create(
        title=FINISHED, agency=academy, starts_on=starts, ends_on=starts + timedelta(days=2),
        venue="Valdoria Police Academy, Hall B", language="English", min_attendance=80,
    )  # fmt: skip
    TeamMember.objects.create(offering=offering, user=trainer, role=TeamMember.TeamRole.LEAD,
                              discipline=TeamMember.Discipline.LAW_ENFORCEMENT)  # fmt: skip
    TeamMember.objects.create(offering=offering, user=caseworker,
                              role=TeamMember.TeamRole.CO_TRAINER,
                              discipline=TeamMember.Discipline.VICTIM_ASSISTANCE)  # fmt: skip
    scenario = Scenario.objects.current().filter(key=CASE_EXERCISE).first()
    if scenario:
        offering.required_scenarios = [scenario.key]
        offering.save(update_fields=["required_scenarios"])
    _agenda(offering, [1, 4], trainer)
    # Unit 4's plan runs longer than the two remaining days: shorten two sessions.
    for item in offering.agenda.filter(unit__number=4).order_by("-minutes")[:2]:
        AgendaItem.objects.filter(pk=item.pk).update(minutes=max(5, item.minutes - 30))
    people: list[tuple[User, Agency, float, float, int]] = []
    border = Agency.objects.get(name="Valdoria Border Guard")
    people.append((users["officer"], border, 0.45, 0.90, 3))
    for first, last, agency_name, pre, post, days in PARTICIPANTS:
        agency = Agency.objects.get(name=agency_name)
        people.append((_person(first, last, agency), agency, pre, post, days))
    quizzes = {q.kind: q for q in Quiz.objects.filter(kind__in=[Quiz.Kind.PRE, Quiz.Kind.POST])}
    opening = timezone.make_aware(datetime.combine(starts, time(9)))
    for user, agency, pre, post, days in people:
        enrolment = Enrolment.objects.create(
            offering=offering, user=user, agency=agency, status=Enrolment.Status.ACCEPTED,
            responded_at=opening - timedelta(days=14),
        )  # fmt: skip
        for n, day in enumerate(offering.days):
            Attendance.objects.create(enrolment=enrolment, day=day, present=n < days,
                                      recorded_by=trainer)  # fmt: skip
        if len(quizzes) == 2 and not user.attempts.exists():
            _take(user, quizzes[Quiz.Kind.PRE], pre, opening - timedelta(days=3), offering)
            _take(user, quizzes[Quiz.Kind.POST], post, opening + timedelta(days=2, hours=6),
                  offering)  # fmt: skip
        if scenario:
            _play(user, scenario, offering, strong=post >= 0.8)
    units = list(Unit.objects.filter(number__in=[1, 4]).order_by("number"))
    for (relevance, before, after, improve), enrolment in zip(
        SURVEY, offering.enrolments.all(), strict=False
    ):
        confidence: dict[str, Any] = {
            u.key: {"before": before, "after": min(5, after + n)} for n, u in enumerate(units)
        }
        SurveyResponse.objects.create(offering=offering, relevance=relevance,
                                      confidence=confidence, improve=improve)  # fmt: skip
        Enrolment.objects.filter(pk=enrolment.pk).update(survey_done=True)
    actions.issue_certificates(offering, acting_user=trainer)


def _upcoming(academy: Agency, trainer: User, users: dict[str, User], today: date) -> None:
    # Monday to Friday in about three weeks.
    starts = today + timedelta(days=21)
    starts += timedelta(days=-starts.weekday() % 7)
    offering = CourseOffering.objects.create(
        title=UPCOMING, agency=academy, starts_on=starts, ends_on=starts + timedelta(days=4),
        venue="Valdoria Police Academy, Hall A", language="English",
    )  # fmt: skip
    # Only a law-enforcement trainer so far: the course pages warn about it.
    TeamMember.objects.create(offering=offering, user=trainer, role=TeamMember.TeamRole.LEAD,
                              discipline=TeamMember.Discipline.LAW_ENFORCEMENT)  # fmt: skip
    _agenda(offering, [1, 2, 3, 4, 5], trainer)
    police = Agency.objects.get(name="Valdoria Police")
    # The learner has accepted; the two police officers are still to answer the invitation.
    Enrolment.objects.create(
        offering=offering, user=users["learner"], status=Enrolment.Status.ACCEPTED,
        agency=Agency.objects.get(name="Valdoria Police Academy"), responded_at=timezone.now(),
    )  # fmt: skip
    for first, last in (("Tomasz", "Reyes"), ("Greta", "Lund")):
        Enrolment.objects.create(offering=offering, user=_person(first, last, police),
                                 agency=police, invited_name=f"{first} {last}")  # fmt: skip
