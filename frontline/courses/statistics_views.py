"""Item statistics and learning gain for the people a course runner teaches: one course
(`?course=<id>`, for its team and coordinators) or every course they run. The pages are the
assessment app's (`assessment.stats_views`); which attempts they show is the courses' rule
(`records.py`): made for the course, or after accepting and within its dates, whatever agency
sent the participant."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from frontline.accounts.models import User
from frontline.accounts.policy import PLAN_COURSES, holds, require
from frontline.assessment import stats_views
from frontline.courses import records
from frontline.courses.access import offering_for


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _scope(request: HttpRequest) -> stats_views.Scope:
    user = _user(request)
    course = request.GET.get("course", "")
    if course:
        if not course.isdigit():
            raise Http404
        offering = offering_for(user, int(course), manage=True)
        return stats_views.Scope(
            records.attempts_for(offering),
            lead=_("From the attempts made for “%(course)s” by its participants.")
            % {"course": offering.title},
            namespace="courses",
            query=f"?course={offering.pk}",
            target=offering,
        )
    require(holds(user, PLAN_COURSES), _("Quiz statistics are for trainers and coordinators."))
    return stats_views.Scope(
        records.attempts_taught(user),
        lead=_("From the attempts made for the courses you run, by their participants."),
        namespace="courses",
    )


@never_cache
@login_required
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    return stats_views.overview(request, _scope(request))


@never_cache
@login_required
@require_GET
def quiz_statistics(request: HttpRequest, key: str) -> HttpResponse:
    return stats_views.quiz_page(request, _scope(request), key)


@never_cache
@login_required
@require_GET
def items_csv(request: HttpRequest, key: str) -> HttpResponse:
    return stats_views.items_csv(_scope(request), key)


@never_cache
@login_required
@require_GET
def gain_csv(request: HttpRequest) -> HttpResponse:
    return stats_views.gain_csv(request, _scope(request), acting_user=_user(request))


@never_cache
@login_required
@require_GET
def gain_xlsx(request: HttpRequest) -> HttpResponse:
    return stats_views.gain_csv(request, _scope(request), acting_user=_user(request), fmt="xlsx")
