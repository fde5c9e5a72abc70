"""The address a request comes from: the one answer for sign-in throttling (django-axes calls it
through AXES_CLIENT_IP_CALLABLE), the rate limits and the audit log.

With `TRUSTED_PROXY_COUNT = 0` (the default) that is REMOTE_ADDR: an X-Forwarded-For header is
whatever the client chose to write. Behind N reverse proxies, each of which appends the address
it received the request from to X-Forwarded-For, the client is the N-th entry from the right:
everything left of it was written by the client and is ignored. A header with fewer entries than
that did not come through every proxy, so REMOTE_ADDR is used (as werkzeug's ProxyFix does);
so is anything that is not a plain IP address.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    hops: int = settings.TRUSTED_PROXY_COUNT
    if hops <= 0:
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [entry for entry in forwarded if entry]
    if len(forwarded) < hops:
        return remote
    return _address(forwarded[-hops]) or remote


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def rate_key(address: str | None) -> str:
    """What per-address limits count by: the address, or for IPv6 its /64 network (one
    subscriber commonly holds a whole /64, so counting single addresses would not limit them)."""
    if address is None:
        return "unknown"
    ip = ipaddress.ip_address(address)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)
