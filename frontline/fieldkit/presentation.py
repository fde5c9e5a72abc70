"""What the result page adds to an engine result: the directory entries for each action and for
"who to call", filtered by whom the services take, the cards the actions link to, and the
link that screens the next person of a group with what concerns the whole group kept.

The offline page (static/fieldkit/field-screening.js) does the same from /field/screening.json.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from frontline.fieldkit.kit import FieldKit
from frontline.fieldkit.models import DirectoryEntry

# Indicator categories that describe the trip or the organiser, not one person: the next
# screening of a group starts with them ticked.
GROUP_CATEGORIES = ("border", "traffickers")


def entries_serving(entries: Iterable[DirectoryEntry], serves: list[str]) -> list[DirectoryEntry]:
    """The entries that take at least one of `serves` (all when `serves` is empty)."""
    if not serves:
        return list(entries)
    wanted = set(serves)
    return [e for e in entries if wanted & set(e.serves_list())]


def present(
    result: Mapping[str, Any], contacts: Mapping[str, list[DirectoryEntry]], kit: FieldKit
) -> dict[str, Any]:
    cards = {c.id: c.title for c in kit.cards}
    actions = []
    for action in result["actions"]:
        actions.append(
            {
                **action,
                "card_title": cards.get(action["card"], ""),
                "entries": [
                    e
                    for kind in action["contacts"]
                    for e in entries_serving(contacts.get(kind, []), action["serves"])
                ],
            }
        )
    calls = [
        {**call, "entries": entries_serving(contacts.get(call["kind"], []), call["serves"])}
        for call in result["calls"]
    ]
    first = result["first"]
    return {
        "first_actions": actions[:first],
        "actions": actions,
        "calls": calls,
        "kinds": dict(DirectoryEntry.Kind.choices),
        "texts": {o["id"]: o["text"] for o in result["observations"]},
    }


def next_in_group_url(case: Mapping[str, Any], kit: FieldKit) -> str:
    """The screening form for the next person of the same group: the context and the
    indicators about the trip or the organiser are kept; what is personal is not."""
    shared = {i.id for i in kit.indicators if i.category in GROUP_CATEGORIES}
    query: list[tuple[str, str]] = [
        (field, str(case.get(field) or ""))
        for field in ("where", "check", "present", "shared_language")
        if case.get(field)
    ]
    query.append(("persons", "group"))
    query += [("observed", key) for key in case.get("observed", []) if key in shared]
    return reverse("fieldkit:screening") + "?" + urlencode(query)
