from __future__ import annotations

from frontline.audit.chain import COLUMNS, Row
from frontline.audit.models import AuditEvent


def as_row(event: AuditEvent) -> Row:
    return Row(*(getattr(event, column) for column in COLUMNS))
