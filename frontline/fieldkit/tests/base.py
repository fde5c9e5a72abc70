"""A content folder for the field-kit tests: the small fixture catalogue, phrases, cards and
directory, with the real screening rules and smuggling criteria."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml
from django.conf import settings
from django.test import override_settings

from frontline.fieldkit.directory import import_csv
from frontline.test import BaseTestCase

FIXTURE = Path(__file__).parent / "fixture"


def fixture_root() -> Path:
    """The fixture with the real rules, plus what the rules point to: the indicators they name
    (appended after the fixture's own, which keep their lines) and the cards they link."""
    root = Path(tempfile.mkdtemp()) / "content"
    shutil.copytree(FIXTURE, root)
    real = settings.CONTENT_DIR / "fieldkit"
    for name in ("screening.yaml", "smuggling.yaml"):
        shutil.copy(real / name, root / "fieldkit" / name)
    rules = yaml.safe_load((real / "screening.yaml").read_text(encoding="utf-8"))
    named = {d["id"] for d in rules["decisive"]}
    named |= {e["indicator"] for q in rules["key_questions"] for e in q["effects"].values()
              if "indicator" in e}  # fmt: skip
    named |= {i for a in rules["actions"] for w in a["when"] for i in w.get("observed", [])}
    path = root / "fieldkit" / "indicators.yaml"
    own = {d["id"] for d in yaml.safe_load(path.read_text(encoding="utf-8"))}
    extra = [d for d in yaml.safe_load((real / "indicators.yaml").read_text(encoding="utf-8"))
             if d["id"] in named - own]  # fmt: skip
    with path.open("a", encoding="utf-8") as f:
        f.write("\n" + yaml.safe_dump(extra, allow_unicode=True, sort_keys=False))
    for card in (real / "cards").glob("*.md"):
        if not (root / "fieldkit" / "cards" / card.name).exists():
            shutil.copy(card, root / "fieldkit" / "cards" / card.name)
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
