"""What the database accepts, read from the model fields (never written down a second time).

PostgreSQL refuses a NUL character in any text and a value longer than its column's
`max_length`; SQLite accepts both. Forms, CSV imports and the content check ask here, so a
value that would fail on PostgreSQL is refused as bad input on every database.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _

NUL = "\x00"


def max_length(model: type[models.Model], field: str) -> int | None:
    """The `max_length` of a model field (None for unlimited text)."""
    return getattr(model._meta.get_field(field), "max_length", None)


def text_problem(value: str, limit: int | None) -> str:
    """Why the database would refuse `value` (a NUL character, too long), or ''."""
    if NUL in value:
        return _("contains a NUL character")
    if limit is not None and len(value) > limit:
        return _("is %(length)d characters long; at most %(limit)d are allowed") % {
            "length": len(value),
            "limit": limit,
        }
    return ""


def field_problem(value: str, model: type[models.Model], field: str) -> str:
    """`text_problem` for a value meant for `model.field`."""
    return text_problem(value, max_length(model, field))
