"""Printable handouts: one PDF per unit with its objectives, key points and glossary."""

from __future__ import annotations

from pathlib import Path

from django.http import HttpRequest
from django.template.loader import render_to_string

from frontline.curriculum.models import GlossaryTerm, Unit

STYLESHEET = Path(__file__).parent / "static" / "curriculum" / "handout.css"


def unit_handout_pdf(unit: Unit, request: HttpRequest | None = None) -> bytes:
    # Imported here: WeasyPrint loads Pango at import, which only handouts need.
    from weasyprint import CSS, HTML

    lessons = list(unit.lessons.filter(retired=False))
    terms = GlossaryTerm.objects.filter(lessons__in=lessons).distinct()
    html = render_to_string(
        "curriculum/handout.html",
        {
            "unit": unit,
            "objectives": unit.objectives.all(),
            "lessons": lessons,
            "terms": terms,
            "session_rows": unit.session_rows.all(),
        },
        request=request,
    )
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))])
