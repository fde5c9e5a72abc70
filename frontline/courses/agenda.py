"""Lay a course's sessions out over its days: plain arithmetic on minutes, no database.

A day runs from `start` to `end` with fixed breaks (coffee, lunch); the time between breaks is
teaching time. Sessions are placed one after another in the order given:

1. A session runs on through a break: it stops when the break starts and continues after it
   (the later part is marked as continued), as a trainer would. No part is shorter than
   `MIN_PIECE` minutes: a session does not start just before a break (it starts after it), and
   when only a few minutes would be left after the break, it stops a little before the break
   instead, so that a usable part remains (or, too short for two parts, starts after it).
2. A session that cannot finish before the end of the day starts the next morning instead, so no
   ordinary session is cut overnight.
3. A session longer than a whole teaching day starts on a fresh morning and runs on over as many
   days as it needs.
4. Days are teaching days (`teaching_days`): Mondays to Fridays from the course's first to its
   last day, without the agency's holidays. Days the agenda needs beyond the last one have no
   date: the trainer is told what does not fit, nothing is put on a weekend.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.utils.translation import gettext as _

DAY_MINUTES = 24 * 60
MIN_PIECE = 15  # minutes: no part of a session (around a break) is shorter than this


class PlanError(ValueError):
    """The day plan or a session cannot be scheduled; the message says why."""


def minutes_of(t: time) -> int:
    return t.hour * 60 + t.minute


def clock(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


def parse_time(text: str) -> time:
    """`09:00` or `9:00` to a time; PlanError otherwise."""
    hours, sep, mins = text.strip().partition(":")
    if not sep or not hours.isdigit() or not mins.isdigit() or len(mins) != 2:
        raise PlanError(_("“%(text)s” is not a time like 09:00.") % {"text": text.strip()})
    h, m = int(hours), int(mins)
    if h > 23 or m > 59:
        raise PlanError(_("“%(text)s” is not a time of day.") % {"text": text.strip()})
    return time(h, m)


@dataclass(frozen=True)
class Break:
    start: time
    minutes: int
    label: str

    @property
    def end(self) -> time:
        return clock(minutes_of(self.start) + self.minutes)


def parse_breaks(text: str) -> tuple[Break, ...]:
    """One break a line: start time, minutes, label (`12:30 60 Lunch`). Blank lines are skipped;
    the first bad line raises PlanError naming its line number."""
    breaks = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split(maxsplit=2)
        try:
            if len(parts) < 2 or not parts[1].isdigit():
                raise PlanError(_("write it as start, minutes and a name, e.g. 12:30 60 Lunch"))
            start = parse_time(parts[0])
        except PlanError as error:
            raise PlanError(
                _("Breaks, line %(line)d: %(error)s") % {"line": number, "error": error}
            ) from error
        label = parts[2].strip() if len(parts) > 2 else _("Break")
        breaks.append(Break(start, int(parts[1]), label))
    return tuple(breaks)


def format_breaks(breaks: Sequence[Break]) -> str:
    return "\n".join(f"{b.start:%H:%M} {b.minutes} {b.label}" for b in breaks)


@dataclass(frozen=True)
class DayPlan:
    start: time
    end: time
    breaks: tuple[Break, ...] = ()

    def __post_init__(self) -> None:
        start, end = minutes_of(self.start), minutes_of(self.end)
        if end <= start:
            raise PlanError(_("The day must end after it starts."))
        cursor = start
        for b in sorted(self.breaks, key=lambda b: b.start):
            if b.minutes <= 0:
                raise PlanError(_("The break “%(label)s” has no length.") % {"label": b.label})
            b_start = minutes_of(b.start)
            if b_start < cursor or b_start + b.minutes > end:
                raise PlanError(
                    _(
                        "The break “%(label)s” at %(at)s overlaps another break "
                        "or lies outside the day."
                    )
                    % {"label": b.label, "at": f"{b.start:%H:%M}"}
                )
            cursor = b_start + b.minutes
        if self.teaching_minutes == 0:
            raise PlanError(_("The breaks leave no teaching time in the day."))

    @property
    def sorted_breaks(self) -> list[Break]:
        return sorted(self.breaks, key=lambda b: b.start)

    @property
    def blocks(self) -> list[tuple[int, int]]:
        """The teaching windows of a day, in minutes since midnight (empty windows left out)."""
        windows, cursor = [], minutes_of(self.start)
        for b in self.sorted_breaks:
            if minutes_of(b.start) > cursor:
                windows.append((cursor, minutes_of(b.start)))
            cursor = minutes_of(b.start) + b.minutes
        if minutes_of(self.end) > cursor:
            windows.append((cursor, minutes_of(self.end)))
        return windows

    @property
    def teaching_minutes(self) -> int:
        return sum(end - start for start, end in self.blocks)


@dataclass(frozen=True)
class Session:
    """What to schedule: a title, its length, and any reference the caller wants back."""

    title: str
    minutes: int
    ref: object = None


@dataclass(frozen=True)
class Slot:
    day: int  # 0-based
    start_minute: int
    end_minute: int
    title: str
    is_break: bool = False
    session: int | None = None  # index into the sessions given
    part: int = 1
    parts: int = 1
    ref: object = None

    @property
    def start(self) -> time:
        return clock(self.start_minute)

    @property
    def end(self) -> time:
        return clock(self.end_minute)

    @property
    def minutes(self) -> int:
        return self.end_minute - self.start_minute

    @property
    def continued(self) -> bool:
        return self.part > 1


@dataclass
class Day:
    number: int  # 1-based
    date: date | None
    slots: list[Slot] = field(default_factory=list)

    @property
    def teaching_minutes(self) -> int:
        return sum(s.minutes for s in self.slots if not s.is_break)

    @property
    def start(self) -> time | None:
        return self.slots[0].start if self.slots else None

    @property
    def end(self) -> time | None:
        return self.slots[-1].end if self.slots else None


@dataclass
class Agenda:
    days: list[Day]
    total_minutes: int
    plan: DayPlan

    @property
    def day_count(self) -> int:
        return len(self.days)

    def days_over(self, available: int) -> int:
        """How many days more than `available` the agenda needs (0 when it fits)."""
        return max(0, self.day_count - available)


def teaching_days(first: date, last: date, holidays: Collection[date] = ()) -> list[date]:
    """Mondays to Fridays from `first` to `last`, both included, except `holidays`."""
    return [
        day
        for day in (first + timedelta(days=n) for n in range((last - first).days + 1))
        if day.weekday() < 5 and day not in holidays
    ]


def schedule(
    sessions: Sequence[Session], plan: DayPlan, dates: Sequence[date] | None = None
) -> Agenda:
    """Place `sessions` into days following the rules in the module docstring; the n-th day
    is on `dates[n]`, or has no date when the agenda needs more days than `dates` has."""
    blocks = plan.blocks
    day, block, cursor = 0, 0, blocks[0][0]
    placed: list[Slot] = []

    def left_today() -> int:
        return (blocks[block][1] - cursor) + sum(e - s for s, e in blocks[block + 1 :])

    for index, session in enumerate(sessions):
        if session.minutes <= 0:
            raise PlanError(_("The session “%(title)s” has no length.") % {"title": session.title})
        window_left = blocks[block][1] - cursor
        if 0 < window_left < MIN_PIECE < session.minutes and block + 1 < len(blocks):
            block, cursor = block + 1, blocks[block + 1][0]
        at_morning = block == 0 and cursor == blocks[0][0]
        if session.minutes > left_today() and not at_morning:
            day, block, cursor = day + 1, 0, blocks[0][0]
        pieces = []
        left = session.minutes
        while left:
            if cursor == blocks[block][1]:  # end of a window: after the break, or next morning
                if block + 1 < len(blocks):
                    block += 1
                else:
                    day, block = day + 1, 0
                cursor = blocks[block][0]
            take = min(left, blocks[block][1] - cursor)
            rest = left - take
            if 0 < rest < MIN_PIECE:
                # Only a few minutes would be left for after the break: stop earlier so the
                # rest is usable, or, when the session is too short for two usable parts,
                # start it after the break.
                if take - (MIN_PIECE - rest) >= MIN_PIECE:
                    take -= MIN_PIECE - rest
                    pieces.append((day, cursor, cursor + take))
                    left -= take
                    cursor = blocks[block][1]
                    continue
                if not pieces:
                    cursor = blocks[block][1]
                    continue
            pieces.append((day, cursor, cursor + take))
            cursor += take
            left -= take
        for part, (d, start, end) in enumerate(pieces, 1):
            placed.append(
                Slot(d, start, end, session.title, session=index, part=part,
                     parts=len(pieces), ref=session.ref)
            )  # fmt: skip
    days: list[Day] = []
    for d in range(placed[-1].day + 1 if placed else 0):
        when = dates[d] if dates is not None and d < len(dates) else None
        slots = [s for s in placed if s.day == d]
        if slots:
            first, last = slots[0].start_minute, slots[-1].end_minute
            for b in plan.sorted_breaks:
                # Only breaks inside the part of the day that is used: not after the last session.
                if first <= minutes_of(b.start) < last:
                    slots.append(
                        Slot(d, minutes_of(b.start), minutes_of(b.start) + b.minutes, b.label,
                             is_break=True)
                    )  # fmt: skip
            slots.sort(key=lambda s: s.start_minute)
        days.append(Day(d + 1, when, slots))
    return Agenda(days, sum(s.minutes for s in sessions), plan)


def duration(minutes: int) -> str:
    """`1 h 30 min`, `45 min`, `2 h`."""
    hours, mins = divmod(minutes, 60)
    if hours and mins:
        return _("%(h)d h %(m)d min") % {"h": hours, "m": mins}
    if hours:
        return _("%(h)d h") % {"h": hours}
    return _("%(m)d min") % {"m": mins}
