"""Case exercises as loaded from content/, solo plays, and live runs led by a trainer for a room.

A Scenario is keyed by the id of its file and keeps the whole graph as JSON (`engine.Graph`
reads it); reloading updates it in place, and a scenario gone from the files is retired, not
deleted, so plays of it keep their meaning. A Play and a LiveRun each hold their state (node,
facts, path), saved at every step.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontline.accounts.models import Agency, User
from frontline.accounts.policy import people_overseen, unrestricted
from frontline.curriculum.models import Unit
from frontline.scenarios.engine import Graph, State


class ScenarioQuerySet(models.QuerySet["Scenario"]):
    def current(self) -> ScenarioQuerySet:
        return self.filter(retired=False)


class Scenario(models.Model):
    key = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="scenarios")
    objectives = models.JSONField(default=list)
    setting = models.TextField()
    roles = models.JSONField(default=list)
    minutes = models.PositiveSmallIntegerField()
    possible_minor = models.BooleanField(default=False)
    border = models.BooleanField(default=False)
    trafficking = models.BooleanField(default=True)
    graph_data = models.JSONField()
    retired = models.BooleanField(default=False)

    objects = ScenarioQuerySet.as_manager()

    class Meta:
        ordering = ["unit__number", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("scenarios:detail", args=[self.key])

    @property
    def graph(self) -> Graph:
        cached = getattr(self, "_graph", None)
        if cached is None:
            cached = self._graph = Graph.from_json(self.graph_data)
        return cached


class PlayQuerySet(models.QuerySet["Play"]):
    def visible_to(self, user: User) -> PlayQuerySet:
        """A learner's own plays; for coordinators and administrators, also those of the people
        of their agencies. Trainers see plays only through the courses they run
        (courses/records.py), never one by one."""
        if unrestricted(user):
            return self.all()
        return self.filter(models.Q(user=user) | people_overseen(user))

    def finished(self) -> PlayQuerySet:
        return self.filter(finished_at__isnull=False)


class Outcome(models.TextChoices):
    GOOD = "good", _("good")
    MIXED = "mixed", _("mixed")
    POOR = "poor", _("poor")


def new_seed() -> int:
    """The seed that orders a play's or a run's choices (`Graph.offered`)."""
    return secrets.randbelow(2**31)


class Play(models.Model):
    """One learner playing one scenario alone. `path` is the list of steps taken so far:
    {"node": ..., "choice": ...}; `scores` the running total per competency."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plays"
    )
    scenario = models.ForeignKey(Scenario, on_delete=models.PROTECT, related_name="plays")
    # The course it was started for, from the course's page (courses/records.py).
    offering = models.ForeignKey(
        "courses.CourseOffering", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    node = models.CharField(max_length=100)
    facts = models.JSONField(default=list)
    path = models.JSONField(default=list)
    scores = models.JSONField(default=dict)
    seed = models.PositiveIntegerField(default=new_seed)
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    ending = models.CharField(max_length=100, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)

    objects = PlayQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            # At most one unfinished play per learner and scenario: starting again resumes it.
            models.UniqueConstraint(
                fields=["user", "scenario"],
                condition=models.Q(finished_at__isnull=True),
                name="one_open_play_per_scenario",
            )
        ]

    def __str__(self) -> str:
        return f"{self.scenario_id}/{self.user_id}#{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("scenarios:play", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @property
    def state(self) -> State:
        return State(self.node, frozenset(self.facts))


JOIN_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
JOIN_CODE_LENGTH = 6


def new_join_code() -> str:
    # No 0/O, 1/I/L, 5/S, 2/Z, 8/B: read aloud or off a projector, none can be mistaken.
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


class LiveRunQuerySet(models.QuerySet["LiveRun"]):
    def finished(self) -> LiveRunQuerySet:
        """Finished runs, ready for `results.run_results` (with their number of participants)."""
        return (
            self.filter(status=LiveRun.Status.FINISHED)
            .select_related("scenario", "trainer")
            .annotate(participant_count=models.Count("participants", distinct=True))
        )

    def visible_to(self, user: User) -> LiveRunQuerySet:
        """Runs of the agencies the user belongs to (they may join them with the code; teaching
        roles see their results), runs of a course they are enrolled in (a multi-agency course
        brings people of other agencies into the room), and runs they took part in."""
        if unrestricted(user):
            return self.all()
        return self.filter(
            models.Q(agency__memberships__user=user)
            # Participants who accepted the course's invitation (courses.Enrolment.Status).
            | models.Q(offering__enrolments__user=user, offering__enrolments__status="accepted")
            | models.Q(participants__user=user)
        ).distinct()


class LiveRun(models.Model):
    class Status(models.TextChoices):
        LOBBY = "lobby", _("waiting for the room")
        VOTING = "voting", _("voting")
        DISCUSSING = "discussing", _("discussing")
        FINISHED = "finished", _("finished")

    code = models.CharField(max_length=JOIN_CODE_LENGTH, unique=True, default=new_join_code)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="live_runs"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="live_runs")
    group = models.CharField(
        _("group"), max_length=100, blank=True, help_text=_("e.g. the course group or cohort")
    )
    offering = models.ForeignKey(
        "courses.CourseOffering",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="live_runs",
        verbose_name=_("course"),
    )
    scenario = models.ForeignKey(Scenario, on_delete=models.PROTECT, related_name="live_runs")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.LOBBY)
    node = models.CharField(max_length=100)
    facts = models.JSONField(default=list)
    path = models.JSONField(
        default=list, help_text=_("steps taken: node, choice, votes per choice, majority")
    )
    round = models.PositiveSmallIntegerField(default=0, help_text=_("number of the open vote"))
    vote_seconds = models.PositiveSmallIntegerField(default=60)
    seed = models.PositiveIntegerField(default=new_seed)
    deadline = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = LiveRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.code} ({self.scenario_id})"

    def get_absolute_url(self) -> str:
        return reverse("scenarios:live_room", args=[self.code])

    @property
    def state(self) -> State:
        return State(self.node, frozenset(self.facts))

    def seconds_left(self, now: Any = None) -> int:
        if self.status != self.Status.VOTING or self.deadline is None:
            return 0
        return max(0, int((self.deadline - (now or timezone.now())).total_seconds() + 0.999))


class LiveParticipant(models.Model):
    run = models.ForeignKey(LiveRun, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="live_participations"
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["run", "user"], name="unique_live_participant")
        ]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.user_id}"


class LiveVote(models.Model):
    """A participant's vote in one round; voting again in the same round changes it."""

    run = models.ForeignKey(LiveRun, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(LiveParticipant, on_delete=models.CASCADE, related_name="votes")
    round = models.PositiveSmallIntegerField()
    choice = models.CharField(max_length=100)
    cast_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["run", "participant", "round"], name="one_vote_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.round}/{self.participant_id}={self.choice}"
