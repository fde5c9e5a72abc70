"""Database sessions whose idle window is written at most once a minute.

A session ends after SESSION_COOKIE_AGE seconds without a request: every request moves its
expiry forward (SESSION_SAVE_EVERY_REQUEST). Django's store writes the row for that on every
request, an UPDATE and its transaction per page view or saved answer, to move the window by a
few seconds. This store skips the write while the stored expiry is less than `REFRESH_AFTER`
behind where the request would move it. So a session ends at most that much *earlier* than a
strictly sliding window, never later; and changed session data (sign-in, second factor,
sign-out) is always written at once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.sessions.backends import db
from django.contrib.sessions.base_session import AbstractBaseSession

REFRESH_AFTER = timedelta(minutes=1)


class SessionStore(db.SessionStore):
    # The expiry of the database row as loaded or last written; None until then.
    _stored_expiry: datetime | None = None

    def _get_session_from_db(self) -> AbstractBaseSession | None:
        stored = super()._get_session_from_db()  # type: ignore[misc]  # not in django-stubs
        self._stored_expiry = stored.expire_date if stored is not None else None
        return stored

    def save(self, must_create: bool = False) -> None:
        if (
            not must_create
            and not self.modified
            and self._stored_expiry is not None
            and self._stored_expiry > self.get_expiry_date() - REFRESH_AFTER
        ):
            return
        super().save(must_create)
        self._stored_expiry = self.get_expiry_date()
