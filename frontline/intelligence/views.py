"""Intelligence pages. Every read, search and dissemination is audited with the reason typed;
reports are reached only through `access.report_for` and lists through `visible_to`."""

from __future__ import annotations

import phonenumbers
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontline.accounts.models import Agency, User
from frontline.accounts.policy import (
    ANALYSE_INTELLIGENCE,
    FILE_INTELLIGENCE,
    among_agencies,
    require,
)
from frontline.audit.log import Kind, record_read
from frontline.intelligence import access, actions, extract, statistics
from frontline.intelligence.forms import (
    BulletinForm,
    DisseminateForm,
    ReasonForm,
    ReportForm,
    SearchForm,
)
from frontline.intelligence.models import CandidateLink, Report

PAGE = 50


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _region(user: User) -> str | None:
    """The officer's country as the default region for national phone numbers (None for a
    country without a numbering plan, such as the demo's fictional ones)."""
    countries = Agency.objects.filter(members=user).values_list("country", flat=True)
    return next((c for c in countries if c in phonenumbers.SUPPORTED_REGIONS), None)


@never_cache
@login_required
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    access.require_intelligence(user)
    reports = list(Report.objects.visible_to(user).select_related("holder", "unit")[:PAGE])
    record_read(
        "intelligence.list", actor=user, request=request, details={"shown": [r.pk for r in reports]}
    )
    due = []
    if access.can_analyse(user):
        visible = Report.objects.visible_to(user).filter(
            holder__in=among_agencies(Agency.objects.all(), user, ANALYSE_INTELLIGENCE)
        )
        due = list(visible.due_for_review(timezone.localdate())[:PAGE])
    context = {
        "reports": reports,
        "due": due,
        "can_file": access.can_file(user),
        "can_analyse": access.can_analyse(user),
    }
    return render(request, "intelligence/list.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest) -> HttpResponse:
    """Two steps on one page: the officer writes, then confirms the entities found."""
    user = _user(request)
    require(access.can_file(user), _("Only officers and analysts file intelligence."))
    units = among_agencies(Agency.objects.all(), user, FILE_INTELLIGENCE)
    holders = Agency.objects.filter(kind=Agency.Kind.ATU, country__in=units.values("country"))
    form = ReportForm(request.POST or None, user=user, units=units, holders=holders)
    found: list[extract.Mention] = []
    if request.method == "POST" and form.is_valid():
        text = "\n".join([*form.lines("facts"), *form.lines("assessments"),
                          form.cleaned_data["text"], form.cleaned_data["money"]])  # fmt: skip
        found = extract.extract(text, region=_region(user))
        if request.POST.get("step") == "save":
            chosen = set(request.POST.getlist("entity"))
            new = actions.NewReport(
                holder=form.cleaned_data["holder"],
                unit=form.cleaned_data["unit"],
                title=form.cleaned_data["title"],
                exploitation=form.cleaned_data["exploitation"],
                grade=form.grade,
                countries=form.cleaned_data["countries"],
                routes=form.cleaned_data["routes"],
                money=form.cleaned_data["money"],
                modus_operandi=form.cleaned_data["modus_operandi"],
                text=form.cleaned_data["text"],
                risk_assessment=form.cleaned_data["risk_assessment"],
                authority=form.cleaned_data["authority"],
                facts=form.lines("facts"),
                assessments=form.lines("assessments"),
                subjects=form.cleaned_data["people"],
                entities=[m for m in found if f"{m.kind}:{m.value}" in chosen],
            )
            report = actions.file_report(new, acting_user=user, request=request)
            messages.success(request, _("Report filed with grade %(g)s.") % {"g": report.grade})
            return redirect("intelligence:list")
    return render(request, "intelligence/new.html", {"form": form, "found": found})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for the reason; POST with a reason records the read and shows the report."""
    user = _user(request)
    report = access.report_for(user, pk)
    form = ReasonForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "intelligence/reason.html", {"report": report, "form": form})
    record_read(
        "intelligence.read", actor=user, target=report, request=request,
        justification=form.cleaned_data["reason"],
    )  # fmt: skip
    links = CandidateLink.objects.filter(left=report) | CandidateLink.objects.filter(right=report)
    visible_ids = set(Report.objects.visible_to(user).values_list("pk", flat=True))
    context = {
        "report": report,
        "statements": report.statements.all(),
        "subjects": report.subjects.all(),
        "entities": report.entities.all(),
        "links": [lk for lk in links if {lk.left_id, lk.right_id} <= visible_ids],
        "disseminations": report.disseminations.select_related("to_agency"),
        "searched": report.deconflictions.select_related("searched_by").order_by("-at")[:PAGE],
        "manages": access.manages(user, report),
    }
    return render(request, "intelligence/detail.html", context)


@never_cache
@login_required
@require_POST
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    report = access.report_for(user, pk, manage=True)
    actions.review_report(report, acting_user=user, request=request)
    messages.success(request, _("Review recorded."))
    return redirect("intelligence:list")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def report_disseminate(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    report = access.report_for(user, pk, manage=True)
    form = DisseminateForm(request.POST or None, user=user, exclude=report.holder_id)
    if request.method == "POST" and form.is_valid():
        try:
            actions.disseminate(
                report,
                to_agency=form.cleaned_data["to_agency"],
                authority=form.cleaned_data["authority"],
                justification=form.cleaned_data["reason"],
                acting_user=user,
                request=request,
            )
        except actions.NotAllowed as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Report shared."))
            return redirect("intelligence:list")
    status = 400 if form.errors else 200
    return render(
        request, "intelligence/disseminate.html", {"report": report, "form": form}, status=status
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def search(request: HttpRequest) -> HttpResponse:
    """POST only, so the terms (often a name) never appear in a URL or an access log."""
    user = _user(request)
    access.require_analyst(user)
    form = SearchForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = actions.search(
            user,
            form.cleaned_data["query"],
            region=_region(user),
            justification=form.cleaned_data["reason"],
            request=request,
        )
    return render(request, "intelligence/search.html", {"form": form, "result": result})


@never_cache
@login_required
@require_GET
def links(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    access.require_analyst(user)
    rows = list(access.links_visible_to(user).select_related("left", "right")[:PAGE])
    record_read(
        "intelligence.links", actor=user, request=request, details={"shown": [r.pk for r in rows]}
    )
    return render(request, "intelligence/links.html", {"links": rows})


@never_cache
@login_required
@require_POST
def link_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    access.require_analyst(user)
    link = access.link_for(user, pk)
    decision = request.POST.get("decision")
    if decision not in {"confirm", "reject"}:
        return HttpResponse(_("Choose confirm or reject."), status=400)
    actions.decide_link(link, confirm=decision == "confirm", acting_user=user, request=request)
    return redirect("intelligence:links")


MAX_DEPTH = 3


@never_cache
@login_required
@require_GET
def network(request: HttpRequest, pk: int) -> HttpResponse:
    """The link chart as a table: the reports reached from one, one step more per click."""
    user = _user(request)
    access.require_analyst(user)
    report = access.report_for(user, pk)
    try:
        depth = int(request.GET.get("depth", "1"))
    except ValueError:
        depth = 0
    if not 1 <= depth <= MAX_DEPTH:
        return HttpResponse(_("Depth is a number from 1 to 3."), status=400)
    rows = access.network(user, report, depth)
    record_read(
        "intelligence.network",
        actor=user,
        target=report,
        request=request,
        kind=Kind.COMBINATION,
        details={"depth": depth, "shown": [r.pk for r, _, _ in rows]},
    )
    context = {"report": report, "rows": rows, "depth": depth, "deeper": depth < MAX_DEPTH}
    return render(request, "intelligence/network.html", context)


@never_cache
@login_required
@require_GET
def stats(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    access.require_intelligence(user)
    table = statistics.by_exploitation_and_quarter(Report.objects.visible_to(user))
    record_read("intelligence.statistics", actor=user, request=request)
    return render(request, "intelligence/statistics.html", {"table": table})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def bulletin_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    access.require_analyst(user)
    agency = among_agencies(Agency.objects.all(), user, ANALYSE_INTELLIGENCE).first()
    require(agency is not None, _("This page is for intelligence analysts."))
    form = BulletinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        bulletin = form.save(commit=False)
        bulletin.agency, bulletin.author = agency, user
        bulletin.save()
        return redirect("intelligence:bulletin", pk=bulletin.pk)
    return render(request, "intelligence/bulletin_new.html", {"form": form})


@never_cache
@login_required
@require_GET
def bulletins(request: HttpRequest) -> HttpResponse:
    rows = access.bulletins_visible_to(_user(request))
    return render(request, "intelligence/bulletins.html", {"bulletins": rows[:PAGE]})


@never_cache
@login_required
@require_GET
def bulletin(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.bulletin_for(_user(request), pk)
    return render(request, "intelligence/bulletin.html", {"bulletin": item})


@never_cache
@login_required
@require_POST
def bulletin_publish(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    access.require_analyst(user)
    item = access.bulletin_for(user, pk)
    require(item.published_at is None, _("This bulletin is already published."))
    try:
        actions.publish_bulletin(item, acting_user=user, region=_region(user), request=request)
    except actions.Blocked as blocked:
        context = {"bulletin": item, "blocked": blocked.found}
        return render(request, "intelligence/bulletin.html", context, status=400)
    messages.success(request, _("Bulletin published."))
    return redirect("intelligence:bulletin", pk=item.pk)
