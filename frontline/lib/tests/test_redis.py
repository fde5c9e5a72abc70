"""With REDIS_URL set, the cache, the rate limits and the sessions live in Redis.

These tests need a Redis server (CI has one on 127.0.0.1:6379; FRONTLINE_TEST_REDIS_URL names
another). Without one they fail: they are not skipped, so a missing service cannot pass unseen.
"""

from __future__ import annotations

import os
import secrets
import threading
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.core.cache import caches
from django.test import override_settings

from frontline.lib.ratelimit import Limit
from frontline.test import BaseTestCase

REDIS_URL = os.environ.get("FRONTLINE_TEST_REDIS_URL", "redis://127.0.0.1:6379/8")
PREFIX = f"frontline-test-{secrets.token_hex(4)}"  # this run's keys, apart from anyone else's
REDIS_CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": PREFIX,
    },
    "sessions": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": PREFIX + "-session",
    },
}


@override_settings(
    CACHES=REDIS_CACHES,
    SESSION_ENGINE="django.contrib.sessions.backends.cache",
    SESSION_CACHE_ALIAS="sessions",
)
class RedisTests(BaseTestCase):
    # No cache.clear(): on Redis it empties the whole database, others' keys too. This run's keys
    # carry their own prefix and expire (5 minutes at most, sessions when signed out).

    def test_the_cache_is_redis(self) -> None:
        cache = caches["default"]
        self.assertEqual(type(cache).__name__, "RedisCache")
        cache.set("k", 1, timeout=60)
        self.assertEqual(cache.get("k"), 1)

    def test_a_limit_counts_exactly_with_concurrent_hits(self) -> None:
        limit = Limit("tests.redis", allowed=10, window=timedelta(minutes=1))
        claimed: list[str | None] = []

        def hit() -> None:
            claimed.append(limit.hit("someone"))

        threads = [threading.Thread(target=hit) for _ in range(25)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        granted = [c for c in claimed if c]
        self.assertEqual(len(granted), 10)
        self.assertEqual(len(set(granted)), 10)
        self.assertIsNotNone(limit.wait("someone"))

    def test_signing_in_keeps_the_session_in_redis(self) -> None:
        self.login(self.learner)
        self.assertEqual(self.client.get("/accounts/").status_code, 200)
        key = self.client.cookies[settings.SESSION_COOKIE_NAME].value
        store = import_module(settings.SESSION_ENGINE).SessionStore(key)
        self.assertEqual(store.load().get("_auth_user_id"), str(self.learner.pk))
        self.assertTrue(caches["sessions"].has_key(store.cache_key))
        self.client.post("/accounts/logout/")
        self.assertFalse(caches["sessions"].has_key(store.cache_key))

    def test_readyz_checks_redis(self) -> None:
        self.assertEqual(self.client.get("/readyz").json()["cache"], "ok")
        with override_settings(CACHES={**REDIS_CACHES, "default": {
            **REDIS_CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0"
        }}):  # fmt: skip
            r = self.client.get("/readyz")
        self.assertEqual((r.status_code, r.json()["cache"]), (503, "unreachable"))
