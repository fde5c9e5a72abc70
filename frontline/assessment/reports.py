"""What trainers and learners read off the attempts: item statistics, learning gain, mastery.

Each function takes the attempts it may use (already filtered by `visible_to`), so a report can
never reach past what its reader is allowed to see.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from statistics import fmean

from django.db import models
from django.db.models.functions import Coalesce

from frontline.accounts.models import Agency, User
from frontline.assessment import statistics as st
from frontline.assessment.models import Answer, Attempt, AttemptQuerySet, Item, Quiz, QuizItem

MASTERY_THRESHOLD = 0.8
MASTERY_MIN_ITEMS = 2


@dataclass
class ItemStats:
    item: Item
    n: int
    difficulty: float | None
    discrimination: float | None
    counts: list[tuple[str, int]]

    @property
    def flagged(self) -> bool:
        """Negative discrimination: people who did well on the rest of the test did worse here."""
        return self.discrimination is not None and self.discrimination < 0


@dataclass
class QuizStats:
    quiz: Quiz
    attempts: int
    mean: float | None
    alpha: float | None
    items: list[ItemStats] = field(default_factory=list)

    @property
    def flagged_count(self) -> int:
        return sum(1 for s in self.items if s.flagged)


@dataclass
class QuizSummary:
    quiz: Quiz
    attempts: int
    mean: float | None


def quiz_summaries(attempts: AttemptQuerySet) -> list[QuizSummary]:
    """Submitted attempts and mean score per quiz, every quiz listed: one aggregate query over
    any number of attempts. The item statistics (`quiz_stats`) read every answer, so they are
    computed for one quiz at a time, when its page is opened."""
    figures = {
        row["quiz"]: row
        for row in attempts.submitted()
        .order_by()
        .values("quiz")
        .annotate(n=models.Count("pk"), mean=models.Avg(Coalesce("score", 0.0)))
    }
    return [
        QuizSummary(q, figures.get(q.pk, {}).get("n", 0), figures.get(q.pk, {}).get("mean"))
        for q in Quiz.objects.select_related("unit")
    ]


def _scores(attempts: list[Attempt]) -> dict[int, dict[int, float]]:
    """Item scores per attempt; an item left unanswered scores 0."""
    table: dict[int, dict[int, float]] = {a.pk: dict.fromkeys(a.item_ids, 0.0) for a in attempts}
    for attempt_id, item_id, score in Answer.objects.filter(
        attempt__in=[a.pk for a in attempts]
    ).values_list("attempt_id", "item_id", "score"):
        table[attempt_id][item_id] = score
    return table


def quiz_stats(quiz: Quiz, attempts: AttemptQuerySet) -> QuizStats:
    """Difficulty, discrimination and answer counts per item, and Cronbach's alpha.

    Alpha is computed over slots: the n-th item of every attempt, which for a unit quiz is the
    n-th draw for the same objective, since attempts draw different items for it."""
    done = list(attempts.filter(quiz=quiz).submitted())
    table = _scores(done)
    totals = {a.pk: sum(table[a.pk].values()) for a in done}
    slots = Counter(len(a.item_ids) for a in done)
    width = slots.most_common(1)[0][0] if slots else 0
    rows = [[table[a.pk][i] for i in a.item_ids] for a in done if len(a.item_ids) == width]
    stats = QuizStats(
        quiz=quiz,
        attempts=len(done),
        mean=fmean(a.score or 0.0 for a in done) if done else None,
        alpha=st.cronbach_alpha(rows),
    )
    by_item: dict[int, list[int]] = defaultdict(list)  # item -> attempts that drew it
    for a in done:
        for item_id in a.item_ids:
            by_item[item_id].append(a.pk)
    responses: dict[int, list[object]] = defaultdict(list)
    for item_id, response in Answer.objects.filter(attempt__in=[a.pk for a in done]).values_list(
        "item_id", "response"
    ):
        responses[item_id].append(response)
    for item in Item.objects.filter(pk__in=by_item).select_related("lesson"):
        seen = by_item[item.pk]
        scores = [table[a][item.pk] for a in seen]
        stats.items.append(
            ItemStats(
                item=item,
                n=len(seen),
                difficulty=st.difficulty(scores),
                discrimination=st.discrimination(scores, [totals[a] for a in seen]),
                counts=_counts(item, responses[item.pk], len(seen)),
            )
        )
    stats.items.sort(key=lambda s: (not s.flagged, s.item.key))
    return stats


def _counts(item: Item, responses: list[object], seen: int) -> list[tuple[str, int]]:
    """How often each option (or distinct answer) was chosen, and how often none was."""
    tally = Counter(label for r in responses for label in item.behaviour.tally(item.data, r))
    options = item.data.get("options")
    if options:
        counts = [(f"{o['id']}: {o['text']}", tally.get(o["id"], 0)) for o in options]
    elif item.kind == "truefalse":
        counts = [(label, tally.get(label, 0)) for label in ("true", "false")]
    else:
        # Short answers: the five most frequent; matching and ordering: every pair or place
        # given, in words, most frequent first.
        counts = tally.most_common(None if item.kind in ("matching", "ordering") else 5)
    return [*counts, ("(no answer)", seen - len(responses))]


# A pre/post pair is flagged when its change in facility strays this far from the mean change
# of all pairs (the learning between the tests moves every pair; a pair that moves much more
# or much less than the others probably was not of the same difficulty), once each of its two
# items has this many answers.
PAIR_GAP = 0.3
PAIR_MIN_ANSWERS = 5


@dataclass
class PairStats:
    pre: Item
    post: Item
    pre_n: int
    post_n: int
    pre_facility: float | None
    post_facility: float | None
    flagged: bool = False

    @property
    def change(self) -> float | None:
        if self.pre_facility is None or self.post_facility is None:
            return None
        return self.post_facility - self.pre_facility


def pair_stats(attempts: AttemptQuerySet) -> list[PairStats]:
    """The parallel pairs, slot by slot of the two tests, with each item's facility (mean score)
    among the submitted attempts given, and a flag for a pair whose change stands out."""
    forms: dict[str, list[Item]] = {Quiz.Kind.PRE: [], Quiz.Kind.POST: []}
    for row in (
        QuizItem.objects.filter(quiz__kind__in=list(forms))
        .select_related("item", "quiz")
        .order_by("position")
    ):
        forms[row.quiz.kind].append(row.item)
    scores: dict[int, list[float]] = defaultdict(list)
    done = list(attempts.submitted().filter(quiz__kind__in=list(forms)).only("pk", "item_ids"))
    for answered in _scores(done).values():  # unanswered scores 0, as in quiz_stats
        for item_id, score in answered.items():
            scores[item_id].append(score)
    pairs = [
        PairStats(
            pre,
            post,
            len(scores[pre.pk]),
            len(scores[post.pk]),
            st.difficulty(scores[pre.pk]),
            st.difficulty(scores[post.pk]),
        )
        for pre, post in zip(forms[Quiz.Kind.PRE], forms[Quiz.Kind.POST], strict=False)
    ]
    enough = [
        p for p in pairs
        if min(p.pre_n, p.post_n) >= PAIR_MIN_ANSWERS and p.change is not None
    ]  # fmt: skip
    if enough:
        mean_change = fmean(p.change or 0.0 for p in enough)
        for p in enough:
            p.flagged = abs((p.change or 0.0) - mean_change) > PAIR_GAP
    return pairs


@dataclass
class Gain:
    label: str
    pre: float
    post: float
    gain: float | None
    learners: int = 1


def _home_agency(user: User) -> Agency | None:
    """The agency that sent the learner: the first that is not an academy, else the academy."""
    agencies = sorted(user.agencies.all(), key=lambda a: (a.kind == Agency.Kind.ACADEMY, a.name))
    return agencies[0] if agencies else None


def gains(attempts: AttemptQuerySet) -> tuple[list[Gain], list[Gain]]:
    """Normalised gain per learner (first pre-test, latest post-test) and per agency."""
    pre: dict[int, float] = {}
    post: dict[int, float] = {}
    users: dict[int, User] = {}
    for a in (
        attempts.submitted()
        .filter(quiz__kind__in=[Quiz.Kind.PRE, Quiz.Kind.POST])
        .select_related("quiz", "user")
        .prefetch_related("user__agencies")
        .order_by("submitted_at")
    ):
        users[a.user_id] = a.user
        if a.quiz.kind == Quiz.Kind.PRE:
            pre.setdefault(a.user_id, a.score or 0.0)
        else:
            post[a.user_id] = a.score or 0.0
    learners = []
    groups: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for user_id in sorted(pre.keys() & post.keys(), key=lambda u: users[u].get_full_name()):
        user = users[user_id]
        pair = (pre[user_id], post[user_id])
        learners.append(
            Gain(user.get_full_name() or user.username, *pair, st.normalised_gain(*pair))
        )
        agency = _home_agency(user)
        groups[agency.name if agency else "-"].append(pair)
    per_group = [
        Gain(
            name,
            fmean(p for p, _ in pairs),
            fmean(q for _, q in pairs),
            st.group_gain(pairs),
            len(pairs),
        )
        for name, pairs in sorted(groups.items())
    ]
    return learners, per_group


@dataclass
class Mastery:
    score: float
    items: int

    @property
    def mastered(self) -> bool:
        return self.items >= MASTERY_MIN_ITEMS and self.score >= MASTERY_THRESHOLD


def mastery(attempts: AttemptQuerySet) -> dict[int, dict[int, Mastery]]:
    """Per learner, per objective: the mean of the learner's latest submitted answer to each
    of its items, among `attempts`. One query for any number of learners."""
    latest: dict[int, dict[int, float]] = defaultdict(dict)
    objectives: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    for user_id, item_id, score, objective_id in (
        Answer.objects.filter(attempt__in=attempts.submitted().values("pk"))
        .order_by("answered_at")
        .values_list("attempt__user_id", "item_id", "score", "item__objectives")
    ):
        latest[user_id][item_id] = score
        objectives[user_id][objective_id].add(item_id)
    return {
        user_id: {
            objective_id: Mastery(fmean(latest[user_id][i] for i in items), len(items))
            for objective_id, items in per_objective.items()
        }
        for user_id, per_objective in objectives.items()
    }
