from __future__ import annotations

from types import SimpleNamespace
from unittest import mock

from django.test import SimpleTestCase

from frontline.curriculum.models import Lesson
from frontline.lib import replica
from frontline.lib.replica import ReplicaRouter, reporting
from frontline.test import BaseTestCase

DEFAULT = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
WITH_REPLICA = {"default": DEFAULT, "replica": DEFAULT}


class RouterTests(SimpleTestCase):
    router = ReplicaRouter()

    @mock.patch.object(replica, "settings", SimpleNamespace(DATABASES=WITH_REPLICA))
    def test_reads_inside_reporting_go_to_the_replica_writes_never(self) -> None:
        self.assertIsNone(self.router.db_for_read(Lesson))
        with reporting():
            self.assertEqual(self.router.db_for_read(Lesson), "replica")
            self.assertEqual(self.router.db_for_write(Lesson), "default")
        self.assertIsNone(self.router.db_for_read(Lesson))

    @mock.patch.object(replica, "settings", SimpleNamespace(DATABASES={"default": DEFAULT}))
    def test_without_a_replica_everything_stays_on_default(self) -> None:
        with reporting():
            self.assertIsNone(self.router.db_for_read(Lesson))

    def test_the_replica_is_never_migrated(self) -> None:
        self.assertFalse(self.router.allow_migrate("replica", "curriculum"))
        self.assertTrue(self.router.allow_migrate("default", "curriculum"))


class StatisticsPagesTests(BaseTestCase):
    def test_the_statistics_pages_read_inside_reporting_the_gain_export_does_not(self) -> None:
        seen: dict[str, bool] = {}

        def spy(name: str):  # type: ignore[no-untyped-def]
            def view(*args, **kwargs):  # type: ignore[no-untyped-def]
                from django.http import HttpResponse

                seen[name] = replica._reporting.get()
                return HttpResponse("")

            return view

        self.login(self.coordinator)
        with (
            mock.patch("frontline.assessment.stats_views.overview", spy("overview")),
            mock.patch("frontline.assessment.stats_views.gain_csv", spy("gain")),
        ):
            self.client.get("/assessment/statistics/")
            self.client.get("/assessment/gain.csv")
        self.assertEqual(seen, {"overview": True, "gain": False})
