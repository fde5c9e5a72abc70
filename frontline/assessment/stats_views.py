"""The item-statistics and learning-gain pages, over whatever attempts their caller may show.

Who sees whose attempts is not decided here: a `Scope` carries the attempts (already narrowed
by a door) and the names of the pages that show them. The assessment app serves them for
coordinators over their agencies (`Attempt.objects.visible_to`); the courses app serves them for
one course, or across the courses a trainer runs (`courses/records.py`).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from frontline.accounts.models import User
from frontline.assessment import reports
from frontline.assessment.models import AttemptQuerySet, Quiz
from frontline.audit.log import Kind, record_read
from frontline.lib import tables


@dataclass(frozen=True)
class Scope:
    attempts: AttemptQuerySet
    lead: str  # a sentence under the heading: whose attempts these are
    namespace: str  # URL namespace with statistics, quiz_statistics, items_csv, gain_csv
    query: str = ""  # appended to every link, e.g. "?course=12"
    target: models.Model | None = None  # what an export is recorded against


def overview(request: HttpRequest, scope: Scope) -> HttpResponse:
    rows = reports.quiz_summaries(scope.attempts)
    learners, groups = reports.gains(scope.attempts)
    pairs = reports.pair_stats(scope.attempts)
    context = {
        "rows": rows, "learners": learners, "groups": groups, "scope": scope,
        "pairs": pairs, "pairs_flagged": sum(1 for p in pairs if p.flagged),
        "pair_gap": reports.PAIR_GAP, "pair_min": reports.PAIR_MIN_ANSWERS,
    }  # fmt: skip
    return render(request, "assessment/statistics.html", context)


def _stats(scope: Scope, key: str) -> reports.QuizStats:
    quiz = get_object_or_404(Quiz.objects.select_related("unit"), key=key)
    return reports.quiz_stats(quiz, scope.attempts)


def quiz_page(request: HttpRequest, scope: Scope, key: str) -> HttpResponse:
    stats = _stats(scope, key)
    context = {"stats": stats, "quiz": stats.quiz, "scope": scope}
    return render(request, "assessment/quiz_statistics.html", context)


def _csv(filename: str) -> tuple[HttpResponse, Any]:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response, csv.writer(response)


def _number(value: float | None, digits: int = 3) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def items_csv(scope: Scope, key: str) -> HttpResponse:
    stats = _stats(scope, key)
    response, out = _csv(f"frontline-{stats.quiz.key}-items.csv")
    out.writerow(["item", "kind", "objective", "n", "difficulty", "discrimination", "flagged",
                  "answer counts"])  # fmt: skip
    for s in stats.items:
        objective = s.item.primary_objective
        out.writerow([
            s.item.key, s.item.kind, objective.key if objective else "", s.n,
            _number(s.difficulty), _number(s.discrimination), "yes" if s.flagged else "",
            "; ".join(f"{label} = {count}" for label, count in s.counts),
        ])  # fmt: skip
    out.writerow([])
    out.writerow(["attempts", stats.attempts, "cronbach_alpha", _number(stats.alpha)])
    return response


def gain_csv(
    request: HttpRequest, scope: Scope, *, acting_user: User, fmt: str = "csv"
) -> HttpResponse:
    """Names and scores of learners leave the site here: the export is audited."""
    learners, groups = reports.gains(scope.attempts)
    record_read(
        "assessment.export_gain",
        actor=acting_user,
        target=scope.target,
        request=request,
        kind=Kind.DISCLOSURE,
        details={"format": fmt, "learners": len(learners), "agencies": len(groups)},
    )
    table = tables.Table(
        "learning gain",
        ["level", "name", "learners", "pre_test", "post_test", "normalised_gain"],
        numeric=frozenset({2, 3, 4, 5}),
    )
    for level, rows in (("learner", learners), ("agency", groups)):
        for g in rows:
            table.rows.append([level, g.label, g.learners, _number(g.pre, 1), _number(g.post, 1),
                               _number(g.gain)])  # fmt: skip
    return tables.download(table, "frontline-learning-gain", fmt)
