"""A cheap guard against guessing codes on the public verification page.

Codes carry 60 random bits (codes.py), so guessing is hopeless at any realistic rate; this limit
makes it hopeless at any rate a single address can reach, and makes a scan visible as 429s.
Only misses count: an employer checking many genuine certificates is never slowed down.

The counter lives in Django's cache. With the default per-process memory cache each server
process counts on its own, which still bounds a guesser; a shared cache (Redis, Memcached)
makes the limit exact across processes.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest

from frontline.audit.log import client_address

MISSES_ALLOWED = 20
WINDOW_SECONDS = 60 * 60


def _key(request: HttpRequest) -> str:
    # The address is hashed so the cache never holds it in clear.
    address = client_address(request) or "unknown"
    return "certificates:verify-misses:" + hashlib.sha256(address.encode()).hexdigest()[:32]


def blocked(request: HttpRequest) -> bool:
    return int(cache.get(_key(request), 0)) >= MISSES_ALLOWED


def count_miss(request: HttpRequest) -> None:
    key = _key(request)
    if not cache.add(key, 1, timeout=WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=WINDOW_SECONDS)
