"""Single choice: one right option among two to six."""

from __future__ import annotations

import random
from typing import Any

from django.utils.translation import gettext_lazy as _

from frontline.assessment.kinds.base import (
    Choice,
    Data,
    Form,
    Kind,
    one_value,
    option_by_id,
    read_options,
    shuffled,
)
from frontline.lib.yamlfiles import FieldReader, YamlMap


class SingleChoice(Kind):
    name = "single"
    label = _("Single choice")

    def read(self, f: FieldReader, d: YamlMap, prefix: str) -> Data:
        options = read_options(f, d, prefix, least=2, most=6, extra="correct")
        if options and sum(o["correct"] for o in options) != 1:
            f.problem(d, prefix + "options", "exactly one option must have correct: true")
        return {"options": options}

    def parse(self, data: Data, form: Form) -> str:
        return str(option_by_id(data, one_value(form, "choice"))["id"])

    def score(self, data: Data, response: Any) -> float:
        return 1.0 if option_by_id(data, response)["correct"] else 0.0

    def present(self, data: Data, rng: random.Random | None) -> dict[str, Any]:
        return {"choices": shuffled([Choice(o["id"], o["text"]) for o in data["options"]], rng)}

    def key(self, data: Data) -> list[str]:
        return [o["text"] for o in data["options"] if o["correct"]]

    def feedback(self, data: Data, response: Any) -> list[str]:
        return [option_by_id(data, response)["feedback"]]


KIND = SingleChoice()
