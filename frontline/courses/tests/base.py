from __future__ import annotations

from datetime import UTC, date, datetime

from frontline.accounts.models import Agency, Membership, Role, User
from frontline.assessment import attempts
from frontline.assessment.models import Attempt, Item, Quiz
from frontline.assessment.tests.base import right_form, wrong_form
from frontline.courses.models import CourseOffering, Enrolment, TeamMember
from frontline.test import BaseTestCase

FIRST_DAY = date(2026, 3, 2)
LAST_DAY = date(2026, 3, 4)
ACCEPTED_AT = datetime(2026, 2, 16, 9, tzinfo=UTC)


class CourseTestCase(BaseTestCase):
    """Personas and one three-day course at the academy: `trainer` leads it, `learner`
    (academy) and `officer` (border guard) take part. The units and the item bank are there
    (loaded once per session, conftest.py)."""

    academy: Agency
    border: Agency
    offering: CourseOffering
    other_trainer: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.academy = Agency.objects.get(name="Valdoria Police Academy")
        cls.border = Agency.objects.get(name="Valdoria Border Guard")
        cls.offering = CourseOffering.objects.create(
            title="Spotting trafficking at the border", agency=cls.academy,
            starts_on=FIRST_DAY, ends_on=LAST_DAY, venue="Academy, hall B", language="English",
        )  # fmt: skip
        TeamMember.objects.create(
            offering=cls.offering, user=cls.trainer, role=TeamMember.TeamRole.LEAD,
            discipline=TeamMember.Discipline.LAW_ENFORCEMENT,
        )  # fmt: skip
        for user, agency in ((cls.learner, cls.academy), (cls.officer, cls.border)):
            Enrolment.objects.create(
                offering=cls.offering, user=user, agency=agency,
                status=Enrolment.Status.ACCEPTED, responded_at=ACCEPTED_AT,
            )  # fmt: skip
        # A trainer of the same academy who is not on this course's team.
        cls.other_trainer = User.objects.create(username="trainer2", first_name="Tara",
                                                last_name="Novak")  # fmt: skip
        Membership.objects.create(user=cls.other_trainer, agency=cls.academy, role=Role.TRAINER)

    def enrolment(self, user: User) -> Enrolment:
        return Enrolment.objects.get(offering=self.offering, user=user)

    def take(self, user: User, key: str, *, right: int, for_course: bool = True) -> Attempt:
        """Submit an attempt at quiz `key` with the first `right` items answered right and the
        rest wrong, started from the course's page (or, with `for_course=False`, outside it)."""
        quiz = Quiz.objects.get(key=key)
        offering_id = self.offering.pk if for_course else None
        attempt = attempts.start(user, quiz, offering_id=offering_id)
        by_id = Item.objects.in_bulk(attempt.item_ids)
        items = [by_id[i] for i in attempt.item_ids]
        for n, item in enumerate(items):
            form = right_form(item) if n < right else wrong_form(item)
            attempts.save_answer(attempt, item, form)
        return attempts.submit(attempt)
