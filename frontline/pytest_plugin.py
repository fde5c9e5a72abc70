"""Loaded by pytest (`-p frontline.pytest_plugin`) before Django starts: the tests run the
production settings, with a test-only secret, plain-HTTP requests to the test server and
tasks run in the process."""

from __future__ import annotations

import os

os.environ.setdefault("SECRET_KEY", "tests-only-" + "x" * 40)
os.environ.setdefault("FRONTLINE_DEMO", "0")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("STATIC_MANIFEST", "0")
# Tasks run at once, after the commit that asked for them (tests choose the database backend
# where they test the queue itself).
os.environ.setdefault("TASKS_BACKEND", "immediate")
