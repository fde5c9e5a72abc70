"""The participant's side of a course: the invitation (accept or decline), their course page,
the tests and case exercises they take for the course, and the evaluation.

Every view reaches the course through `access.offering_for` and the person's own enrolment
through `access.enrolment_for`; pages for participants refuse (403) someone who has not
accepted the invitation yet.
"""

from __future__ import annotations

import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from frontline.accounts.models import User
from frontline.assessment import attempts
from frontline.assessment.models import Attempt, Quiz
from frontline.certificates.models import Certificate
from frontline.courses import actions, agenda, results
from frontline.courses.access import enrolment_for, offering_for
from frontline.courses.forms import SurveyForm
from frontline.courses.models import CourseOffering, Enrolment
from frontline.scenarios import play
from frontline.scenarios.models import Scenario


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def my_course(
    request: HttpRequest, offering: CourseOffering, plan: agenda.Agenda | None
) -> HttpResponse:
    """The participant's page: the agenda, their attendance, what is left, their own results;
    for someone still invited, the invitation."""
    user = _user(request)
    mine = enrolment_for(user, offering, accepted=False)
    if not mine.accepted:
        return _invitation_page(request, offering, mine)
    result = results.participant_results(offering, [mine], with_mastery=False)[0]
    context = {
        "offering": offering,
        "enrolment": mine,
        "result": result,
        "agenda": plan,
        "tests": Quiz.objects.filter(kind__in=[Quiz.Kind.PRE, Quiz.Kind.POST]),
        "cases": Scenario.objects.current().filter(key__in=offering.required_scenarios),
        "survey_open": offering.has_ended(timezone.localdate()) and not mine.survey_done,
        "certificate": _certificate_for(user, offering),
    }
    return render(request, "courses/my_course.html", context)


def _invitation_page(
    request: HttpRequest, offering: CourseOffering, mine: Enrolment, status: int = 200
) -> HttpResponse:
    lead = offering.team.select_related("user").order_by("role").first()
    context = {"offering": offering, "enrolment": mine, "lead": lead}
    return render(request, "courses/invitation.html", context, status=status)


def _certificate_for(user: User, offering: CourseOffering) -> Certificate | None:
    return (
        Certificate.objects.visible_to(user)
        .filter(holder=user, reference=actions.certificate_reference(offering))
        .first()
    )


@never_cache
@login_required
@require_POST
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept or decline the invitation to a course."""
    user = _user(request)
    offering = offering_for(user, pk)
    mine = enrolment_for(user, offering, accepted=False)
    answer = request.POST.get("answer", "")
    if answer == "accept":
        actions.accept_invitation(mine, acting_user=user, request=request)
        messages.success(request, _("You take part in this course."))
        return redirect(offering)
    if answer == "decline":
        actions.decline_invitation(mine, acting_user=user, request=request)
        messages.success(request, _("You declined the invitation."))
        return redirect("courses:list")
    messages.error(request, _("Choose to accept or to decline the invitation."))
    return _invitation_page(request, offering, mine, status=400)


@login_required
@require_POST
def take_quiz(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    """Start (or resume) a quiz for this course: the attempt counts for it."""
    user = _user(request)
    offering = offering_for(user, pk)
    enrolment_for(user, offering)
    quiz = get_object_or_404(Quiz, key=key)
    try:
        attempt: Attempt = attempts.start(user, quiz, offering_id=offering.pk)
    except attempts.Refused as refused:
        messages.error(request, str(refused))
        return redirect(offering)
    return redirect(attempt)


@login_required
@require_POST
def play_case(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    """Start (or resume) a case exercise for this course: the play counts for it."""
    user = _user(request)
    offering = offering_for(user, pk)
    enrolment_for(user, offering)
    scenario = get_object_or_404(Scenario.objects.current(), key=key)
    return redirect(play.start(scenario, acting_user=user, offering_id=offering.pk))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    offering = offering_for(user, pk)
    mine = enrolment_for(user, offering)
    if not offering.has_ended(timezone.localdate()):
        return render(request, "courses/survey_closed.html", {"offering": offering}, status=409)
    if mine.survey_done:
        return render(request, "courses/survey_done.html", {"offering": offering})
    form = SurveyForm(request.POST or None, units=offering.units())
    if request.method == "POST" and form.is_valid():
        # A second tab answering at the same time: the first answer counts.
        with contextlib.suppress(actions.AlreadyAnswered):
            actions.submit_survey(
                mine, relevance=form.cleaned_data["relevance"], confidence=form.confidence(),
                improve=form.cleaned_data["improve"], acting_user=user,
            )  # fmt: skip
        return render(request, "courses/survey_done.html", {"offering": offering})
    status = 400 if request.method == "POST" else 200
    return render(request, "courses/survey.html", {"offering": offering, "form": form},
                  status=status)  # fmt: skip
