"""Fail when a runtime dependency is licensed under the GPL or AGPL only.

Runtime = the project's own `dependencies` and theirs, recursively (markers evaluated for this
Python; extras such as `dev` left out). Licences are read by pip-licenses (`--from=all`: the
licence expression, the licence field and the classifiers); a package passes when at least one
of the licences it offers is not GPL/AGPL (LGPL is fine, and so is a choice such as
"MIT OR GPL-2.0"). Prints every runtime package with its licence.

    python tools/check_licences.py        # exit 1 and the offenders when there are any
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, distribution

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

PROJECT = "frontline"
# A strong-copyleft GNU licence, but not the Lesser one.
GPL = re.compile(r"\b(A?GPL|(GNU )?(Affero )?General Public Licen[cs]e)\b", re.IGNORECASE)
LESSER = re.compile(r"\b(LGPL|Lesser|Library)\b", re.IGNORECASE)


def runtime_packages(project: str = PROJECT) -> list[str]:
    """The distributions `project` needs at run time, its own dependencies and theirs."""
    seen: dict[str, str] = {}
    todo = [project]
    while todo:
        name = todo.pop()
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            continue  # an optional dependency not installed is not shipped either
        for line in dist.requires or []:
            requirement = Requirement(line)
            if requirement.marker and not requirement.marker.evaluate({"extra": ""}):
                continue
            key = canonicalize_name(requirement.name)
            if key not in seen:
                seen[key] = requirement.name
                todo.append(requirement.name)
    return sorted(seen.values(), key=str.lower)


def offered_licences(text: str) -> list[str]:
    """The alternatives a licence string offers ("MIT OR GPL-2.0" -> two; "A; B" -> two)."""
    parts = re.split(r"\s+OR\s+|;\s*|\s+or\s+|/(?=\s*[A-Z])", text)
    return [p.strip(" ()") for p in parts if p.strip(" ()")]


def gpl_only(licences: list[str]) -> bool:
    """True when every licence offered is the GPL or AGPL (not the LGPL)."""
    if not licences:
        return False
    return all(GPL.search(name) and not LESSER.search(name) for name in licences)


def main() -> int:
    packages = runtime_packages()
    command = [sys.executable, "-m", "piplicenses", "--from=all", "--format=json", "--packages"]
    out = subprocess.run(  # noqa: S603 - our own interpreter, names from installed metadata
        [*command, *packages],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    offenders = []
    for row in sorted(json.loads(out), key=lambda r: r["Name"].lower()):
        texts = [row.get("License-Expression", ""), row.get("License-Metadata", "")]
        texts += (row.get("License-Classifier") or "").split(";")
        licences = [
            name for text in texts if text and text != "UNKNOWN" for name in offered_licences(text)
        ]
        known = [t for t in [*texts[:2], row.get("License-Classifier", "")] if t != "UNKNOWN"]
        shown = next((t for t in known if t), "?")
        print(f"  {row['Name']:<28} {row['Version']:<12} {shown[:70]}")
        if gpl_only(licences):
            offenders.append(row["Name"])
    print(f"{len(packages)} runtime packages")
    if offenders:
        print("GPL- or AGPL-only runtime dependencies: " + ", ".join(offenders), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
