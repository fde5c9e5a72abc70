"""Matching: pair each left-hand text with its right-hand text."""

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


class Matching(Kind):
    name = "matching"
    label = gettext_lazy("Matching")
    template = "assessment/kinds/matching.html"

    def read(self, f: FieldReader, d: YamlMap, prefix: str) -> Data:
        raw = d.get("pairs")
        if not isinstance(raw, list) or not all(isinstance(p, YamlMap) for p in raw):
            f.problem(d, prefix + "pairs", "must be a list of {left, right}")
            return {"left": [], "right": [], "pairs": {}}
        if not 3 <= len(raw) <= 6:
            f.problem(d, prefix + "pairs", f"must have 3 to 6 pairs, not {len(raw)}")
        pairs = [
            (
                f.text(p, "left", prefix=f"{prefix}pairs[{n}]."),
                f.text(p, "right", prefix=f"{prefix}pairs[{n}]."),
            )
            for n, p in enumerate(raw)
        ]
        for side in (0, 1):
            texts = [pair[side] for pair in pairs]
            if len(texts) != len(set(texts)):
                f.problem(d, prefix + "pairs", "the texts on each side must be unique")
        return {
            "left": [{"id": opaque_id(left), "text": left} for left, right in pairs],
            "right": [{"id": opaque_id(right), "text": right} for left, right in pairs],
            "pairs": {opaque_id(left): opaque_id(right) for left, right in pairs},
        }

    def parse(self, data: Data, form: Form) -> dict[str, str]:
        rights = {r["id"] for r in data["right"]}
        response = {}
        for left in data["left"]:
            values = [v for v in form.get(f"match-{left['id']}", []) if v]
            if len(values) > 1:
                raise BadResponse(_("Choose one match for each line."))
            if values:
                if values[0] not in rights:
                    raise BadResponse(
                        _("%(id)s is not an answer to this question.") % {"id": values[0]}
                    )
                response[left["id"]] = values[0]
        if not response:
            raise BadResponse(_("Match at least one line."))
        return response

    def score(self, data: Data, response: Any) -> float:
        pairs = data["pairs"]
        return sum(1 for left, right in response.items() if pairs.get(left) == right) / len(pairs)

    def present(self, data: Data, rng: random.Random | None) -> dict[str, Any]:
        return {
            "lines": shuffled([Choice(x["id"], x["text"]) for x in data["left"]], rng),
            "choices": shuffled([Choice(x["id"], x["text"]) for x in data["right"]], rng),
        }

    def key(self, data: Data) -> list[str]:
        rights = {r["id"]: r["text"] for r in data["right"]}
        return [f"{left['text']} → {rights[data['pairs'][left['id']]]}" for left in data["left"]]

    def describe(self, data: Data, response: Any) -> str:
        texts = {x["id"]: x["text"] for x in data["left"] + data["right"]}
        return "; ".join(f"{texts[left]} → {texts[right]}" for left, right in response.items())

    def tally(self, data: Data, response: Any) -> list[str]:
        """Each pair as the learner made it, in words: "left → right"."""
        texts = {x["id"]: x["text"] for x in data["left"] + data["right"]}
        return [f"{texts.get(left, left)} → {texts.get(right, right)}"
                for left, right in sorted(response.items())]  # fmt: skip


KIND = Matching()
