"""The doors to quiz attempts and to the agency-wide statistics.

An attempt is the learner's own; coordinators and administrators may read those of the people
of their agencies (`Attempt.objects.visible_to`). Anyone else gets 404, whether the attempt
exists or not; a reader who is not the learner gets 403 on answering or submitting. Trainers
reach attempts only as figures, through the courses they run (courses/records.py).
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from frontline.accounts.models import User
from frontline.accounts.policy import COORDINATE, holds, require
from frontline.assessment.models import Attempt


def attempt_for(user: User, pk: int, *, write: bool = False) -> Attempt:
    """The attempt if `user` may see it (404 otherwise); with `write`, only the learner's own
    (403 for a coordinator reading it)."""
    attempt = Attempt.objects.select_related("quiz").filter(pk=pk).first()
    if attempt is None:
        raise Http404
    # The learner's own attempt is the common case (every answer saved) and costs no second
    # query; anyone else goes through the same rule as every list: `visible_to`.
    if attempt.user_id != user.pk:
        if not Attempt.objects.visible_to(user).filter(pk=pk).exists():
            raise Http404
        require(not write, _("Only the learner can answer their own attempt."))
    return attempt


def oversees_agencies(user: User) -> bool:
    """May see the statistics of the agencies where they coordinate."""
    return holds(user, COORDINATE)
