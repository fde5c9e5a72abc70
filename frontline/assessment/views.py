from __future__ import annotations

import csv
from collections.abc import Callable
from functools import wraps
from types import SimpleNamespace
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from frontline.accounts.models import User
from frontline.assessment import attempts, reports
from frontline.assessment.kinds import BadResponse
from frontline.assessment.models import Attempt, Item, Quiz
from frontline.audit.log import Kind, record_read
from frontline.curriculum import progress
from frontline.curriculum.models import Unit


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def attempt_for(user: User, pk: int, *, write: bool = False) -> Attempt:
    """The one door to an attempt: 404 if the user may not see it (or it does not exist),
    403 if they may see it but not answer it (a trainer looking at a learner's attempt)."""
    try:
        attempt = Attempt.objects.select_related("quiz").get(pk=pk)
    except Attempt.DoesNotExist:
        raise Http404 from None
    # The learner's own attempt is the common case (every answer saved); anyone else goes
    # through the same rule as every list: `visible_to`.
    if attempt.user_id != user.pk and not Attempt.objects.visible_to(user).filter(pk=pk).exists():
        raise Http404
    if write and attempt.user_id != user.pk:
        raise PermissionDenied(_("Only the learner can answer their own attempt."))
    return attempt


def teaching_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _user(request).teaches():
            raise PermissionDenied(_("Quiz statistics are for trainers and coordinators."))
        return view(request, *args, **kwargs)

    return wrapper


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
    teaching = user.teaches()
    return render(request, "assessment/quiz_list.html", {"rows": rows, "teaching": teaching})


@login_required
@require_GET
def learner_progress(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    mastery = reports.mastery(user)
    units = []
    for unit in Unit.objects.prefetch_related("objectives"):
        tallies = progress.objective_tallies(user, unit)
        units.append((unit, [(o, tally, mastery.get(o.pk)) for o, tally in tallies]))
    learners, _groups = reports.gains(Attempt.objects.filter(user=user))
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


# --- trainers ---------------------------------------------------------------------------------


@never_cache
@login_required
@teaching_required
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    visible = Attempt.objects.visible_to(_user(request))
    rows = [reports.quiz_stats(quiz, visible) for quiz in Quiz.objects.select_related("unit")]
    learners, groups = reports.gains(visible)
    return render(
        request,
        "assessment/statistics.html",
        {"rows": rows, "learners": learners, "groups": groups},
    )


@never_cache
@login_required
@teaching_required
@require_GET
def quiz_statistics(request: HttpRequest, key: str) -> HttpResponse:
    stats = _stats_for(request, key)
    return render(request, "assessment/quiz_statistics.html", {"stats": stats, "quiz": stats.quiz})


def _stats_for(request: HttpRequest, key: str) -> reports.QuizStats:
    """One quiz's item statistics over the attempts the reader may see."""
    quiz = get_object_or_404(Quiz.objects.select_related("unit"), key=key)
    return reports.quiz_stats(quiz, Attempt.objects.visible_to(_user(request)))


def _csv(filename: str) -> tuple[HttpResponse, Any]:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response, csv.writer(response)


def _number(value: float | None, digits: int = 3) -> str:
    return "" if value is None else f"{value:.{digits}f}"


@never_cache
@login_required
@teaching_required
@require_GET
def quiz_statistics_csv(request: HttpRequest, key: str) -> HttpResponse:
    stats = _stats_for(request, key)
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


@never_cache
@login_required
@teaching_required
@require_GET
def gain_csv(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    learners, groups = reports.gains(Attempt.objects.visible_to(user))
    record_read(
        "assessment.export_gain",
        actor=user,
        request=request,
        kind=Kind.DISCLOSURE,
        details={"format": "csv", "learners": len(learners), "agencies": len(groups)},
    )
    response, out = _csv("frontline-learning-gain.csv")
    out.writerow(["level", "name", "learners", "pre_test", "post_test", "normalised_gain"])
    for level, rows in (("learner", learners), ("agency", groups)):
        for g in rows:
            out.writerow([level, g.label, g.learners, _number(g.pre, 1), _number(g.post, 1),
                          _number(g.gain)])  # fmt: skip
    return response
