"""pylti1p3's tool configuration, made from the active `Platform` rows."""

from __future__ import annotations

from typing import Any

from pylti1p3.tool_config import ToolConfDict

from frontline.lti import keys
from frontline.lti.models import Platform


def tool_conf() -> ToolConfDict:
    by_issuer: dict[str, Any] = {}
    platforms = list(Platform.objects.filter(active=True))
    for p in platforms:
        by_issuer.setdefault(p.issuer, []).append(
            {
                "default": len(by_issuer[p.issuer]) == 0,
                "client_id": p.client_id,
                "auth_login_url": p.auth_login_url,
                "auth_token_url": p.auth_token_url,
                "key_set_url": p.key_set_url or None,
                "key_set": p.key_set,
                "deployment_ids": list(p.deployment_ids),
            }
        )
    conf = ToolConfDict(by_issuer)
    for p in platforms:
        conf.set_private_key(p.issuer, p.private_key, client_id=p.client_id)
        conf.set_public_key(p.issuer, keys.public_pem(p.private_key), client_id=p.client_id)
    return conf
