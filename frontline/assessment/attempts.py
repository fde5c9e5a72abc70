"""Taking a quiz: start or resume an attempt, save each answer as it is given, submit.

Every write is its own short transaction that locks the attempt row, so an answer the learner
saw acknowledged is on disk, and an answer can never slip in after the attempt was scored.
"""

from __future__ import annotations

import random
import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from django.db import transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from frontline.accounts.models import User
from frontline.assessment.kinds.base import Form
from frontline.assessment.models import Answer, Attempt, Item, Quiz, QuizItem
from frontline.xapi import outbox, statements


def _rng(*parts: object) -> random.Random:
    """A shuffle that can be replayed from the attempt's stored seed (order, not secrecy)."""
    return random.Random(":".join(map(str, parts)))  # noqa: S311


class Refused(Exception):
    """The request conflicts with the state of the attempt (HTTP 409); the message says why."""


def start(
    user: User, quiz: Quiz, *, offering_id: int | None = None, now: datetime | None = None
) -> Attempt:
    """Resume the learner's open attempt at `quiz`, or start a new one if attempts are left.

    `offering_id` is the course the learner starts it for, from the course's page; the limit
    on attempts counts per course (and once for attempts made outside any course), so an
    officer's second course has its own pre-test and post-test."""
    now = now or timezone.now()
    with transaction.atomic():
        # One start at a time per learner, so two clicks cannot open two attempts.
        User.objects.select_for_update().filter(pk=user.pk).first()
        attempts = quiz.attempts.filter(user=user)
        current = attempts.filter(submitted_at__isnull=True).first()
        if current is not None and close_if_expired(current, now=now).is_open:
            return current
        used = attempts.filter(offering_id=offering_id).count()
        if quiz.max_attempts and used >= quiz.max_attempts:
            raise Refused(
                _("You have used all %(n)d attempts at this quiz.") % {"n": quiz.max_attempts}
            )
        seed = secrets.randbits(48)
        item_ids = draw(quiz, _rng(seed))
        if not item_ids:
            raise Refused(_("This quiz has no questions yet."))
        deadline = None
        if quiz.time_limit_minutes:
            deadline = now + timedelta(minutes=quiz.time_limit_minutes)
        return Attempt.objects.create(
            quiz=quiz, user=user, offering_id=offering_id, number=attempts.count() + 1,
            seed=seed, item_ids=item_ids, started_at=now, deadline=deadline,
        )  # fmt: skip


def draw(quiz: Quiz, rng: random.Random) -> list[int]:
    """The items of a new attempt in slot order: a fixed form as it stands; for a unit quiz,
    `items_per_objective` items drawn at random for each objective of the unit."""
    members = (
        QuizItem.objects.filter(quiz=quiz, item__retired=False)
        .select_related("item__primary_objective")
        .order_by("position")
    )
    if not quiz.draws:
        return [m.item_id for m in members]
    by_objective: dict[tuple[int, int], list[int]] = defaultdict(list)
    for m in members:
        objective = m.item.primary_objective
        by_objective[(objective.order, objective.pk) if objective else (0, 0)].append(m.item_id)
    slots: list[int] = []
    for key in sorted(by_objective):
        pool = by_objective[key]
        slots += rng.sample(pool, min(quiz.items_per_objective, len(pool)))
    return slots


def close_if_expired(attempt: Attempt, *, now: datetime | None = None) -> Attempt:
    now = now or timezone.now()
    if attempt.is_open and attempt.deadline is not None and now >= attempt.deadline:
        return submit(attempt, now=now)
    return attempt


def _locked(attempt: Attempt) -> Attempt:
    # Lock the attempt row only: locking the joined quiz row too would queue every learner
    # taking the same quiz behind one another.
    return Attempt.objects.select_for_update(of=("self",)).select_related("quiz").get(pk=attempt.pk)


@dataclass(frozen=True)
class Saved:
    answer: Answer
    answered: int  # items of the attempt with an answer now, this one included


def _answers_to_item(operator: Literal["=", "<>"], item: Item) -> RawSQL:
    """How many answers the attempt in the outer query has to `item` (`=`) or to others (`<>`).

    Written as SQL: the ORM counts a related set with GROUP BY, which FOR UPDATE forbids, and
    its Subquery(OuterRef) costs more CPU to build than the separate query it would save. Only
    table names and the fixed operator are formatted in; the item is a bound parameter.
    """
    answers, attempts = Answer._meta.db_table, Attempt._meta.db_table
    return RawSQL(  # noqa: S611
        f"SELECT COUNT(*) FROM {answers} a WHERE a.attempt_id = {attempts}.id"  # noqa: S608
        f" AND a.item_id {operator} %s",
        (item.pk,),
    )


def save_answer(attempt: Attempt, item: Item, form: Form, *, now: datetime | None = None) -> Saved:
    """Record the learner's response to one item of an open attempt.

    Raises `BadResponse` (the response does not fit the item: 400) or `Refused` (the attempt is
    submitted or out of time, or, with immediate feedback, the item was already answered: 409).
    """
    now = now or timezone.now()
    response = item.behaviour.parse(item.data, form)
    score = item.behaviour.score(item.data, response)
    with transaction.atomic():
        # Lock the attempt row, and only that row: locking the quiz too would queue everyone
        # taking it. Every writer of an attempt or its answers takes this lock first, so what
        # is read with it holds until the answer is written.
        submitted_at, deadline, this_item, other_items = (
            Attempt.objects.select_for_update()
            .filter(pk=attempt.pk)
            .annotate(this=_answers_to_item("=", item), others=_answers_to_item("<>", item))
            .values_list("submitted_at", "deadline", "this", "others")
            .get()
        )
        if submitted_at is not None:
            raise Refused(_("This attempt has been submitted; its answers can no longer change."))
        if deadline is not None and now >= deadline:
            raise Refused(_("Time is up for this attempt; the answer was not saved."))
        answer = Answer(attempt=attempt, item=item, response=response, score=score, answered_at=now)
        if attempt.quiz.immediate:
            if this_item:
                raise Refused(_("You have already answered this question; the answer is final."))
            answer.save(force_insert=True)
        else:
            # One INSERT ... ON CONFLICT UPDATE: the answer replaces any earlier one to the item.
            Answer.objects.bulk_create(
                [answer],
                update_conflicts=True,
                unique_fields=["attempt", "item"],
                update_fields=["response", "score", "answered_at"],
            )
        if outbox.enabled():
            quiz = attempt.quiz
            outbox.send(statements.question_answered(
                attempt.user, item_key=item.key, quiz_path=quiz.get_absolute_url(),
                quiz_title=str(quiz.title), score=score,
            ), user=attempt.user)  # fmt: skip
        return Saved(answer, answered=other_items + 1)


def submit(attempt: Attempt, *, now: datetime | None = None) -> Attempt:
    """Score the attempt (unanswered items count 0) and close it. Raises `Refused` if closed."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(attempt)
        if not locked.is_open:
            raise Refused(_("This attempt was already submitted."))
        scores = dict(locked.answers.values_list("item_id", "score"))
        total = sum(scores.get(item_id, 0.0) for item_id in locked.item_ids)
        locked.score = round(100 * total / len(locked.item_ids), 1)
        locked.passed = locked.score >= locked.quiz.pass_mark
        locked.submitted_at = min(now, locked.deadline) if locked.deadline else now
        locked.save(update_fields=["score", "passed", "submitted_at"])
        quiz = locked.quiz
        outbox.send(statements.quiz_finished(
            locked.user, quiz_path=quiz.get_absolute_url(), quiz_title=str(quiz.title),
            score=locked.score, passed=locked.passed,
        ), user=locked.user)  # fmt: skip
        return locked


@dataclass
class Question:
    """One item of an attempt as the learner sees it."""

    number: int
    item: Item
    layout: dict[str, Any]
    answer: Answer | None
    show_feedback: bool
    error: str = ""

    @property
    def chosen(self) -> Any:
        return self.answer.response if self.answer else None

    @property
    def feedback(self) -> list[str]:
        if not (self.answer and self.show_feedback):
            return []
        return self.item.behaviour.feedback(self.item.data, self.answer.response)

    @property
    def key(self) -> list[str]:
        return self.item.behaviour.key(self.item.data)

    @property
    def answer_text(self) -> str:
        if self.answer is None:
            return ""
        return self.item.behaviour.describe(self.item.data, self.answer.response)

    @property
    def selected(self) -> set[str]:
        """The options chosen (choice kinds)."""
        chosen = self.chosen
        if isinstance(chosen, str):
            return {chosen}
        return set(chosen) if isinstance(chosen, list) else set()

    @property
    def rows(self) -> list[tuple[Any, Any]]:
        """Each line with the value chosen for it (matching and ordering)."""
        chosen = self.chosen if isinstance(self.chosen, dict) else {}
        return [(line, chosen.get(line.id)) for line in self.layout.get("lines", [])]

    @property
    def outcome(self) -> str:
        if self.answer is None:
            return "unanswered"
        if self.answer.score >= 1:
            return "right"
        return "partly" if self.answer.score > 0 else "wrong"


def questions(attempt: Attempt, *, only: Item | None = None) -> list[Question]:
    """The attempt's items in the learner's order, with their answers so far."""
    order = list(attempt.item_ids)
    if attempt.quiz.shuffle_items:
        _rng(attempt.seed).shuffle(order)
    wanted = [only.pk] if only else order
    items = Item.objects.select_related("lesson__unit").in_bulk(wanted)
    answers = {a.item_id: a for a in attempt.answers.filter(item_id__in=wanted)}
    reveal = not attempt.is_open or attempt.quiz.immediate
    result = []
    for number, item_id in enumerate(order, 1):
        if item_id not in items:
            continue
        item = items[item_id]
        rng = _rng(attempt.seed, item_id) if attempt.quiz.shuffle_options else None
        answer = answers.get(item_id)
        result.append(
            Question(number, item, item.behaviour.present(item.data, rng), answer, reveal)
        )
    return result
