"""E-mail about referrals, written when it is sent (mail/outbox.py): the reference, the step
and a link, never the person's data (e-mail leaves the system's protection)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from frontline.mail.models import Message
from frontline.mail.outbox import Email, composer
from frontline.referrals.models import OPEN, Referral


def _referral(message: Message) -> Referral | None:
    return Referral.objects.filter(pk=message.about_id or 0).first()


def _link(referral: Referral) -> str:
    return settings.SITE_URL + reverse("referrals:detail", args=[referral.pk])


@composer
def new_referral(message: Message) -> Email | None:
    """A referral reached the recipient's unit. Nothing to say once it is acknowledged."""
    referral = _referral(message)
    if referral is None or referral.status != "received":
        return None
    return Email(
        _("New referral %(ref)s") % {"ref": referral.reference},
        _(
            "A frontline officer sent referral %(ref)s to your unit. Acknowledge it within the "
            "deadline shown on its page:\n\n%(link)s\n"
        )
        % {"ref": referral.reference, "link": _link(referral)},
    )


@composer
def child_referral(message: Message) -> Email | None:
    """A referral of a presumed child reached a unit of the recipient's country."""
    referral = _referral(message)
    if referral is None or referral.status == "draft":
        return None
    return Email(
        _("Referral of a presumed child %(ref)s") % {"ref": referral.reference},
        _(
            "A frontline officer referred a person who may be under 18 (%(ref)s) to %(unit)s. "
            "The child-protection procedure applies:\n\n%(link)s\n"
        )
        % {"ref": referral.reference, "unit": referral.unit, "link": _link(referral)},
    )


@composer
def overdue(message: Message) -> Email | None:
    """An overdue referral escalated to the recipient. Nothing to say once it is closed."""
    referral = _referral(message)
    if referral is None or referral.status not in OPEN:
        return None
    return Email(
        _("Overdue referral %(ref)s") % {"ref": referral.reference},
        _(
            "Referral %(ref)s is past its deadline (%(step)s) and has been escalated to you "
            "(level %(level)s). See that it is handled:\n\n%(link)s\n"
        )
        % {
            "ref": referral.reference,
            "step": referral.deadline_kind,
            "level": referral.escalation_level,
            "link": _link(referral),
        },
    )
