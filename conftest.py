"""Test-wide fixtures. The environment is set earlier, by frontline.pytest_plugin."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hasher() -> Iterator[None]:
    # Argon2 is the production hasher; tests hash hundreds of passwords and need a cheap one.
    from django.conf import settings

    original = settings.PASSWORD_HASHERS
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    yield
    settings.PASSWORD_HASHERS = original


@pytest.fixture(autouse=True, scope="session")
def _audit_log_flushable() -> Iterator[None]:
    # After a transactional test (live server, concurrent writers) Django empties every table:
    # TRUNCATE on PostgreSQL, DELETE on SQLite, both refused by the audit log's triggers. Lift
    # the triggers for that flush, and only for it.
    from contextlib import ExitStack

    from django.db import connections
    from django.test import TransactionTestCase

    from frontline.audit.testing import append_only_lifted

    original = TransactionTestCase._fixture_teardown

    def teardown(self: TransactionTestCase) -> None:
        with ExitStack() as stack:
            for alias in self._databases_names(include_mirrors=False):  # type: ignore[attr-defined]
                stack.enter_context(append_only_lifted(connections[alias]))
            original(self)

    TransactionTestCase._fixture_teardown = teardown  # type: ignore[method-assign]
    yield
    TransactionTestCase._fixture_teardown = original  # type: ignore[method-assign]
