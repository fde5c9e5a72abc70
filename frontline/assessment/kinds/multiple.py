"""Multiple choice: tick every right option; wrong ticks cancel right ones."""

from __future__ import annotations

import random
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from frontline.assessment.kinds.base import (
    BadResponse,
    Choice,
    Data,
    Form,
    Kind,
    option_by_id,
    read_options,
    shuffled,
)
from frontline.lib.yamlfiles import FieldReader, YamlMap


class MultipleChoice(Kind):
    name = "multiple"
    label = gettext_lazy("Multiple choice")

    def read(self, f: FieldReader, d: YamlMap, prefix: str) -> Data:
        options = read_options(f, d, prefix, least=3, most=8, extra="correct")
        if options and not any(o["correct"] for o in options):
            f.problem(d, prefix + "options", "at least one option must have correct: true")
        return {"options": options}

    def parse(self, data: Data, form: Form) -> list[str]:
        chosen = sorted({v for v in form.get("choice", []) if v})
        if not chosen:
            raise BadResponse(_("Tick at least one answer."))
        return [str(option_by_id(data, c)["id"]) for c in chosen]

    def score(self, data: Data, response: Any) -> float:
        right = sum(1 for o in data["options"] if o["correct"])
        chosen = [option_by_id(data, c) for c in response]
        hits = sum(1 for o in chosen if o["correct"])
        return max(0.0, (hits - (len(chosen) - hits)) / right)

    def present(self, data: Data, rng: random.Random | None) -> dict[str, Any]:
        return {
            "choices": shuffled([Choice(o["id"], o["text"]) for o in data["options"]], rng),
            "multiple": True,
        }

    def key(self, data: Data) -> list[str]:
        return [o["text"] for o in data["options"] if o["correct"]]

    def tally(self, data: Data, response: Any) -> list[str]:
        return list(response)

    def feedback(self, data: Data, response: Any) -> list[str]:
        return [option_by_id(data, c)["feedback"] for c in response]


KIND = MultipleChoice()
