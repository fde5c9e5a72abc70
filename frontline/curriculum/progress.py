"""A learner's progress: what they opened, what they finished, where to go on."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from frontline.accounts.models import User
from frontline.curriculum.models import Lesson, LessonProgress, Objective, Unit
from frontline.xapi import outbox, statements


@dataclass(frozen=True)
class Tally:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def record_view(user: User, lesson: Lesson) -> None:
    LessonProgress.objects.update_or_create(
        user=user, lesson=lesson, defaults={"last_viewed": timezone.now()}
    )


@transaction.atomic
def set_done(user: User, lesson: Lesson, done: bool) -> LessonProgress:
    progress, _ = LessonProgress.objects.select_for_update().get_or_create(
        user=user, lesson=lesson, defaults={"last_viewed": timezone.now()}
    )
    if done and progress.completed is None:
        progress.completed = timezone.now()
        unit = lesson.unit
        outbox.send(statements.lesson_completed(
            user, path=lesson.get_absolute_url(), title=lesson.title,
            unit_path=unit.get_absolute_url(), unit_title=str(unit),
        ), user=user)  # fmt: skip
    elif not done:
        progress.completed = None
    progress.save(update_fields=["completed"])
    return progress


def done_lesson_ids(user: User) -> set[int]:
    return set(
        LessonProgress.objects.filter(
            user=user, completed__isnull=False, lesson__retired=False
        ).values_list("lesson_id", flat=True)
    )


def unit_tallies(user: User) -> dict[int, Tally]:
    units = Unit.objects.annotate(
        total=Count("lessons", filter=Q(lessons__retired=False), distinct=True),
        done=Count(
            "lessons",
            filter=Q(
                lessons__retired=False,
                lessons__progress__user=user,
                lessons__progress__completed__isnull=False,
            ),
            distinct=True,
        ),
    )
    return {u.id: Tally(u.done, u.total) for u in units}


def objective_tallies(user: User, unit: Unit) -> list[tuple[Objective, Tally]]:
    """Each objective of the unit with how many of the lessons teaching it are done."""
    done = done_lesson_ids(user)
    result = []
    for objective in unit.objectives.prefetch_related("lessons"):
        lesson_ids = {les.id for les in objective.lessons.all() if not les.retired}
        result.append((objective, Tally(len(lesson_ids & done), len(lesson_ids))))
    return result


def resume_lesson(user: User) -> Lesson | None:
    """Where to continue: the last lesson opened if unfinished, else the next unfinished one."""
    last = (
        LessonProgress.objects.filter(user=user, lesson__retired=False)
        .select_related("lesson__unit")
        .order_by("-last_viewed")
        .first()
    )
    if last is not None and last.completed is None:
        return last.lesson
    done = done_lesson_ids(user)
    lessons = list(Lesson.objects.current().select_related("unit"))
    start = 0
    if last is not None:
        start = next((i for i, les in enumerate(lessons) if les.id == last.lesson_id), 0)
    for lesson in lessons[start:] + lessons[:start]:
        if lesson.id not in done:
            return lesson
    return None
