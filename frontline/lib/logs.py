"""Structured logs: one JSON object a line, each with the id of the request it belongs to.

What goes in is chosen so no personal data can: the request line is logged with the URL
*pattern* (`/courses/<int:pk>/`), never the path, query string, body, user name or address
(frontline/web/middleware.py). A message's arguments are formatted into `msg`, so loggers
elsewhere must keep names and free text out of their messages too (tests/test_logs.py checks a
walk of the site for the personas' names, e-mail addresses and phone numbers).
"""

from __future__ import annotations

import json
import logging
import re
from contextvars import ContextVar
from datetime import UTC, datetime

request_id: ContextVar[str] = ContextVar("frontline_request_id", default="")

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}
_PLAIN = (str, int, float, bool, type(None))


def safe_request_id(value: str | None) -> str | None:
    """An id sent by the proxy (X-Request-ID), if it is a plain token; otherwise None."""
    return value if value and _SAFE_ID.match(value) else None


class JsonFormatter(logging.Formatter):
    """`{"time", "level", "logger", "msg", "request_id", ...extra}` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        rid = request_id.get()
        if rid:
            entry["request_id"] = rid
        for key, value in record.__dict__.items():
            # Plain values only: an object's text (Django adds the request) can hold anything.
            if key not in _STANDARD and not key.startswith("_") and isinstance(value, _PLAIN):
                entry[key] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class WithoutPath(logging.Filter):
    """Django logs each 4xx and 5xx as "Not Found: /the/path": keep the words, drop the path
    (it can hold a token, a code or whatever someone typed). The request line
    (frontline.request) already says which URL pattern and status."""

    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            record.msg = record.getMessage().split(":", 1)[0]
            record.args = ()
        return True
