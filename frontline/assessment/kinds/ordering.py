"""Ordering: put the steps in the right order."""

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
    opaque_id,
    shuffled,
)
from frontline.lib.yamlfiles import FieldReader, YamlMap


class Ordering(Kind):
    name = "ordering"
    label = gettext_lazy("Ordering")
    template = "assessment/kinds/ordering.html"

    def read(self, f: FieldReader, d: YamlMap, prefix: str) -> Data:
        steps = f.texts(d, "steps", prefix=prefix)
        if steps and not 3 <= len(steps) <= 7:
            f.problem(d, prefix + "steps", f"must have 3 to 7 steps, not {len(steps)}")
        if len(steps) != len(set(steps)):
            f.problem(d, prefix + "steps", "steps must be unique")
        return {"steps": [{"id": opaque_id(step), "text": step} for step in steps]}

    def parse(self, data: Data, form: Form) -> dict[str, int]:
        count = len(data["steps"])
        response = {}
        for step in data["steps"]:
            values = [v for v in form.get(f"position-{step['id']}", []) if v]
            if not values:
                continue
            if len(values) > 1 or not values[0].isdigit() or not 1 <= int(values[0]) <= count:
                raise BadResponse(_("Give each step a place from 1 to %(n)d.") % {"n": count})
            response[step["id"]] = int(values[0])
        if not response:
            raise BadResponse(_("Give at least one step its place."))
        return response

    def score(self, data: Data, response: Any) -> float:
        steps = data["steps"]
        placed = sum(1 for n, step in enumerate(steps, 1) if response.get(step["id"]) == n)
        return placed / len(steps)

    def present(self, data: Data, rng: random.Random | None) -> dict[str, Any]:
        return {
            "lines": shuffled([Choice(s["id"], s["text"]) for s in data["steps"]], rng),
            "positions": list(range(1, len(data["steps"]) + 1)),
        }

    def key(self, data: Data) -> list[str]:
        return [f"{n}. {step['text']}" for n, step in enumerate(data["steps"], 1)]

    def describe(self, data: Data, response: Any) -> str:
        texts = {s["id"]: s["text"] for s in data["steps"]}
        placed = sorted(response.items(), key=lambda pair: pair[1])
        return "; ".join(f"{place}. {texts[step]}" for step, place in placed)

    def tally(self, data: Data, response: Any) -> list[str]:
        """Each step at the place the learner gave it, in words: "2. step"."""
        texts = {s["id"]: s["text"] for s in data["steps"]}
        return [f"{place}. {texts.get(step, step)}"
                for step, place in sorted(response.items(), key=lambda pair: pair[1])]  # fmt: skip


KIND = Ordering()
