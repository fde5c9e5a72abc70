"""Referral pages. Every view reaches a referral through `access.referral_for` and lists through
`Referral.objects.visible_to`; every read of a referral is written to the audit log."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_fsm import TransitionNotAllowed

from frontline.accounts.models import User
from frontline.accounts.policy import PROTECT_CHILDREN, RECEIVE_REFERRALS, SUPPORT, holds, require
from frontline.audit.log import record_read
from frontline.fieldkit import forms as fieldkit_forms
from frontline.fieldkit import kit
from frontline.lib.limits import field_problem
from frontline.referrals import actions
from frontline.referrals.access import (
    ANSWER,
    CHILD,
    EDIT,
    OFFICER,
    UNIT,
    WORK,
    can_refer,
    part_of,
    referral_for,
    shared_fields,
)
from frontline.referrals.forms import (
    AssessForm,
    CloseForm,
    ReferForm,
    ReferralForm,
    SupportAnswerForm,
)
from frontline.referrals.models import OPEN, SHARE_FIELDS, Need, Referral, Status

ALL_FIELDS = [field for fields in SHARE_FIELDS.values() for field in fields]


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@never_cache
@login_required
@require_GET
def referral_list(request: HttpRequest) -> HttpResponse:
    """The officer's referrals, the unit's inbox (open ones by deadline), the support
    organisation's cases, and the user's notices."""
    user = _user(request)
    unit, support = holds(user, RECEIVE_REFERRALS), holds(user, SUPPORT)
    protects = holds(user, PROTECT_CHILDREN)
    require(
        can_refer(user) or unit or support or protects,
        _("Referrals are for officers, units and services."),
    )
    visible = Referral.objects.visible_to(user).select_related("unit", "support_agency")
    mine = list(visible.filter(officer=user)[:100])
    inbox = (
        list(visible.filter(status__in=OPEN).exclude(officer=user).order_by("next_deadline")[:200])
        if unit
        else []
    )
    cases = (
        list(visible.filter(support_agency__isnull=False).exclude(officer=user)[:200])
        if support
        else []
    )
    closed = list(visible.filter(status=Status.CLOSED).exclude(officer=user)[:50]) if unit else []
    # The child-protection authority reads the referrals of presumed children in its country.
    children = list(visible.exclude(officer=user)[:200]) if protects and not unit else []
    notices = list(user.referral_notices.select_related("referral")[:10])
    shown = {r.pk for r in (*mine, *inbox, *cases, *closed, *children)}
    record_read("referrals.list", actor=user, request=request, details={"ids": sorted(shown)})
    return render(
        request,
        "referrals/list.html",
        {
            "mine": mine,
            "inbox": inbox,
            "cases": cases,
            "closed": closed,
            "children": children,
            "notices": notices,
            "now": timezone.now(),
            "unit": unit,
            "refers": can_refer(user),
        },
    )


@never_cache
@login_required
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    """ "Refer this case" on a screening result: the same case is screened again (so what the
    referral carries is what the field kit says) and a draft is made."""
    user = _user(request)
    require(can_refer(user), _("Only frontline officers file referrals."))
    case, errors = fieldkit_forms.read_case(request.POST, kit.current_kit(settings.CONTENT_DIR))
    if errors:
        return render(request, "referrals/bad_case.html", {"errors": errors}, status=400)
    result = kit.screen(case, settings.CONTENT_DIR)
    referral = actions.start(case, result, acting_user=user, request=request)
    return redirect("referrals:edit", pk=referral.pk)


def _filed(referral: Referral) -> JsonResponse:
    return JsonResponse({"reference": referral.reference, "status": referral.status,
                         "url": reverse("referrals:detail", args=[referral.pk])})  # fmt: skip


@never_cache
@login_required
@require_POST
def file(request: HttpRequest) -> HttpResponse:
    """A referral written on a phone without network, sent when it reconnects (JSON answer).

    The phone makes `key` (a UUID) when the officer saves it there; sending the same key again
    (the answer was lost, the phone retried) stores nothing new and answers with the referral
    already stored, so it is stored exactly once."""
    user = _user(request)
    require(can_refer(user), _("Only frontline officers file referrals."))
    try:
        key = uuid.UUID(str(request.POST.get("key", "")))
    except ValueError:
        return JsonResponse({"errors": [_("The referral has no valid key.")]}, status=400)
    stored = Referral.objects.filter(key=key).first()
    if stored is not None:
        if stored.officer_id != user.pk:
            raise Http404
        return _filed(stored)
    case, errors = fieldkit_forms.read_case(request.POST, kit.current_kit(settings.CONTENT_DIR))
    result = kit.screen(case, settings.CONTENT_DIR)
    shell = Referral(
        screening_actions=[{"id": a["id"], "text": a["text"]} for a in result["actions"]]
    )
    form = ReferralForm(request.POST, instance=shell)
    if errors or not form.is_valid():
        errors += [f"{name}: {' '.join(str(m) for m in e)}" for name, e in form.errors.items()]
        return JsonResponse({"errors": errors}, status=400)
    try:
        referral = actions.file(case, result, form.cleaned_data, key=key, acting_user=user,
                                request=request)  # fmt: skip
    except actions.NotReady as problem:
        return JsonResponse({"errors": [str(problem)]}, status=400)
    except IntegrityError:  # the same key, sent twice at once: the other request stored it
        stored = Referral.objects.filter(key=key, officer=user).first()
        if stored is None:
            raise
        return _filed(stored)
    return _filed(referral)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The officer's draft: save and come back later, or send it to the unit."""
    user = _user(request)
    referral = referral_for(user, pk, act=EDIT)
    form = ReferralForm(request.POST or None, instance=referral)
    if request.method == "GET":
        record_read("referrals.read", actor=user, target=referral, request=request)
        return render(request, "referrals/edit.html", {"referral": referral, "form": form})
    if not form.is_valid():
        return render(
            request, "referrals/edit.html", {"referral": referral, "form": form}, status=400
        )
    referral = actions.save_draft(referral, form.cleaned_data, acting_user=user, request=request)
    if "send" not in request.POST:
        messages.success(request, _("Draft saved. You can come back to it from Referrals."))
        return redirect("referrals:edit", pk=referral.pk)
    try:
        actions.submit(referral, acting_user=user, request=request)
    except actions.NotReady as problem:
        form.add_error(None, str(problem))
        return render(
            request, "referrals/edit.html", {"referral": referral, "form": form}, status=400
        )
    messages.success(request, _("Sent to the anti-trafficking unit."))
    return redirect("referrals:detail", pk=referral.pk)


def _detail_context(user: User, referral: Referral) -> dict[str, Any]:
    part = part_of(user, referral)
    context: dict[str, Any] = {
        "referral": referral,
        "part": part,
        "now": timezone.now(),
        "needs": dict(Need.choices),
    }
    if part == UNIT:
        context["steps"] = referral.steps.select_related("actor")
        context["all_fields"] = dict.fromkeys(ALL_FIELDS, True)
        context["assess_form"] = AssessForm()
        context["close_form"] = CloseForm()
        options = actions.support_options(referral, timezone.localdate())
        context["refer_form"] = ReferForm(options=options) if options else None
    elif part == OFFICER:
        context["steps"] = referral.steps.only("at", "action")
    elif part == CHILD:
        context["steps"] = referral.steps.only("at", "action")
        context["all_fields"] = dict.fromkeys(ALL_FIELDS, True)
    else:
        context["shared"] = shared = shared_fields(referral)
        context["shared_map"] = dict.fromkeys(shared, True)
        context["answer_form"] = SupportAnswerForm()
    return context


@never_cache
@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    referral = referral_for(user, pk)
    if referral.status == Status.DRAFT and referral.officer_id == user.pk:
        return redirect("referrals:edit", pk=pk)
    context = _detail_context(user, referral)
    record_read(
        "referrals.read",
        actor=user,
        target=referral,
        request=request,
        details={"as": context["part"]},
    )
    return render(request, "referrals/detail.html", context)


def _step(
    request: HttpRequest, pk: int, act: str, do: Callable[[User, Referral], Any]
) -> HttpResponse:
    """Run one step on the referral: 409 when it is not at that step, 400 with the message
    when something is missing, else back to its page."""
    user = _user(request)
    referral = referral_for(user, pk, act=act)
    try:
        do(user, referral)
    except TransitionNotAllowed:
        return _refused(
            request, user, referral, _("The referral is not at this step any more."), 409
        )
    except actions.NotReady as problem:
        return _refused(request, user, referral, str(problem), 400)
    return redirect("referrals:detail", pk=pk)


def _refused(
    request: HttpRequest, user: User, referral: Referral, error: str, status: int
) -> HttpResponse:
    referral.refresh_from_db()
    context = {**_detail_context(user, referral), "error": error}
    return render(request, "referrals/detail.html", context, status=status)


@never_cache
@login_required
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request, pk, WORK, lambda user, r: actions.acknowledge(r, acting_user=user, request=request)
    )


@never_cache
@login_required
@require_POST
def assess(request: HttpRequest, pk: int) -> HttpResponse:
    form = AssessForm(request.POST)

    def do(user: User, referral: Referral) -> None:
        if not form.is_valid():
            raise actions.NotReady(_("Choose a decision and give its reasons."))
        actions.assess(
            referral,
            decision=form.cleaned_data["decision"],
            reasons=form.cleaned_data["reasons"],
            acting_user=user,
            request=request,
        )

    return _step(request, pk, WORK, do)


@never_cache
@login_required
@require_POST
def refer(request: HttpRequest, pk: int) -> HttpResponse:
    def do(user: User, referral: Referral) -> None:
        options = actions.support_options(referral, timezone.localdate())
        form = ReferForm(request.POST, options=options)
        if not form.is_valid():
            raise actions.NotReady(_("Choose a support organisation with an agreement in force."))
        chosen = next(a for a in options if a.pk == form.cleaned_data["agreement"])
        actions.refer_to_support(referral, agreement=chosen, acting_user=user, request=request)

    return _step(request, pk, WORK, do)


@never_cache
@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    form = CloseForm(request.POST)

    def do(user: User, referral: Referral) -> None:
        if not form.is_valid():
            raise actions.NotReady(_("Choose an outcome and give the reason for closing."))
        actions.close(
            referral,
            outcome=form.cleaned_data["outcome"],
            reason=form.cleaned_data["reason"],
            assessment=form.cleaned_data["assessment"],
            acting_user=user,
            request=request,
        )

    return _step(request, pk, WORK, do)


@never_cache
@login_required
@require_POST
def withdraw_consent(request: HttpRequest, pk: int) -> HttpResponse:
    """The person told the unit they withdraw their consent."""
    reason = str(request.POST.get("reason", ""))

    def do(user: User, referral: Referral) -> None:
        problem = field_problem(reason, Referral, "support_reason")
        if problem:
            raise actions.NotReady(_("The note %(problem)s.") % {"problem": problem})
        actions.withdraw_consent(referral, reason=reason, acting_user=user, request=request)

    return _step(request, pk, WORK, do)


@never_cache
@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The support organisation accepts the referral or declines it with a reason."""
    form = SupportAnswerForm(request.POST)

    def do(user: User, referral: Referral) -> None:
        if not form.is_valid():
            raise actions.NotReady(_("Choose to accept or decline."))
        actions.answer_support(
            referral,
            accept=form.cleaned_data["answer"] == "accept",
            reason=form.cleaned_data["reason"],
            acting_user=user,
            request=request,
        )

    return _step(request, pk, ANSWER, do)
