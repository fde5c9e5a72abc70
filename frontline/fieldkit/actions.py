"""Changes to the contact directory: one function each, audited (`directory.import_csv` is the
bulk form)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest

from frontline.audit.log import audited_save
from frontline.fieldkit.models import DirectoryEntry

if TYPE_CHECKING:
    from frontline.accounts.models import User

ENTRY_FIELDS = ("country", "region", "kind", "name", "phone", "email", "hours", "languages",
                "serves", "notes", "active")  # fmt: skip


def save_entry(
    entry: DirectoryEntry, *, acting_user: User | None, request: HttpRequest | None = None
) -> dict[str, Any]:
    """Save a new or edited directory entry and record its old and new values (contacts of
    public services, not of people: every value is kept). Entries are deactivated, never
    deleted, so a station sheet printed earlier can still be explained."""
    return audited_save(
        entry,
        action="directory.save_entry",
        fields=ENTRY_FIELDS,
        actor=acting_user,
        request=request,
    )
