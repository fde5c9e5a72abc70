"""Settings are read once at start-up, so these run the `frontline` command in a child process."""

from __future__ import annotations

import os
import subprocess
import sys

from django.test import SimpleTestCase

PRODUCTION = {
    "SECRET_KEY": "a-production-like-secret-that-is-long-enough-0123456789",
    "ALLOWED_HOSTS": "frontline.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
    "BADGE_SIGNING_KEY": "dGVzdHMtb25seS1lZDI1NTE5LXNlZWQtMzItYnl0ZXM=",
}


def frontline(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # Start from an empty environment: only what a deployment would set.
    clean = {"PATH": os.environ.get("PATH", ""), **env}
    return subprocess.run(
        [sys.executable, "-m", "frontline", *args],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


class SettingsTests(SimpleTestCase):
    def test_deploy_check_passes_with_production_settings(self) -> None:
        result = frontline("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_secret_key_required_outside_demo(self) -> None:
        result = frontline("check", ALLOWED_HOSTS="x", DATABASE_URL="sqlite:///:memory:")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY is required outside demo mode", result.stderr)

    def test_bad_boolean_fails_loudly(self) -> None:
        result = frontline("check", **PRODUCTION, DEBUG="maybe")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn(
            "DEBUG must be one of 1/0, true/false, yes/no, on/off; got 'maybe'", result.stderr
        )

    def test_short_secret_is_refused(self) -> None:
        result = frontline("check", **{**PRODUCTION, "SECRET_KEY": "short"})
        self.assertIn("SECRET_KEY must be at least 32 characters", result.stderr)
