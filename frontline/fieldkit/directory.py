"""The contact directory: read and validate rows, import a CSV (all rows or none), load the
demo file.

`read_directory_csv` and `validate_row` write nothing (the content check uses them for
directory-demo.csv); the import writes in one transaction with an audit row, so a file with one
bad row imports nothing. Lengths and kinds come from `DirectoryEntry`'s fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from frontline.audit.log import record
from frontline.fieldkit.models import DirectoryEntry
from frontline.fieldkit.phones import normalise_phone
from frontline.lib.csvfiles import CsvRow, read_csv
from frontline.lib.limits import field_problem
from frontline.lib.yamlfiles import Problem

COLUMNS = ("country", "region", "kind", "name", "phone", "email", "hours", "languages", "notes")
# Columns a file may leave out (files written before they existed stay valid).
OPTIONAL_COLUMNS = ("serves",)
SERVES = ("men", "women", "children", "families")
REQUIRED = ("country", "kind", "name", "phone")
KINDS = tuple(DirectoryEntry.Kind.values)
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000

# A row of the file, with its line number.
DirectoryRow = CsvRow


def read_directory_csv(text: bytes | str, name: str, problems: list[Problem]) -> list[CsvRow]:
    """Rows of a directory CSV with their line numbers; the file's size, rows and columns are
    checked here, each row's values by `validate_row`."""
    csv_file = read_csv(
        text,
        name=name,
        columns=COLUMNS,
        optional=OPTIONAL_COLUMNS,
        max_bytes=MAX_BYTES,
        max_rows=MAX_ROWS,
    )
    problems.extend(csv_file.problems)
    return csv_file.rows


def validate_row(values: dict[str, str]) -> dict[str, str]:
    """Problems of one directory row, by column (empty when the row is fine)."""
    problems: dict[str, str] = {}
    for column in (*COLUMNS, *OPTIONAL_COLUMNS):
        if column in values and (problem := field_problem(values[column], DirectoryEntry, column)):
            problems[column] = problem
    for column in REQUIRED:
        if not values.get(column):
            problems[column] = "is required"
    country = values.get("country", "")
    if country and not (len(country) == 2 and country.isalpha() and country.isupper()):
        problems["country"] = f"{country!r} must be a two-letter country code such as XA"
    kind = values.get("kind", "")
    if kind and kind not in KINDS:
        problems["kind"] = f"{kind[:40]!r} is not one of {list(KINDS)}"
    serves = [who.strip() for who in values.get("serves", "").split(";") if who.strip()]
    wrong = [who for who in serves if who not in SERVES]
    if wrong and "serves" not in problems:
        problems["serves"] = f"{wrong[0][:40]!r} is not one of {list(SERVES)} (separate with ;)"
    phone = values.get("phone", "")
    if phone and "phone" not in problems and normalise_phone(phone) is None:
        problems["phone"] = f"{phone!r} is not a valid international number (+country code ...)"
    email = values.get("email", "")
    if email and "email" not in problems:
        try:
            validate_email(email)
        except ValidationError:
            problems["email"] = f"{email!r} is not a valid e-mail address"
    return problems


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    deactivated: int = 0


class DirectoryInvalid(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def import_csv(
    text: bytes | str, *, name: str, acting_user: AbstractBaseUser | None, replace: bool = False
) -> ImportReport:
    """Import directory rows from CSV text. Steps:

    1. read every row within the size limits and validate it (columns, lengths, phone with
       `phonenumbers`, e-mail, kind);
    2. if any row is wrong, raise DirectoryInvalid with all problems: nothing is written;
    3. otherwise create or update each entry (same country, region, kind and name = same entry),
       and with `replace` deactivate the entries the file no longer lists;
    4. write one audit row, in the same transaction.
    """
    problems: list[Problem] = []
    rows = read_directory_csv(text, name, problems)
    seen: set[tuple[str, str, str, str]] = set()
    for row in rows:
        for column, message in validate_row(row.values).items():
            problems.append(Problem(name, row.line, column, message))
        key = tuple(row.values[c] for c in ("country", "region", "kind", "name"))
        if key in seen:
            problems.append(Problem(name, row.line, "name", "the same entry appears twice"))
        seen.add(key)  # type: ignore[arg-type]
    if not rows and not problems:
        problems.append(Problem(name, 1, "(file)", "has no rows"))
    if problems:
        raise DirectoryInvalid(problems)
    report = ImportReport()
    with transaction.atomic():
        kept = []
        for row in rows:
            v = row.values
            entry, created = DirectoryEntry.objects.update_or_create(
                country=v["country"],
                region=v["region"],
                kind=v["kind"],
                name=v["name"],
                defaults={
                    "phone": normalise_phone(v["phone"]),
                    "email": v["email"],
                    "hours": v["hours"],
                    "languages": v["languages"],
                    "serves": ";".join(
                        who.strip() for who in v.get("serves", "").split(";") if who.strip()
                    ),
                    "notes": v["notes"],
                    "active": True,
                },
            )
            kept.append(entry.pk)
            if created:
                report.created += 1
            else:
                report.updated += 1
        if replace:
            report.deactivated = (
                DirectoryEntry.objects.filter(active=True).exclude(pk__in=kept).update(active=False)
            )
        record(
            "directory.import",
            actor=acting_user,
            justification=(
                f"{name}: {report.created} created, {report.updated} updated, "
                f"{report.deactivated} deactivated"
            ),
        )
    return report


def load_demo_directory(content_dir: Path) -> ImportReport:
    """The fictional demo contacts (content/fieldkit/directory-demo.csv)."""
    path = content_dir / "fieldkit" / "directory-demo.csv"
    return import_csv(path.read_bytes(), name=str(path.name), acting_user=None, replace=False)
