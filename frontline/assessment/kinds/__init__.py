"""The question kinds, by the name used in the item files."""

from __future__ import annotations

from frontline.assessment.kinds import (
    judgement,
    matching,
    multiple,
    ordering,
    short,
    single,
    truefalse,
)
from frontline.assessment.kinds.base import BadResponse, Kind

KINDS: dict[str, Kind] = {
    module.KIND.name: module.KIND
    for module in (single, multiple, truefalse, matching, ordering, short, judgement)
}

__all__ = ["KINDS", "BadResponse", "Kind"]
