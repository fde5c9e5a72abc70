"""Situational judgement: a field situation and the actions an officer could take.

Answered like a single choice, but judgement has degrees: the best action scores 1, an
acceptable one 0.5, a poor one 0.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from frontline.assessment.kinds.base import Data, option_by_id, read_options
from frontline.assessment.kinds.single import SingleChoice
from frontline.lib.yamlfiles import FieldReader, YamlMap

SCORES = {"best": 1.0, "acceptable": 0.5, "poor": 0.0}


class Judgement(SingleChoice):
    name = "judgement"
    label = _("Situational judgement")

    def read(self, f: FieldReader, d: YamlMap, prefix: str) -> Data:
        options = read_options(f, d, prefix, least=3, most=6, extra="rating")
        if options and sum(o["rating"] == "best" for o in options) != 1:
            f.problem(d, prefix + "options", "exactly one option must have rating: best")
        return {"options": options}

    def score(self, data: Data, response: Any) -> float:
        return SCORES.get(option_by_id(data, response)["rating"], 0.0)

    def key(self, data: Data) -> list[str]:
        ranked = sorted(
            (o for o in data["options"] if o["rating"] != "poor"),
            key=lambda o: -SCORES[o["rating"]],
        )
        return [f"{o['text']} ({o['rating']})" for o in ranked]


KIND = Judgement()
