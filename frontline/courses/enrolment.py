"""Reading a participant list (CSV) and checking every row before anything is saved.

`read_csv` never writes: it returns the good rows and a problem per bad row, with the line
number as a spreadsheet shows it (the header is line 1). The caller imports only when there is
no problem at all, so a list is never half imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from frontline.accounts.models import Agency, User
from frontline.courses.models import CourseOffering
from frontline.lib.csvfiles import read_csv as read_csv_file
from frontline.lib.limits import field_problem

COLUMNS = ("first_name", "last_name", "email", "agency")
MAX_BYTES = 512 * 1024
MAX_ROWS = 1000


@dataclass(frozen=True)
class Person:
    line: int
    first_name: str
    last_name: str
    email: str
    agency: Agency
    user: User | None  # the existing account with this e-mail, if any


@dataclass
class Report:
    people: list[Person] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.people)


def check_person(
    offering: CourseOffering,
    *,
    first_name: str,
    last_name: str,
    email: str,
    agency: Agency | None,
    agency_name: str = "",
    line: int = 0,
) -> tuple[Person | None, list[str]]:
    """One participant, checked: the same rules for the form and for each CSV row."""
    problems = []
    first_name, last_name, email = first_name.strip(), last_name.strip(), email.strip().lower()
    if not first_name:
        problems.append(_("first name is missing"))
    if not last_name:
        problems.append(_("last name is missing"))
    for label, value, column in ((_("first name"), first_name, "first_name"),
                                 (_("last name"), last_name, "last_name")):  # fmt: skip
        if problem := field_problem(value, User, column):
            problems.append(f"{label} {problem}")
    try:
        validate_email(email)
    except ValidationError:
        problems.append(_("“%(email)s” is not an e-mail address") % {"email": email[:100]})
    if agency is None and agency_name:
        problems.append(_("no agency is called “%(name)s”") % {"name": agency_name})
    elif agency is None:
        problems.append(_("the agency is missing"))
    user = None
    if email:
        matches = list(
            User.objects.annotate(lower=Lower("email")).filter(lower=email).order_by("pk")[:2]
        )
        if len(matches) > 1:
            problems.append(_("more than one account uses this e-mail address"))
        elif matches:
            user = matches[0]
            if offering.enrolments.filter(user=user).exists():
                problems.append(_("already invited to this course (see the list of participants)"))
    if problems or agency is None:
        return None, problems
    return Person(line, first_name, last_name, email, agency, user), []


def read_csv(offering: CourseOffering, data: bytes) -> Report:
    report = Report()
    csv_file = read_csv_file(
        data, name="", columns=COLUMNS, max_bytes=MAX_BYTES, max_rows=MAX_ROWS, fold_header=True
    )
    for problem in csv_file.problems:
        column = "" if problem.field.startswith("(") else f"{problem.field}: "
        whole_file = problem.field == "(file)" and problem.line == 1  # size, encoding: no line
        report.problems.append((0 if whole_file else problem.line, column + problem.message))
    agencies = {a.name.casefold(): a for a in Agency.objects.all()}
    seen: dict[str, int] = {}
    for row in csv_file.rows:
        line, values = row.line, row.values
        person, problems = check_person(
            offering,
            first_name=values["first_name"],
            last_name=values["last_name"],
            email=values["email"],
            agency=agencies.get(values["agency"].casefold()),
            agency_name=values["agency"],
            line=line,
        )
        email = values["email"].lower()
        if email and email in seen:
            problems.append(_("same e-mail as line %(line)d") % {"line": seen[email]})
        seen.setdefault(email, line)
        if problems:
            report.problems.append((line, "; ".join(problems)))
        elif person is not None:
            report.people.append(person)
    if not report.people and not report.problems:
        report.problems.append((0, _("The file has no participants.")))
    return report
