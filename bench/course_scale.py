"""The course pages of a national academy: CPU time and SQL queries per page at scale.

1. Creates a fresh PostgreSQL database, migrates it and loads the content (as `quiz_load.py`).
2. Builds an academy at scale, written in bulk (no page is used to build it): one course of
   `--participants` accepted participants from five sending agencies, with attendance on every
   course day, a pre-test, a post-test and unit quizzes submitted for the course until
   `--answers` answers are stored; and `--courses` finished courses of 20 participants each
   with their pre- and post-tests (the coordinator's overview reads them all).
3. Requests each page as the lead trainer or the coordinator through Django's test client (the
   whole middleware stack), once to warm up, then `--repeat` times, and prints per page the
   queries and the median CPU milliseconds of the application process and of the PostgreSQL
   backend. CPU time stays meaningful on a busy machine; wall-clock time does not.

Usage: python bench/course_scale.py [--participants 1000] [--answers 100000] [--courses 50]
FRONTLINE_BENCH_DATABASE_URL names the database to use; it is DROPPED and created afresh
(default: postgres://postgres@127.0.0.1:5432/frontline_bench).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from answer_cpu import backend_cpu_seconds
from quiz_load import drop_database, environment, recreate_database

AGENCIES = ["Border Guard", "Traffic Police", "Customs", "Labour Inspectorate", "City Police"]
FIRST_DAY = date(2026, 3, 2)


def setup_django() -> None:
    os.environ.update(environment())
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    import django

    django.setup()


def build(participants: int, answers: int, courses: int) -> dict[str, Any]:
    """The data set; returns the ids the measured pages need."""
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command

    from frontline.accounts.models import Agency, Membership, Role, User
    from frontline.assessment.models import Answer, Attempt, Item, Quiz
    from frontline.assessment.tests.base import right_form, wrong_form
    from frontline.content import load_all, read_all
    from frontline.courses.models import (
        AgendaItem,
        Attendance,
        CourseOffering,
        Enrolment,
        TeamMember,
    )
    from frontline.curriculum.models import SessionRow

    call_command("migrate", verbosity=0)
    load_all(read_all(settings.CONTENT_DIR))
    academy = Agency.objects.create(name="Bench Academy", kind=Agency.Kind.ACADEMY, country="XA")
    senders = [Agency.objects.create(name=n, kind=Agency.Kind.POLICE, country="XA")
               for n in AGENCIES]  # fmt: skip
    unusable = make_password(None)
    trainer = User.objects.create(username="bench-trainer", password=unusable)
    coordinator = User.objects.create(username="bench-coordinator", password=unusable)
    Membership.objects.create(user=trainer, agency=academy, role=Role.TRAINER)
    Membership.objects.create(user=coordinator, agency=academy, role=Role.COORDINATOR)

    people = User.objects.bulk_create(
        User(username=f"bench-{n}", first_name="Participant", last_name=f"{n:05d}",
             email=f"bench-{n}@example.org", password=unusable)
        for n in range(participants)
    )  # fmt: skip
    Membership.objects.bulk_create(
        Membership(user=u, agency=senders[n % len(senders)], role=Role.LEARNER)
        for n, u in enumerate(people)
    )

    quizzes = {q.kind: q for q in Quiz.objects.filter(kind__in=[Quiz.Kind.PRE, Quiz.Kind.POST])}
    units = list(Quiz.objects.filter(kind=Quiz.Kind.UNIT).order_by("order"))
    pools = {q.pk: list(q.items.values_list("pk", flat=True)) for q in [*quizzes.values(), *units]}
    responses: dict[int, list[tuple[Any, float]]] = {}
    for item in Item.objects.all():
        pair = []
        for form in (right_form(item), wrong_form(item)):
            response = item.behaviour.parse(item.data, form)
            pair.append((response, item.behaviour.score(item.data, response)))
        responses[item.pk] = pair
    rng = random.Random(17)
    numbers: dict[tuple[int, int], int] = {}  # (quiz, user) -> attempts so far

    def course(title: str, starts: date, days: int, members: list[Any]) -> CourseOffering:
        offering = CourseOffering.objects.create(
            title=title, agency=academy, starts_on=starts,
            ends_on=starts + timedelta(days=days - 1), venue="Bench hall", language="English",
        )  # fmt: skip
        TeamMember.objects.create(offering=offering, user=trainer, role=TeamMember.TeamRole.LEAD,
                                  discipline=TeamMember.Discipline.LAW_ENFORCEMENT)  # fmt: skip
        AgendaItem.objects.bulk_create(
            AgendaItem(offering=offering, source=row, unit=row.unit, position=n,
                       title=row.title[:200], planned_minutes=row.minutes, minutes=row.minutes)
            for n, row in enumerate(SessionRow.objects.select_related("unit"), 1)
        )  # fmt: skip
        accepted_at = datetime.combine(starts - timedelta(days=7), datetime.min.time(), UTC)
        enrolments = Enrolment.objects.bulk_create(
            Enrolment(offering=offering, user=u, agency=senders[int(u.last_name) % len(senders)],
                      status=Enrolment.Status.ACCEPTED, responded_at=accepted_at)
            for u in members
        )  # fmt: skip
        Attendance.objects.bulk_create(
            Attendance(enrolment=e, day=day, present=rng.random() < 0.9, recorded_by=trainer)
            for e in enrolments
            for day in offering.days
        )
        return offering

    def attempts_for(offering: CourseOffering, members: list[Any], plan: list[Any]) -> int:
        """Submitted attempts at each quiz of `plan` for every member, with all answers."""
        started = datetime.combine(offering.starts_on, datetime.min.time(), UTC)
        rows, made = [], 0
        for u in members:
            skill = rng.random()
            for n, quiz in enumerate(plan):
                items = rng.sample(pools[quiz.pk], min(len(pools[quiz.pk]), 16))
                number = numbers[quiz.pk, u.pk] = numbers.get((quiz.pk, u.pk), 0) + 1
                rows.append((Attempt(quiz=quiz, user=u, offering=offering, number=number, seed=n,
                                     item_ids=items, started_at=started + timedelta(hours=n),
                                     submitted_at=started + timedelta(hours=n, minutes=30)),
                             skill + (0.3 if quiz.kind == Quiz.Kind.POST else 0.0)))  # fmt: skip
        saved = Attempt.objects.bulk_create([a for a, _ in rows], batch_size=2000)
        batch = []
        for attempt, (_, chance) in zip(saved, rows, strict=True):
            total = 0.0
            for item_id in attempt.item_ids:
                response, score = responses[item_id][0 if rng.random() < chance else 1]
                total += score
                batch.append(Answer(attempt=attempt, item_id=item_id, response=response,
                                    score=score, answered_at=attempt.submitted_at))  # fmt: skip
            attempt.score = 100 * total / len(attempt.item_ids)
            attempt.passed = attempt.score >= 70
            if len(batch) >= 20000:
                Answer.objects.bulk_create(batch)
                made += len(batch)
                batch = []
        Answer.objects.bulk_create(batch)
        Attempt.objects.bulk_update(saved, ["score", "passed"], batch_size=2000)
        return made + len(batch)

    big = course("National course", FIRST_DAY, 5, people)
    plan = [quizzes[Quiz.Kind.PRE], *units, quizzes[Quiz.Kind.POST]]
    per_person = max(2, min(len(plan), answers // max(1, participants) // 16))
    stored = attempts_for(big, people, [plan[0], *plan[1 : per_person - 1], plan[-1]])
    finished = []
    for n in range(courses):
        members = people[(n * 20) % participants :][:20]
        offering = course(f"Finished course {n}", date(2025, 1, 6) + timedelta(weeks=n), 3, members)
        stored += attempts_for(offering, members, [plan[0], plan[-1]])
        finished.append(offering.pk)
    return {"trainer": trainer.pk, "coordinator": coordinator.pk, "course": big.pk,
            "answers": stored, "attempts": Attempt.objects.count(),
            "quiz": quizzes[Quiz.Kind.POST].key}  # fmt: skip


def measure(client: Any, path: str, repeat: int) -> tuple[int, int, float, float, int]:
    """(status, queries, app CPU ms, database CPU ms, bytes), medians over `repeat` runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # warm-up: templates compiled, caches filled
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    app, db, queries = [], [], 0
    for _ in range(repeat):
        before_db = backend_cpu_seconds(pid)
        before = time.process_time()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
            body = b"".join(response) if response.streaming else response.content
        app.append(1000 * (time.process_time() - before))
        db.append(1000 * (backend_cpu_seconds(pid) - before_db))
        queries = len(captured)
    return response.status_code, queries, statistics.median(app), statistics.median(db), len(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--courses", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    recreate_database()
    setup_django()
    from django.db import connection
    from django.test import Client

    from frontline.accounts.models import User

    try:
        started = time.process_time()
        ids = build(args.participants, args.answers, args.courses)
        print(f"built {args.participants} participants, {ids['attempts']} attempts, "
              f"{ids['answers']} answers, {args.courses + 1} courses "
              f"in {time.process_time() - started:.1f} s CPU")  # fmt: skip
        course, quiz = ids["course"], ids["quiz"]
        pages = [
            ("trainer", f"/courses/{course}/results/"),
            ("trainer", f"/courses/{course}/results.csv"),
            ("trainer", f"/courses/{course}/participants/"),
            ("trainer", f"/courses/{course}/attendance/"),
            ("trainer", f"/courses/{course}/attendance/{FIRST_DAY.isoformat()}/"),
            ("trainer", f"/courses/statistics/?course={course}"),
            ("trainer", f"/courses/statistics/{quiz}/?course={course}"),
            ("trainer", f"/courses/{course}/"),
            ("trainer", "/courses/"),
            ("coordinator", "/courses/overview/"),
            ("coordinator", "/home/"),
            ("trainer", "/home/"),
        ]
        print(f"{'page':<52} {'as':<12} {'status':>6} {'queries':>8} {'app ms':>9} "
              f"{'db ms':>8} {'KB':>7}")  # fmt: skip
        for who, path in pages:
            client = Client()
            client.force_login(User.objects.get(pk=ids[who]))
            status, queries, app, db, size = measure(client, path, args.repeat)
            print(f"{path:<52} {who:<12} {status:>6} {queries:>8} {app:>9.0f} {db:>8.0f} "
                  f"{size / 1024:>7.0f}")  # fmt: skip
        connection.close()
    finally:
        if not args.keep:
            connection.close()
            drop_database()


if __name__ == "__main__":
    main()
