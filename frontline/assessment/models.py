"""The item bank and the quizzes as loaded from content/, and the learners' attempts and answers.

Items and quizzes are keyed by the stable ids of the content files, so reloading updates them in
place. An item that leaves the files is retired, not deleted: answers given to it keep their
meaning. An answer is one row per (attempt, item), written the moment it is given.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontline.accounts.models import User
from frontline.accounts.policy import people_overseen, unrestricted
from frontline.assessment.kinds import KINDS
from frontline.assessment.kinds import Kind as QuestionKind
from frontline.curriculum.models import Lesson, Objective, Unit


class Item(models.Model):
    key = models.SlugField(max_length=100, unique=True)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=20, choices=[(k, v.label) for k, v in KINDS.items()])
    objectives = models.ManyToManyField(Objective, related_name="items")
    primary_objective = models.ForeignKey(
        Objective, on_delete=models.SET_NULL, null=True, related_name="primary_items"
    )
    lesson = models.ForeignKey(Lesson, on_delete=models.PROTECT, related_name="items")
    stem = models.TextField()
    feedback = models.TextField()
    source = models.CharField(max_length=300)
    data = models.JSONField()
    retired = models.BooleanField(default=False)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key

    @property
    def behaviour(self) -> QuestionKind:
        return KINDS[self.kind]


class Quiz(models.Model):
    class Kind(models.TextChoices):
        PRE = "pre", _("Pre-test")
        UNIT = "unit", _("Unit quiz")
        POST = "post", _("Post-test")

    class Feedback(models.TextChoices):
        IMMEDIATE = "immediate", _("after each answer")
        DEFERRED = "deferred", _("after submitting")

    key = models.SlugField(unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, null=True, related_name="quiz")
    order = models.PositiveSmallIntegerField()
    pass_mark = models.PositiveSmallIntegerField()
    max_attempts = models.PositiveSmallIntegerField(help_text=_("0 means unlimited"))
    time_limit_minutes = models.PositiveSmallIntegerField(help_text=_("0 means no limit"))
    shuffle_items = models.BooleanField()
    shuffle_options = models.BooleanField()
    feedback = models.CharField(max_length=10, choices=Feedback.choices)
    items_per_objective = models.PositiveSmallIntegerField()
    items: models.ManyToManyField[Item, QuizItem] = models.ManyToManyField(
        Item, through="QuizItem", related_name="quizzes"
    )

    class Meta:
        ordering = ["order"]
        verbose_name_plural = _("quizzes")

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("assessment:quiz", args=[self.key])

    @property
    def title(self) -> str:
        if self.unit is not None:
            return _("Unit %(number)d quiz") % {"number": self.unit.number}
        return str(self.get_kind_display())

    @property
    def draws(self) -> bool:
        """A unit quiz draws a fresh set from its pool each attempt; the tests are fixed forms."""
        return self.kind == self.Kind.UNIT

    @property
    def immediate(self) -> bool:
        return self.feedback == self.Feedback.IMMEDIATE


class QuizItem(models.Model):
    """An item of a fixed form (in order), or of the pool a unit quiz draws from."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE)
    item = models.ForeignKey(Item, on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["quiz", "item"], name="unique_quiz_item")]

    def __str__(self) -> str:
        return f"{self.quiz_id}/{self.position}"


class AttemptQuerySet(models.QuerySet["Attempt"]):
    def visible_to(self, user: User) -> AttemptQuerySet:
        """A learner's own attempts; for coordinators and administrators, also those of the
        people of their agencies. Trainers see attempts only through the courses they run
        (courses/records.py), never one by one."""
        if unrestricted(user):
            return self.all()
        return self.filter(models.Q(user=user) | people_overseen(user))

    def submitted(self) -> AttemptQuerySet:
        return self.filter(submitted_at__isnull=False)


class Attempt(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="attempts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts"
    )
    # The course it was started for, from the course's page (courses/records.py).
    offering = models.ForeignKey(
        "courses.CourseOffering", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    number = models.PositiveSmallIntegerField()
    seed = models.BigIntegerField()
    item_ids = models.JSONField(help_text=_("the items drawn, in slot order (by objective)"))
    started_at = models.DateTimeField(default=timezone.now)
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True, help_text=_("per cent"))
    passed = models.BooleanField(null=True)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "user", "number"], name="unique_attempt_number")
        ]

    def __str__(self) -> str:
        return f"{self.quiz} #{self.number} ({self.user})"

    def get_absolute_url(self) -> str:
        return reverse("assessment:attempt", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.submitted_at is None

    def time_left(self, now: Any = None) -> float | None:
        if self.deadline is None:
            return None
        return max(0.0, (self.deadline - (now or timezone.now())).total_seconds())


class Answer(models.Model):
    # No index of its own: the unique (attempt, item) constraint's index starts with attempt.
    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="answers", db_index=False
    )
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers")
    response = models.JSONField()
    score = models.FloatField()
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attempt", "item"], name="unique_answer_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}/{self.item_id}"
