"""The door to the contact directory, the field kit's only stored data.

Every signed-in user reads every active entry (`DirectoryEntry.objects.visible_to`): they are
the public numbers of services. Administrators keep the directory in the Django admin or with
`frontline directory_import`; no field page writes to it. There is no page for one entry, so
the list form is the only door.
"""

from __future__ import annotations

from frontline.accounts.models import User
from frontline.fieldkit.models import DirectoryEntry, DirectoryQuerySet


def directory_for(user: User) -> DirectoryQuerySet:
    return DirectoryEntry.objects.visible_to(user)
