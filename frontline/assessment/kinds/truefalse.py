"""True or false: one statement."""

from __future__ import annotations

import random
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from frontline.assessment.kinds.base import BadResponse, Choice, Data, Form, Kind, one_value
from frontline.lib.yamlfiles import FieldReader, YamlMap


def _label(value: str) -> str:
    return _("True") if value == "true" else _("False")


class TrueFalse(Kind):
    name = "truefalse"
    label = gettext_lazy("True or false")

    def read(self, f: FieldReader, d: YamlMap, prefix: str) -> Data:
        return {"answer": f.flag(d, "answer", prefix=prefix)}

    def parse(self, data: Data, form: Form) -> str:
        value = one_value(form, "choice")
        if value not in ("true", "false"):
            raise BadResponse(_("Answer true or false."))
        return value

    def score(self, data: Data, response: Any) -> float:
        return 1.0 if (response == "true") == data["answer"] else 0.0

    def present(self, data: Data, rng: random.Random | None) -> dict[str, Any]:
        # True before False always: shuffling two fixed buttons only confuses.
        return {"choices": [Choice(v, _label(v)) for v in ("true", "false")]}

    def describe(self, data: Data, response: Any) -> str:
        return _label(response)

    def key(self, data: Data) -> list[str]:
        return [_label("true" if data["answer"] else "false")]


KIND = TrueFalse()
