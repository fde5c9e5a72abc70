"""The licence check of `make test` (tools/check_licences.py): what counts as GPL-only."""

from __future__ import annotations

import importlib.util
from pathlib import Path

spec = importlib.util.spec_from_file_location(
    "check_licences", Path(__file__).parents[1] / "tools" / "check_licences.py"
)
assert spec and spec.loader
check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check)


def test_gpl_or_agpl_alone_fails() -> None:
    for text in ["GPL-3.0-only", "AGPL-3.0-or-later", "GNU General Public License v2 (GPLv2)",
                 "GNU Affero General Public License v3"]:  # fmt: skip
        assert check.gpl_only(check.offered_licences(text)), text


def test_lesser_gpl_permissive_and_choices_pass() -> None:
    pyphen = (
        "GNU General Public License v2 or later (GPLv2+); GNU Lesser General Public "
        "License v2 or later (LGPLv2+); Mozilla Public License 1.1 (MPL 1.1)"
    )
    for text in ["LGPL-3.0-only", "GNU Lesser General Public License v3 (LGPLv3)", "MIT",
                 "Apache-2.0 OR BSD-3-Clause", "MIT OR GPL-2.0-only", pyphen]:  # fmt: skip
        assert not check.gpl_only(check.offered_licences(text)), text
    assert not check.gpl_only([])


def test_runtime_packages_are_the_projects_dependencies_and_theirs() -> None:
    packages = {name.lower() for name in check.runtime_packages()}
    assert {"django", "psycopg", "weasyprint", "asgiref", "pyphen"} <= packages
    assert not packages & {"pytest", "ruff", "hypothesis", "import-linter", "playwright"}
