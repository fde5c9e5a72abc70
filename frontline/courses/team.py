"""What the package asks of a training team, checked on the team as it stands.

The Training Guide and the Background Reader insist that anti-trafficking courses are taught by a
multi-disciplinary team: a law-enforcement trainer with a co-trainer from victim assistance (an
NGO) or another discipline (labour inspection, prosecution), so that participants hear how the
other side of the referral works.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from frontline.courses.models import TeamMember


def warnings(members: Iterable[tuple[str, str]]) -> list[str]:
    """Problems with a team given as (role, discipline) pairs; empty when it is complete."""
    members = list(members)
    found = []
    if not any(role == TeamMember.TeamRole.LEAD for role, _d in members):
        found.append(_("The team has no lead trainer."))
    if not any(
        role == TeamMember.TeamRole.CO_TRAINER
        and discipline != TeamMember.Discipline.LAW_ENFORCEMENT
        for role, discipline in members
    ):
        found.append(
            _("The team has no co-trainer from victim assistance or another discipline. "
              "The training package asks for a multi-disciplinary team: add, for example, "
              "a co-trainer from an NGO that supports trafficked persons.")
        )  # fmt: skip
    return found


def warnings_for(offering_team: Iterable[TeamMember]) -> list[str]:
    return warnings((m.role, m.discipline) for m in offering_team)
