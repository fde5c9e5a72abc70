"""All the content files together: the curriculum, then what builds on it (the item bank, the
case exercises), and the field kit (read at run time from its files; `load_all` has nothing to
write for it).

`read_all` collects the problems of every file before giving up, so one run of
`frontline content check` lists them all; `load_all` writes everything in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from frontline.assessment import cues as item_cues
from frontline.assessment.bank import Bank, collect_bank
from frontline.assessment.loading import load_bank
from frontline.curriculum.content import Content, collect_content
from frontline.curriculum.loading import LoadReport, load_content
from frontline.fieldkit.kit import FieldKit, collect_fieldkit
from frontline.lib.yamlfiles import ContentInvalid, Problem
from frontline.scenarios import cues as scenario_cues
from frontline.scenarios.engine import Graph
from frontline.scenarios.loading import load_scenarios
from frontline.scenarios.reader import ScenarioData, collect_scenarios, scenario_stats


@dataclass
class Everything:
    curriculum: Content
    bank: Bank
    scenarios: list[ScenarioData]
    fieldkit: FieldKit

    def stats(self) -> dict[str, int]:
        return {
            **self.curriculum.stats(),
            **self.bank.stats(),
            **scenario_stats(self.scenarios),
            **self.fieldkit.stats(),
        }


def read_all(root: Path, *, cue_limits: bool = True) -> Everything:
    """Everything under `root`, or `ContentInvalid` with every problem found. With
    `cue_limits`, answer cues beyond their limits (docs/content-format.md) are problems too;
    they are measured only once the files themselves are sound."""
    problems: list[Problem] = []
    curriculum = collect_content(root, problems)
    bank = collect_bank(root, curriculum, problems)
    scenarios = collect_scenarios(root, curriculum, problems)
    fieldkit = collect_fieldkit(root, problems)
    if cue_limits and not problems:
        problems += item_cues.problems(bank)
        problems += scenario_cues.problems([Graph.from_json(s.graph) for s in scenarios])
    if problems:
        raise ContentInvalid(problems)
    return Everything(curriculum, bank, scenarios, fieldkit)


@transaction.atomic
def load_all(everything: Everything) -> LoadReport:
    report = load_content(everything.curriculum)
    load_bank(everything.bank, report)
    load_scenarios(everything.scenarios, report)
    return report
