"""Changes to referrals: one function each, keyword-only `acting_user`, in a transaction that
locks the referral's row, with an audit row and a line of its history (`Step`).

A step the referral is not at raises `django_fsm.TransitionNotAllowed` (the views answer 409).
Every step that leaves a referral open sets its next deadline (`deadlines.py`) and resets its
escalation; notices and e-mail (through the outbox, after the commit) carry the reference and a
link, never the person's data.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from frontline.accounts.models import Agency, User
from frontline.accounts.policy import REFER, agencies_where
from frontline.audit.log import Kind, audited_save, record
from frontline.mail import outbox
from frontline.referrals import mail, routing
from frontline.referrals.deadlines import Stamps, next_deadline, reflection_end
from frontline.referrals.models import (
    IDENTITY_FIELDS,
    OPEN,
    Agreement,
    Consent,
    Decision,
    Minor,
    Notice,
    Outcome,
    Referral,
    Status,
    Step,
    SupportStatus,
    UnitSettings,
)


class NotReady(Exception):
    """The referral cannot take this step yet; the message says what is missing."""


# Fields of the draft form (forms.ReferralForm) that save_draft writes.
DRAFT_FIELDS = (
    "alias",
    "sex",
    "age",
    "minor",
    "nationality",
    "language",
    "needs",
    "place",
    "met_at",
    "statement",
    "actions_taken",
    "consent",
    "consent_shares",
    "consent_how",
    "guardian",
)


def _locked(referral: Referral) -> Referral:
    return Referral.objects.select_for_update().get(pk=referral.pk)


def _step(
    referral: Referral, action: str, actor: User | None, now: datetime, note: str = ""
) -> None:
    Step.objects.create(referral=referral, at=now, actor=actor, action=action, note=note)


def _schedule(referral: Referral) -> None:
    """Set the next deadline for the step the referral is at; a new step starts unescalated."""
    rules = routing.rules_for(referral.unit)
    referral.deadline_kind, referral.next_deadline = next_deadline(
        Stamps(
            status=referral.status,
            decision=referral.decision,
            submitted_at=referral.submitted_at,
            acknowledged_at=referral.acknowledged_at,
            decided_at=referral.decided_at,
            referred_at=referral.referred_at,
        ),
        rules,
    )
    referral.escalation_level = 0
    referral.escalated_at = None


def _notify(
    referral: Referral, users: Iterable[User], kind: str, now: datetime, level: int = 0
) -> None:
    composer = {"overdue": mail.overdue, "child": mail.child_referral}.get(kind, mail.new_referral)
    for user in users:
        Notice.objects.create(user=user, referral=referral, at=now, kind=kind, level=level)
        outbox.queue(composer, recipient=user, about=referral)


def start(
    case: Mapping[str, Any],
    result: Mapping[str, Any],
    *,
    acting_user: User,
    request: HttpRequest | None = None,
    key: uuid.UUID | None = None,
) -> Referral:
    """A draft referral from a screening (`fieldkit.kit.screen(case)` gave `result`): the
    grounds, indicators, forms of exploitation and the actions the screening listed, for the
    officer to tick what was done. The officer's agency is the first where they refer."""
    agency = Agency.objects.filter(pk__in=agencies_where(acting_user, REFER)).order_by("pk").first()
    if agency is None:
        raise NotReady("only frontline officers file referrals")
    minor = str(case.get("minor") or Minor.UNKNOWN)
    with transaction.atomic():
        referral = Referral.objects.create(
            key=key or uuid.uuid4(),
            officer=acting_user,
            referring_agency=agency,
            grounds_level=str(result.get("level", ""))[:20],
            observed=[
                {
                    "id": str(o["id"]),
                    "text": str(o.get("text", "")),
                    "category": str(o.get("category", "")),
                }
                for o in result.get("observations", [])
            ],
            forms=sorted({f for o in result.get("observations", []) for f in o.get("forms", [])}),
            context={
                k: str(case.get(k) or "") for k in ("where", "check", "gender", "shared_language")
            },
            screening_actions=[
                {"id": str(a["id"]), "text": str(a.get("text", ""))}
                for a in result.get("actions", [])
            ],
            minor=minor if minor in Minor.values else Minor.UNKNOWN,
        )
        _step(referral, "started", acting_user, timezone.now())
        record(
            "referrals.start",
            actor=acting_user,
            target=referral,
            request=request,
            kind=Kind.COLLECTION,
            details={"grounds": referral.grounds_level, "indicators": len(referral.observed)},
        )
    return referral


def file(
    case: Mapping[str, Any],
    result: Mapping[str, Any],
    values: Mapping[str, Any],
    *,
    key: uuid.UUID,
    acting_user: User,
    request: HttpRequest | None = None,
) -> Referral:
    """A referral written offline, filed in one go: started, completed and sent in one
    transaction, so it is stored whole or not at all; `key` (made on the phone) is unique, so
    a second delivery of the same referral cannot store it twice (the caller answers with the
    first one)."""
    with transaction.atomic():
        referral = start(case, result, acting_user=acting_user, request=request, key=key)
        referral = save_draft(referral, values, acting_user=acting_user, request=request)
        return submit(referral, acting_user=acting_user, request=request)


def save_draft(
    referral: Referral,
    values: Mapping[str, Any],
    *,
    acting_user: User,
    request: HttpRequest | None = None,
) -> Referral:
    """Store what the officer wrote so far; only a draft changes. Names of changed fields are
    recorded, never their values."""
    with transaction.atomic():
        locked = _locked(referral)
        if locked.status != Status.DRAFT:
            raise TransitionNotAllowed("only a draft can be changed")
        changed = []
        for field in DRAFT_FIELDS:
            if field in values and getattr(locked, field) != values[field]:
                setattr(locked, field, values[field])
                changed.append(field)
        if changed:
            locked.save()
            record(
                "referrals.save_draft",
                actor=acting_user,
                target=locked,
                request=request,
                details={"changed": sorted(changed)},
            )
    return locked


def _check_ready(referral: Referral) -> None:
    if not referral.statement.strip():
        raise NotReady("Write the statement before sending.")
    if not referral.presumed_child and referral.consent not in (Consent.GIVEN, Consent.DECLINED):
        raise NotReady(
            "Record whether the person agreed to share their data (an adult who declines is "
            "sent as an anonymous notification)."
        )


def submit(
    referral: Referral,
    *,
    acting_user: User,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> Referral:
    """Send a draft to the unit.

    1. Check it is complete (statement; consent recorded for an adult).
    2. A presumed child needs no consent; an adult who declined is sent as an anonymous
       notification: the identifying fields are erased before it leaves the officer.
    3. Choose the receiving unit (routing.choose_unit), set the first deadline, notify the unit.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(referral)
        if locked.status != Status.DRAFT:
            raise TransitionNotAllowed("already sent")
        _check_ready(locked)
        unit = routing.choose_unit(locked.referring_agency, now.date())
        if unit is None:
            raise NotReady("No anti-trafficking unit is set up for your country: call it.")
        if locked.presumed_child:
            locked.consent = Consent.CHILD
        elif locked.consent == Consent.DECLINED:
            locked.anonymous = True
            for field in IDENTITY_FIELDS:
                blank = None if field in ("age", "met_at") else ""
                setattr(locked, field, blank)
            locked.consent_shares = []
        locked.consent_at = locked.consent_at or now
        locked.unit = unit
        locked.submitted_at = now
        locked.mark_received()
        _schedule(locked)
        locked.save()
        _step(locked, "received", acting_user, now)
        record(
            "referrals.submit",
            actor=acting_user,
            target=locked,
            request=request,
            kind=Kind.COLLECTION,
            details={
                "unit": unit.pk,
                "anonymous": locked.anonymous,
                "child": locked.presumed_child,
            },
        )
        _notify(locked, routing.receivers(unit), "new", now)
        if locked.presumed_child:
            _notify(locked, routing.child_protection(unit), "child", now)
    return locked


def acknowledge(
    referral: Referral,
    *,
    acting_user: User,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> Referral:
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(referral)
        locked.mark_acknowledged()
        locked.acknowledged_at = now
        _schedule(locked)
        locked.save()
        _step(locked, "acknowledged", acting_user, now)
        record("referrals.acknowledge", actor=acting_user, target=locked, request=request)
    return locked


def assess(
    referral: Referral,
    *,
    decision: str,
    reasons: str,
    acting_user: User,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> Referral:
    """The reasonable-grounds decision, with its reasons (always: a "yes" starts the
    recovery and reflection period, a "no" ends the case, "more" sets a new deadline)."""
    if decision not in Decision.values:
        raise NotReady("Choose a decision.")
    if not reasons.strip():
        raise NotReady("Give the reasons for the decision.")
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(referral)
        locked.mark_assessed()
        locked.decision, locked.decision_reasons, locked.decided_at = decision, reasons, now
        if decision == Decision.YES:
            locked.reflection_ends = reflection_end(now, routing.rules_for(locked.unit))
        _schedule(locked)
        locked.save()
        _step(locked, "assessed", acting_user, now, note=locked.get_decision_display())
        record(
            "referrals.assess",
            actor=acting_user,
            target=locked,
            request=request,
            justification=reasons,
            details={"decision": decision},
        )
    return locked


def support_options(referral: Referral, on: date) -> list[Agreement]:
    """The agreements in force from the referral's unit to support organisations."""
    return list(
        Agreement.objects.in_force(on)
        .filter(from_agency=referral.unit_id, to_agency__kind=Agency.Kind.NGO)
        .select_related("to_agency")
    )


def refer_to_support(
    referral: Referral,
    *,
    agreement: Agreement,
    acting_user: User,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> Referral:
    """Refer to a support organisation under an agreement in force (a disclosure: recorded
    with the organisation and the field groups it may see)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(referral)
        if agreement.pk not in {a.pk for a in support_options(locked, now.date())}:
            raise NotReady("There is no agreement in force with this organisation.")
        locked.mark_referred()
        locked.agreement, locked.support_agency = agreement, agreement.to_agency
        locked.referred_at, locked.support_status = now, SupportStatus.PENDING
        _schedule(locked)
        locked.save()
        _step(locked, "referred", acting_user, now, note=agreement.to_agency.name)
        record(
            "referrals.refer",
            actor=acting_user,
            target=locked,
            request=request,
            kind=Kind.DISCLOSURE,
            details={"to": agreement.to_agency_id, "agreement": agreement.pk},
        )
    return locked


def answer_support(
    referral: Referral,
    *,
    accept: bool,
    reason: str,
    acting_user: User,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> Referral:
    """The support organisation accepts, or declines with a reason (the unit then refers
    elsewhere or closes)."""
    if not accept and not reason.strip():
        raise NotReady("Give the reason for declining.")
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(referral)
        if locked.status != Status.REFERRED or locked.support_status != SupportStatus.PENDING:
            raise TransitionNotAllowed("nothing to answer")
        locked.support_status = SupportStatus.ACCEPTED if accept else SupportStatus.DECLINED
        locked.support_reason = reason
        locked.save()
        _step(locked, "support_" + locked.support_status, acting_user, now, note=reason)
        record(
            "referrals.answer_support",
            actor=acting_user,
            target=locked,
            request=request,
            justification=reason,
            details={"accepted": accept},
        )
    return locked


def close(
    referral: Referral,
    *,
    outcome: str,
    reason: str,
    assessment: str = "",
    acting_user: User,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> Referral:
    if outcome not in Outcome.values:
        raise NotReady("Choose an outcome.")
    if not reason.strip():
        raise NotReady("Give the reason for closing.")
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(referral)
        if outcome == Outcome.RETURNED and not assessment.strip():
            raise NotReady(
                "No return without a recorded risk assessment"
                + (" and best-interests assessment of the child." if locked.presumed_child else ".")
            )
        locked.mark_closed()
        locked.outcome, locked.closing_reason, locked.closed_at = outcome, reason, now
        locked.return_assessment = assessment
        _schedule(locked)
        locked.save()
        _step(locked, "closed", acting_user, now, note=locked.get_outcome_display())
        record(
            "referrals.close",
            actor=acting_user,
            target=locked,
            request=request,
            justification=reason,
            details={"outcome": outcome},
        )
    return locked


def withdraw_consent(
    referral: Referral,
    *,
    reason: str,
    acting_user: User,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> Referral:
    """The person withdrew their consent (told to the unit): from now on the support
    organisation sees nothing about them (access.shared_fields)."""
    if not reason.strip():
        raise NotReady("Say how the person withdrew their consent.")
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(referral)
        if locked.consent != Consent.GIVEN or locked.consent_withdrawn_at is not None:
            raise TransitionNotAllowed("no consent to withdraw")
        locked.consent_withdrawn_at = now
        locked.save(update_fields=["consent_withdrawn_at"])
        _step(locked, "consent_withdrawn", acting_user, now, note=reason)
        record(
            "referrals.withdraw_consent",
            actor=acting_user,
            target=locked,
            request=request,
            justification=reason,
        )
    return locked


def erase_personal_data(referral: Referral, *, now: datetime) -> Referral:
    """Retention: erase the person's data of a closed referral; the referral, its steps,
    indicators and outcome stay, and so does the audit log."""
    with transaction.atomic():
        locked = _locked(referral)
        if locked.status != Status.CLOSED or locked.personal_data_erased_at is not None:
            return locked
        for field in IDENTITY_FIELDS:
            setattr(locked, field, None if field in ("age", "met_at") else "")
        locked.language, locked.guardian, locked.consent_how = "", "", ""
        locked.personal_data_erased_at = now
        locked.save()
        _step(locked, "personal_data_erased", None, now)
        record("referrals.erase_personal_data", actor=None, target=locked, kind=Kind.ERASURE)
    return locked


def escalate(referral: Referral, *, level: int, now: datetime) -> Referral:
    """Raise an overdue referral's escalation to `level` and tell that level's people (the
    sweep calls this; the system acts, so no user is recorded)."""
    with transaction.atomic():
        locked = _locked(referral)
        if locked.status not in OPEN or locked.escalation_level >= level:
            return locked
        assert locked.unit is not None
        locked.escalation_level, locked.escalated_at = level, now
        locked.save(update_fields=["escalation_level", "escalated_at"])
        recipients = routing.escalation_recipients(locked.unit, level)
        _step(locked, f"escalated_{level}", None, now, note=locked.deadline_kind)
        record(
            "referrals.escalate",
            actor=None,
            target=locked,
            details={
                "level": level,
                "deadline": locked.deadline_kind,
                "to": [u.pk for u in recipients],
            },
        )
        _notify(locked, recipients, "overdue", now, level=level)
    return locked


AGREEMENT_FIELDS = ("from_agency", "to_agency", "shares", "valid_from", "valid_to", "title")
UNIT_SETTINGS_FIELDS = (
    "agency", "acknowledge_hours", "decision_working_days", "refer_working_days",
    "reflection_days", "review_days", "escalate_after_hours", "national_coordination",
)  # fmt: skip


def save_agreement(
    agreement: Agreement, *, acting_user: User | None, request: HttpRequest | None = None
) -> dict[str, Any]:
    """Save a new or edited co-operation agreement, recording old and new values. Agreements
    end (valid_to), never disappear: the referrals made under them point to them."""
    return audited_save(
        agreement, action="referrals.save_agreement", fields=AGREEMENT_FIELDS,
        actor=acting_user, request=request,
    )  # fmt: skip


def save_unit_settings(
    settings_row: UnitSettings, *, acting_user: User | None, request: HttpRequest | None = None
) -> dict[str, Any]:
    """Save a unit's deadlines; referrals get the new ones from their next step on."""
    return audited_save(
        settings_row, action="referrals.save_unit_settings", fields=UNIT_SETTINGS_FIELDS,
        actor=acting_user, request=request,
    )  # fmt: skip
