"""The invitation to a course, written when it is sent (mail/outbox.py)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string

from frontline.accounts.mail import set_password_url
from frontline.courses.models import Enrolment
from frontline.mail.models import Message
from frontline.mail.outbox import Email, composer


@composer
def invitation(message: Message) -> Email | None:
    """The course, its dates and the link to accept; for someone without a password yet, a
    fresh one-time link to choose one. Nothing to send once the invitation is answered or
    withdrawn."""
    enrolment = (
        Enrolment.objects.select_related("offering__agency", "user")
        .filter(pk=message.about_id or 0, status=Enrolment.Status.INVITED)
        .first()
    )
    if enrolment is None:
        return None
    user, offering = enrolment.user, enrolment.offering
    context = {
        "user": user,
        "name": enrolment.invited_name or user.get_full_name(),
        "offering": offering,
        "url": settings.SITE_URL + offering.get_absolute_url(),
        "set_password": "" if user.has_usable_password() else set_password_url(user),
        "site": settings.SITE_URL,
    }
    return Email(
        render_to_string("courses/invitation_subject.txt", context).strip(),
        render_to_string("courses/invitation_email.txt", context),
    )
