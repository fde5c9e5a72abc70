"""Who may download SCORM packages: those who plan courses (trainers, coordinators,
administrators). The packages hold the quizzes' answer keys, so a learner gets 403."""

from __future__ import annotations

from django.utils.translation import gettext as _

from frontline.accounts.models import User
from frontline.accounts.policy import PLAN_COURSES, holds, require


def require_export(user: User) -> None:
    require(
        holds(user, PLAN_COURSES),
        _("Only trainers and course coordinators can export e-learning packages."),
    )
