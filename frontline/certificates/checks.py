from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.security, deploy=True)
def badge_signing_key_set(**kwargs: Any) -> list[CheckMessage]:
    if settings.BADGE_SIGNING_KEY:
        return []
    return [
        Warning(
            "BADGE_SIGNING_KEY is not set: learners cannot download their Open Badges.",
            hint="Set it to a base64 Ed25519 seed (32 random bytes) or a PEM private key.",
            id="certificates.W001",
        )
    ]
