"""Course pages. Every view reaches an offering through `access.offering_for` and lists through
`CourseOffering.objects.visible_to`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontline.accounts.models import Agency, User
from frontline.accounts.policy import (
    COORDINATE,
    JOIN_TEAMS,
    PLAN_COURSES,
    among_agencies,
    holding,
    require,
)
from frontline.audit.log import Kind, record_read
from frontline.certificates.models import Certificate
from frontline.courses import actions, agenda, charts, enrolment, pdf, results
from frontline.courses import survey as surveys
from frontline.courses import team as teams
from frontline.courses.access import can_plan, coordinates, holiday_for, offering_for, runs
from frontline.courses.forms import (
    HolidayForm,
    ImportForm,
    LiveRunForm,
    OfferingForm,
    PersonForm,
    TeamMemberForm,
    UnitsForm,
)
from frontline.courses.models import Attendance, CourseOffering, Enrolment, Holiday, TeamMember
from frontline.courses.participant_views import my_course
from frontline.lib import tables
from frontline.lib.limits import field_problem
from frontline.mail.models import undelivered_filter
from frontline.scenarios import live
from frontline.scenarios.results import run_results

# Rows per page of the lists that grow with the course (participants, results).
PER_PAGE = 100


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _schedule(offering: CourseOffering) -> tuple[agenda.Agenda | None, str]:
    """The agenda of the included sessions, or None and why it cannot be laid out."""
    sessions = [
        agenda.Session(item.title, item.minutes, ref=item)
        for item in offering.agenda.filter(included=True).select_related("unit")
    ]
    try:
        return agenda.schedule(sessions, offering.day_plan(), offering.days), ""
    except agenda.PlanError as error:
        return None, str(error)


# --- lists ------------------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def course_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    # Counted outside `visible_to`: its join on enrolments would count only the learner's own.
    accepted = Q(enrolments__status=Enrolment.Status.ACCEPTED)
    offerings = (
        CourseOffering.objects.filter(pk__in=CourseOffering.objects.visible_to(user).values("pk"))
        .select_related("agency")
        .annotate(participants=Count("enrolments", filter=accepted))
    )
    invited = set(
        user.enrolments.filter(status=Enrolment.Status.INVITED).values_list("offering", flat=True)
    )
    today = timezone.localdate()
    return render(
        request,
        "courses/list.html",
        {
            "invitations": [o for o in offerings if o.pk in invited],
            "upcoming": [o for o in offerings if o.ends_on >= today and o.pk not in invited],
            "past": [o for o in offerings if o.ends_on < today and o.pk not in invited],
            "can_plan": can_plan(user),
            "coordinates": coordinates(user),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def course_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    require(can_plan(user), _("Only trainers and coordinators can plan courses."))
    agencies = among_agencies(Agency.objects.all(), user, PLAN_COURSES)
    form = OfferingForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        fields["required_scenarios"] = form.cleaned_data["required_scenarios"]
        offering = actions.create_offering(acting_user=user, request=request, **fields)
        return redirect("courses:agenda", offering.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "courses/edit.html", {"form": form, "offering": None}, status=status)


@never_cache
@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    require(coordinates(user), _("The overview is for course coordinators."))
    # Finished courses only: participants of a course still to come have not failed anything.
    finished = CourseOffering.objects.run_by(user).filter(ends_on__lt=timezone.localdate())
    summary = results.overview(finished)
    chart = charts.bar_chart(
        _("Completion and post-test per agency"),
        [_("completed (%)"), _("mean post-test (%)")],
        [(g.label, [g.completion_rate, g.post]) for g in summary.by_agency],
    )
    return render(request, "courses/overview.html", {"summary": summary, "chart": chart})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def holidays(request: HttpRequest) -> HttpResponse:
    """The days each agency does not teach, kept by its coordinators; agendas skip them."""
    user = _user(request)
    require(coordinates(user), _("Holidays are kept by course coordinators."))
    agencies = among_agencies(Agency.objects.all(), user, COORDINATE)
    form = HolidayForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.add_holiday(data["agency"], data["day"], data["name"], acting_user=user,
                            request=request)  # fmt: skip
        messages.success(request, _("Holiday saved."))
        return redirect("courses:holidays")
    rows = Holiday.objects.visible_to(user).filter(day__gte=timezone.localdate() - timedelta(
        days=31)).select_related("agency")  # fmt: skip
    return render(request, "courses/holidays.html", {"form": form, "holidays": rows},
                  status=400 if form.errors else 200)  # fmt: skip


@login_required
@require_POST
def holiday_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    actions.remove_holiday(holiday_for(user, pk), acting_user=user, request=request)
    return redirect("courses:holidays")


# --- one course -------------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    offering = offering_for(user, pk)
    plan, plan_error = _schedule(offering)
    if runs(user, offering):
        team = list(offering.team.select_related("user"))
        return render(
            request,
            "courses/detail.html",
            {
                "offering": offering,
                "team": team,
                "warnings": teams.warnings_for(team),
                "agenda": plan,
                "plan_error": plan_error,
                "participants": offering.enrolments.accepted().count(),
                "tab": "detail",
            },
        )
    return my_course(request, offering, plan)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def live_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a live case exercise for the course: its participants join from any agency, and
    the course's results list the run."""
    user = _user(request)
    offering = offering_for(user, pk, manage=True)
    if request.method == "POST" and (refused := _closed(request, offering)):
        return refused
    form = LiveRunForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        data = form.cleaned_data
        try:
            run = live.start_run(
                data["scenario"],
                acting_user=user,
                agency=offering.agency,
                group=data["group"] or offering.title[:100],
                offering_id=offering.pk,
                vote_seconds=data["seconds"],
            )
        except live.Refused as refused:
            form.add_error(None, str(refused))
        else:
            return redirect("scenarios:live_control", run.code)
    context = {"offering": offering, "form": form, "tab": "detail"}
    return render(request, "courses/live_start.html", context, status=400 if form.errors else 200)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    offering = offering_for(user, pk, manage=True)
    if request.method == "POST" and (refused := _closed(request, offering)):
        return refused
    agencies = Agency.objects.filter(pk=offering.agency_id)
    form = OfferingForm(request.POST or None, instance=offering, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        form.save(commit=False)
        actions.update_offering(offering, acting_user=user, request=request)
        messages.success(request, _("Course saved."))
        return redirect(offering)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "offering": offering, "tab": "edit", "today": timezone.localdate()}
    return render(request, "courses/edit.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def team(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    offering = offering_for(user, pk, manage=True)
    if request.method == "POST" and (refused := _closed(request, offering)):
        return refused
    # Trainers, coordinators and NGO caseworkers of any agency: co-trainers from victim
    # assistance hold their roles in their own organisations.
    candidates = User.objects.filter(holding(JOIN_TEAMS), is_active=True).distinct()
    form = TeamMemberForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        actions.add_team_member(
            offering, form.cleaned_data["user"], role=form.cleaned_data["role"],
            discipline=form.cleaned_data["discipline"], acting_user=user, request=request,
        )  # fmt: skip
        return redirect("courses:team", offering.pk)
    members = list(offering.team.select_related("user"))
    context = {"offering": offering, "form": form, "members": members,
               "warnings": teams.warnings_for(members), "tab": "team"}  # fmt: skip
    return render(request, "courses/team.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def team_remove(request: HttpRequest, pk: int, member: int) -> HttpResponse:
    user = _user(request)
    offering = offering_for(user, pk, manage=True)
    if refused := _closed(request, offering):
        return refused
    target = get_object_or_404(TeamMember, pk=member, offering=offering)
    actions.remove_team_member(target, acting_user=user, request=request)
    return redirect("courses:team", offering.pk)


# --- agenda -----------------------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def agenda_builder(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    offering = offering_for(user, pk, manage=True)
    if request.method == "POST" and (refused := _closed(request, offering)):
        return refused
    items = list(offering.agenda.select_related("unit"))
    errors: list[str] = []
    if request.method == "POST":
        changes, errors = _agenda_changes(request, items)
        if not errors:
            actions.save_agenda(offering, changes, acting_user=user, request=request)
            messages.success(request, _("Agenda saved."))
            return redirect("courses:agenda", offering.pk)
    plan, plan_error = _schedule(offering)
    context = {
        "offering": offering,
        "items": items,
        "errors": errors,
        "agenda": plan,
        "plan_error": plan_error,
        "units_form": UnitsForm(),
        "days_over": plan.days_over(len(offering.days)) if plan else 0,
        "tab": "agenda",
    }
    return render(request, "courses/agenda.html", context, status=400 if errors else 200)


def _agenda_changes(
    request: HttpRequest, items: list[Any]
) -> tuple[dict[int, tuple[int, int, bool]], list[str]]:
    """Read position, minutes and 'keep' per session from the form; sessions may be shortened,
    not lengthened beyond the unit's plan."""
    changes, errors = {}, []
    for item in items:
        try:
            position = int(request.POST.get(f"position-{item.pk}", ""))
            minutes = int(request.POST.get(f"minutes-{item.pk}", ""))
        except ValueError:
            errors.append(_("“%(title)s”: order and minutes must be whole numbers.")
                          % {"title": item.title})  # fmt: skip
            continue
        if not 5 <= minutes <= item.planned_minutes:
            errors.append(
                _("“%(title)s”: minutes must be between 5 and %(max)d (the unit's plan).")
                % {"title": item.title, "max": item.planned_minutes}
            )
            continue
        if not 1 <= position <= 999:
            errors.append(_("“%(title)s”: the order must be between 1 and 999.")
                          % {"title": item.title})  # fmt: skip
            continue
        changes[item.pk] = (position, minutes, f"keep-{item.pk}" in request.POST)
    return changes, errors


@login_required
@require_POST
def agenda_add_units(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    offering = offering_for(user, pk, manage=True)
    if refused := _closed(request, offering):
        return refused
    form = UnitsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose at least one unit."))
        return redirect("courses:agenda", offering.pk)
    added = actions.add_units_to_agenda(
        offering, list(form.cleaned_data["units"]), acting_user=user, request=request
    )
    messages.success(request, _("%(n)d sessions added.") % {"n": added})
    return redirect("courses:agenda", offering.pk)


@never_cache
@login_required
@require_GET
def agenda_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    offering = offering_for(_user(request), pk)
    plan, plan_error = _schedule(offering)
    if plan is None:
        return HttpResponse(plan_error, status=409, content_type="text/plain; charset=utf-8")
    response = HttpResponse(pdf.agenda_pdf(offering, plan), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="frontline-agenda-{offering.pk}.pdf"'
    return response


# --- participants -----------------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def participants(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    offering = offering_for(user, pk, manage=True)
    if request.method == "POST" and (refused := _closed(request, offering)):
        return refused
    form = PersonForm(request.POST or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        person, problems = enrolment.check_person(offering, **form.cleaned_data)
        if person is not None:
            actions.enrol(offering, [person], acting_user=user, request=request)
            messages.success(request, _("%(name)s is invited. The list shows when the e-mail "
                                        "has gone out.")
                             % {"name": f"{person.first_name} {person.last_name}"})  # fmt: skip
            return redirect("courses:participants", offering.pk)
    status = 400 if request.method == "POST" else 200
    return _participants_page(request, offering, form=form, problems=problems, status=status)


def _participants_page(
    request: HttpRequest, offering: CourseOffering, *, status: int = 200, **extra: Any
) -> HttpResponse:
    now = timezone.now()
    page = Paginator(
        offering.enrolments.select_related("user", "agency", "invitation"), PER_PAGE
    ).get_page(request.GET.get("page"))
    context = {
        "offering": offering,
        "page": page,
        "enrolments": [(e, e.can_resend(now)) for e in page.object_list],
        "undelivered": offering.enrolments.filter(
            undelivered_filter(now, prefix="invitation__")
        ).count(),
        "form": extra.pop("form", None) or PersonForm(),
        "import_form": extra.pop("import_form", None) or ImportForm(),
        "tab": "participants",
        **extra,
    }
    return render(request, "courses/participants.html", context, status=status)


@never_cache
@login_required
@require_POST
def participants_import(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    offering = offering_for(user, pk, manage=True)
    if refused := _closed(request, offering):
        return refused
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _participants_page(request, offering, import_form=form, status=400)
    # One byte more than allowed is enough for read_csv to refuse a file that is too large.
    report = enrolment.read_csv(offering, form.cleaned_data["file"].read(enrolment.MAX_BYTES + 1))
    if not report.ok:
        return _participants_page(request, offering, report=report, import_form=form, status=400)
    actions.enrol(offering, report.people, acting_user=user, request=request)
    messages.success(request, _("%(n)d people invited. The list shows when each e-mail has "
                                "gone out.") % {"n": len(report.people)})  # fmt: skip
    return redirect("courses:participants", offering.pk)


@login_required
@require_POST
def invitation_resend(request: HttpRequest, pk: int, enrolment_id: int) -> HttpResponse:
    user = _user(request)
    offering = offering_for(user, pk, manage=True)
    if refused := _closed(request, offering):
        return refused
    target = get_object_or_404(offering.enrolments, pk=enrolment_id)
    if actions.resend_invitation(target, acting_user=user, request=request):
        messages.success(request, _("The invitation to %(name)s is on its way again.")
                         % {"name": target.display_name})  # fmt: skip
    else:
        messages.warning(request, _("The invitation to %(name)s cannot be sent again now: it is "
                                    "answered, or on its way.")
                         % {"name": target.display_name})  # fmt: skip
    return redirect("courses:participants", offering.pk)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def participant_withdraw(request: HttpRequest, pk: int, enrolment_id: int) -> HttpResponse:
    """Ask first, with the reason; the participant's evidence stays (`actions.withdraw`)."""
    user = _user(request)
    offering = offering_for(user, pk, manage=True)
    target = get_object_or_404(offering.enrolments.select_related("user", "agency"),
                               pk=enrolment_id)  # fmt: skip
    reason = request.POST.get("reason", "")
    error, status = "", 200
    if request.method == "POST":
        error = field_problem(reason, Enrolment, "withdrawal_reason") or _reason_missing(reason)
        status = 400 if error else 200
        if not error:
            try:
                actions.withdraw(target, reason=reason, acting_user=user, request=request)
            except actions.Refused as refused:
                error, status = str(refused), 409
            else:
                messages.success(request, _("%(name)s is withdrawn; their attendance and "
                                            "results are kept.")
                                 % {"name": target.display_name})  # fmt: skip
                return redirect("courses:participants", offering.pk)
    context = {"offering": offering, "target": target, "reason": reason, "error": error,
               "marks": target.attendance.count(), "tab": "participants"}  # fmt: skip
    return render(request, "courses/withdraw.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel a course that has not ended, or archive one that has (never delete it)."""
    user = _user(request)
    offering = offering_for(user, pk, manage=True)
    archive = offering.ends_on < timezone.localdate()
    reason = request.POST.get("reason", "")
    error, status = "", 200
    if request.method == "POST":
        error = field_problem(reason, CourseOffering, "status_reason") or _reason_missing(reason)
        status = 400 if error else 200
        if not error:
            new = CourseOffering.Status.ARCHIVED if archive else CourseOffering.Status.CANCELLED
            try:
                actions.close_course(offering, new, reason=reason, acting_user=user,
                                     request=request)  # fmt: skip
            except actions.Refused as refused:
                error, status = str(refused), 409
            else:
                messages.success(request, _("The course is %(status)s. Its records are kept.")
                                 % {"status": offering.get_status_display()})  # fmt: skip
                return redirect(offering)
    context = {"offering": offering, "archive": archive, "reason": reason, "error": error,
               "tab": "edit"}  # fmt: skip
    return render(request, "courses/close.html", context, status=status)


def _reason_missing(reason: str) -> str:
    return "" if reason.strip() else _("Give the reason: it is kept in the course's records.")


def _closed(request: HttpRequest, offering: CourseOffering) -> HttpResponse | None:
    """The 409 page for a change to a cancelled or archived course, or None when open."""
    try:
        actions.ensure_open(offering)
    except actions.Refused as refused:
        return render(request, "courses/closed.html", {"offering": offering,
                      "message": str(refused)}, status=409)  # fmt: skip
    return None


# --- attendance -------------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    offering = offering_for(_user(request), pk, manage=True)
    counts: dict[date, list[int]] = {}  # day -> [present, recorded]
    for day, present in Attendance.objects.filter(enrolment__offering=offering).values_list(
        "day", "present"
    ):
        tally = counts.setdefault(day, [0, 0])
        tally[0] += present
        tally[1] += 1
    days = [(day, counts.get(day)) for day in offering.days]
    context = {"offering": offering, "days": days, "tab": "attendance",
               "participants": offering.enrolments.took_part().count()}  # fmt: skip
    return render(request, "courses/attendance.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def attendance_day(request: HttpRequest, pk: int, day: str) -> HttpResponse:
    user = _user(request)
    offering = offering_for(user, pk, manage=True)
    if request.method == "POST" and (refused := _closed(request, offering)):
        return refused
    try:
        when = date.fromisoformat(day)
    except ValueError:
        raise Http404 from None
    if when not in offering.days:
        raise Http404
    enrolments = list(offering.enrolments.accepted().select_related("user", "agency"))
    error = ""
    if request.method == "POST":
        try:
            present = {int(v) for v in request.POST.getlist("present")}
        except ValueError:
            present = {-1}
        if not present <= {e.pk for e in enrolments}:
            error = _("The list names someone who is not a participant; nothing was saved.")
        else:
            actions.record_attendance(offering, when, present, acting_user=user, request=request)
            messages.success(request, _("Attendance for %(day)s saved.")
                             % {"day": when.isoformat()})  # fmt: skip
            return redirect("courses:attendance", offering.pk)
    marked = dict(
        offering.enrolments.filter(attendance__day=when).values_list("pk", "attendance__present")
    )
    rows = [(e, marked.get(e.pk)) for e in enrolments]
    context = {"offering": offering, "day": when, "rows": rows, "error": error,
               "tab": "attendance"}  # fmt: skip
    return render(request, "courses/attendance_day.html", context, status=400 if error else 200)


# --- results ----------------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def results_page(request: HttpRequest, pk: int) -> HttpResponse:
    offering = offering_for(_user(request), pk, manage=True)
    outcome = results.course_results(offering)
    scores = charts.bar_chart(
        _("Mean pre-test and post-test score per agency"),
        [_("pre-test (%)"), _("post-test (%)")],
        [(g.label, [g.pre, g.post]) for g in outcome.agencies],
        key="scores",
    )
    done = charts.bar_chart(
        _("Completion per agency"),
        [_("completed (%)")],
        [(g.label, [g.completion_rate]) for g in outcome.agencies],
        key="completion",
    )
    # Every participant counts in the summaries; the table shows a page of them.
    page = Paginator(outcome.participants, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "offering": offering,
        "results": outcome,
        "page": page,
        "charts": [scores, done],
        "tab": "results",
        "certificates": _issued(offering, list(page.object_list)),
        "live_runs": [
            row for rows in run_results(offering.live_runs.finished()).values() for row in rows
        ],
    }
    return render(request, "courses/results.html", context)


def _issued(
    offering: CourseOffering, shown: Sequence[results.ParticipantResult]
) -> dict[int, Certificate]:
    """The course's certificates by holder, for the participants shown. Reached only through
    `offering_for(..., manage=True)`: whoever runs the course sees the codes and status of its
    certificates, even for participants whose agency is not theirs (which
    `Certificate.objects.visible_to` would hide from a co-trainer who did not issue them)."""
    holders = [r.enrolment.user_id for r in shown]
    return {
        c.holder_id: c
        for c in Certificate.objects.filter(
            reference=actions.certificate_reference(offering), holder__in=holders
        )
    }


@login_required
@require_POST
def issue_certificates(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    offering = offering_for(user, pk, manage=True)
    if refused := _closed(request, offering):
        return refused
    issued = actions.issue_certificates(offering, acting_user=user, request=request)
    if issued:
        messages.success(request, _("%(n)d participants who completed the course have a "
                                    "certificate.") % {"n": len(issued)})  # fmt: skip
    else:
        messages.warning(request, _("Nobody has completed the course yet: no certificates."))
    return redirect("courses:results", offering.pk)


def _number(value: float | None, digits: int = 1) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _results_table(outcome: results.CourseResults) -> tables.Table:
    table = tables.Table(
        "results",
        ["participant", "agency", "attendance_pct", "pre_test", "post_test", "normalised_gain",
         "objectives_mastered", "complete", "outstanding", "scenario_competencies", "withdrawn"],
        numeric=frozenset({2, 3, 4, 5, 6}),
    )  # fmt: skip
    for r in outcome.participants:
        table.rows.append([
            r.enrolment.user.get_full_name() or r.enrolment.user.username,
            r.enrolment.agency.name, _number(r.evidence.attendance), _number(r.pre),
            _number(r.post), _number(r.gain, 3), r.mastered, "yes" if r.complete else "no",
            " | ".join(r.outstanding),
            "; ".join(f"{k}={v:.2f}" for k, v in sorted(r.scenarios.items())),
            (r.enrolment.withdrawal_reason or "yes") if r.withdrawn else "",
        ])  # fmt: skip
    for g in outcome.agencies:
        table.rows.append([f"[agency] {g.label}", g.label, "", _number(g.pre), _number(g.post),
                           _number(g.gain, 3), "", f"{g.completed}/{g.participants}", "",
                           "", ""])  # fmt: skip
    return table


def _results_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Names and results of participants leave the site here: the export is audited."""
    user = _user(request)
    offering = offering_for(user, pk, manage=True)
    outcome = results.course_results(offering)
    record_read(
        "courses.export_results",
        actor=user,
        target=offering,
        request=request,
        kind=Kind.DISCLOSURE,
        details={"format": fmt, "participants": len(outcome.participants)},
    )
    return tables.download(_results_table(outcome), f"frontline-course-{pk}-results", fmt)


@never_cache
@login_required
@require_GET
def results_csv(request: HttpRequest, pk: int) -> HttpResponse:
    return _results_export(request, pk, "csv")


@never_cache
@login_required
@require_GET
def results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return _results_export(request, pk, "xlsx")


# --- evaluation -------------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    offering = offering_for(_user(request), pk, manage=True)
    titles = {u.key: f"{u.number}. {u.title}" for u in offering.units()}
    responses = list(offering.survey.all())
    context = {
        "offering": offering,
        "summary": surveys.summarise(responses, titles),
        "answers": len(responses),
        "threshold": surveys.MIN_ANSWERS,
        "tab": "evaluation",
    }
    return render(request, "courses/evaluation.html", context)
