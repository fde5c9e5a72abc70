"""The curriculum as loaded from content/: units, objectives, lessons, glossary, instruments,
the resource library, and each learner's progress.

Content rows are keyed by the stable ids of the content files (`key`), so reloading the content
updates them in place and learner progress survives. A lesson that disappears from the files is
retired, not deleted, for the same reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Unit(models.Model):
    key = models.SlugField(unique=True)
    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=200)
    summary = models.TextField()
    intro_html = models.TextField()

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("curriculum:unit", args=[self.key])


class Objective(models.Model):
    key = models.SlugField(unique=True)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="objectives")
    order = models.PositiveSmallIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["unit__number", "order"]

    def __str__(self) -> str:
        return f"{self.key}: {self.text[:60]}"


class SessionRow(models.Model):
    """One row of a unit's session plan, as a trainer runs it."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="session_rows")
    seq = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    content = models.TextField()
    activities = models.JSONField(default=list)
    minutes = models.PositiveSmallIntegerField()
    references = models.JSONField(default=list)
    # Trainer notes (content/facilitator/): aim, ask, misconceptions, activity, timing, ngo.
    notes = models.JSONField(default=dict)

    class Meta:
        ordering = ["unit__number", "seq"]
        constraints = [models.UniqueConstraint(fields=["unit", "seq"], name="unique_session_seq")]

    def __str__(self) -> str:
        return f"{self.unit.key} #{self.seq} {self.title}"


class Resource(models.Model):
    key = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=300)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    type = models.CharField(max_length=40)
    topics = models.JSONField(default=list)
    region = models.CharField(max_length=60)
    audience = models.JSONField(default=list)
    summary = models.TextField()
    url = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("curriculum:resource", args=[self.key])


class LessonQuerySet(models.QuerySet["Lesson"]):
    def current(self) -> LessonQuerySet:
        return self.filter(retired=False)


class Lesson(models.Model):
    key = models.SlugField(unique=True)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="lessons")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    body_html = models.TextField()
    body_text = models.TextField(help_text=_("plain text, for search"))
    key_points = models.JSONField(default=list)
    sources = models.JSONField(default=list)
    words = models.PositiveIntegerField()
    objectives = models.ManyToManyField(Objective, related_name="lessons")
    resources = models.ManyToManyField(Resource, related_name="lessons", blank=True)
    glossary: models.ManyToManyField[GlossaryTerm, models.Model] = models.ManyToManyField(
        "GlossaryTerm", related_name="lessons", blank=True
    )
    retired = models.BooleanField(default=False)

    objects = LessonQuerySet.as_manager()

    class Meta:
        ordering = ["unit__number", "order"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("curriculum:lesson", args=[self.unit.key, self.key])

    @property
    def reading_minutes(self) -> int:
        # About 200 words a minute for careful reading on a phone.
        return max(1, round(self.words / 200))


class GlossaryTerm(models.Model):
    key = models.SlugField(max_length=100, unique=True)
    term = models.CharField(max_length=200)
    abbreviation = models.CharField(max_length=40, blank=True)
    definition = models.TextField()
    source = models.CharField(max_length=300, blank=True)
    see_also = models.JSONField(default=list)

    class Meta:
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term


class Instrument(models.Model):
    key = models.SlugField(max_length=100, unique=True)
    short = models.CharField(max_length=200)
    title = models.CharField(max_length=400)
    body = models.CharField(max_length=100)
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=60)
    summary = models.TextField()
    key_articles = models.JSONField(default=list)

    class Meta:
        ordering = ["year", "short"]

    def __str__(self) -> str:
        return self.short


class SearchDocument(models.Model):
    """One searchable thing (lesson, glossary term, resource), rebuilt at every content load."""

    class Kind(models.TextChoices):
        LESSON = "lesson", _("Lesson")
        TERM = "term", _("Glossary")
        RESOURCE = "resource", _("Library")

    kind = models.CharField(max_length=16, choices=Kind.choices)
    ref = models.CharField(max_length=100)
    title = models.CharField(max_length=400)
    body = models.TextField()
    url = models.CharField(max_length=300)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "ref"], name="unique_search_doc")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.ref}"


class LessonProgress(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="progress")
    last_viewed = models.DateTimeField()
    completed = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="unique_lesson_progress")
        ]
        indexes = [models.Index(fields=["user", "-last_viewed"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.lesson_id} {'done' if self.completed else 'open'}"
