"""What counts as personal data in a log line: the personas' names and e-mail addresses."""

from __future__ import annotations

from frontline.accounts.personas import PERSONAS


def needles() -> list[str]:
    found = []
    for spec in PERSONAS:
        found += [
            f"{spec.username}@example.org",
            spec.last_name,
            f"{spec.first_name} {spec.last_name}",
        ]
    return found


def personal_data_in(lines: list[str]) -> list[str]:
    """Each line holding a persona's surname, full name or e-mail address, with what it holds."""
    words = needles()
    hits = []
    for number, line in enumerate(lines, 1):
        held = [w for w in words if w.lower() in line.lower()]
        if held:
            hits.append(f"line {number}: {', '.join(held)}: {line.strip()[:200]}")
    return hits
