"""What an LMS may launch: a unit, a lesson, a quiz or a case exercise, by its page's path."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from frontline.assessment.models import Quiz
from frontline.curriculum.models import Lesson, Unit
from frontline.scenarios.models import Scenario

LAUNCHABLE = {"curriculum:unit", "curriculum:lesson", "assessment:quiz", "scenarios:detail"}


@dataclass(frozen=True)
class Target:
    kind: str
    title: str
    path: str


def launch_path(target_link_uri: str) -> str | None:
    """The path of a launchable page on this site, or None for anything else (another host,
    another page, a query string smuggling a redirect)."""
    parts = urlsplit(target_link_uri)
    site = urlsplit(settings.SITE_URL)
    if (parts.scheme, parts.netloc) != (site.scheme, site.netloc) or parts.query or parts.fragment:
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    return parts.path if match.view_name in LAUNCHABLE else None


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def choices() -> list[Target]:
    """Everything a course designer can pick in the LMS (deep linking), in course order."""
    items: list[Target] = []
    lessons = Lesson.objects.current().select_related("unit")
    quizzes = {q.unit_id: q for q in Quiz.objects.filter(unit__isnull=False)}
    for unit in Unit.objects.all():
        items.append(Target(_("Unit"), str(unit), unit.get_absolute_url()))
        items += [
            Target(_("Lesson"), lesson.title, lesson.get_absolute_url())
            for lesson in lessons
            if lesson.unit_id == unit.id
        ]
        quiz = quizzes.get(unit.id)
        if quiz:
            items.append(Target(_("Quiz"), str(quiz.title), quiz.get_absolute_url()))
    items += [
        Target(_("Case exercise"), s.title, s.get_absolute_url())
        for s in Scenario.objects.current()
    ]
    return items
