"""The sweep that keeps referrals from being forgotten (run by `frontline referrals_sweep`,
every few minutes from cron or a timer).

Every open referral past its next deadline is escalated: first to its unit's supervisors, then,
still overdue `escalate_after_hours` later, to national coordination (routing.py). The
database refuses an open referral without an owning unit or a next deadline (a check
constraint), so "overdue" covers every open referral nobody handles.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from frontline.referrals import actions, routing
from frontline.referrals.deadlines import escalation_due
from frontline.referrals.models import Referral


def sweep(now: datetime | None = None) -> list[tuple[str, int]]:
    """Escalate what is overdue at `now`; return (reference, new level) for each."""
    now = now or timezone.now()
    done = []
    overdue = Referral.objects.open().filter(next_deadline__lt=now, escalation_level__lt=2)
    for referral in overdue.select_related("unit").order_by("next_deadline", "pk"):
        level = escalation_due(
            referral.next_deadline,
            referral.escalation_level,
            referral.escalated_at,
            now,
            routing.rules_for(referral.unit),
        )
        if level > referral.escalation_level:
            actions.escalate(referral, level=level, now=now)
            done.append((referral.reference, level))
    return done
