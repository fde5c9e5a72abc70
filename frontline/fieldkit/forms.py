"""Reading a screening or a comparison from posted (or linked) form data, with clear messages.

Plain functions over a QueryDict-like mapping; the views turn the messages into HTTP 400.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from django.utils.translation import gettext as _

from frontline.fieldkit.kit import FieldKit
from frontline.fieldkit.screening import ANSWERS, CONTEXT_DEFAULTS, CONTEXT_FIELDS


class FormData(Protocol):
    def get(self, key: str, default: Any = None) -> Any: ...
    def getlist(self, key: str) -> list[str]: ...
    def __contains__(self, key: object) -> bool: ...


MAX_OBSERVED = 200


def context_choices(kit: FieldKit) -> dict[str, list[str]]:
    return {
        field: [str(o["id"]) for o in kit.rules.get("context", {}).get(field, [])]
        for field in CONTEXT_FIELDS
    }


def read_case(
    data: FormData, kit: FieldKit, *, required: bool = True
) -> tuple[dict[str, Any], list[str]]:
    """The case in `data` and what is wrong with it. With `required=False` (a link from the
    phrase sheet that pre-fills the form) missing fields are fine, wrong values are not."""
    errors: list[str] = []
    case: dict[str, Any] = {"answers": {}}
    choices = context_choices(kit)
    for field in (*CONTEXT_FIELDS, "minor"):
        allowed = list(ANSWERS) if field == "minor" else choices[field]
        value = str(data.get(field) or "")
        if not value:
            if required and field in ("where", "check", "minor"):
                errors.append(_("Choose an answer for “%(field)s”.") % {"field": _label(field)})
            case[field] = "unknown" if field == "minor" else CONTEXT_DEFAULTS.get(field, "")
        elif value not in allowed:
            errors.append(
                _("“%(value)s” is not a choice for “%(field)s”.")
                % {"value": value[:40], "field": _label(field)}
            )
            case[field] = ""
        else:
            case[field] = value
    observed = [str(v) for v in data.getlist("observed")]
    known = {i.id for i in kit.indicators}
    unknown = [v for v in observed if v not in known]
    if unknown:
        errors.append(
            _("Unknown indicator: %(ids)s.") % {"ids": ", ".join(u[:40] for u in unknown[:5])}
        )
    if len(observed) > MAX_OBSERVED:
        errors.append(_("Too many indicators."))
    case["observed"] = [v for v in dict.fromkeys(observed) if v in known]
    for question in kit.rules.get("key_questions", []):
        qid = str(question["id"])
        value = str(data.get(qid) or "unknown")
        if value not in ANSWERS:
            errors.append(
                _("“%(value)s” is not an answer to “%(question)s” (yes, no or unknown).")
                % {"value": value[:40], "question": question.get("text", qid)}
            )
            value = "unknown"
        case["answers"][qid] = value
    return case, errors


def read_comparison(
    data: FormData, criteria: Mapping[str, Any]
) -> tuple[dict[str, str], list[str]]:
    answers: dict[str, str] = {}
    errors: list[str] = []
    for criterion in criteria.get("criteria", []):
        value = str(data.get(criterion["id"]) or "unknown")
        if value not in {a["id"] for a in criterion.get("answers", [])}:
            errors.append(
                _("“%(value)s” is not an answer to “%(question)s”.")
                % {"value": value[:40], "question": criterion.get("question", "")}
            )
            value = "unknown"
        answers[criterion["id"]] = value
    return answers, errors


def _label(field: str) -> str:
    return {
        "where": _("Where"),
        "check": _("Kind of check"),
        "gender": _("The person is"),
        "shared_language": _("Language"),
        "persons": _("How many people"),
        "present": _("Is the person here?"),
        "minor": _("Possibly under 18"),
    }.get(field, field)
