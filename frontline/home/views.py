"""A home for each role: what needs the signed-in person's attention, from every app above
which it sits (courses now; the referral and intelligence queues when they come). Each app
says what is waiting (`courses/work.py`); this page only puts the parts together."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from frontline.accounts.models import User
from frontline.accounts.policy import COORDINATE, TEACH, holds
from frontline.courses import work


@never_cache
@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    today = timezone.localdate()
    context = {
        "today": today,
        "learner": work.learner_work(user, today),
        "trainer": work.trainer_work(user, today) if holds(user, TEACH) else None,
        "coordinator": work.coordinator_work(user, today) if holds(user, COORDINATE) else None,
    }
    return render(request, "home/dashboard.html", context)
