from __future__ import annotations

import os
import tempfile
from pathlib import Path
from unittest import mock

from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase

from frontline.lib.env import envbool, envint, envlist, envsecret


class EnvTests(SimpleTestCase):
    def test_bool(self) -> None:
        with mock.patch.dict(os.environ, {"X": "yes", "Y": "0"}):
            self.assertTrue(envbool("X", False))
            self.assertFalse(envbool("Y", True))
            self.assertTrue(envbool("UNSET_NAME", True))
        with (
            mock.patch.dict(os.environ, {"X": "sometimes"}),
            self.assertRaises(ImproperlyConfigured),
        ):
            envbool("X", False)

    def test_int_and_list(self) -> None:
        with mock.patch.dict(os.environ, {"N": "12", "L": "a, b,,c"}):
            self.assertEqual(envint("N", 1), 12)
            self.assertEqual(envlist("L", []), ["a", "b", "c"])
        with mock.patch.dict(os.environ, {"N": "twelve"}), self.assertRaises(ImproperlyConfigured):
            envint("N", 1)

    def test_demo_secret_is_generated_once_and_kept(self) -> None:
        with tempfile.TemporaryDirectory() as tmp, mock.patch.dict(os.environ, {}, clear=True):
            keep = Path(tmp) / "var" / "secret_key"
            first = envsecret("SECRET_KEY", demo=True, keep_in=keep)
            self.assertGreaterEqual(len(first), 32)
            self.assertEqual(envsecret("SECRET_KEY", demo=True, keep_in=keep), first)
            self.assertEqual(keep.stat().st_mode & 0o777, 0o600)
