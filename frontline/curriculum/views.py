from __future__ import annotations

from collections import Counter

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from frontline.accounts.models import User
from frontline.accounts.policy import READ_TRAINER_NOTES, holds
from frontline.curriculum import handouts, progress
from frontline.curriculum.models import GlossaryTerm, Instrument, Lesson, Resource, Unit
from frontline.curriculum.search import search as run_search
from frontline.curriculum.search import words

FACETS = ("type", "topic", "region", "audience")


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _unit(key: str) -> Unit:
    return get_object_or_404(Unit, key=key)


def _lesson(unit_key: str, lesson_key: str) -> Lesson:
    return get_object_or_404(
        Lesson.objects.current().select_related("unit"), unit__key=unit_key, key=lesson_key
    )


@login_required
@require_GET
def course_map(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    tallies = progress.unit_tallies(user)
    units = [(unit, tallies[unit.id]) for unit in Unit.objects.all()]
    return render(
        request,
        "curriculum/course_map.html",
        {"units": units, "resume": progress.resume_lesson(user)},
    )


@login_required
@require_GET
def continue_learning(request: HttpRequest) -> HttpResponse:
    lesson = progress.resume_lesson(_user(request))
    return redirect(lesson.get_absolute_url() if lesson else "curriculum:map")


@login_required
@require_GET
def unit_detail(request: HttpRequest, unit: str) -> HttpResponse:
    user = _user(request)
    unit_obj = _unit(unit)
    done = progress.done_lesson_ids(user)
    lessons = list(unit_obj.lessons.filter(retired=False))
    rows = list(unit_obj.session_rows.all())
    return render(
        request,
        "curriculum/unit.html",
        {
            "unit": unit_obj,
            "lessons": [(lesson, lesson.id in done) for lesson in lessons],
            "objectives": progress.objective_tallies(user, unit_obj),
            "session_rows": rows,
            "total_minutes": sum(r.minutes for r in rows),
            "trainer": holds(user, READ_TRAINER_NOTES),
        },
    )


@login_required
@require_GET
def lesson_detail(request: HttpRequest, unit: str, lesson: str) -> HttpResponse:
    user = _user(request)
    lesson_obj = _lesson(unit, lesson)
    progress.record_view(user, lesson_obj)
    siblings = list(Lesson.objects.current().select_related("unit"))
    index = next(i for i, les in enumerate(siblings) if les.id == lesson_obj.id)
    return render(
        request,
        "curriculum/lesson.html",
        {
            "lesson": lesson_obj,
            "unit": lesson_obj.unit,
            "done": lesson_obj.id in progress.done_lesson_ids(user),
            "previous": siblings[index - 1] if index > 0 else None,
            "next": siblings[index + 1] if index + 1 < len(siblings) else None,
            "objectives": lesson_obj.objectives.all(),
            "resources": lesson_obj.resources.all(),
            "terms": lesson_obj.glossary.all(),
        },
    )


@login_required
@require_POST
def lesson_done(request: HttpRequest, unit: str, lesson: str) -> HttpResponse:
    lesson_obj = _lesson(unit, lesson)
    value = request.POST.get("done")
    if value not in {"1", "0"}:
        return HttpResponseBadRequest(_("Send done=1 to mark the lesson done or done=0 to undo."))
    done = value == "1"
    progress.set_done(_user(request), lesson_obj, done)
    if request.headers.get("HX-Request"):
        return render(
            request, "curriculum/partials/done_form.html", {"lesson": lesson_obj, "done": done}
        )
    return redirect(lesson_obj.get_absolute_url())


@login_required
@require_GET
def handout(request: HttpRequest, unit: str) -> HttpResponse:
    unit_obj = _unit(unit)
    pdf = handouts.unit_handout_pdf(unit_obj, request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="frontline-unit-{unit_obj.number}.pdf"'
    return response


@login_required
@require_GET
def glossary(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "curriculum/glossary.html",
        {"terms": GlossaryTerm.objects.all(), "instruments": Instrument.objects.all()},
    )


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("kind") or None
    if kind not in {None, "lesson", "term", "resource"}:
        return HttpResponseBadRequest(_("Unknown kind of result."))
    hits = run_search(query, kind) if query else []
    return render(
        request,
        "curriculum/search.html",
        {"query": query, "kind": kind, "hits": hits, "searched": bool(words(query))},
    )


@login_required
@require_GET
def library(request: HttpRequest) -> HttpResponse:
    chosen = {facet: request.GET.get(facet, "") for facet in FACETS}
    resources = list(Resource.objects.all())

    def values(resource: Resource, facet: str) -> list[str]:
        return {
            "type": [resource.type],
            "topic": resource.topics,
            "region": [resource.region],
            "audience": resource.audience,
        }[facet]

    def matches(resource: Resource, skip: str | None = None) -> bool:
        return all(
            not wanted or wanted in values(resource, facet)
            for facet, wanted in chosen.items()
            if facet != skip
        )

    # Each facet counts what the other chosen facets leave, so every count is a real result size.
    facets = []
    for facet in FACETS:
        counts = Counter(v for r in resources if matches(r, skip=facet) for v in values(r, facet))
        facets.append((facet, sorted(counts.items()), chosen[facet]))
    shown = [r for r in resources if matches(r)]
    return render(
        request,
        "curriculum/library.html",
        {"resources": shown, "facets": facets, "chosen": chosen, "total": len(resources)},
    )


@login_required
@require_GET
def resource_detail(request: HttpRequest, key: str) -> HttpResponse:
    resource = get_object_or_404(Resource, key=key)
    lessons = resource.lessons.filter(retired=False).select_related("unit")
    return render(request, "curriculum/resource.html", {"resource": resource, "lessons": lessons})
