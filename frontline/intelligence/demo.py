"""The demo's intelligence (all fictional): four reports of the Valdoria ATU linked through a
phone number, an IBAN, a plate and one suspect's name written in Latin, Cyrillic and Arabic;
an agreement that lets the demo NGO read reports graded P, and one report graded C that it
cannot see; a published briefing and a draft. Used by `frontline demo_data` and the tests."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from frontline.accounts.models import Agency, User
from frontline.intelligence import actions, extract, grading
from frontline.intelligence.models import Agreement, Bulletin, CandidateLink, Report

ATU, BORDER, NGO = (
    "Valdoria Anti-Trafficking Unit",
    "Valdoria Border Guard",
    "Safe Harbour Valdoria",
)

# (who files, title, form of exploitation, grade, facts, assessments, people)
DemoReport = tuple[str, str, str, grading.Grade, list[str], list[str], list[tuple[str, str, str]]]
REPORTS: tuple[DemoReport, ...] = (
    (
        "officer",
        "Minibus at the eastern crossing",
        "labour",
        grading.grade("B", "2", "P"),
        [
            "Minibus AB12 CDE carried nine men with one bag each.",
            "The driver held all nine passports and answered for them.",
            "The driver took a call from +44 7700 900123 and handed the phone to nobody.",
        ],
        ["The men seemed to be moved for farm work under someone else's control."],
        [
            ("suspect", "Oleksandr Kovalenko", "driver, about 40"),
            ("victim", "", "nine adult men, not named here"),
        ],
    ),
    (
        "officer",
        "Wages paid to one account",
        "labour",
        grading.grade(
            "A",
            "2",
            "C",
            "Not to be shared with labour inspectors until the ATU has spoken to the workers.",
        ),
        [
            "A worker showed a payslip naming GB82 WEST 1234 5698 7654 32 as the account paid.",
            "His supervisor's number in his phone is +44 7700 900123.",
        ],
        ["The supervisor is probably the driver of the earlier minibus report."],
        [
            ("suspect", "Олександр Коваленко", "supervisor, named on the worker's phone"),
            ("witness", "", "a farm worker who asked not to be named"),
        ],
    ),
    (
        "analyst",
        "Recruiter paid from the same account",
        "labour",
        grading.grade("B", "3", "P"),
        ["Transfers to GB82 WEST 1234 5698 7654 32 were made by a recruitment agency."],
        ["The agency looks like a front for recruiting the workers."],
        [("suspect", "Mohammed Hassan", "runs the recruitment agency")],
    ),
    (
        "analyst",
        "Passenger list from a partner",
        "labour",
        grading.grade("B", "3", "P"),
        ["A partner unit saw minibus AB12 CDE at a ferry port."],
        [],
        [("suspect", "محمد حسن", "listed as the booking contact")],
    ),
)

BULLETINS = (
    (
        "Seasonal farm-work adverts used to recruit",
        "recruitment",
        2,
        "Several reports this season describe adverts for fruit picking that promise free "
        "travel and lodging. Workers are driven across the border in minibuses; the driver "
        "keeps their passports, and wages go to one account that is not theirs. Officers at "
        "crossings: look for a driver who holds everyone's documents and answers for them.",
        True,
    ),
    (
        "Altered entry stamps in passports",
        "forgery",
        5,
        "Draft: what the document examiners found about altered entry stamps.",
        False,
    ),
)


@dataclass
class DemoIntelligence:
    reports: list[Report]
    published: Bulletin
    draft: Bulletin
    link: CandidateLink


@transaction.atomic
def create_demo_intelligence(users: dict[str, User]) -> DemoIntelligence:
    """Make (again) the demo's intelligence; earlier demo reports are replaced."""
    atu, border, ngo = (Agency.objects.get(name=n) for n in (ATU, BORDER, NGO))
    Report.objects.filter(holder=atu).delete()
    Bulletin.objects.filter(agency=atu).delete()
    Agreement.objects.update_or_create(
        holder=atu, partner=ngo, defaults={"title": "Co-operation agreement with Safe Harbour"}
    )
    reports = []
    for who, title, exploitation, grade, facts, assessments, people in REPORTS:
        text = "\n".join(facts)
        new = actions.NewReport(
            holder=atu,
            unit=border if who == "officer" else atu,
            title=title,
            exploitation=exploitation,
            grade=grade,
            countries="Valdoria, Northmark",
            risk_assessment="Sharing could warn the supervisor." if grade.handling == "C" else "",
            authority="Head of the ATU" if grade.handling == "C" else "",
            facts=facts,
            assessments=assessments,
            subjects=[p for p in people],
            entities=extract.identifiers(text, region=None),
        )
        reports.append(actions.file_report(new, acting_user=users[who]))
    made = []
    for title, theme, unit, body, published in BULLETINS:
        bulletin = Bulletin.objects.create(
            agency=atu, author=users["analyst"], title=title, theme=theme, unit=unit, body=body
        )
        if published:
            actions.publish_bulletin(bulletin, acting_user=users["analyst"], region=None)
        made.append(bulletin)
    link = CandidateLink.objects.filter(left__holder=atu).order_by("pk").first()
    assert link is not None
    assert made[0].published_at is not None and timezone.now() >= made[0].published_at
    return DemoIntelligence(reports, made[0], made[1], link)
