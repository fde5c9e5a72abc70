"""The contact directory: validate rows, import a CSV (all rows or none), load the demo file.

`validate_row` is plain Python (the content check uses it for directory-demo.csv); the import
writes in one transaction with an audit row, so a file with one bad row imports nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from frontline.lib.yamlfiles import Problem

if TYPE_CHECKING:
    from frontline.accounts.models import User

KINDS = (
    "atu",
    "ngo_shelter",
    "guardianship",
    "hotline",
    "labour_inspectorate",
    "police",
    "child_protection",
    "embassy",
)
REQUIRED = ("country", "kind", "name", "phone")
# libphonenumber rejects the UK mobile drama range on purpose (it is never assigned); the demo
# and the tests must use fictional numbers, so that range is accepted as well.
FICTION_PREFIXES = ("+447700900",)


def normalise_phone(value: str) -> str | None:
    """The number in E.164 (+4420...), or None when `phonenumbers` finds it invalid."""
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    # UK mobile numbers have ten digits after +44.
    fiction = e164.startswith(FICTION_PREFIXES) and len(e164) == 13
    if not (fiction or phonenumbers.is_valid_number(number)):
        return None
    return e164


def display_phone(value: str) -> str:
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def validate_row(values: dict[str, str]) -> dict[str, str]:
    """Problems of one directory row, by column (empty when the row is fine)."""
    problems: dict[str, str] = {}
    for column in REQUIRED:
        if not values.get(column):
            problems[column] = "is required"
    country = values.get("country", "")
    if country and not (len(country) == 2 and country.isalpha() and country.isupper()):
        problems["country"] = f"{country!r} must be a two-letter country code such as XA"
    kind = values.get("kind", "")
    if kind and kind not in KINDS:
        problems["kind"] = f"{kind!r} is not one of {list(KINDS)}"
    phone = values.get("phone", "")
    if phone and normalise_phone(phone) is None:
        problems["phone"] = f"{phone!r} is not a valid international number (+country code ...)"
    email = values.get("email", "")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems["email"] = f"{email!r} is not a valid e-mail address"
    if len(values.get("name", "")) > 200:
        problems["name"] = "is longer than 200 characters"
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
    text: str, *, name: str, acting_user: User | None, replace: bool = False
) -> ImportReport:
    """Import directory rows from CSV text. Steps:

    1. read every row and validate it (columns, phone with `phonenumbers`, e-mail, kind);
    2. if any row is wrong, raise DirectoryInvalid with all problems: nothing is written;
    3. otherwise create or update each entry (same country, region, kind and name = same entry),
       and with `replace` deactivate the entries the file no longer lists;
    4. write one audit row, in the same transaction.
    """
    # Models imported here: `validate_row` must stay usable without Django set up (content check).
    from frontline.audit.log import record
    from frontline.fieldkit.kit import read_directory_csv
    from frontline.fieldkit.models import DirectoryEntry

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
    return import_csv(
        path.read_text(encoding="utf-8"), name=str(path.name), acting_user=None, replace=False
    )
