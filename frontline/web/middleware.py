from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from frontline.lib.limits import NUL
from frontline.lib.logs import request_id, safe_request_id
from frontline.web.metrics import observe

request_log = logging.getLogger("frontline.request")


class PermissionsPolicyMiddleware:
    """Switch off browser features Frontline never uses (Django has no setting for this header)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class BadInputMiddleware:
    """Refuse, with a 400 and a clear message, a request whose query string, form data or
    address arguments hold a NUL character anywhere (in a name or a value).

    No form field, filter or code in Frontline can contain one, and PostgreSQL refuses it in any
    text, so it would otherwise end in a database error (500) wherever the value reaches a query.
    One check here covers every view; lengths are the forms' business (their `max_length`, from
    the model fields). Placed after the CSRF check, so a forged request is still a 403.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., HttpResponse], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        where = _nul_in(request.GET, _("the address")) or _nul_in(kwargs, _("the address"))
        if not where and request.method == "POST":
            # Uploaded file names need no check: Django's parser cleans them.
            where = _nul_in(request.POST, _("the form"))
        if where:
            return bad_input(request, _("A NUL character in %(where)s: it is never valid here.")
                             % {"where": where})  # fmt: skip
        return None


def _nul_in(data: Any, where: str) -> str:
    items = data.lists() if hasattr(data, "lists") else data.items()
    for key, values in items:
        values = values if isinstance(values, list) else [values]
        if NUL in str(key) or any(isinstance(v, str) and NUL in v for v in values):
            return where
    return ""


def bad_input(request: HttpRequest, message: str) -> HttpResponse:
    """A 400 page saying what was wrong with the request; nothing was saved."""
    return render(request, "web/bad_input.html", {"message": message}, status=400)


class RequestLogMiddleware:
    """Give each request an id (the proxy's X-Request-ID when it is a plain token), return it
    in the response, log one line per request and count it for /metrics.

    The line holds the URL *pattern*, method, status and duration: never the path (it can carry
    a set-up token or a code), the query, the user or the address.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = safe_request_id(request.headers.get("X-Request-ID")) or uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            seconds = time.perf_counter() - started
            match = request.resolver_match
            route = "/" + match.route if match else "(unmatched)"
            observe(route, request.method or "", response.status_code, seconds)
            request_log.info(
                "request",
                extra={
                    "request_id": rid,
                    "method": request.method,
                    "route": route,
                    "status": response.status_code,
                    "ms": round(seconds * 1000, 1),
                },
            )
            response.headers["X-Request-ID"] = rid
            return response
        finally:
            request_id.reset(token)
