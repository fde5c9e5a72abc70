"""The doors to intelligence, for every view.

`report_for(user, pk)` is the one door to a report: 404 when the user may not read it (an
outsider cannot tell it from a report that does not exist), 403 with a reason when they may read
it but not do what they ask (`manage`: review, disseminate; only analysts of the holding unit).
Lists, searches, counts and statistics use `Report.objects.visible_to(user)` (models.py).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from frontline.accounts.models import User
from frontline.accounts.policy import (
    ANALYSE_INTELLIGENCE,
    FILE_INTELLIGENCE,
    RECEIVE_INTELLIGENCE,
    agencies_where,
    door,
    holds,
    require,
    unrestricted,
)
from frontline.intelligence.models import Bulletin, CandidateLink, Report


def manages(user: User, report: Report) -> bool:
    """An analyst of the unit that holds the report (or a superuser)."""
    return holds(user, ANALYSE_INTELLIGENCE, agency=report.holder_id)


def report_for(user: User, pk: int, *, manage: bool = False) -> Report:
    return door(
        Report.objects.visible_to(user).select_related("holder", "unit", "originator"),
        pk=pk,
        may=(lambda report: manages(user, report)) if manage else None,
        refusal=_("Only analysts of the unit that holds this report can do this."),
    )


def require_intelligence(user: User) -> None:
    """Pages of the intelligence area: people who file, analyse or receive intelligence."""
    roles = FILE_INTELLIGENCE | ANALYSE_INTELLIGENCE | RECEIVE_INTELLIGENCE
    require(holds(user, roles), _("Intelligence is for officers, analysts and partners."))


def require_analyst(user: User) -> None:
    require(holds(user, ANALYSE_INTELLIGENCE), _("This page is for intelligence analysts."))


def can_file(user: User) -> bool:
    return holds(user, FILE_INTELLIGENCE)


def can_analyse(user: User) -> bool:
    return holds(user, ANALYSE_INTELLIGENCE)


def links_visible_to(user: User) -> QuerySet[CandidateLink]:
    """Candidate links between two reports the user may both read and manage (analysts)."""
    mine = Report.objects.visible_to(user)
    if not unrestricted(user):
        mine = mine.filter(holder__in=agencies_where(user, ANALYSE_INTELLIGENCE))
    return CandidateLink.objects.filter(left__in=mine, right__in=mine)


def link_for(user: User, pk: int) -> CandidateLink:
    return door(links_visible_to(user).select_related("left", "right"), pk=pk)


def bulletins_visible_to(user: User) -> QuerySet[Bulletin]:
    """Published bulletins for every signed-in user; drafts for the analysts of their agency."""
    if unrestricted(user):
        return Bulletin.objects.all()
    drafts = Bulletin.objects.filter(
        published_at__isnull=True,
        agency__in=agencies_where(user, ANALYSE_INTELLIGENCE),
    )
    return Bulletin.objects.filter(published_at__isnull=False) | drafts


def bulletin_for(user: User, pk: int) -> Bulletin:
    return door(bulletins_visible_to(user).select_related("agency"), pk=pk)


def network(user: User, start: Report, depth: int) -> list[tuple[Report, int, str]]:
    """The reports reached from `start` through links the user may see (not rejected ones),
    step by step up to `depth`: (report, step, the reason of the link that reached it)."""
    visible = links_visible_to(user).exclude(status=CandidateLink.Status.REJECTED)
    reached: dict[int, tuple[int, str]] = {start.pk: (0, "")}
    frontier = {start.pk}
    for step in range(1, depth + 1):
        found = visible.filter(left__in=frontier) | visible.filter(right__in=frontier)
        frontier = set()
        for link in found.only("left_id", "right_id", "reason"):
            for near, far in ((link.left_id, link.right_id), (link.right_id, link.left_id)):
                if near in reached and far not in reached:
                    reached[far] = (step, link.reason)
                    frontier.add(far)
        if not frontier:
            break
    reports = Report.objects.visible_to(user).filter(pk__in=reached).select_related("holder")
    rows = [(r, *reached[r.pk]) for r in reports]
    return sorted(rows, key=lambda row: (row[1], row[0].pk))
