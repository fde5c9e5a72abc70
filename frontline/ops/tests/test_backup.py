"""The backup commands' checks; the full round trip (PostgreSQL and SQLite, with demo data,
badges and the audit chain) is deploy/checks/backup_roundtrip.py, run by .ci/run."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from unittest import mock

from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from frontline.ops import backup
from frontline.test import BaseTestCase


class BackupTests(BaseTestCase):
    def setUp(self) -> None:
        self.dir = Path(tempfile.mkdtemp())
        media = self.dir / "media"
        (media / "a").mkdir(parents=True)
        (media / "a" / "f.txt").write_text("x")
        self.media = override_settings(MEDIA_ROOT=media)
        self.media.enable()
        self.addCleanup(self.media.disable)

    def _backup(self) -> Path:
        # The dump itself needs committed rows and a database file (pg_dump, SQLite's backup
        # API): deploy/checks/backup_roundtrip.py runs it for real; here it is a stand-in file.
        def dump(target: Path) -> Path:
            (target / "database.sqlite3").write_bytes(b"a database")
            return target / "database.sqlite3"

        with mock.patch.object(backup, "dump_database", dump):
            return backup.backup(self.dir / "backups")

    def test_manifest_has_checksums_counts_and_key_fingerprints_never_keys(self) -> None:
        made = self._backup()
        manifest = json.loads((made / "manifest.json").read_text())
        self.assertEqual(set(manifest["files"]), {"database.sqlite3", "media.tar.gz"})
        self.assertGreaterEqual(manifest["counts"]["users"], 9)
        self.assertGreater(manifest["counts"]["lessons"], 0)
        text = (made / "manifest.json").read_text()
        from django.conf import settings

        self.assertNotIn(settings.SECRET_KEY, text)
        self.assertEqual(len(manifest["keys"]["secret_key"]), 16)
        self.assertEqual(backup.read_manifest(made)["engine"], connection.vendor)
        self.assertEqual(backup.key_problems(manifest), [])

    def test_a_damaged_or_unfinished_backup_is_refused(self) -> None:
        made = self._backup()
        with (made / "database.sqlite3").open("ab") as f:
            f.write(b"!")
        with self.assertRaisesMessage(CommandError, "database.sqlite3 is missing or damaged"):
            call_command("restore", str(made))
        (made / "manifest.json").unlink()
        with self.assertRaisesMessage(CommandError, "no manifest.json"):
            call_command("restore", str(made))

    def test_other_keys_are_refused(self) -> None:
        made = self._backup()
        with (
            override_settings(SECRET_KEY="another-secret-key-" + "z" * 40),
            self.assertRaisesMessage(CommandError, "secret_key differs"),
        ):
            call_command("restore", str(made))

    def test_backup_of_another_engine_is_refused(self) -> None:
        made = self._backup()
        other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
        manifest = json.loads((made / "manifest.json").read_text())
        with self.assertRaisesMessage(backup.BackupError, f"of a {other} database"):
            backup.restore(made, {**manifest, "engine": other})
