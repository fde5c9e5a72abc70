from __future__ import annotations

from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.db import connection

from frontline.lib.analyze import analyze
from frontline.test import BaseTestCase


class AnalyzeTests(BaseTestCase):
    def test_planner_statistics_are_fresh_after_analyze(self) -> None:
        analyze()
        if connection.vendor != "postgresql":
            return  # PRAGMA optimize ran without error; SQLite keeps no row estimates to read
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'curriculum_lesson'")
            (estimate,) = cursor.fetchone()
        self.assertGreater(estimate, 0)  # -1 (never analysed) or 0 before

    def test_content_load_analyses_after_loading(self) -> None:
        with mock.patch("frontline.ops.management.commands.content.analyze") as analysed:
            call_command("content", "load", stdout=StringIO())
        analysed.assert_called_once_with()
