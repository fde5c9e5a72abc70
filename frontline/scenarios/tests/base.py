from __future__ import annotations

from pathlib import Path

from frontline.curriculum.loading import LoadReport
from frontline.lib.yamlfiles import ContentInvalid, Problem
from frontline.scenarios.loading import load_scenarios
from frontline.scenarios.models import Scenario
from frontline.scenarios.reader import ScenarioData, collect_scenarios
from frontline.test import BaseTestCase, everything

FIXTURES = Path(__file__).parent / "fixtures"
CURRICULUM = everything().curriculum


def fixture_scenarios(root: Path = FIXTURES) -> list[ScenarioData]:
    problems: list[Problem] = []
    scenarios = collect_scenarios(root, CURRICULUM, problems)
    if problems:
        raise ContentInvalid(problems)
    return scenarios


FIXTURE_SCENARIOS = fixture_scenarios()


class ScenarioTestCase(BaseTestCase):
    """Personas, the real curriculum (loaded once per session, conftest.py) and, instead of the
    real case exercises, the fixture scenario (drill-van), once per class."""

    scenario: Scenario

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        load_scenarios(FIXTURE_SCENARIOS, LoadReport())
        cls.scenario = Scenario.objects.get(key="drill-van")


# The model response of drill-van, worked out by hand from the fixture file: 2 + 2 + 3 + 3.
BEST = ["search-cab", "talk-apart", "call-ngo", "hand-over"]
BEST_SCORES = {"identification": 1, "treatment": 2, "referral": 4, "intelligence": 3, "legal": 0}
