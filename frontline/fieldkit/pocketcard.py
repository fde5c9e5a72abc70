"""The A6 pocket card (PDF, WeasyPrint): key indicators, first actions, contacts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from frontline.fieldkit.models import DirectoryEntry

STYLESHEET = Path(__file__).parent / "static" / "fieldkit" / "pocket-card.css"


def pocket_card_pdf(
    *,
    entries: list[DirectoryEntry],
    actions: list[dict[str, Any]],
    indicators: list[Any],
    statement: str,
) -> bytes:
    # Imported here: WeasyPrint loads Pango at import, which only the PDFs need.
    from weasyprint import CSS, HTML

    html = render_to_string(
        "fieldkit/pocket_card.html",
        {"entries": entries, "actions": actions, "indicators": indicators, "statement": statement},
    )
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))])
