"""Sessions end after the idle time; the row is rewritten at most once a minute to say so."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from frontline.accounts.sessions import REFRESH_AFTER, SessionStore
from frontline.test import BaseTestCase

IDLE = timedelta(seconds=settings.SESSION_COOKIE_AGE)


def session_writes(queries: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")
    ]


class IdleWindowTests(BaseTestCase):
    def setUp(self) -> None:
        self.login(self.learner)

    def set_expiry(self, when: object) -> None:
        Session.objects.update(expire_date=when)

    def stored_expiry(self) -> object:
        return Session.objects.get().expire_date

    def test_requests_within_a_minute_do_not_rewrite_the_session(self) -> None:
        fresh = timezone.now() + IDLE - REFRESH_AFTER / 2
        self.set_expiry(fresh)
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get("/accounts/").status_code, 200)
        self.assertEqual(session_writes(queries), [])
        self.assertEqual(self.stored_expiry(), fresh)

    def test_a_request_a_minute_or_more_later_slides_the_window(self) -> None:
        stale = timezone.now() + IDLE - REFRESH_AFTER - timedelta(seconds=5)
        self.set_expiry(stale)
        before = timezone.now()
        self.assertEqual(self.client.get("/accounts/").status_code, 200)
        self.assertGreaterEqual(self.stored_expiry(), before + IDLE)

    def test_idle_timeout_is_never_longer_than_configured(self) -> None:
        # Whatever the request, the row never expires later than the idle time from now.
        for _ in range(3):
            self.client.get("/accounts/")
            self.assertLessEqual(self.stored_expiry(), timezone.now() + IDLE)

    def test_session_idle_past_its_expiry_is_ended_even_if_recently_written(self) -> None:
        self.client.get("/accounts/")
        self.set_expiry(timezone.now() - timedelta(seconds=1))
        r = self.client.get("/accounts/")
        self.assertRedirects(r, "/accounts/login/?next=/accounts/")

    def test_changed_session_data_is_written_at_once(self) -> None:
        fresh = timezone.now() + IDLE - REFRESH_AFTER / 2
        self.set_expiry(fresh)
        self.client.post("/accounts/logout/")
        self.assertFalse(Session.objects.exists())


class StoreTests(BaseTestCase):
    def test_modified_data_is_saved_even_when_the_expiry_is_fresh(self) -> None:
        store = SessionStore()
        store["a"] = 1
        store.create()
        loaded = SessionStore(store.session_key)
        self.assertEqual(loaded["a"], 1)
        loaded["a"] = 2
        loaded.save()
        self.assertEqual(SessionStore(store.session_key)["a"], 2)

    def test_unmodified_fresh_session_is_not_written(self) -> None:
        store = SessionStore()
        store["a"] = 1
        store.create()
        loaded = SessionStore(store.session_key)
        self.assertEqual(loaded["a"], 1)
        with self.assertNumQueries(0):
            loaded.save()

    def test_unmodified_session_not_yet_loaded_is_saved_as_django_would(self) -> None:
        store = SessionStore()
        store["a"] = 1
        store.create()
        Session.objects.update(expire_date=timezone.now() + timedelta(minutes=2))
        SessionStore(store.session_key).save()
        self.assertGreater(
            Session.objects.get().expire_date, timezone.now() + IDLE - timedelta(seconds=5)
        )
