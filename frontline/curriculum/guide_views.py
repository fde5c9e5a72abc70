"""The trainers' side of the curriculum: the facilitator guide of a unit (on screen and as a
PDF) and the presenter view of a lesson for a classroom screen. Trainers, course coordinators
and NGO co-trainers only (`READ_TRAINER_NOTES`); 403 for others, since nothing here is secret
but it is not meant for learners."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from frontline.accounts.models import User
from frontline.accounts.policy import READ_TRAINER_NOTES, holds, require
from frontline.curriculum import guide
from frontline.curriculum.models import Lesson, Unit


def _trainer(request: HttpRequest) -> None:
    assert isinstance(request.user, User)
    require(
        holds(request.user, READ_TRAINER_NOTES),
        _("The facilitator guide is for trainers, course coordinators and co-trainers."),
    )


def _guide_unit(request: HttpRequest, unit: str) -> Unit:
    _trainer(request)
    return get_object_or_404(Unit, key=unit)


@login_required
@require_GET
def guide_page(request: HttpRequest, unit: str) -> HttpResponse:
    unit_obj = _guide_unit(request, unit)
    rows = list(unit_obj.session_rows.all())
    lessons = {les.key: les for les in Lesson.objects.current().filter(unit=unit_obj)}
    context = {
        "unit": unit_obj,
        # each session with the lessons it draws on, for their presenter views
        "sessions": [(row, [lessons[k] for k in row.references if k in lessons]) for row in rows],
        "total_minutes": sum(r.minutes for r in rows),
    }
    return render(request, "curriculum/guide.html", context)


@login_required
@require_GET
def guide_download(request: HttpRequest, unit: str) -> HttpResponse:
    unit_obj = _guide_unit(request, unit)
    response = HttpResponse(guide.guide_pdf(unit_obj, request), content_type="application/pdf")
    name = f"frontline-unit-{unit_obj.number}-facilitator-guide.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
@require_GET
def presenter(request: HttpRequest, unit: str, lesson: str) -> HttpResponse:
    """One key point of the lesson at a time, in large type: `?point=<n>`, 1 to the number of
    key points (404 outside that range, as for an unknown lesson)."""
    _trainer(request)
    found = get_object_or_404(
        Lesson.objects.current().select_related("unit"), unit__key=unit, key=lesson
    )
    points = list(found.key_points)
    raw = request.GET.get("point", "1")
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 3) or not 1 <= int(raw) <= len(points):
        raise Http404
    n = int(raw)
    context = {"lesson": found, "point": points[n - 1], "n": n, "total": len(points)}
    return render(request, "curriculum/presenter.html", context)
