"""Changes to courses: one function each, keyword-only `acting_user`, in a transaction, audited.

E-mail is queued (mail/outbox.py) and goes out only after the transaction has committed, by
the task queue: nobody is invited to an enrolment that was rolled back, and a mail server that
is down never undoes or breaks a saved change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from frontline.accounts.actions import grant_role
from frontline.accounts.models import Agency, User
from frontline.accounts.policy import TEACH, Role, agencies_where
from frontline.audit.log import record
from frontline.certificates.actions import issue_certificate
from frontline.certificates.models import Certificate
from frontline.courses import mail
from frontline.courses.enrolment import Person
from frontline.courses.models import (
    AgendaItem,
    Attendance,
    CourseOffering,
    Enrolment,
    Holiday,
    SurveyResponse,
    TeamMember,
)
from frontline.courses.results import participant_results
from frontline.curriculum.models import SessionRow, Unit
from frontline.mail import outbox


def create_offering(
    *, acting_user: User, request: HttpRequest | None = None, **fields: Any
) -> CourseOffering:
    """Create an offering; a trainer who creates one leads its team."""
    with transaction.atomic():
        offering = CourseOffering.objects.create(**fields)
        if agencies_where(acting_user, TEACH).filter(agency=offering.agency).exists():
            TeamMember.objects.create(
                offering=offering, user=acting_user, role=TeamMember.TeamRole.LEAD,
                discipline=TeamMember.Discipline.LAW_ENFORCEMENT,
            )  # fmt: skip
        record("courses.create", actor=acting_user, target=offering, request=request)
    return offering


def update_offering(
    offering: CourseOffering, *, acting_user: User, request: HttpRequest | None = None
) -> None:
    """Save the settings of `offering` as edited (dates, venue, day plan, completion rules)."""
    with transaction.atomic():
        offering.save()
        record("courses.update", actor=acting_user, target=offering, request=request)


def add_team_member(
    offering: CourseOffering,
    user: User,
    *,
    role: str,
    discipline: str,
    acting_user: User,
    request: HttpRequest | None = None,
) -> TeamMember:
    with transaction.atomic():
        member, _ = TeamMember.objects.update_or_create(
            offering=offering, user=user, defaults={"role": role, "discipline": discipline}
        )
        record("courses.team_add", actor=acting_user, target=offering, request=request,
               justification=f"{user.username}: {role}, {discipline}")  # fmt: skip
    return member


def remove_team_member(
    member: TeamMember, *, acting_user: User, request: HttpRequest | None = None
) -> None:
    with transaction.atomic():
        record("courses.team_remove", actor=acting_user, target=member.offering,
               request=request, justification=member.user.username)  # fmt: skip
        member.delete()


def add_units_to_agenda(
    offering: CourseOffering,
    units: Sequence[Unit],
    *,
    acting_user: User,
    request: HttpRequest | None = None,
) -> int:
    """Append the session plans of `units` (in unit order) to the agenda; return how many
    sessions were added. A session already on the agenda is not added twice."""
    with transaction.atomic():
        present = set(offering.agenda.values_list("source_id", flat=True))
        last = offering.agenda.order_by("-position").values_list("position", flat=True).first()
        position = last or 0
        rows = SessionRow.objects.filter(unit__in=units).select_related("unit")
        new = []
        for row in rows:
            if row.pk in present:
                continue
            position += 1
            new.append(
                AgendaItem(
                    offering=offering, source=row, unit=row.unit, position=position,
                    title=row.title, activities=row.activities, references=row.references,
                    planned_minutes=row.minutes, minutes=row.minutes,
                )
            )  # fmt: skip
        AgendaItem.objects.bulk_create(new)
        record("courses.agenda_add_units", actor=acting_user, target=offering, request=request,
               justification=", ".join(u.key for u in units))  # fmt: skip
    return len(new)


def save_agenda(
    offering: CourseOffering,
    changes: dict[int, tuple[int, int, bool]],
    *,
    acting_user: User,
    request: HttpRequest | None = None,
) -> None:
    """Apply (position, minutes, included) per agenda item id; positions are renumbered 1..n
    in the order asked for (ties keep the previous order)."""
    with transaction.atomic():
        items = list(offering.agenda.select_for_update())
        for item in items:
            if item.pk in changes:
                item.position, item.minutes, item.included = changes[item.pk]
        items.sort(key=lambda i: (not i.included, i.position))
        for n, item in enumerate(items, 1):
            item.position = n
        AgendaItem.objects.bulk_update(items, ["position", "minutes", "included"])
        record("courses.agenda_save", actor=acting_user, target=offering, request=request)


def _account_for(person: Person, *, acting_user: User, request: HttpRequest | None) -> User:
    if person.user is not None:
        return person.user
    base = slugify(person.email.split("@")[0])[:140] or "participant"
    username, n = base, 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{base}{n}"
    user = User(username=username, first_name=person.first_name, last_name=person.last_name,
                email=person.email)  # fmt: skip
    user.set_unusable_password()  # they choose one from the invitation
    user.save()
    grant_role(user, person.agency, Role.LEARNER, acting_user=acting_user, request=request)
    return user


def enrol(
    offering: CourseOffering,
    people: Iterable[Person],
    *,
    acting_user: User,
    request: HttpRequest | None = None,
) -> list[Enrolment]:
    """Invite checked people (see `enrolment.check_person` / `read_csv`), creating accounts for
    those who have none, all or nothing, and queue an invitation e-mail for each. Everyone, new
    account or not, takes part only once they accept it (`accept_invitation`)."""
    with transaction.atomic():
        enrolments = []
        for person in people:
            user = _account_for(person, acting_user=acting_user, request=request)
            enrolment = Enrolment.objects.create(
                offering=offering, user=user, agency=person.agency,
                invited_name=f"{person.first_name} {person.last_name}",
            )  # fmt: skip
            enrolment.invitation = outbox.queue(mail.invitation, recipient=user, about=enrolment)
            enrolment.save(update_fields=["invitation"])
            record("courses.enrol", actor=acting_user, target=offering, request=request,
                   justification=f"{user.username} from {person.agency.name}")  # fmt: skip
            enrolments.append(enrolment)
    return enrolments


def resend_invitation(
    enrolment: Enrolment, *, acting_user: User, request: HttpRequest | None = None
) -> bool:
    """Queue the invitation again (with a fresh link to choose a password, for an account
    that has none): when it could not be sent, or was sent a while ago and is still not
    answered. Returns whether it was queued; a second click changes nothing."""
    with transaction.atomic():
        locked = (
            Enrolment.objects.select_for_update(of=("self",))  # the invitation may be absent
            .select_related("invitation", "user", "offering")
            .get(pk=enrolment.pk)
        )
        if not locked.can_resend(timezone.now()):
            return False
        locked.invitation = outbox.queue(mail.invitation, recipient=locked.user, about=locked)
        locked.save(update_fields=["invitation"])
        record("courses.invitation_resent", actor=acting_user, target=locked.offering,
               request=request, justification=locked.user.username)  # fmt: skip
    return True


def accept_invitation(
    enrolment: Enrolment, *, acting_user: User, request: HttpRequest | None = None
) -> None:
    """The person takes part: from now on the course's team sees their attendance and what
    they earn for the course (courses/records.py). Accepting twice changes nothing."""
    _respond(enrolment, Enrolment.Status.ACCEPTED, acting_user=acting_user, request=request)


def decline_invitation(
    enrolment: Enrolment, *, acting_user: User, request: HttpRequest | None = None
) -> None:
    """The person does not take part; the team sees "declined" and nothing else."""
    _respond(enrolment, Enrolment.Status.DECLINED, acting_user=acting_user, request=request)


def _respond(
    enrolment: Enrolment, status: str, *, acting_user: User, request: HttpRequest | None
) -> None:
    """1. Lock the enrolment; only the invited person answers, and only once.
    2. Record the answer and when it was given, with an audit row."""
    with transaction.atomic():
        locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if locked.user_id != acting_user.pk or locked.status != Enrolment.Status.INVITED:
            return
        locked.status, locked.responded_at = status, timezone.now()
        locked.save(update_fields=["status", "responded_at"])
        record(f"courses.invitation_{status}", actor=acting_user, target=locked.offering,
               request=request)  # fmt: skip
    enrolment.status, enrolment.responded_at = locked.status, locked.responded_at


def add_holiday(
    agency: Agency,
    day: date,
    name: str,
    *,
    acting_user: User,
    request: HttpRequest | None = None,
) -> Holiday:
    """A day the agency does not teach; adding the same day again renames it."""
    with transaction.atomic():
        holiday, _created = Holiday.objects.update_or_create(
            agency=agency, day=day, defaults={"name": name}
        )
        record("courses.holiday_add", actor=acting_user, target=holiday, request=request,
               details={"agency": agency.pk, "day": day.isoformat()})  # fmt: skip
    return holiday


def remove_holiday(
    holiday: Holiday, *, acting_user: User, request: HttpRequest | None = None
) -> None:
    with transaction.atomic():
        record("courses.holiday_remove", actor=acting_user, target=holiday, request=request,
               details={"agency": holiday.agency_id, "day": holiday.day.isoformat()})  # fmt: skip
        holiday.delete()


class Refused(Exception):
    """The change is not allowed in the course's state; the message says why (HTTP 409)."""


def ensure_open(offering: CourseOffering) -> None:
    """Raise Refused when `offering` is cancelled or archived: then nothing changes in it."""
    if offering.read_only:
        raise Refused(
            _("This course is %(status)s: nothing in it can be changed.")
            % {"status": offering.get_status_display()}
        )


def withdraw(
    enrolment: Enrolment, *, reason: str, acting_user: User, request: HttpRequest | None = None
) -> None:
    """Withdraw a participant (or an invitation not answered yet), keeping the evidence.

    1. Lock the enrolment; an enrolment already withdrawn or declined stays as it is.
    2. Mark it withdrawn, with the reason and the time. Its attendance and every record it
       earned stay in the course's results and exports, shown as withdrawn
       (`models.took_part`); the person leaves the attendance lists and gets no certificate.
    3. Write an audit row with the reason.
    """
    if not reason.strip():
        raise Refused(_("Give the reason for the withdrawal."))
    with transaction.atomic():
        locked = (
            Enrolment.objects.select_for_update().select_related("offering").get(pk=enrolment.pk)
        )
        ensure_open(locked.offering)
        if locked.status not in (Enrolment.Status.INVITED, Enrolment.Status.ACCEPTED):
            raise Refused(_("Only a participant or an open invitation can be withdrawn."))
        locked.status = Enrolment.Status.WITHDRAWN
        locked.withdrawn_at = timezone.now()
        locked.withdrawal_reason = reason.strip()
        locked.save(update_fields=["status", "withdrawn_at", "withdrawal_reason"])
        record("courses.withdraw", actor=acting_user, target=locked.offering, request=request,
               justification=reason.strip(), details={"enrolment": locked.pk})  # fmt: skip
    enrolment.status, enrolment.withdrawn_at = locked.status, locked.withdrawn_at
    enrolment.withdrawal_reason = locked.withdrawal_reason


def close_course(
    offering: CourseOffering,
    status: str,
    *,
    reason: str,
    acting_user: User,
    request: HttpRequest | None = None,
) -> None:
    """Cancel a course that has not ended, or archive one that has: from then on it is
    read-only. Nothing is deleted; every enrolment, attendance mark and record stays."""
    today = timezone.localdate()
    if status == CourseOffering.Status.CANCELLED and offering.ends_on < today:
        raise Refused(_("The course has ended: archive it instead of cancelling it."))
    if status == CourseOffering.Status.ARCHIVED and offering.ends_on >= today:
        raise Refused(_("Only a course that has ended can be archived; cancel it instead."))
    if status not in (CourseOffering.Status.CANCELLED, CourseOffering.Status.ARCHIVED):
        raise Refused(_("A course can be cancelled or archived."))
    if not reason.strip():
        raise Refused(_("Give the reason."))
    with transaction.atomic():
        locked = CourseOffering.objects.select_for_update().get(pk=offering.pk)
        ensure_open(locked)
        locked.status, locked.status_reason = status, reason.strip()
        locked.status_changed_at = timezone.now()
        locked.save(update_fields=["status", "status_reason", "status_changed_at"])
        record(f"courses.{status}", actor=acting_user, target=locked, request=request,
               justification=reason.strip())  # fmt: skip
    offering.status, offering.status_reason = locked.status, locked.status_reason
    offering.status_changed_at = locked.status_changed_at


def record_attendance(
    offering: CourseOffering,
    day: date,
    present: set[int],
    *,
    acting_user: User,
    request: HttpRequest | None = None,
) -> int:
    """Mark every participant present (enrolment ids in `present`) or absent on `day`."""
    with transaction.atomic():
        enrolments = list(offering.enrolments.accepted())
        rows = [
            Attendance(enrolment=e, day=day, present=e.pk in present, recorded_by=acting_user)
            for e in enrolments
        ]
        Attendance.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["enrolment", "day"],
            update_fields=["present", "recorded_by"],
        )  # fmt: skip
        record("courses.attendance", actor=acting_user, target=offering, request=request,
               justification=f"{day.isoformat()}: {len(present & {e.pk for e in enrolments})} "
                             f"of {len(enrolments)} present")  # fmt: skip
    return len(rows)


class AlreadyAnswered(Exception):
    pass


def submit_survey(
    enrolment: Enrolment,
    *,
    relevance: int,
    confidence: dict[str, dict[str, int]],
    improve: str,
    acting_user: User,
) -> SurveyResponse:
    """Store an evaluation without its author; the enrolment only remembers it was answered.
    Not written to the audit log with the response, which would link the two."""
    with transaction.atomic():
        locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if locked.survey_done or locked.user_id != acting_user.pk:
            raise AlreadyAnswered
        response = SurveyResponse.objects.create(
            offering_id=locked.offering_id, relevance=relevance, confidence=confidence,
            improve=improve.strip(),
        )  # fmt: skip
        locked.survey_done = True
        locked.save(update_fields=["survey_done"])
    return response


def issue_certificates(
    offering: CourseOffering, *, acting_user: User, request: HttpRequest | None = None
) -> list[Certificate]:
    """Issue a certificate to every participant who meets the completion rules now; those who
    already have one keep it (issuing is idempotent per person and course, and a revoked
    certificate stays revoked). Returns the certificates of everyone who has completed."""
    with transaction.atomic():
        enrolments = list(offering.enrolments.accepted().select_related("user"))
        done = [
            r.enrolment
            for r in participant_results(offering, enrolments, with_mastery=False)
            if r.complete
        ]
        certificates = [
            issue_certificate(
                holder=e.user,
                title=offering.title,
                completed_on=offering.ends_on,
                reference=certificate_reference(offering),
                acting_user=acting_user,
                request=request,
            )
            for e in done
        ]
        record("courses.issue_certificates", actor=acting_user, target=offering,
               request=request, justification=f"{len(certificates)} completed")  # fmt: skip
    return certificates


def certificate_reference(offering: CourseOffering) -> str:
    """What a course certificate certifies, as the certificates app keys it."""
    return f"course:{offering.pk}"
