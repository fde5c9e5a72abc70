"""The agenda arithmetic, checked against schedules worked out by hand."""

from __future__ import annotations

from datetime import date, time

from django.test import SimpleTestCase

from frontline.courses.agenda import (
    Break,
    DayPlan,
    PlanError,
    Session,
    duration,
    format_breaks,
    parse_breaks,
    parse_time,
    schedule,
    teaching_days,
)

# 09:00-17:00 with coffee 10:30 (15), lunch 12:30 (60), coffee 15:00 (15): 6 h 30 of teaching.
STANDARD = DayPlan(
    time(9),
    time(17),
    (Break(time(10, 30), 15, "Coffee"), Break(time(12, 30), 60, "Lunch"),
     Break(time(15), 15, "Coffee")),
)  # fmt: skip


def rows(agenda: object) -> list[tuple[int, str, str, str]]:
    """(day, start, end, title) for every slot, breaks included."""
    return [
        (day.number, f"{s.start:%H:%M}", f"{s.end:%H:%M}", s.title)
        for day in agenda.days  # type: ignore[attr-defined]
        for s in day.slots
    ]


class DayPlanTests(SimpleTestCase):
    def test_teaching_time_is_the_day_less_its_breaks(self) -> None:
        self.assertEqual(STANDARD.blocks, [(540, 630), (645, 750), (810, 900), (915, 1020)])
        self.assertEqual(STANDARD.teaching_minutes, 8 * 60 - 90)

    def test_break_at_the_start_of_the_day_leaves_no_empty_window(self) -> None:
        plan = DayPlan(time(9), time(12), (Break(time(9), 30, "Welcome coffee"),))
        self.assertEqual(plan.blocks, [(570, 720)])

    def test_bad_plans_are_refused(self) -> None:
        with self.assertRaisesMessage(PlanError, "end after it starts"):
            DayPlan(time(17), time(9))
        with self.assertRaisesMessage(PlanError, "overlaps"):
            DayPlan(time(9), time(17), (Break(time(12), 60, "a"), Break(time(12, 30), 10, "b")))
        with self.assertRaisesMessage(PlanError, "outside the day"):
            DayPlan(time(9), time(17), (Break(time(16, 30), 45, "late"),))
        with self.assertRaisesMessage(PlanError, "no teaching time"):
            DayPlan(time(9), time(10), (Break(time(9), 60, "all day"),))
        with self.assertRaisesMessage(PlanError, "no length"):
            DayPlan(time(9), time(17), (Break(time(12), 0, "zero"),))


class ParsingTests(SimpleTestCase):
    def test_times(self) -> None:
        self.assertEqual(parse_time("9:05"), time(9, 5))
        self.assertEqual(parse_time(" 17:00 "), time(17))
        for bad in ("9", "25:00", "10:75", "ab:cd", "10:5"):
            with self.subTest(bad=bad), self.assertRaises(PlanError):
                parse_time(bad)

    def test_breaks_round_trip(self) -> None:
        text = "10:30 15 Coffee\n\n12:30 60 Lunch break\n"
        breaks = parse_breaks(text)
        self.assertEqual(breaks[1], Break(time(12, 30), 60, "Lunch break"))
        self.assertEqual(format_breaks(breaks), "10:30 15 Coffee\n12:30 60 Lunch break")
        self.assertEqual(parse_breaks("15:00 15")[0].label, "Break")

    def test_bad_break_names_its_line(self) -> None:
        with self.assertRaisesMessage(PlanError, "line 2"):
            parse_breaks("10:30 15 Coffee\n12:30 lunch")
        with self.assertRaisesMessage(PlanError, "line 1"):
            parse_breaks("noon 60 Lunch")

    def test_duration(self) -> None:
        self.assertEqual(duration(45), "45 min")
        self.assertEqual(duration(120), "2 h")
        self.assertEqual(duration(95), "1 h 35 min")


class ScheduleTests(SimpleTestCase):
    def test_sessions_follow_one_another_and_breaks_appear(self) -> None:
        agenda = schedule([Session("A", 90), Session("B", 105)], STANDARD)
        self.assertEqual(
            rows(agenda),
            [(1, "09:00", "10:30", "A"), (1, "10:30", "10:45", "Coffee"),
             (1, "10:45", "12:30", "B")],
        )  # fmt: skip
        # Lunch is not shown: nothing follows it that day.
        self.assertEqual(agenda.total_minutes, 195)
        self.assertEqual(agenda.day_count, 1)

    def test_a_session_runs_on_through_a_break(self) -> None:
        agenda = schedule([Session("A", 60), Session("B", 60)], STANDARD)
        self.assertEqual(
            rows(agenda),
            [(1, "09:00", "10:00", "A"), (1, "10:00", "10:30", "B"),
             (1, "10:30", "10:45", "Coffee"), (1, "10:45", "11:15", "B")],
        )  # fmt: skip
        parts = [s for s in agenda.days[0].slots if s.title == "B"]
        self.assertEqual([(p.part, p.parts, p.continued) for p in parts],
                         [(1, 2, False), (2, 2, True)])  # fmt: skip

    def test_no_session_starts_in_the_last_minutes_before_a_break(self) -> None:
        agenda = schedule([Session("A", 85), Session("B", 30), Session("C", 5)], STANDARD)
        self.assertEqual(
            rows(agenda)[:3],
            [(1, "09:00", "10:25", "A"), (1, "10:30", "10:45", "Coffee"),
             (1, "10:45", "11:15", "B")],
        )  # fmt: skip
        # A session short enough to fit in the gap still uses it.
        short = schedule([Session("A", 85), Session("B", 5)], STANDARD)
        self.assertEqual(rows(short)[1], (1, "10:25", "10:30", "B"))
        # Ten minutes left is too little: B starts after the break.
        ten = schedule([Session("A", 80), Session("B", 30)], STANDARD)
        self.assertEqual(rows(ten)[1:3], [(1, "10:30", "10:45", "Coffee"),
                                          (1, "10:45", "11:15", "B")])  # fmt: skip
        # Exactly MIN_PIECE minutes left: the session starts and runs on through the break.
        fifteen = schedule([Session("A", 75), Session("B", 30)], STANDARD)
        self.assertEqual(rows(fifteen)[1], (1, "10:15", "10:30", "B"))

    def test_a_session_that_cannot_finish_today_starts_next_morning(self) -> None:
        # 6 h of sessions leave 30 minutes; a 45-minute session goes to day 2.
        agenda = schedule(
            [Session("long", 360), Session("next", 45)],
            STANDARD,
            dates=[date(2026, 3, 2), date(2026, 3, 3)],
        )
        self.assertEqual(agenda.day_count, 2)
        self.assertEqual(agenda.days[0].end, time(16, 30))
        self.assertEqual(rows(agenda)[-1], (2, "09:00", "09:45", "next"))
        self.assertEqual(agenda.days[1].date, date(2026, 3, 3))
        self.assertEqual(agenda.days[0].teaching_minutes, 360)

    def test_a_session_that_fits_exactly_stays_on_the_day(self) -> None:
        agenda = schedule([Session("long", 360), Session("last", 30)], STANDARD)
        self.assertEqual(agenda.day_count, 1)
        self.assertEqual(agenda.days[0].end, time(17))

    def test_after_a_full_day_the_next_session_starts_the_next_morning(self) -> None:
        agenda = schedule([Session("all day", 390), Session("B", 15)], STANDARD)
        self.assertEqual(rows(agenda)[-1], (2, "09:00", "09:15", "B"))

    def test_a_session_longer_than_a_day_runs_over_days(self) -> None:
        agenda = schedule([Session("warm-up", 30), Session("field exercise", 500)], STANDARD)
        exercise = [s for d in agenda.days for s in d.slots if s.title == "field exercise"]
        # It starts on a fresh morning (day 2), fills the day (390) and runs 110 minutes into day 3.
        self.assertEqual(exercise[0].day, 1)
        self.assertEqual(exercise[0].start, time(9))
        self.assertEqual(sum(s.minutes for s in exercise), 500)
        self.assertEqual(exercise[-1].day, 2)
        self.assertEqual(exercise[-1].end, time(11, 5))  # 90 before coffee, 20 after it
        self.assertEqual(exercise[-1].parts, len(exercise))
        self.assertEqual(agenda.day_count, 3)
        self.assertEqual([d.teaching_minutes for d in agenda.days], [30, 390, 110])

    def test_a_session_longer_than_a_day_at_the_start_begins_at_once(self) -> None:
        agenda = schedule([Session("big", 400)], STANDARD)
        self.assertEqual(agenda.day_count, 2)
        # Not 10 minutes on the second morning: the first day stops 5 minutes early.
        self.assertEqual(rows(agenda)[-2:], [(1, "15:15", "16:55", "big"),
                                             (2, "09:00", "09:15", "big")])  # fmt: skip

    def test_totals_over_the_real_shape_of_a_unit(self) -> None:
        unit = [30, 40, 60, 30, 30, 45, 45, 15]  # unit 1's session plan: 295 minutes
        agenda = schedule([Session(f"s{n}", m) for n, m in enumerate(unit)], STANDARD)
        self.assertEqual(agenda.total_minutes, 295)
        self.assertEqual(sum(d.teaching_minutes for d in agenda.days), 295)
        self.assertEqual(agenda.day_count, 1)
        # 12:25 is 5 minutes before lunch: the sixth session starts at 13:30, so the day
        # ends 5 minutes later than the bare sum (295 = 90 + 100 + 90 + 15).
        self.assertEqual(agenda.days[0].end, time(15, 30))
        self.assertEqual(agenda.days_over(1), 0)
        self.assertEqual(schedule([Session("x", 390)] * 3, STANDARD).days_over(2), 1)

    def test_no_break_day_and_no_sessions(self) -> None:
        plan = DayPlan(time(8), time(12))
        self.assertEqual(rows(schedule([Session("a", 240)], plan)), [(1, "08:00", "12:00", "a")])
        empty = schedule([], plan)
        self.assertEqual((empty.day_count, empty.total_minutes), (0, 0))

    def test_refs_come_back_and_zero_length_is_refused(self) -> None:
        agenda = schedule([Session("a", 10, ref=42)], STANDARD)
        self.assertEqual(agenda.days[0].slots[0].ref, 42)
        with self.assertRaisesMessage(PlanError, "no length"):
            schedule([Session("a", 0)], STANDARD)


class FragmentTests(SimpleTestCase):
    def test_no_part_of_a_session_is_shorter_than_fifteen_minutes(self) -> None:
        # 15 minutes before coffee after A: B of 40 runs 15 + 25; B of 20 would leave 5 for
        # after the break and cannot make two usable parts, so it starts after it.
        self.assertEqual(rows(schedule([Session("A", 75), Session("B", 40)], STANDARD))[1:],
                         [(1, "10:15", "10:30", "B"), (1, "10:30", "10:45", "Coffee"),
                          (1, "10:45", "11:10", "B")])  # fmt: skip
        self.assertEqual(rows(schedule([Session("A", 75), Session("B", 20)], STANDARD))[1:],
                         [(1, "10:30", "10:45", "Coffee"), (1, "10:45", "11:05", "B")])  # fmt: skip
        # A at 09:00-10:05 leaves 25 before coffee; B of 35 would leave 10 for after it, so it
        # stops at 10:25 (20 minutes) and runs 15 after the break.
        self.assertEqual(rows(schedule([Session("A", 65), Session("B", 35)], STANDARD))[1:],
                         [(1, "10:05", "10:25", "B"), (1, "10:30", "10:45", "Coffee"),
                          (1, "10:45", "11:00", "B")])  # fmt: skip
        for lengths in ([30, 40, 60, 30, 30, 45, 45, 15], [85, 35, 70, 20, 95, 25], [400, 17]):
            agenda = schedule([Session(f"s{n}", m) for n, m in enumerate(lengths)], STANDARD)
            for day in agenda.days:
                for slot in day.slots:
                    if not slot.is_break and slot.parts > 1:
                        self.assertGreaterEqual(slot.minutes, 15, (lengths, slot))
            self.assertEqual(sum(d.teaching_minutes for d in agenda.days), sum(lengths))


class TeachingDaysTests(SimpleTestCase):
    def test_weekends_and_holidays_are_skipped(self) -> None:
        # Thursday 24 December 2026 to Thursday 31 December: the 25th is a holiday, the 26th
        # and 27th a weekend.
        days = teaching_days(date(2026, 12, 24), date(2026, 12, 31), {date(2026, 12, 25)})
        self.assertEqual([d.day for d in days], [24, 28, 29, 30, 31])

    def test_days_beyond_the_last_have_no_date(self) -> None:
        dates = teaching_days(date(2026, 3, 6), date(2026, 3, 9))  # Friday and Monday
        agenda = schedule([Session("x", 390)] * 3, STANDARD, dates=dates)
        self.assertEqual([d.date for d in agenda.days], [date(2026, 3, 6), date(2026, 3, 9), None])
        self.assertEqual(agenda.days_over(len(dates)), 1)
