from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from frontline.accounts.models import User
from frontline.accounts.policy import require
from frontline.curriculum.models import Lesson, Objective, Unit
from frontline.scenarios import debrief, live, play, results
from frontline.scenarios.access import (
    leads_runs_for,
    participant_for,
    play_for,
    require_debrief,
    run_for,
    sees_run_results,
)
from frontline.scenarios.models import (
    LiveParticipant,
    LiveRun,
    LiveVote,
    Play,
    Scenario,
)
from frontline.scenarios.reader import ROLES

ROLE_LABELS = {
    "police": gettext_lazy("Police"),
    "border_guard": gettext_lazy("Border guard"),
    "customs": gettext_lazy("Customs"),
    "labour_inspector": gettext_lazy("Labour inspector"),
    "ngo": gettext_lazy("NGO"),
}


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request"))


# --- helpers ------------------------------------------------------------------------------


# --- solo play ------------------------------------------------------------------------------


@login_required
@require_GET
def scenario_list(request: HttpRequest) -> HttpResponse:
    scenarios = Scenario.objects.current().select_related("unit")
    unit, role = request.GET.get("unit", ""), request.GET.get("role", "")
    if unit:
        scenarios = scenarios.filter(unit__key=unit)
    chosen = [s for s in scenarios if not role or role in s.roles]
    mine = Play.objects.filter(user=_user(request))
    finished = set(mine.finished().values_list("scenario_id", flat=True))
    open_ = set(mine.filter(finished_at=None).values_list("scenario_id", flat=True))
    rows = [(s, s.pk in finished, s.pk in open_) for s in chosen]
    return render(
        request,
        "scenarios/list.html",
        {
            "rows": rows,
            "units": Unit.objects.all(),
            "roles": [(r, ROLE_LABELS[r]) for r in sorted(ROLES)],
            "unit": unit,
            "role": role,
            "teaching": sees_run_results(_user(request)),
        },
    )


@login_required
@require_GET
def scenario_detail(request: HttpRequest, key: str) -> HttpResponse:
    scenario = get_object_or_404(Scenario.objects.current().select_related("unit"), key=key)
    plays = Play.objects.filter(user=_user(request), scenario=scenario)
    return render(
        request,
        "scenarios/detail.html",
        {
            "scenario": scenario,
            "objectives": Objective.objects.filter(key__in=scenario.objectives),
            "roles": [ROLE_LABELS.get(r, r) for r in scenario.roles],
            "plays": plays,
            "open": next((p for p in plays if not p.finished), None),
        },
    )


@login_required
@require_POST
def play_start(request: HttpRequest, key: str) -> HttpResponse:
    scenario = get_object_or_404(Scenario.objects.current(), key=key)
    return redirect(play.start(scenario, acting_user=_user(request)))


@never_cache
@login_required
@require_GET
def play_page(request: HttpRequest, pk: int) -> HttpResponse:
    found = play_for(_user(request), pk, write=True)
    if found.finished:
        return redirect("scenarios:debrief", found.pk)
    return _play_page(request, found)


def _play_page(
    request: HttpRequest, found: Play, error: str = "", status: int = 200
) -> HttpResponse:
    graph = found.scenario.graph
    node = graph.nodes.get(found.node)
    return render(
        request,
        "scenarios/play.html",
        {
            "play": found,
            "scenario": found.scenario,
            "node": node,
            "choices": graph.offered(found.state, seed=found.seed, turn=len(found.path))
            if node
            else [],
            "last": play.last_choice(found),
            "facts": [graph.facts[f] for f in found.facts if f in graph.facts],
            "step": len(found.path) + 1,
            "error": error,
        },
        status=status,
    )


@never_cache
@login_required
@require_POST
def play_choose(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    found = play_for(user, pk, write=True)
    try:
        play.choose(found, request.POST.get("choice", ""), acting_user=user)
    except play.Refused as refused:
        found.refresh_from_db()
        return _play_page(request, found, str(refused), status=409)
    return redirect(found)


@never_cache
@login_required
@require_GET
def play_debrief(request: HttpRequest, pk: int) -> HttpResponse:
    found = play_for(_user(request), pk)
    if not found.finished:
        if found.user_id == _user(request).pk:
            return redirect(found)
        raise Http404  # a coordinator sees a learner's play once it is finished
    graph = found.scenario.graph
    ending = graph.nodes.get(found.ending)
    best = graph.best_path()
    model = debrief.model_steps(best, graph)
    return render(
        request,
        "scenarios/debrief.html",
        {
            "play": found,
            "scenario": found.scenario,
            "ending": ending,
            "mine": debrief.steps(graph, found.path),
            "model": model,
            "model_ending": graph.nodes[best.ending] if best else None,
            "same_path": [s["choice"] for s in found.path] == [s.choice.id for s in model],
            "profile": debrief.profile(found.scores, debrief.path_scores(model)),
            "lessons": _lessons(ending.ending.lessons if ending and ending.ending else ()),
            "own": found.user_id == _user(request).pk,
        },
    )


def _lessons(keys: Any) -> list[Lesson]:
    by_key = {
        x.key: x for x in Lesson.objects.current().select_related("unit").filter(key__in=keys)
    }
    return [by_key[k] for k in keys if k in by_key]


@login_required
@require_GET
def my_results(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    plays = list(Play.objects.filter(user=user).finished().select_related("scenario"))
    best = results.best_totals({p.scenario_id: p.scenario for p in plays}.values())
    rows = []
    for p in plays:
        share = results.shares(p.scores, best[p.scenario_id])
        rows.append((p, sum(share.values()) / len(share) if share else None))
    average = results.competency_profiles(Play.objects.filter(user=user)).get(user.pk, {})
    return render(
        request,
        "scenarios/my_results.html",
        {
            "rows": rows,
            "average": [(debrief.COMPETENCY_LABELS[c], v) for c, v in average.items()],
            "labels": debrief.COMPETENCY_LABELS,
        },
    )


# --- live runs: everyone ------------------------------------------------------------------


@login_required
@require_GET
def live_home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    trains = leads_runs_for(user).exists()
    return render(
        request,
        "scenarios/live_home.html",
        {
            "code": request.GET.get("code", "").upper()[:6],
            "trains": trains,
            "scenarios": Scenario.objects.current() if trains else [],
            "runs": LiveRun.objects.filter(trainer=user).select_related("scenario")[:20],
            "seconds": 60,
        },
    )


@never_cache
@login_required
@require_POST
def live_join(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    code = request.POST.get("code", "").strip().upper()
    found = LiveRun.objects.visible_to(user).filter(code=code).first() if code else None
    error = ""
    if found is None:
        error = _("No run has this code. Check the code your trainer shows.")
    else:
        try:
            live.join(found, acting_user=user)
        except live.Refused as refused:
            error = str(refused)
    if error:
        context = {"code": code, "join_error": error, "trains": False, "runs": [], "scenarios": []}
        return render(
            request, "scenarios/live_home.html", context, status=404 if not found else 409
        )
    assert found is not None
    return redirect(found)


@never_cache
@login_required
@require_GET
def live_room(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    run = run_for(user, code)
    if not LiveParticipant.objects.filter(run=run, user=user).exists():
        if run.trainer_id == user.pk:
            return redirect("scenarios:live_control", run.code)
        return redirect(f"{reverse('scenarios:live')}?code={run.code}")
    return render(request, "scenarios/live_room.html", _screen_context(run, _my_vote(user, run)))


def _my_vote(user: User, run: LiveRun) -> str:
    """The participant's vote in the open round ("" if none); 403 for someone who has not
    joined. One query: it runs on every poll of every phone in the room."""
    row = (
        LiveParticipant.objects.filter(run=run, user=user)
        .annotate(
            voted=Subquery(
                LiveVote.objects.filter(
                    participant=OuterRef("pk"), run=run, round=run.round
                ).values("choice")[:1]
            )
        )
        .values_list("voted", flat=True)
    )
    require(bool(row), _("Join the run with its code first."))
    return (row[0] or "") if run.status == LiveRun.Status.VOTING else ""


def _screen_context(run: LiveRun, voted: str, error: str = "") -> dict[str, Any]:
    graph = run.scenario.graph
    last = debrief.steps(graph, run.path[-1:])
    return {
        "run": run,
        "node": graph.nodes.get(run.node),
        "choices": graph.offered(run.state, seed=run.seed, turn=run.round)
        if run.status == LiveRun.Status.VOTING
        else [],
        "voted": voted,
        "last": last[0] if last else None,
        "version": live.version(run, voted),
        "error": error,
    }


@never_cache
@login_required
@require_GET
def live_screen(request: HttpRequest, code: str) -> HttpResponse:
    """What a participant's phone polls: 204 while nothing has changed since `v`."""
    user = _user(request)
    run = run_for(user, code)
    voted = _my_vote(user, run)
    if request.GET.get("v") == live.version(run, voted):
        return HttpResponse(status=204)
    return render(request, "scenarios/_screen.html", _screen_context(run, voted))


@never_cache
@login_required
@require_POST
def live_vote(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    run = run_for(user, code)
    participant = participant_for(user, run)
    error, status = "", 200
    try:
        live.vote(run, participant, request.POST.get("choice", ""))
    except live.Refused as refused:
        error, status = str(refused), 409
    if not _htmx(request) and status == 200:
        return redirect(run)
    template = "scenarios/_screen.html" if _htmx(request) else "scenarios/live_room.html"
    context = _screen_context(run, _my_vote(user, run), error)
    return render(request, template, context, status=status)


@never_cache
@login_required
@require_GET
def live_debrief(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    run = run_for(user, code)
    require_debrief(user, run)
    if run.status != LiveRun.Status.FINISHED:
        return redirect(run)
    graph = run.scenario.graph
    best = graph.best_path()
    room = debrief.steps(graph, run.path)
    model = debrief.model_steps(best, graph)
    return render(
        request,
        "scenarios/live_debrief.html",
        {
            "run": run,
            "scenario": run.scenario,
            "ending": graph.nodes.get(run.node),
            "room": room,
            "model": model,
            "model_ending": graph.nodes[best.ending] if best else None,
            "profile": debrief.profile(debrief.path_scores(room), debrief.path_scores(model)),
            "lessons": _lessons(
                graph.nodes[run.node].ending.lessons  # type: ignore[union-attr]
                if graph.nodes.get(run.node) and graph.nodes[run.node].ending
                else ()
            ),
            "participants": run.participants.count(),
        },
    )


# --- live runs: the trainer -----------------------------------------------------------------


@never_cache
@login_required
@require_POST
def live_start(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    agency = leads_runs_for(user).first()
    require(agency is not None, _("Live runs are started by trainers."))
    assert agency is not None
    scenario = Scenario.objects.current().filter(key=request.POST.get("scenario", "")).first()
    try:
        seconds = int(request.POST.get("seconds", "60"))
    except ValueError:
        seconds = -1
    error = ""
    if scenario is None:
        error = _("Choose a scenario.")
    else:
        try:
            run = live.start_run(
                scenario,
                acting_user=user,
                agency=agency,
                group=request.POST.get("group", ""),
                vote_seconds=seconds,
            )
        except live.Refused as refused:
            error = str(refused)
    if error:
        context = {
            "trains": True,
            "scenarios": Scenario.objects.current(),
            "runs": LiveRun.objects.filter(trainer=user).select_related("scenario")[:20],
            "start_error": error,
            "seconds": request.POST.get("seconds", "60"),
            "group": request.POST.get("group", ""),
            "code": "",
        }
        return render(request, "scenarios/live_home.html", context, status=400)
    return redirect("scenarios:live_control", run.code)


def _control_context(run: LiveRun, error: str = "") -> dict[str, Any]:
    graph = run.scenario.graph
    counts = live.tally(run) if run.status == LiveRun.Status.VOTING else {}
    last = debrief.steps(graph, run.path[-1:])
    return {
        "run": run,
        "node": graph.nodes.get(run.node),
        "choices": graph.offered(run.state, seed=run.seed, turn=run.round),
        "counts": counts,
        "majority": live.majority(counts),
        "participants": run.participants.count(),
        "voters": sum(counts.values()),
        "last": last[0] if last else None,
        "error": error,
        "majority_value": live.MAJORITY,
    }


@never_cache
@login_required
@require_GET
def live_control(request: HttpRequest, code: str) -> HttpResponse:
    run = run_for(_user(request), code, control=True)
    if run.status == LiveRun.Status.FINISHED:
        return redirect("scenarios:live_debrief", run.code)
    return render(request, "scenarios/live_control.html", _control_context(run))


@never_cache
@login_required
@require_GET
def live_votes(request: HttpRequest, code: str) -> HttpResponse:
    """The polled part of the trainer's screen: the room and the votes as they come in."""
    run = run_for(_user(request), code, control=True)
    return render(request, "scenarios/_votes.html", _control_context(run))


def _control_action(request: HttpRequest, code: str, action: Callable[..., Any]) -> HttpResponse:
    """Run one of the trainer's actions on a run; a refusal shows the control screen with why."""
    user = _user(request)
    run = run_for(user, code, control=True)
    try:
        action(run, acting_user=user)
    except live.Refused as refused:
        run.refresh_from_db()
        return render(
            request, "scenarios/live_control.html", _control_context(run, str(refused)), status=409
        )
    return redirect("scenarios:live_control", run.code)


@never_cache
@login_required
@require_POST
def live_open(request: HttpRequest, code: str) -> HttpResponse:
    return _control_action(request, code, live.open_vote)


@never_cache
@login_required
@require_POST
def live_take(request: HttpRequest, code: str) -> HttpResponse:
    choice = request.POST.get("choice", "")
    return _control_action(
        request, code, lambda run, acting_user: live.take(run, choice, acting_user=acting_user)
    )


@login_required
@require_GET
def live_results(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    require(sees_run_results(user), _("Results of live runs are for trainers and coordinators."))
    runs = LiveRun.objects.visible_to(user).finished()
    return render(request, "scenarios/live_results.html", {"groups": results.run_results(runs)})
