"""BADGE_SIGNING_KEY: the forms it may take, and loud failures for anything else."""

from __future__ import annotations

import base64
import os
import tempfile
from pathlib import Path
from unittest import mock

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import SECP256R1, generate_private_key
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase

from frontline.lib.env import envsigningkey
from frontline.web.tests.test_settings import PRODUCTION, frontline

NAME = "BADGE_SIGNING_KEY_UNDER_TEST"


def read(value: str | None, *, demo: bool = False, keep_in: Path | None = None) -> bytes | None:
    environ = {NAME: value} if value is not None else {}
    with mock.patch.dict(os.environ, environ):
        if value is None:
            os.environ.pop(NAME, None)
        return envsigningkey(NAME, demo=demo, keep_in=keep_in or Path("/nonexistent/key"))


class SigningKeyTests(SimpleTestCase):
    def setUp(self) -> None:
        self.key = Ed25519PrivateKey.generate()
        self.seed = self.key.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )

    def test_base64_seed_in_either_alphabet(self) -> None:
        self.assertEqual(read(base64.b64encode(self.seed).decode()), self.seed)
        self.assertEqual(read(base64.urlsafe_b64encode(self.seed).decode().rstrip("=")), self.seed)

    def test_pem_private_key(self) -> None:
        pem = self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        self.assertEqual(read(pem), self.seed)
        # As some deployment tools pass it: on one line with literal \n.
        self.assertEqual(read(pem.replace("\n", "\\n")), self.seed)

    def test_bad_values_fail_loudly(self) -> None:
        ec_pem = (
            generate_private_key(SECP256R1())
            .private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            .decode()
        )
        bad = {
            "too short": base64.b64encode(self.seed[:16]).decode(),
            "too long": base64.b64encode(self.seed + b"x").decode(),
            "not base64": "this is not a key!",
            "broken PEM": "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
            "another kind of key": ec_pem,
        }
        for what, value in bad.items():
            with self.subTest(what=what), self.assertRaises(ImproperlyConfigured) as raised:
                read(value)
            self.assertIn(NAME, str(raised.exception))

    def test_missing_outside_demo_is_none(self) -> None:
        self.assertIsNone(read(None))
        self.assertIsNone(read("  "))

    def test_demo_generates_one_and_keeps_it(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            keep_in = Path(folder) / "var" / "badge_key"
            first = read(None, demo=True, keep_in=keep_in)
            self.assertIsNotNone(first)
            assert first is not None
            self.assertEqual(len(first), 32)
            self.assertEqual(keep_in.stat().st_mode & 0o777, 0o600)
            self.assertEqual(read(None, demo=True, keep_in=keep_in), first)
            # A key given in the environment wins over the kept one.
            self.assertEqual(
                read(base64.b64encode(self.seed).decode(), demo=True, keep_in=keep_in), self.seed
            )


class StartUpTests(SimpleTestCase):
    """Settings are read at start-up: these run `frontline check` in a child process."""

    def test_bad_key_stops_start_up(self) -> None:
        result = frontline("check", **{**PRODUCTION, "BADGE_SIGNING_KEY": "c2hvcnQ="})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("BADGE_SIGNING_KEY must decode to exactly 32 bytes", result.stderr)

    def test_deploy_check_warns_without_a_key(self) -> None:
        without = {k: v for k, v in PRODUCTION.items() if k != "BADGE_SIGNING_KEY"}
        result = frontline("check", "--deploy", "--fail-level", "WARNING", **without)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("certificates.W001", result.stderr)
