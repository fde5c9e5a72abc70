"""A cheap guard against guessing codes on the public verification page.

Codes carry 60 random bits (codes.py), so guessing is hopeless at any realistic rate; this limit
makes it hopeless at any rate a single address can reach, and makes a scan visible as 429s.
Only misses count: an employer checking many genuine certificates is never slowed down. The
counter is in the shared cache (lib/ratelimit.py), so every server process counts together.
"""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from frontline.lib.clientip import client_ip, rate_key
from frontline.lib.ratelimit import Limit, too_many_requests

MISSES = Limit("certificates.verify-misses", allowed=20, window=timedelta(hours=1))
MISSES_ALLOWED = MISSES.allowed


def refused(request: HttpRequest) -> HttpResponse | None:
    """The 429 page while this address is paused, else None."""
    wait = MISSES.wait(rate_key(client_ip(request)))
    if wait is None:
        return None
    return too_many_requests(
        request,
        title=_("Too many unknown codes"),
        message=_(
            "Your network has tried too many certificate codes that do not exist, so checking "
            "codes from it is paused. People on other networks can still check codes."
        ),
        wait=wait,
    )


def count_miss(request: HttpRequest) -> None:
    MISSES.hit(rate_key(client_ip(request)))
