"""Short answer: a few words, compared with the accepted answers after normalising."""

from __future__ import annotations

import random
import re
import unicodedata
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from frontline.assessment.kinds.base import BadResponse, Data, Form, Kind
from frontline.lib.yamlfiles import FieldReader, YamlMap

MAX_LENGTH = 200


def normalise(text: str) -> str:
    """Case, accents, punctuation and spacing do not count: 'Non-punishment ' = 'non punishment'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.findall(r"\w+", bare))


class ShortAnswer(Kind):
    name = "short"
    label = gettext_lazy("Short answer")
    template = "assessment/kinds/short.html"

    def read(self, f: FieldReader, d: YamlMap, prefix: str) -> Data:
        accepted = f.texts(d, "accepted", prefix=prefix)
        for answer in accepted:
            if not normalise(answer):
                f.problem(d, prefix + "accepted", f"{answer!r} has no letters or digits")
        return {"accepted": accepted}

    def parse(self, data: Data, form: Form) -> str:
        values = form.get("text", [])
        text = values[0].strip() if len(values) == 1 else ""
        if not normalise(text):
            raise BadResponse(_("Type your answer."))
        if len(text) > MAX_LENGTH:
            raise BadResponse(_("Keep the answer under %(n)d characters.") % {"n": MAX_LENGTH})
        return text

    def score(self, data: Data, response: Any) -> float:
        return 1.0 if normalise(response) in {normalise(a) for a in data["accepted"]} else 0.0

    def present(self, data: Data, rng: random.Random | None) -> dict[str, Any]:
        return {"max_length": MAX_LENGTH}

    def key(self, data: Data) -> list[str]:
        return [" / ".join(data["accepted"])]

    def tally(self, data: Data, response: Any) -> list[str]:
        return [normalise(response)]


KIND = ShortAnswer()
