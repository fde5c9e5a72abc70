"""A content folder for the field-kit tests: the small fixture catalogue, phrases, cards and
directory, with the real screening rules and smuggling criteria."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.test import override_settings

from frontline.fieldkit.directory import import_csv
from frontline.test import BaseTestCase

FIXTURE = Path(__file__).parent / "fixture"


def fixture_root() -> Path:
    root = Path(tempfile.mkdtemp()) / "content"
    shutil.copytree(FIXTURE, root)
    for name in ("screening.yaml", "smuggling.yaml"):
        shutil.copy(settings.CONTENT_DIR / "fieldkit" / name, root / "fieldkit" / name)
    return root


class FieldTestCase(BaseTestCase):
    root: Path

    @classmethod
    def setUpClass(cls) -> None:
        cls.root = fixture_root()
        cls._settings = override_settings(CONTENT_DIR=cls.root)
        cls._settings.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        cls._settings.disable()
        shutil.rmtree(cls.root.parent, ignore_errors=True)

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        import_csv(
            (cls.root / "fieldkit" / "directory-demo.csv").read_text(),
            name="directory-demo.csv",
            acting_user=None,
        )
