"""Which translations a person who reads the language has checked.

Translations are made by machine first. Until a reader of the language has gone through its
`frontline/locale/<code>/LC_MESSAGES/django.po` (and the content files translated into it),
every page in that language says so. When they have, mark it here: `True`.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import get_language

REVIEWED: dict[str, bool] = {
    "en": True,  # the source language
    "fr": False,
    "ar": False,
    "ru": False,
}


def reviewed(code: str | None) -> bool:
    return REVIEWED.get((code or "en").split("-")[0], False)


def translation_status(request: HttpRequest) -> dict[str, bool]:
    """Context processor: `translation_unreviewed` for the notice in the page layout."""
    return {"translation_unreviewed": not reviewed(get_language())}
