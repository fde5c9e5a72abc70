"""The facilitator guide: trainer notes for every session of the units' session plans.

The notes live in `content/facilitator/<unit-id>.yaml`, one entry per session (`seq`), and are
stored with the session rows. `read_guides` checks that every session has complete notes;
`guide_pdf` prints one unit's guide. Who may read it is decided by the views
(`accounts.policy.READ_TRAINER_NOTES`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.template.loader import render_to_string

from frontline.curriculum.models import Unit
from frontline.lib.yamlfiles import Problem, read_yaml_list

if TYPE_CHECKING:
    from frontline.curriculum.content import UnitData

STYLESHEET = Path(__file__).parent / "static" / "curriculum" / "handout.css"
TEXTS = ("aim", "activity", "timing", "ngo")  # one paragraph each
LISTS = ("ask", "misconceptions")  # at least one entry each


def read_guides(root: Path, units: list[UnitData], problems: list[Problem]) -> None:
    """Attach each unit's notes to its session rows; every session needs complete notes."""
    for unit in units:
        f, entries = read_yaml_list(root, root / "facilitator" / f"{unit.key}.yaml", problems)
        rows = {row.seq: row for row in unit.session_plan}
        seen: set[int] = set()
        for n, entry in enumerate(entries):
            p = f"[{n}]."
            seq = f.number(entry, "seq", prefix=p)
            if seq is None:
                continue
            if seq not in rows:
                f.problem(entry, p + "seq", f"{unit.key} has no session {seq}")
                continue
            if seq in seen:
                f.problem(entry, p + "seq", f"session {seq} has notes twice")
            seen.add(seq)
            notes: dict[str, object] = {name: f.text(entry, name, prefix=p) for name in TEXTS}
            for name in LISTS:
                notes[name] = f.texts(entry, name, prefix=p)
            rows[seq].notes = notes
        for seq in sorted(set(rows) - seen):
            if entries:
                problems.append(
                    Problem(f.name, 1, f"seq {seq}", f"session {seq} of {unit.key} has no notes")
                )


def guide_pdf(unit: Unit, request: HttpRequest | None = None) -> bytes:
    # Imported here: WeasyPrint loads Pango at import, which only PDFs need.
    from weasyprint import CSS, HTML

    html = render_to_string(
        "curriculum/guide_pdf.html",
        {"unit": unit, "session_rows": unit.session_rows.all()},
        request=request,
    )
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))])
