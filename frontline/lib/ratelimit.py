"""Rate limits kept in Django's shared cache, exact on any cache backend, and the page that
says "too many".

A `Limit` allows `allowed` events per key in a window that opens with the key's first event;
once they are used up the key is refused until the window closes, and `wait` says for how long.
Keys are hashed, so the cache never holds an address or a user name in clear.

Each event claims one of `allowed` numbered entries of its window with `cache.add`, which every
backend performs atomically (Redis's SET NX, the database cache's primary key, the memory
cache's lock), so two requests never count as one: Django's `incr` would, on the database cache
(the default, shared by all processes), where it is a read followed by a write. An event that
should not count after all (a sign-in that turned out to be right) gives its entry back.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Limit:
    name: str
    allowed: int
    window: timedelta

    def hit(self, key: str) -> str | None:
        """Count one event for `key`. Returns the entry it claimed (for `give_back`), or None
        when the window's `allowed` events are used up: the event is refused, not counted."""
        base = self._base(key)
        now = time.time()
        opened = self._opened(base, now)
        ttl = max(1, math.ceil(opened / 1000 + self._seconds() - now))
        entries = self._entries(base, opened)
        taken = cache.get_many(entries)
        for entry in entries:
            if entry not in taken and cache.add(entry, 1, timeout=ttl):
                return entry
        return None

    def _opened(self, base: str, now: float) -> int:
        """When the current window of `base` opened (ms), opening one if there is none."""
        opened = cache.get(f"{base}:opened")
        if opened is None:
            opened = int(now * 1000)
            if cache.add(f"{base}:opened", opened, timeout=self._seconds()):
                return opened
            opened = cache.get(f"{base}:opened", opened)  # another request opened it
        span = self._seconds() * 1000
        if now * 1000 >= opened + span:
            # The window closed but its entry has not expired yet (expiry is kept to the
            # second): the next window opens where it ended, the same for every request.
            opened += span * int((now * 1000 - opened) // span)
            cache.set(f"{base}:opened", opened, timeout=self._seconds())
        return opened

    def give_back(self, entry: str) -> None:
        cache.delete(entry)

    def wait(self, key: str) -> timedelta | None:
        """How long `key` is still refused, or None when its next event would be counted."""
        base = self._base(key)
        opened = cache.get(f"{base}:opened")
        if opened is None:
            return None
        entries = self._entries(base, opened)
        if len(cache.get_many(entries)) < len(entries):
            return None
        left = opened / 1000 + self._seconds() - time.time()
        return timedelta(seconds=left) if left > 0 else None

    def clear(self, key: str) -> None:
        """Forget the window of `key`: its next event opens a new one."""
        cache.delete(f"{self._base(key)}:opened")

    def _entries(self, base: str, opened: int) -> list[str]:
        return [f"{base}:{opened}:{n}" for n in range(1, self.allowed + 1)]

    def _seconds(self) -> int:
        return math.ceil(self.window.total_seconds())

    def _base(self, key: str) -> str:
        digest = hashlib.sha256(f"{self.name}\x00{key}".encode()).hexdigest()[:40]
        return f"limit:{self.name}:{digest}"


def in_words(wait: timedelta) -> str:
    """A wait as people say it, rounded up to the minute: "15 minutes", "1 hour, 5 minutes"."""
    seconds = wait.total_seconds()
    if seconds < 60:
        return _("a few seconds")
    now = timezone.now()
    return timeuntil(now + timedelta(minutes=math.ceil(seconds / 60)), now)


def too_many_requests(
    request: HttpRequest,
    *,
    message: str,
    wait: timedelta | None,
    title: str = "",
    password_reset: bool = False,
) -> HttpResponse:
    """The site's 429 page: what was refused and why (`message`, naming the account or the
    address it is about), how long to wait, and, with `password_reset`, the way out for a
    person who has forgotten their password."""
    context = {
        "title": title or _("Too many attempts"),
        "message": message,
        "wait": in_words(wait) if wait else "",
        "password_reset": password_reset,
    }
    response = render(request, "429.html", context, status=429)
    if wait:
        response["Retry-After"] = str(math.ceil(wait.total_seconds()))
    return response
