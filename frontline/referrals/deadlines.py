"""Deadlines of a referral, as plain arithmetic on dates (no database).

The rule every open referral obeys: it has a next deadline, set by the step it is at.

| status | next deadline (defaults) |
| --- | --- |
| received | acknowledge: 24 hours after it was sent |
| acknowledged | reasonable-grounds decision: 5 working days after acknowledgement |
| assessed, more information needed | a new decision: 5 working days after the last one |
| assessed, yes | refer to support: 2 working days after the decision |
| assessed, no | close: 2 working days after the decision |
| referred | review: 30 days after referral, not before the reflection period ends |

The recovery and reflection period lasts at least 30 days from a positive decision (the
Council of Europe's 2005 anti-trafficking Convention, Art. 13); a unit may
set it longer, never shorter.

Working days are Monday to Friday; public holidays are not known here (a unit that needs them
shortens its numbers).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

ACKNOWLEDGE, DECIDE, REFER, CLOSE, REVIEW = "acknowledge", "decide", "refer", "close", "review"


@dataclass(frozen=True)
class Rules:
    acknowledge_hours: int = 24
    decision_working_days: int = 5
    refer_working_days: int = 2
    reflection_days: int = 30
    review_days: int = 30
    escalate_after_hours: int = 24


def add_working_days(start: datetime, days: int) -> datetime:
    """`start` moved forward by `days` days from Monday to Friday (same time of day)."""
    moved = start
    left = days
    while left > 0:
        moved += timedelta(days=1)
        if moved.weekday() < 5:
            left -= 1
    return moved


def reflection_end(decided: datetime, rules: Rules) -> date:
    """The recovery and reflection period: at least 30 days from a positive decision."""
    return (decided + timedelta(days=max(rules.reflection_days, 30))).date()


@dataclass(frozen=True)
class Stamps:
    status: str
    decision: str = ""
    submitted_at: datetime | None = None
    acknowledged_at: datetime | None = None
    decided_at: datetime | None = None
    referred_at: datetime | None = None


def next_deadline(stamps: Stamps, rules: Rules) -> tuple[str, datetime | None]:
    """What must happen next and by when; ("", None) for a draft or a closed referral."""
    s = stamps
    if s.status == "received" and s.submitted_at:
        return ACKNOWLEDGE, s.submitted_at + timedelta(hours=rules.acknowledge_hours)
    if s.status == "acknowledged" and s.acknowledged_at:
        return DECIDE, add_working_days(s.acknowledged_at, rules.decision_working_days)
    if s.status == "assessed" and s.decided_at:
        if s.decision == "yes":
            return REFER, add_working_days(s.decided_at, rules.refer_working_days)
        if s.decision == "no":
            return CLOSE, add_working_days(s.decided_at, rules.refer_working_days)
        return DECIDE, add_working_days(s.decided_at, rules.decision_working_days)
    if s.status == "referred" and s.referred_at:
        review = s.referred_at + timedelta(days=rules.review_days)
        if s.decided_at and s.decision == "yes":
            end = s.decided_at + timedelta(days=max(rules.reflection_days, 30))
            review = max(review, end)
        return REVIEW, review
    return "", None


def escalation_due(
    deadline: datetime | None,
    level: int,
    escalated_at: datetime | None,
    now: datetime,
    rules: Rules,
) -> int:
    """The escalation level a referral should be at `now`: 0 while on time; 1 (the unit's
    supervisors) once overdue; 2 (national coordination) when still overdue
    `escalate_after_hours` after the first escalation. Never lower than `level`."""
    if deadline is None or now <= deadline:
        return level
    if level == 0:
        return 1
    if (
        level == 1
        and escalated_at
        and now >= escalated_at + timedelta(hours=rules.escalate_after_hours)
    ):
        return 2
    return level
