from __future__ import annotations

from pathlib import Path

from django.conf import settings

from frontline.curriculum.content import read_content
from frontline.curriculum.loading import load_content
from frontline.lib.yamlfiles import ContentInvalid, Problem
from frontline.scenarios.loading import load_scenarios
from frontline.scenarios.models import Scenario
from frontline.scenarios.reader import ScenarioData, collect_scenarios
from frontline.test import BaseTestCase

FIXTURES = Path(__file__).parent / "fixtures"
CURRICULUM = read_content(settings.CONTENT_DIR)


def fixture_scenarios(root: Path = FIXTURES) -> list[ScenarioData]:
    problems: list[Problem] = []
    scenarios = collect_scenarios(root, CURRICULUM, problems)
    if problems:
        raise ContentInvalid(problems)
    return scenarios


FIXTURE_SCENARIOS = fixture_scenarios()


class ScenarioTestCase(BaseTestCase):
    """Personas, the real curriculum and the fixture scenario (drill-van), once per class."""

    scenario: Scenario

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        report = load_content(CURRICULUM)
        load_scenarios(FIXTURE_SCENARIOS, report)
        cls.scenario = Scenario.objects.get(key="drill-van")


# The model response of drill-van, worked out by hand from the fixture file: 2 + 2 + 3 + 3.
BEST = ["search-cab", "talk-apart", "call-ngo", "hand-over"]
BEST_SCORES = {"identification": 1, "treatment": 2, "referral": 4, "intelligence": 3, "legal": 0}
