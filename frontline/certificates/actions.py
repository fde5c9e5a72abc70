"""The two writes to certificates: issuing and revoking. Each is audited."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from frontline.accounts.models import User
from frontline.audit.log import record
from frontline.certificates import codes
from frontline.certificates.models import Certificate
from frontline.lib.limits import field_problem
from frontline.xapi import outbox, statements

_CODE_TRIES = 5


class AlreadyRevoked(Exception):
    pass


def _course_path(reference: str) -> str:
    """Where the course a certificate is for lives ("course:12" is /courses/12/)."""
    kind, _sep, number = reference.partition(":")
    if kind == "course" and number.isdigit():
        return f"/courses/{number}/"
    return "/certificates/for/" + quote(reference, safe="")


def issue_certificate(
    *,
    holder: User,
    title: str,
    completed_on: date,
    reference: str,
    acting_user: User,
    request: HttpRequest | None = None,
) -> Certificate:
    """Issue `holder` a certificate for `reference` (e.g. "course:12"), or return the one they
    already have for it: calling again never makes a second certificate, and never changes or
    un-revokes the first.

    1. Return the existing certificate for (holder, reference) if there is one.
    2. Otherwise create it with a fresh random code, the holder's name as it is now, and the
       title given; a clash on the code (about 1 in 10^12 even with a million certificates)
       draws another code.
    3. Audit the issue in the same transaction.
    """
    title = title.strip()
    reference = reference.strip()
    if not title or not reference:
        raise ValueError("a certificate needs a title and a reference")
    existing = Certificate.objects.filter(holder=holder, reference=reference).first()
    if existing is not None:
        return existing
    for _attempt in range(_CODE_TRIES):
        try:
            with transaction.atomic():
                certificate = Certificate.objects.create(
                    code=codes.new_code(),
                    holder=holder,
                    holder_name=holder.get_full_name() or holder.get_username(),
                    title=title,
                    reference=reference,
                    completed_on=completed_on,
                    issued_at=timezone.now(),
                    issued_by=acting_user,
                )
                record("certificate.issue", actor=acting_user, target=certificate, request=request)
                outbox.send(statements.certificate_earned(
                    holder, verify_path=reverse("certificates:verify", args=[certificate.code]),
                    title=title, course_path=_course_path(reference),
                ), user=holder)  # fmt: skip
                return certificate
        except IntegrityError:
            # Either two requests issued the same certificate at once (the other one won: use
            # it) or the random code clashed (draw again).
            existing = Certificate.objects.filter(holder=holder, reference=reference).first()
            if existing is not None:
                return existing
    raise RuntimeError("could not draw an unused certificate code")


def revoke_certificate(
    certificate: Certificate,
    *,
    reason: str,
    acting_user: User,
    request: HttpRequest | None = None,
) -> None:
    """Revoke a certificate, keeping it: the verification page and the badge then say so."""
    reason = reason.strip()
    if not reason:
        raise ValueError(_("Say why the certificate is revoked."))
    if problem := field_problem(reason, Certificate, "revocation_reason"):
        raise ValueError(_("The reason %(problem)s.") % {"problem": problem})
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.revoked_at is not None:
            raise AlreadyRevoked(_("This certificate was already revoked."))
        locked.revoked_at = timezone.now()
        locked.revoked_by = acting_user
        locked.revocation_reason = reason
        locked.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
        record(
            "certificate.revoke",
            actor=acting_user,
            target=locked,
            justification=reason,
            request=request,
        )
    certificate.revoked_at = locked.revoked_at
    certificate.revoked_by = locked.revoked_by
    certificate.revocation_reason = locked.revocation_reason
