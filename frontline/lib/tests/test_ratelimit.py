from __future__ import annotations

import time
from datetime import timedelta
from unittest import mock

from django.core.cache import cache
from django.test import RequestFactory, TestCase

from frontline.lib.ratelimit import Limit, in_words, too_many_requests

LIMIT = Limit("tests.limit", allowed=3, window=timedelta(minutes=10))


class LimitTests(TestCase):
    """On the database cache the settings configure, inside the test's transaction."""

    def test_counts_exactly_up_to_the_limit_then_refuses(self) -> None:
        entries = []
        for _ in range(3):
            self.assertIsNone(LIMIT.wait("a"))
            entries.append(LIMIT.hit("a"))
        self.assertEqual(len(set(entries)), 3)
        self.assertIsNone(LIMIT.hit("a"))
        wait = LIMIT.wait("a")
        assert wait is not None
        self.assertGreater(wait, timedelta(minutes=9))
        self.assertLessEqual(wait, timedelta(minutes=10))

    def test_keys_are_counted_apart(self) -> None:
        for _ in range(3):
            LIMIT.hit("a")
        self.assertIsNotNone(LIMIT.hit("b"))
        self.assertIsNone(Limit("tests.other", 3, timedelta(minutes=10)).wait("a"))

    def test_a_given_back_entry_can_be_claimed_again(self) -> None:
        _, second, _ = (LIMIT.hit("a") for _ in range(3))
        assert second is not None
        LIMIT.give_back(second)
        self.assertIsNone(LIMIT.wait("a"))
        self.assertEqual(LIMIT.hit("a"), second)
        self.assertIsNotNone(LIMIT.wait("a"))

    def test_entries_already_taken_are_never_claimed_twice(self) -> None:
        # As if other processes claimed entries between this one's look and its claim: the
        # look sees nothing taken, and cache.add refuses what is.
        first = LIMIT.hit("a")
        real = cache.get_many

        def sees_nothing(keys: list[str], version: int | None = None) -> dict[str, object]:
            return {} if len(keys) > 1 else real(keys, version)

        with mock.patch.object(cache, "get_many", sees_nothing):
            claimed = [LIMIT.hit("a") for _ in range(3)]
        self.assertEqual(len({first, *claimed[:2]}), 3)
        self.assertIsNone(claimed[2])

    def test_the_window_closes(self) -> None:
        for _ in range(4):
            LIMIT.hit("a")
        later = time.time() + 10 * 60 + 1
        with mock.patch("frontline.lib.ratelimit.time.time", return_value=later):
            self.assertIsNone(LIMIT.wait("a"))
            self.assertIsNotNone(LIMIT.hit("a"))
            self.assertIsNone(LIMIT.wait("a"))

    def test_clear(self) -> None:
        for _ in range(4):
            LIMIT.hit("a")
        LIMIT.clear("a")
        self.assertIsNone(LIMIT.wait("a"))
        self.assertIsNotNone(LIMIT.hit("a"))

    def test_the_cache_holds_no_key_in_clear(self) -> None:
        LIMIT.hit("192.0.2.1")
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT cache_key FROM frontline_cache")
            keys = [row[0] for row in cursor.fetchall()]
        self.assertTrue(keys)
        self.assertFalse([k for k in keys if "192.0.2.1" in k])


class WordsTests(TestCase):
    def test_durations_in_words(self) -> None:
        self.assertEqual(in_words(timedelta(seconds=3)), "a few seconds")
        self.assertEqual(in_words(timedelta(minutes=14, seconds=1)), "15\xa0minutes")
        self.assertEqual(in_words(timedelta(minutes=15)), "15\xa0minutes")
        self.assertEqual(in_words(timedelta(minutes=65)), "1\xa0hour, 5\xa0minutes")

    def test_429_page(self) -> None:
        request = RequestFactory().get("/")
        r = too_many_requests(request, message="Slow down.", wait=timedelta(minutes=3))
        self.assertEqual(r.status_code, 429)
        self.assertEqual(r["Retry-After"], "180")
        self.assertIn("Try again in 3\xa0minutes.", r.content.decode())
