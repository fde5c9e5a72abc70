"""Mail backends for the tests: a server that is down, and one that comes back."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class DownBackend(BaseEmailBackend):
    """The mail server refuses the connection, as SMTP does when it is down."""

    def send_messages(self, email_messages: Sequence[Any]) -> int:
        raise ConnectionRefusedError(111, "Connection refused")


class FlakyBackend(LocmemBackend):
    """Down for the first `failures` messages, then delivers to `mail.outbox`."""

    failures = 0

    def send_messages(self, email_messages: Sequence[Any]) -> int:
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise TimeoutError("timed out")
        return super().send_messages(email_messages)
