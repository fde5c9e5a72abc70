"""The access vocabulary (accounts/policy.py): role sets per persona, the superuser rule, the
door, and a guard that no app writes its own role set or superuser check again."""

from __future__ import annotations

import re
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.http import Http404

from frontline.accounts import policy
from frontline.accounts.models import Agency, Membership, User
from frontline.accounts.policy import (
    COORDINATE,
    JOIN_TEAMS,
    NEED_SECOND_FACTOR,
    PLAN_COURSES,
    TEACH,
    Role,
)
from frontline.test import BaseTestCase

PACKAGE = Path(policy.__file__).resolve().parents[1]


class RoleSetTests(BaseTestCase):
    def test_who_holds_what(self) -> None:
        # persona -> (teach, coordinate, plan courses, join teams, second factor)
        expected = {
            "learner": (False, False, False, False, False),
            "trainer": (True, False, True, True, False),
            "coordinator": (False, True, True, True, False),
            "officer": (False, False, False, False, False),
            "analyst": (False, False, False, False, True),
            "caseworker": (False, False, False, True, True),
            "admin": (True, True, True, True, True),  # superuser: every door
            "outsider": (False, False, False, False, False),
        }
        sets = (TEACH, COORDINATE, PLAN_COURSES, JOIN_TEAMS, NEED_SECOND_FACTOR)
        for username, row in expected.items():
            user = getattr(self, username)
            with self.subTest(persona=username):
                self.assertEqual(tuple(policy.holds(user, s) for s in sets), row)

    def test_holds_in_one_agency(self) -> None:
        academy = Agency.objects.get(name="Valdoria Police Academy")
        northmark = Agency.objects.get(name="Northmark Police")
        self.assertTrue(policy.holds(self.coordinator, COORDINATE, agency=academy))
        self.assertFalse(policy.holds(self.coordinator, COORDINATE, agency=northmark))
        self.assertTrue(policy.holds(self.coordinator, COORDINATE, agency=academy.pk))

    def test_superuser_rule_is_for_active_superusers_only(self) -> None:
        self.assertTrue(policy.unrestricted(self.admin))
        self.assertFalse(policy.unrestricted(self.coordinator))
        self.admin.is_active = False
        self.assertFalse(policy.unrestricted(self.admin))

    def test_agencies_where_and_among_agencies(self) -> None:
        academy = Agency.objects.get(name="Valdoria Police Academy")
        everything = Agency.objects.all()
        self.assertEqual(list(policy.among_agencies(everything, self.trainer, PLAN_COURSES)),
                         [academy])  # fmt: skip
        self.assertEqual(list(policy.among_agencies(everything, self.officer, PLAN_COURSES)), [])
        self.assertEqual(policy.among_agencies(everything, self.admin, PLAN_COURSES).count(),
                         everything.count())  # fmt: skip

    def test_people_overseen_are_those_of_the_coordinator_s_agencies(self) -> None:
        overseen = set(User.objects.filter(policy.people_overseen(self.coordinator, field="pk")))
        # Everyone with a role at the academy; not the Northmark officer, not the NGO.
        self.assertIn(self.learner, overseen)
        self.assertIn(self.officer, overseen)  # a learner at the academy too
        self.assertNotIn(self.outsider, overseen)
        self.assertNotIn(self.caseworker, overseen)
        self.assertFalse(User.objects.filter(policy.people_overseen(self.trainer, field="pk")))

    def test_holding_filters_users(self) -> None:
        holders = set(User.objects.filter(policy.holding(JOIN_TEAMS)).distinct())
        self.assertEqual(holders, {self.trainer, self.coordinator, self.caseworker})


class DoorTests(BaseTestCase):
    def test_outsider_gets_404_insider_without_the_right_403(self) -> None:
        visible = User.objects.filter(pk=self.learner.pk)
        self.assertEqual(policy.door(visible, pk=self.learner.pk), self.learner)
        with self.assertRaises(Http404):
            policy.door(visible, pk=self.outsider.pk)  # exists, but not visible
        with self.assertRaises(Http404):
            policy.door(visible, pk=0)  # does not exist: the same answer
        with self.assertRaisesMessage(PermissionDenied, "Not for you."):
            policy.door(visible, may=lambda u: False, refusal="Not for you.", pk=self.learner.pk)

    def test_require(self) -> None:
        policy.require(True, "never shown")
        with self.assertRaisesMessage(PermissionDenied, "Trainers only."):
            policy.require(False, "Trainers only.")

    def test_second_factor_follows_the_vocabulary(self) -> None:
        self.assertTrue(self.admin.needs_second_factor())
        self.assertFalse(self.trainer.needs_second_factor())
        Membership.objects.create(
            user=self.trainer, agency=Agency.objects.get(name="Safe Harbour Valdoria"),
            role=Role.CASEWORKER,
        )  # fmt: skip
        self.assertTrue(self.trainer.needs_second_factor())


class OneVocabularyTests(BaseTestCase):
    """Role sets and the superuser rule are written once, in accounts/policy.py."""

    def sources(self) -> list[Path]:
        return [
            path
            for path in PACKAGE.rglob("*.py")
            if "migrations" not in path.parts and "tests" not in path.parts
        ]

    def offenders(self, pattern: str, allowed: set[str]) -> list[str]:
        found = []
        for path in self.sources():
            name = str(path.relative_to(PACKAGE))
            if name in allowed:
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if re.search(pattern, line):
                    found.append(f"{name}:{number}: {line.strip()}")
        return found

    def test_no_superuser_check_outside_the_policy(self) -> None:
        # Reading the flag is a check; naming the field (the audited admin form, personas
        # creating the demo administrator) is not.
        allowed = {"accounts/policy.py"}
        self.assertEqual(self.offenders(r"\.is_superuser\b", allowed), [])

    def test_no_role_set_outside_the_policy(self) -> None:
        allowed = {"accounts/policy.py"}
        self.assertEqual(self.offenders(r"role__in|_ROLES\b", allowed), [])
        # Naming a role other than "learner" (granted to new participants) outside the policy
        # and the personas means a role set is being written again.
        roles = r"Role\.(TRAINER|COORDINATOR|OFFICER|ANALYST|CASEWORKER|ADMIN)\b"
        allowed |= {"accounts/personas.py"}
        self.assertEqual(self.offenders(roles, allowed), [])

    def test_the_guard_sees_a_check_when_there_is_one(self) -> None:
        # The scan itself works: the policy module is where the checks are.
        self.assertTrue(self.offenders(r"\.is_superuser\b", set()))
