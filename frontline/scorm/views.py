from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from frontline.accounts.models import User
from frontline.audit.log import Kind, record_read
from frontline.curriculum.models import Unit
from frontline.scorm import package
from frontline.scorm.access import require_export


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _zip(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def exports(request: HttpRequest) -> HttpResponse:
    require_export(_user(request))
    return render(request, "scorm/exports.html", {"units": Unit.objects.all()})


@login_required
@require_GET
def unit_zip(request: HttpRequest, unit: str) -> HttpResponse:
    user = _user(request)
    require_export(user)
    unit_obj = get_object_or_404(Unit, key=unit)
    data = package.unit_package(unit_obj)
    record_read(
        "scorm.export",
        actor=user,
        target=unit_obj,
        request=request,
        details={"units": [unit_obj.key], "bytes": len(data)},
        kind=Kind.DISCLOSURE,
    )
    return _zip(data, f"frontline-{unit_obj.key}-scorm12.zip")


@login_required
@require_GET
def course_zip(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    require_export(user)
    data = package.course_package()
    keys = list(Unit.objects.values_list("key", flat=True))
    record_read(
        "scorm.export",
        actor=user,
        request=request,
        details={"units": keys, "bytes": len(data)},
        kind=Kind.DISCLOSURE,
    )
    return _zip(data, "frontline-course-scorm12.zip")
