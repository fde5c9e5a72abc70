"""The printable agenda, rendered with WeasyPrint like the unit handouts."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string

from frontline.courses.agenda import Agenda
from frontline.courses.models import CourseOffering

STYLESHEET = Path(__file__).parent / "static" / "courses" / "agenda-print.css"


def agenda_pdf(offering: CourseOffering, plan: Agenda) -> bytes:
    # Imported here: WeasyPrint loads Pango at import, which only the PDFs need.
    from weasyprint import CSS, HTML

    team = offering.team.select_related("user")
    html = render_to_string(
        "courses/agenda_print.html", {"offering": offering, "agenda": plan, "team": team}
    )
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))])
