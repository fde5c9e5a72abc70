"""The door to certificates for signed-in pages (the public verification page needs none).

A certificate is seen by its holder, whoever issued it, and the coordinators and administrators
of an agency the holder belongs to (`Certificate.objects.visible_to`); anyone else gets 404,
whether it exists or not. Revoking needs the issuer or such a coordinator (403 for the holder).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from frontline.accounts.models import User
from frontline.accounts.policy import door, people_overseen, unrestricted
from frontline.certificates.models import Certificate


def may_revoke(user: User, certificate: Certificate) -> bool:
    """Whoever issued it, a coordinator or administrator of an agency the holder belongs to, or
    a superuser. The holder may not revoke their own."""
    if unrestricted(user):
        return True
    if certificate.holder_id == user.pk:
        return False
    if certificate.issued_by_id == user.pk:
        return True
    return Certificate.objects.filter(
        people_overseen(user, field="holder"), pk=certificate.pk
    ).exists()


def certificate_for(user: User, code: str, *, revoke: bool = False) -> Certificate:
    """The certificate if `user` may see it (404 otherwise); with `revoke`, only if they may
    revoke it (403 otherwise)."""
    return door(
        Certificate.objects.visible_to(user),
        code=code,
        may=(lambda found: may_revoke(user, found)) if revoke else None,
        refusal=_("Only the issuer or a coordinator can revoke a certificate."),
    )
