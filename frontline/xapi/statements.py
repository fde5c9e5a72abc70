"""The statements Frontline makes, with the ADL verbs and stable activity ids.

Activity ids are the pages' addresses on `SITE_URL` (a lesson is `<site>/learn/u1/u1-l01/`),
so they stay the same across content reloads and say what they are. The actor is the account
number on this site (`account.homePage` and `account.name`): no name or e-mail address leaves
for the LRS, which may be run by someone else.

Each function takes plain values, so every app can call it without this one knowing theirs.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone

ADL = "http://adlnet.gov/expapi/verbs/"
ACTIVITY = "http://adlnet.gov/expapi/activities/"
EXTENSION = "/xapi/extensions/"


def verb(name: str) -> dict[str, Any]:
    return {"id": ADL + name, "display": {"en-US": name}}


def actor(user: AbstractBaseUser) -> dict[str, Any]:
    return {"objectType": "Agent", "account": {"homePage": settings.SITE_URL, "name": str(user.pk)}}


def activity(path: str, kind: str, name: str) -> dict[str, Any]:
    return {
        "objectType": "Activity",
        "id": settings.SITE_URL + path,
        "definition": {"type": ACTIVITY + kind, "name": {"en-US": name}},
    }


def extension(name: str) -> str:
    return settings.SITE_URL + EXTENSION + name


def statement(
    user: AbstractBaseUser,
    verb_name: str,
    obj: dict[str, Any],
    *,
    result: dict[str, Any] | None = None,
    parent: dict[str, Any] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "actor": actor(user),
        "verb": verb(verb_name),
        "object": obj,
        "timestamp": timezone.now().isoformat(),
    }
    if result is not None:
        body["result"] = result
    if parent is not None:
        body["context"] = {"contextActivities": {"parent": [parent]}}
    return body


def lesson_completed(
    user: AbstractBaseUser, *, path: str, title: str, unit_path: str, unit_title: str
) -> dict[str, Any]:
    return statement(
        user, "completed", activity(path, "lesson", title),
        result={"completion": True}, parent=activity(unit_path, "module", unit_title),
    )  # fmt: skip


def question_answered(
    user: AbstractBaseUser, *, item_key: str, quiz_path: str, quiz_title: str, score: float
) -> dict[str, Any]:
    question = activity(f"{quiz_path}items/{item_key}", "cmi.interaction", item_key)
    return statement(
        user, "answered", question,
        result={"score": {"scaled": round(score, 4)}, "success": score >= 1.0},
        parent=activity(quiz_path, "assessment", quiz_title),
    )  # fmt: skip


def quiz_finished(
    user: AbstractBaseUser, *, quiz_path: str, quiz_title: str, score: float, passed: bool
) -> dict[str, Any]:
    """`passed` or `failed`, with the score in per cent as raw and scaled."""
    return statement(
        user, "passed" if passed else "failed", activity(quiz_path, "assessment", quiz_title),
        result={
            "score": {"raw": score, "min": 0, "max": 100, "scaled": round(score / 100, 4)},
            "success": passed, "completion": True,
        },
    )  # fmt: skip


def case_played(
    user: AbstractBaseUser,
    *,
    scenario_path: str,
    title: str,
    ending: str,
    outcome: str,
    competencies: dict[str, int],
) -> dict[str, Any]:
    """`completed` a case exercise, with the ending reached and the competency scores."""
    return statement(
        user, "completed", activity(scenario_path, "simulation", title),
        result={
            "completion": True,
            "response": ending,
            "extensions": {
                extension("ending"): {"node": ending, "outcome": outcome},
                extension("competencies"): dict(sorted(competencies.items())),
            },
        },
    )  # fmt: skip


def certificate_earned(
    user: AbstractBaseUser, *, verify_path: str, title: str, course_path: str
) -> dict[str, Any]:
    """A certificate as the course `completed`, with the public verification page."""
    return statement(
        user, "completed", activity(course_path, "course", title),
        result={"completion": True, "extensions": {
            extension("certificate"): settings.SITE_URL + verify_path}},
    )  # fmt: skip
