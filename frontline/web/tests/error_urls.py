"""The site's URLs plus views that fail on purpose, for the error-page tests."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path

from frontline.urls import urlpatterns as site


def bad_request(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("tests: a malformed request")


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("tests: a bug")


urlpatterns = [
    path("tests/400", bad_request),
    path("tests/403", forbidden),
    path("tests/500", broken),
    *site,
]
