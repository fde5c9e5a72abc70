"""Test-wide fixtures. The environment is set earlier, by frontline.pytest_plugin."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# The property-based tests (fuzzing of requests and content files) run the same inputs on every
# run and every machine: derandomised, no deadline (a busy CI machine must not fail them), no
# example database. FRONTLINE_FUZZ_SCALE=10 tries ten times as many (frontline.test).
hypothesis_settings.register_profile(
    "frontline",
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
hypothesis_settings.load_profile("frontline")


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hasher() -> Iterator[None]:
    # Argon2 is the production hasher; tests hash hundreds of passwords and need a cheap one.
    from django.conf import settings

    original = settings.PASSWORD_HASHERS
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    yield
    settings.PASSWORD_HASHERS = original


@pytest.fixture(autouse=True)
def _site_language() -> Iterator[None]:
    # A request through LocaleMiddleware leaves its language active in the thread; without this
    # a test that asked for a French page would turn the next test's messages French.
    from django.utils import translation

    yield
    translation.deactivate()


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


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """The content under content/ (curriculum, item bank, case exercises) is loaded once per
    session into the test database, before the first test that uses the database. Every
    TestCase runs in a transaction on top of it and rolls back to it, so no test class loads it
    again (that was half of the suite's time). A TransactionTestCase would empty the tables:
    the browser tests, the only ones that do, load what they need themselves."""
    from frontline.content import load_all
    from frontline.test import everything

    with django_db_blocker.unblock():
        load_all(everything())


# Every log record of the run, as production writes it (one JSON object a line), kept in a file
# that is scanned at the end for the personas' names and e-mail addresses: logs must carry no
# personal data (docs/architecture.md, "Logs, metrics and shared state"). A hit fails the run,
# naming the line.
_LOG_SCAN: dict[str, Any] = {}


def pytest_sessionstart(session: pytest.Session) -> None:
    import logging
    import os
    import tempfile

    from frontline.lib.logs import JsonFormatter

    fd, path = tempfile.mkstemp(prefix="frontline-test-log-", suffix=".jsonl")
    os.close(fd)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(JsonFormatter())
    logging.getLogger().addHandler(handler)
    _LOG_SCAN.update(path=path, handler=handler)


@pytest.fixture(autouse=True)
def _log_scan_attached() -> None:
    # Code that configures logging again (dictConfig) replaces the root's handlers: put the
    # scan's back before each test so no test's records escape it.
    import logging

    handler = _LOG_SCAN.get("handler")
    root = logging.getLogger()
    if handler is not None and handler not in root.handlers:
        root.addHandler(handler)
        _LOG_SCAN["reattached"] = _LOG_SCAN.get("reattached", 0) + 1


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    import logging
    import os

    from tests.log_scan import personal_data_in

    handler = _LOG_SCAN.get("handler")
    if handler is None:
        return
    logging.getLogger().removeHandler(handler)
    handler.close()
    with open(_LOG_SCAN["path"], encoding="utf-8") as log:
        lines = log.readlines()
    os.unlink(_LOG_SCAN["path"])
    hits = personal_data_in(lines)
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        # A pytest-xdist worker: its exit status does not reach the controller, which reports
        # what every worker found (pytest_testnodedown).
        workeroutput["log_scan"] = {"lines": len(lines), "hits": hits}
        return
    scanned = len(lines)
    for found in _LOG_SCAN.get("workers", []):
        scanned += found["lines"]
        hits.extend(found["hits"])
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(
            f"log scan: {scanned} log lines of the run, {len(hits)} with personal data "
            f"(handler put back {_LOG_SCAN.get('reattached', 0)} times)"
        )
        for hit in hits[:10]:
            reporter.write_line(f"  personal data in the log: {hit}", red=True)
    if hits:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    found = getattr(node, "workeroutput", {}).get("log_scan")
    if found is not None:
        _LOG_SCAN.setdefault("workers", []).append(found)
