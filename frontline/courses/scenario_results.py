"""The one seam between courses and the case exercises (scenarios, issue 5).

Scenarios are built on another branch. Until they are merged, these two functions report that
nobody has completed any case exercise and that there are no competency profiles, so a course
with required scenarios cannot be completed, and the results show an empty profile column.

At merge, the lead wires them to the scenarios app, keeping these signatures:

- `completed_scenarios` -> `frontline.scenarios.results.completed_scenarios(user_ids)`,
  which returns `dict[int, set[str]]` (user id -> ids of the scenarios they finished);
- `competency_profiles` -> `frontline.scenarios.results.competency_profiles(user_ids)`,
  which returns `dict[int, dict[str, float]]` (user id -> competency -> score between 0 and 1).

Completion rules (`completion.py`) and results (`results.py`) read scenarios only through here.
"""

from __future__ import annotations

from collections.abc import Iterable


def completed_scenarios(user_ids: Iterable[int]) -> dict[int, set[str]]:
    """Scenario ids each user has completed (none until scenarios are wired in)."""
    return {user_id: set() for user_id in user_ids}


def competency_profiles(user_ids: Iterable[int]) -> dict[int, dict[str, float]]:
    """Competency scores per user (empty until scenarios are wired in)."""
    return {user_id: {} for user_id in user_ids}
