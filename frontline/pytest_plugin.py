"""Loaded by pytest (`-p frontline.pytest_plugin`) before Django starts: the tests run the
production settings, with a test-only secret and plain-HTTP requests to the test server."""

from __future__ import annotations

import os

os.environ.setdefault("SECRET_KEY", "tests-only-" + "x" * 40)
os.environ.setdefault("FRONTLINE_DEMO", "0")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("STATIC_MANIFEST", "0")
