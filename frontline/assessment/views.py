from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from frontline.accounts.models import User
from frontline.accounts.policy import PLAN_COURSES, holds, require
from frontline.assessment import attempts, reports, stats_views
from frontline.assessment.access import attempt_for, oversees_agencies
from frontline.assessment.kinds import BadResponse
from frontline.assessment.models import Attempt, Item, Quiz
from frontline.curriculum import progress
from frontline.curriculum.models import Unit
from frontline.lib.replica import reads_from_replica


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _agencies_scope(request: HttpRequest) -> stats_views.Scope:
    """The agency-wide statistics: for coordinators and administrators (403 for others)."""
    user = _user(request)
    require(
        oversees_agencies(user),
        _("These statistics are for coordinators; trainers find theirs under their courses."),
    )
    return stats_views.Scope(
        Attempt.objects.visible_to(user),
        lead=_("From the submitted attempts of the people of the agencies you coordinate."),
        namespace="assessment",
    )


# --- learners ---------------------------------------------------------------------------------


@login_required
@require_GET
def quiz_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    mine = list(Attempt.objects.filter(user=user).order_by("number"))
    rows = []
    for quiz in Quiz.objects.select_related("unit"):
        taken = [a for a in mine if a.quiz_id == quiz.pk]
        scores = [a.score for a in taken if a.score is not None]
        rows.append(
            {
                "quiz": quiz,
                "attempts": len(taken),
                "best": max(scores) if scores else None,
                "open": any(a.is_open for a in taken),
                "passed": any(a.passed for a in taken),
            }
        )
    context = {
        "rows": rows,
        "teaches": holds(user, PLAN_COURSES),
        "oversees": oversees_agencies(user),
    }
    return render(request, "assessment/quiz_list.html", context)


@login_required
@require_GET
def learner_progress(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    mine = Attempt.objects.filter(user=user)
    mastery = reports.mastery(mine).get(user.pk, {})
    units = []
    for unit in Unit.objects.prefetch_related("objectives"):
        tallies = progress.objective_tallies(user, unit)
        units.append((unit, [(o, tally, mastery.get(o.pk)) for o, tally in tallies]))
    learners, _groups = reports.gains(mine)
    return render(
        request,
        "assessment/progress.html",
        {"units": units, "gain": learners[0] if learners else None},
    )


@login_required
@require_GET
def quiz_detail(request: HttpRequest, key: str) -> HttpResponse:
    quiz = get_object_or_404(Quiz.objects.select_related("unit"), key=key)
    mine = [
        attempts.close_if_expired(a)
        for a in Attempt.objects.filter(user=_user(request), quiz=quiz).order_by("number")
    ]
    return render(request, "assessment/quiz.html", _quiz_context(quiz, mine))


def _quiz_context(quiz: Quiz, mine: list[Attempt], error: str = "") -> dict[str, Any]:
    slots = quiz.items.count()
    if quiz.draws:
        slots = quiz.items_per_objective * quiz.unit.objectives.count() if quiz.unit else 0
    return {
        "quiz": quiz,
        "attempts": mine,
        "questions": slots,
        "left": quiz.max_attempts - len(mine) if quiz.max_attempts else None,
        "open": next((a for a in mine if a.is_open), None),
        "error": error,
    }


@login_required
@require_POST
def quiz_start(request: HttpRequest, key: str) -> HttpResponse:
    user = _user(request)
    quiz = get_object_or_404(Quiz.objects.select_related("unit"), key=key)
    try:
        attempt = attempts.start(user, quiz)
    except attempts.Refused as refused:
        mine = list(Attempt.objects.filter(user=user, quiz=quiz).order_by("number"))
        context = _quiz_context(quiz, mine, error=str(refused))
        return render(request, "assessment/quiz.html", context, status=409)
    return redirect(attempt)


@never_cache
@login_required
@require_GET
def attempt_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    attempt = attempts.close_if_expired(attempt_for(user, pk))
    if not attempt.is_open or attempt.user_id != user.pk:
        return redirect("assessment:review", attempt.pk)
    return _attempt_page(request, attempt)


def _attempt_page(
    request: HttpRequest, attempt: Attempt, errors: dict[int, str] | None = None, status: int = 200
) -> HttpResponse:
    questions = attempts.questions(attempt)
    for question in questions:
        question.error = (errors or {}).get(question.item.pk, "")
    return render(
        request,
        "assessment/attempt.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "questions": questions,
            "answered": sum(1 for q in questions if q.answer),
        },
        status=status,
    )


@never_cache
@login_required
@require_POST
def answer(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    attempt = attempt_for(_user(request), pk, write=True)
    if item not in attempt.item_ids:
        raise Http404
    item_obj = get_object_or_404(Item, pk=item)
    error, status, saved = "", 200, None
    try:
        saved = attempts.save_answer(attempt, item_obj, dict(request.POST.lists()))
    except BadResponse as bad:
        error, status = str(bad), 400
    except attempts.Refused as refused:
        error, status = str(refused), 409
    if not request.headers.get("HX-Request"):
        if status == 200:
            return redirect(f"{attempt.get_absolute_url()}#q-{item}")
        return _attempt_page(request, attempt, {item: error}, status)
    if attempt.quiz.immediate:
        # The whole question comes back: locked, with its feedback.
        question: Any = attempts.questions(attempt, only=item_obj)[0]
        question.error = error
    else:
        # Only the status line: the learner may be changing other parts of the question.
        question = SimpleNamespace(error=error, answer=status == 200)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "question": question,
        "answered": saved.answered if saved else attempt.answers.count(),
        "saved": status == 200,
    }
    return render(request, "assessment/partials/question_saved.html", context, status=status)


@login_required
@require_POST
def attempt_submit(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = attempt_for(_user(request), pk, write=True)
    try:
        attempts.submit(attempt)
    except attempts.Refused as refused:
        return render(
            request, "assessment/refused.html", {"attempt": attempt, "error": refused}, status=409
        )
    return redirect("assessment:review", attempt.pk)


@never_cache
@login_required
@require_GET
def attempt_review(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    attempt = attempts.close_if_expired(attempt_for(user, pk))
    if attempt.is_open and attempt.user_id == user.pk:
        return redirect(attempt)
    questions = attempts.questions(attempt)
    by_objective: dict[Any, list[float]] = {}
    for q in questions:
        objective = q.item.primary_objective
        by_objective.setdefault(objective, []).append(q.answer.score if q.answer else 0.0)
    objectives = [
        (objective, round(100 * sum(scores) / len(scores)))
        for objective, scores in by_objective.items()
    ]
    objectives.sort(key=lambda pair: pair[0].key if pair[0] else "")
    return render(
        request,
        "assessment/review.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "questions": questions,
            "objectives": objectives,
        },
    )


# --- coordinators ----------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
@reads_from_replica
def statistics(request: HttpRequest) -> HttpResponse:
    return stats_views.overview(request, _agencies_scope(request))


@never_cache
@login_required
@require_GET
@reads_from_replica
def quiz_statistics(request: HttpRequest, key: str) -> HttpResponse:
    return stats_views.quiz_page(request, _agencies_scope(request), key)


@never_cache
@login_required
@require_GET
@reads_from_replica
def quiz_statistics_csv(request: HttpRequest, key: str) -> HttpResponse:
    return stats_views.items_csv(_agencies_scope(request), key)


@never_cache
@login_required
@require_GET
def gain_csv(request: HttpRequest) -> HttpResponse:
    scope = _agencies_scope(request)
    return stats_views.gain_csv(request, scope, acting_user=_user(request))


@never_cache
@login_required
@require_GET
def gain_xlsx(request: HttpRequest) -> HttpResponse:
    scope = _agencies_scope(request)
    return stats_views.gain_csv(request, scope, acting_user=_user(request), fmt="xlsx")
