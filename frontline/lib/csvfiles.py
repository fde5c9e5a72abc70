"""Reading an uploaded or imported CSV file within limits, with a line number for every row.

Every CSV that Frontline reads (participant lists, the contact directory) comes through
`read_csv`: the file's size, its number of rows and the size of one value are bounded, a
byte-order mark (what spreadsheet programs write) is dropped, and what is wrong is returned as
problems naming the line, never raised. Values are not judged here beyond NUL characters; the
caller checks them against its model's fields (`lib.limits`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from frontline.lib.limits import NUL
from frontline.lib.yamlfiles import Problem

# The csv module's own limit on one value is per process (128 KB by default, and a longer value
# raises csv.Error). Every CSV goes through this module, so it sets the limit once, here.
MAX_FIELD_BYTES = 64 * 1024
csv.field_size_limit(MAX_FIELD_BYTES)


@dataclass(frozen=True)
class CsvRow:
    line: int  # as a spreadsheet numbers it: the header is line 1
    values: dict[str, str]


@dataclass
class CsvFile:
    rows: list[CsvRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_csv(
    data: bytes | str,
    *,
    name: str,
    columns: Sequence[str],
    max_bytes: int,
    max_rows: int,
    fold_header: bool = False,
    optional: Sequence[str] = (),
) -> CsvFile:
    """The rows of `data` with the given columns (others are ignored, missing ones refused)
    and the `optional` ones (empty when the file has no such column).

    Blank rows are skipped. With `fold_header`, header names are matched ignoring case and
    surrounding spaces. Problems name the file, the line and the column.
    """
    result = CsvFile()

    def problem(line: int, column: str, message: str) -> None:
        result.problems.append(Problem(name, line, column, message))

    size = len(data.encode("utf-8") if isinstance(data, str) else data)
    if size > max_bytes:
        problem(1, "(file)", _("The file is larger than %(kb)d KB.") % {"kb": max_bytes // 1024})
        return result
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            problem(1, "(file)", _("The file is not UTF-8 text; save it as CSV UTF-8."))
            return result
    else:
        text = data.removeprefix("\ufeff")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = list(reader.fieldnames or [])
        if fold_header:
            header = [h.strip().lower() for h in header]
            reader.fieldnames = header
        missing = [c for c in columns if c not in header]
        if missing:
            problem(1, "(header)", _("Missing column(s): %(columns)s.") % {
                "columns": ", ".join(missing)})  # fmt: skip
            return result
        for row in reader:
            line = reader.line_num
            values = {c: (row.get(c) or "").strip() for c in (*columns, *optional)}
            if not any(values.values()):
                continue
            if len(result.rows) >= max_rows:
                problem(line, "(file)", _("More than %(n)d rows.") % {"n": max_rows})
                break
            nul = [c for c, v in values.items() if NUL in v]
            for column in nul:
                problem(line, column, _("A NUL character is never valid."))
            if not nul:
                result.rows.append(CsvRow(line, values))
    except csv.Error as exc:
        # A value over MAX_FIELD_BYTES, or a quote left open: the rest cannot be read reliably.
        problem(reader.line_num + 1, "(file)", _("The file cannot be read as CSV: %(error)s.") % {
            "error": exc})  # fmt: skip
    return result
