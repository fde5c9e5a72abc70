"""What every question kind provides. One module per kind; `kinds.KINDS` lists them.

A kind reads its own fields from the item file (`read`), turns posted form data into a stored
response (`parse`), scores a response between 0 and 1 (`score`), lays the question out for a
learner (`present`), says what the right answer is (`key`) and names what a response chose, for
the distractor counts of the item statistics (`tally`). Kinds are plain Python: no database.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from frontline.lib.yamlfiles import FieldReader, YamlMap

Form = dict[str, list[str]]
StrOrPromise = str | Promise
Data = dict[str, Any]


class BadResponse(ValueError):
    """The response does not fit the item. The message is shown to the learner."""


@dataclass(frozen=True)
class Choice:
    id: str
    text: str


class Kind:
    name: str
    label: StrOrPromise
    template = "assessment/kinds/choice.html"

    def read(self, f: FieldReader, d: YamlMap, prefix: str) -> Data:
        raise NotImplementedError

    def parse(self, data: Data, form: Form) -> Any:
        raise NotImplementedError

    def score(self, data: Data, response: Any) -> float:
        raise NotImplementedError

    def present(self, data: Data, rng: random.Random | None) -> dict[str, Any]:
        """What the template needs; `rng` shuffles the choices (None keeps the file order)."""
        raise NotImplementedError

    def key(self, data: Data) -> list[str]:
        """The right answer, as lines of text for the review."""
        raise NotImplementedError

    def tally(self, data: Data, response: Any) -> list[str]:
        """Labels of what the response chose (option ids, or the normalised text)."""
        return [str(response)]

    def describe(self, data: Data, response: Any) -> str:
        """The response in words, for the review."""
        if "options" in data:
            ids = response if isinstance(response, list) else [response]
            return "; ".join(option_by_id(data, i)["text"] for i in ids)
        return str(response)

    def feedback(self, data: Data, response: Any) -> list[str]:
        """Feedback on the parts of the response (per option); the item's own comes on top."""
        return []


def shuffled(items: list[Any], rng: random.Random | None) -> list[Any]:
    items = list(items)
    if rng is not None:
        rng.shuffle(items)
    return items


def opaque_id(item_text: str) -> str:
    """A stable id for a text that does not give away its place in the right answer."""
    return hashlib.sha256(item_text.encode()).hexdigest()[:10]


def one_value(form: Form, name: str) -> str:
    values = [v for v in form.get(name, []) if v.strip()]
    if len(values) != 1:
        raise BadResponse(_("Choose one answer."))
    return values[0].strip()


def read_options(
    f: FieldReader, d: YamlMap, prefix: str, *, least: int, most: int, extra: str
) -> list[Data]:
    """Options of a choice item: each {id, text, feedback} plus the kind's `extra` field."""
    raw = d.get("options")
    if not isinstance(raw, list) or not all(isinstance(o, YamlMap) for o in raw):
        f.problem(d, prefix + "options", "must be a list of options with id, text and feedback")
        return []
    if not least <= len(raw) <= most:
        f.problem(d, prefix + "options", f"must have {least} to {most} options, not {len(raw)}")
    options = []
    for n, o in enumerate(raw):
        p = f"{prefix}options[{n}]."
        option: Data = {
            "id": f.slug(o, prefix=p),
            "text": f.text(o, "text", prefix=p),
            "feedback": f.text(o, "feedback", prefix=p),
        }
        if extra == "correct":
            option["correct"] = bool(o.get("correct", False))
            if "correct" in o:
                f.flag(o, "correct", prefix=p)
        else:
            option[extra] = f.text(o, extra, prefix=p, vocabulary=RATINGS)
        options.append(option)
    for fieldname in ("id", "text"):
        values = [o[fieldname] for o in options]
        if len(values) != len(set(values)):
            f.problem(d, prefix + "options", f"option {fieldname}s must be unique")
    return options


RATINGS = frozenset({"best", "acceptable", "poor"})


def option_by_id(data: Data, option_id: str) -> Data:
    for option in data["options"]:
        if option["id"] == option_id:
            return option
    raise BadResponse(_("%(id)s is not an answer to this question.") % {"id": option_id})
