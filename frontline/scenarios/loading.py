"""Write the scenarios to the database: idempotent, by the id of the file.

Called by `frontline.content.load_all` inside the transaction that loads the curriculum.
"""

from __future__ import annotations

from frontline.curriculum.loading import LoadReport, upsert
from frontline.curriculum.models import Unit
from frontline.scenarios.models import Scenario
from frontline.scenarios.reader import ScenarioData


def load_scenarios(scenarios: list[ScenarioData], report: LoadReport) -> None:
    """Create or update each scenario; those gone from the files are retired, so that the plays
    and runs of them keep their meaning."""
    units = {u.key: u for u in Unit.objects.all()}
    for s in scenarios:
        upsert(Scenario, s.key, {
            "title": s.title, "unit": units[s.unit], "objectives": s.objectives,
            "setting": s.setting, "roles": s.roles, "minutes": s.minutes,
            "possible_minor": s.tags["possible_minor"], "border": s.tags["border"],
            "trafficking": s.tags["trafficking"], "graph_data": s.graph, "retired": False,
        }, report)  # fmt: skip
    report.retired += (
        Scenario.objects.filter(retired=False)
        .exclude(key__in=[s.key for s in scenarios])
        .update(retired=True)
    )
