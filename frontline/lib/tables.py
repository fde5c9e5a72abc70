"""A table of figures leaves the site as CSV or as a spreadsheet (XLSX), written once.

    return tables.download(table, "frontline-course-12-results", "xlsx")

Text cells never run as formulas: in CSV a leading =, +, -, @, tab or return gets an
apostrophe (what spreadsheets read as "text"); in XLSX every text cell is stored as a string,
whatever it starts with. Names in right-to-left scripts keep their own direction in the
spreadsheet (each cell's reading order follows its text), and the sheet itself runs right to
left when the page did.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.http import Http404, HttpResponse
from django.utils.translation import get_language_bidi
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Alignment, Font

Cell = str | int | float | None
FORMATS = ("csv", "xlsx")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[Sequence[Cell]] = field(default_factory=list)
    # Columns whose text is a figure ("62.5", "" when none): numbers in a spreadsheet.
    numeric: frozenset[int] = frozenset()


def csv_text(value: Cell) -> Cell:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def as_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.header)
    for row in table.rows:
        writer.writerow(["" if v is None else csv_text(v) for v in row])
    return out.getvalue().encode()


def as_xlsx(table: Table, *, right_to_left: bool = False) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = table.title[:31]  # the longest sheet name a spreadsheet allows
    sheet.sheet_view.rightToLeft = right_to_left
    sheet.append(table.header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_figure(v) if n in table.numeric else v for n, v in enumerate(row)])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = TYPE_STRING  # never a formula, even "=SUM(...)"
                cell.alignment = Alignment(readingOrder=0)  # the cell's own text decides
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _figure(value: Cell) -> Cell:
    if isinstance(value, str):
        try:
            return float(value) if value.strip() else None
        except ValueError:
            return value
    return value


def download(table: Table, stem: str, fmt: str) -> HttpResponse:
    """The table as an attachment named `stem`.`fmt`; 404 for a format not offered."""
    if fmt == "csv":
        response = HttpResponse(as_csv(table), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            as_xlsx(table, right_to_left=get_language_bidi()), content_type=XLSX
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response
