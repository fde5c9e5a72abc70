"""Property: no request, however malformed, gets a 5xx answer (on SQLite and on PostgreSQL).

Hypothesis draws a URL pattern of the site (every one, from the resolver, with real objects for
its arguments: `world.py`), a persona, GET or POST, and fields: the names of the inputs on that
page for that persona plus the names any Frontline form or view reads, with values that break
things: NUL characters, values far longer than any column, huge numbers, right-to-left and
astral-plane text, markup, dates that do not exist, broken CSV files. Every example runs in a
savepoint rolled back afterwards. The profile (conftest.py) is derandomised with a fixed number
of examples (300 on PostgreSQL, 100 on SQLite); FRONTLINE_FUZZ_SCALE=10 tries ten times as
many.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any
from unittest import mock

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client, override_settings
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django._impl import HypothesisTestCase

from frontline.certificates.tests.base import TEST_SEED
from frontline.test import BaseTestCase, fuzz_examples
from tests.test_every_url import row_for
from tests.world import PERSONAS, Route, World, patterns

# Names read by the views and forms (found in the templates, the forms and the views).
NAMES = [
    "choice", "next", "done", "code", "where", "unit", "text", "shared_language", "seconds",
    "scenario", "role", "region", "reason", "q", "present", "observed", "minor", "language",
    "kind", "group", "gender", "country", "check", "category", "title", "agency", "starts_on",
    "ends_on", "venue", "day_start", "day_end", "breaks", "min_attendance", "require_post_test",
    "required_scenarios", "first_name", "last_name", "email", "user", "role", "discipline",
    "units", "relevance", "improve", "type", "topic", "audience", "v", "page", "username",
    "password", "old_password", "new_password1", "new_password2", "otp_token", "file",
]  # fmt: skip
FILE_FIELDS = {"file"}
INPUT_NAME = re.compile(r'<(?:input|select|textarea)[^>]*\sname="([^"]+)"')

EVIL = [
    "\x00", "a\x00b", "x" * 201, "y" * 5000, "9" * 40, "-1", "0", "", " ", "\u202eevil",
    "\U0001d4b3\U0001f600", "<script>alert(1)</script>", "' OR 1=1 --", "%00", "../../etc/passwd",
    "2026-02-30", "1e309", "NaN", "true", "{}", "[]", "\r\n", "\ufeff", "=cmd|' /C calc'!A0",
]  # fmt: skip
text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=40)
plain_values = st.one_of(
    st.sampled_from(EVIL),
    text,
    st.builds(lambda c, n: c * n, st.sampled_from(["a", "é", "9"]), st.integers(100, 70_000)),
)
# One value in five has a NUL character somewhere (what PostgreSQL refuses in any text).
values = st.one_of(
    plain_values, plain_values, plain_values, plain_values,
    st.tuples(plain_values, st.floats(0, 1)).map(
        lambda vw: vw[0][: int(len(vw[0]) * vw[1])] + "\x00" + vw[0][int(len(vw[0]) * vw[1]) :]
    ),
)  # fmt: skip
CSV_HEADER = b"first_name,last_name,email,agency\n"
csv_files = st.one_of(
    st.binary(max_size=300),
    st.builds(lambda rows: CSV_HEADER + rows, st.binary(max_size=300)),
    st.builds(
        lambda cells: b"\xef\xbb\xbf" + CSV_HEADER
        + ",".join(cells).encode("utf-8", "replace") + b"\n",
        st.lists(values, min_size=1, max_size=5),
    ),
    st.just(CSV_HEADER + b"A,B,c@example.org," + b"x" * 140_000 + b"\n"),
    st.just(CSV_HEADER + b"Ann,Lee,ann@example.org,Valdoria Police\n" * 1200),
)  # fmt: skip


@dataclass
class Target:
    route: Route
    method: str
    persona: str


def targets() -> list[Target]:
    """Every pattern, for each persona the table lets through the sign-in (doors included)."""
    found = []
    for route in patterns():
        row = row_for(route)
        assert row is not None, route.route
        method, *cells = row.split()
        for persona, cell in zip(PERSONAS, cells, strict=True):
            if cell not in ("L", "A"):
                found.append(Target(route, method, persona))
    return found


TARGETS = targets()


@override_settings(BADGE_SIGNING_KEY=TEST_SEED, SITE_URL="https://frontline.example.org")
class NoServerErrorTests(HypothesisTestCase, BaseTestCase):
    """Each example runs in its own transaction (Hypothesis' Django test case), rolled back."""

    world: World
    clients: dict[str, Client]
    page_names: dict[tuple[str, str], list[str]]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.world = World({name: getattr(cls, name) for name in PERSONAS[1:]})
        # Signed in once, for the whole class: the sessions outlive each example's rollback.
        cls.clients = {"anonymous": Client()}
        for persona in PERSONAS[1:]:
            user = getattr(cls, persona)
            cls.clients[persona] = BaseTestCase.login(cls, user, client=Client())  # type: ignore[arg-type]
        cls.page_names = {}

    def client_for(self, persona: str) -> Client:
        return self.clients[persona]

    def names_on_page(self, client: Client, target: Target, url: str) -> list[str]:
        """The input names of the page for this persona (read once per page and persona)."""
        key = (target.route.route, target.persona)
        if key not in self.page_names:
            names: list[str] = []
            if target.method == "GET":
                response = self.send(client, "GET", url, {}, None, {})
                if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                    names = sorted(set(INPUT_NAME.findall(response.content.decode())))
            self.page_names[key] = [n for n in names if n != "csrfmiddlewaretoken"]
        return self.page_names[key]

    # PostgreSQL is where bad input used to fail (NUL, lengths, integer ranges): more there.
    @settings(max_examples=fuzz_examples(300 if connection.vendor == "postgresql" else 100))
    @given(data=st.data())
    def test_no_request_gets_a_server_error(self, data: Any) -> None:
        target = data.draw(st.sampled_from(TARGETS), label="target")
        method = data.draw(st.sampled_from([target.method, "GET", "POST"]), label="method")
        client = self.client_for(target.persona)
        url = self.world.url(target.route)
        on_page = self.names_on_page(client, target, url)
        names = st.sampled_from(NAMES)
        if on_page:  # the page's own inputs half of the time
            names = st.one_of(st.sampled_from(on_page), names)
        fields = data.draw(
            st.dictionaries(names, st.lists(values, min_size=1, max_size=3), max_size=6),
            label="fields",
        )
        if data.draw(st.booleans(), label="nul in the address"):
            url += "?q=%00" if "?" not in url else "&q=%00"
        extra = {"HTTP_HX_REQUEST": "true"} if data.draw(st.booleans(), label="htmx") else {}
        cache.clear()
        with mock.patch("weasyprint.HTML.write_pdf", return_value=b"%PDF-1.7 stub"):
            response = self.send(client, method, url, fields, data, extra)
        self.assertLess(response.status_code, 500, f"{method} {url} {fields!r}")

    def send(
        self, client: Client, method: str, url: str, fields: dict[str, list[str]], data: Any,
        extra: dict[str, str],
    ) -> Any:  # fmt: skip
        payload: dict[str, Any] = dict(fields)
        for name in FILE_FIELDS & set(payload):
            payload[name] = SimpleUploadedFile("list.csv", data.draw(csv_files, label="csv"))
        cookies = SimpleCookie(client.cookies)
        with transaction.atomic():
            if method == "GET":
                response = client.get(url, {k: v for k, v in payload.items() if k not in
                                            FILE_FIELDS}, **extra)  # fmt: skip
            else:
                response = client.post(url, payload, **extra)
            transaction.set_rollback(True)
        client.cookies = cookies
        return response
