"""What signing in costs with its throttling: SQL queries and CPU milliseconds per request,
in-process, with the production password hasher (Argon2).

1. Creates a scratch test database (SQLite in memory, or FRONTLINE_BENCH_DATABASE_URL with
   "test_" put before its name, dropped afterwards) with the personas.
2. Sends each kind of request through the full stack with Django's test client, after a
   warm-up, and prints queries and CPU ms per request (CPU of this process: app and, for
   SQLite, the database; PostgreSQL's own work is not included).

Usage: python bench/sign_in_cost.py [--requests 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-real-secret-0123456789abcdef")
os.environ.setdefault("FRONTLINE_DEMO", "0")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("STATIC_MANIFEST", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ["DATABASE_URL"] = os.environ.get("FRONTLINE_BENCH_DATABASE_URL", "sqlite:///:memory:")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontline.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

PASSWORD = "bench password that is long enough"


def measure(name: str, send: Callable[[int], int], expect: int, n: int) -> None:
    for i in range(3):
        send(-1 - i)  # warm-up
    cpu, queries = [], []
    for i in range(n):
        with CaptureQueriesContext(connection) as captured:
            start = time.process_time()
            status = send(i)
            cpu.append((time.process_time() - start) * 1000)
        assert status == expect, (name, status)
        queries.append(len(captured.captured_queries))
    print(
        f"{name:<44} {statistics.median(queries):>5.0f} queries  "
        f"{statistics.median(cpu):>7.1f} ms CPU (median of {n})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=20)
    n = parser.parse_args().requests
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        from django.core.cache import cache
        from django.utils import timezone
        from django_otp.oath import TOTP
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from frontline.accounts.models import User
        from frontline.accounts.personas import create_personas

        users = create_personas(PASSWORD)
        for i in range(n + 10):
            User.objects.create_user(f"bench{i}", password=PASSWORD)

        def sign_in(username: str, password: str, address: str) -> int:
            client = Client(REMOTE_ADDR=address)
            data = {"username": username, "password": password}
            return client.post("/accounts/login/", data).status_code

        measure("sign-in, right password", lambda i: sign_in(f"bench{i + 3}", PASSWORD,
                "192.0.2.1"), 302, n)  # fmt: skip
        measure("sign-in, wrong password (known account)", lambda i: sign_in(
            f"bench{i + 3}", "wrong", "192.0.2.1"), 200, n)  # fmt: skip
        cache.clear()
        measure("sign-in, unknown user name", lambda i: sign_in(
            f"nobody{i}", "wrong", "192.0.2.2"), 200, n)  # fmt: skip
        for _ in range(5):
            sign_in("trainer", "wrong", "192.0.2.3")
        measure("sign-in refused: paused at this address", lambda i: sign_in(
            "trainer", PASSWORD, "192.0.2.3"), 429, n)  # fmt: skip

        analyst = users["analyst"]
        device = TOTPDevice.objects.create(user=analyst, name="bench", confirmed=True)

        def unverified() -> Client:
            client = Client()
            client.force_login(analyst)
            return client

        clients = {i: unverified() for i in range(-3, n)}  # signed in outside the measure

        def code(i: int) -> int:
            TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
            token = TOTP(device.bin_key, device.step, device.t0, device.digits, 0).token()
            return (
                clients[i].post("/accounts/second-factor/", {"token": f"{token:06d}"}).status_code
            )

        measure("second factor, right code", code, 302, n)
        throttled = unverified()
        TOTPDevice.objects.filter(pk=device.pk).update(
            throttling_failure_count=20, throttling_failure_timestamp=timezone.now()
        )
        measure("second factor, refused while throttled", lambda i: throttled.post(
            "/accounts/second-factor/", {"token": "000000"}).status_code, 429, n)  # fmt: skip
        if os.environ.get("SHOW_QUERIES"):
            with CaptureQueriesContext(connection) as captured:
                sign_in("bench5", PASSWORD, "192.0.2.9")
            for query in captured.captured_queries:
                print("   ", query["sql"][:150])
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
