from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from frontline.audit.access import audit_log_for
from frontline.audit.forms import AuditFilter
from frontline.audit.log import record_read

PER_PAGE = 50


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def log(request: HttpRequest) -> HttpResponseBase:
    """Search the audit log ("who looked at this?"). A POSTed search (it may name a person) is
    sent on as a GET with ids only. Every search is itself recorded, before anything is shown."""
    user = request.user
    assert isinstance(user, AbstractBaseUser)  # signed in (login_required)
    rows = audit_log_for(user)
    form = AuditFilter(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        return render(request, "audit/log.html", {"form": form}, status=400)
    filters = form.filters()
    if request.method == "POST":
        return redirect(f"{reverse('audit:log')}?{urlencode(filters)}")
    page_number = request.GET.get("page", "1")
    record_read("audit.search", actor=user, request=request,
                details={"filters": filters, "page": page_number[:12]})  # fmt: skip
    paginator = Paginator(form.apply(rows).select_related("actor"), PER_PAGE)
    context = {"form": form, "page": paginator.get_page(page_number), "filters": filters}
    if "actor" in filters:  # shown in the person field, so the filter stays visible
        context["person"] = get_user_model()._default_manager.filter(pk=filters["actor"]).first()
    return render(request, "audit/log.html", context)
