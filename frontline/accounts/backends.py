"""Loading the signed-in user, with what the second-factor rule needs to know about them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models.expressions import RawSQL

from frontline.accounts.models import Membership, User
from frontline.accounts.policy import ADMINISTER, NEED_SECOND_FACTOR, RoleSet, holds

# Permissions that base apps below accounts ask for (they cannot import the policy), answered
# from the roles: `user.has_perm(...)` in the audit app reaches `holds(...)` here.
ROLE_PERMISSIONS: dict[str, RoleSet] = {"audit.view_auditevent": ADMINISTER}


def _has_second_factor_role() -> RawSQL:
    # EXISTS (...) written out: the ORM's Exists(OuterRef) costs more CPU to build than the
    # query it replaces, on a path every request takes. Only table names are formatted in; the
    # roles are bound parameters.
    roles = sorted(NEED_SECOND_FACTOR)
    return RawSQL(  # noqa: S611
        f"EXISTS (SELECT 1 FROM {Membership._meta.db_table} m"  # noqa: S608
        f" WHERE m.user_id = {User._meta.db_table}.id"
        f" AND m.role IN ({', '.join(['%s'] * len(roles))}))",
        roles,
    )


class UserBackend(ModelBackend):
    """Django's password backend, except that the user of each request is loaded together with
    whether any of their roles needs a second factor.

    `RequireSecondFactorMiddleware` asks that on every request; answering it from the same row
    saves a query per request without caching anything: a role granted or revoked (through
    `accounts.actions` or the admin site) counts from the very next request, in every session.
    """

    def get_user(self, user_id: Any) -> User | None:
        # Sets the attribute User declares for it (hence the stubs' complaint).
        users = User.objects.annotate(second_factor_role=_has_second_factor_role())  # type: ignore[no-redef]
        try:
            user = users.get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        roles = ROLE_PERMISSIONS.get(perm)
        if roles is not None:
            return bool(user_obj.is_active) and holds(user_obj, roles)
        return super().has_perm(user_obj, perm, obj)
