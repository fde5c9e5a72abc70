"""The one door to the audit log.

Superusers and administrators read it; everyone else gets a 404, the same as a page that does
not exist (they cannot even tell there is an audit page). Nobody, whatever their role, changes it.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from frontline.audit.models import AuditEvent, AuditQuerySet, may_read_audit_log


def audit_log_for(user: Any) -> AuditQuerySet:
    """The audit rows `user` may read, or 404."""
    if not may_read_audit_log(user):
        raise Http404
    return AuditEvent.objects.visible_to(user)
