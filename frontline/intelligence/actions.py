"""The writes to intelligence, one function each, audited in the same transaction."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from frontline.accounts.models import Agency, User
from frontline.audit.log import Kind, record, record_read
from frontline.intelligence import extract, grading
from frontline.intelligence.extract import IDENTIFIERS, Kinds, Mention
from frontline.intelligence.linking import name_keys
from frontline.intelligence.models import (
    Bulletin,
    CandidateLink,
    Deconfliction,
    Dissemination,
    Entity,
    Report,
    Statement,
    Subject,
)
from frontline.intelligence.names import CANDIDATE, compare, skeleton

# How long until a new report is due for review (reader 5.4: intelligence is reviewed for
# relevance; national rules set the period).
REVIEW_AFTER = dt.timedelta(days=365)
# How long a report is kept before it is erased (national law sets it; Directive 2016/680
# Art. 5 asks for time limits for erasure or review). Five years unless a review extends it.
RETAIN_FOR = dt.timedelta(days=5 * 365)


@dataclass(frozen=True)
class NewReport:
    holder: Agency
    unit: Agency
    title: str
    exploitation: str
    grade: grading.Grade
    countries: str = ""
    routes: str = ""
    money: str = ""
    modus_operandi: str = ""
    text: str = ""
    risk_assessment: str = ""
    authority: str = ""
    facts: Sequence[str] = ()
    assessments: Sequence[str] = ()
    subjects: Sequence[tuple[str, str, str]] = ()  # (category, name, description)
    entities: Sequence[Mention] = ()  # confirmed by the officer


def file_report(new: NewReport, *, acting_user: User, request: HttpRequest | None = None) -> Report:
    """File a report for the anti-trafficking unit `new.holder`.

    1. Save the report with its grade, statements (facts apart from assessments), people and
       the entities the officer confirmed; names of people become name entities.
    2. Look for candidate links with the other reports of the same unit: equal identifiers,
       alike names within the same blocking key (linking.py).
    3. Audit the collection, with the grade and counts (no content).
    """
    with transaction.atomic():
        report = Report.objects.create(
            holder=new.holder,
            unit=new.unit,
            originator=acting_user,
            title=new.title,
            exploitation=new.exploitation,
            countries=new.countries,
            routes=new.routes,
            money=new.money,
            modus_operandi=new.modus_operandi,
            text=new.text,
            source=new.grade.source,
            information=new.grade.information,
            handling=new.grade.handling,
            conditions=new.grade.conditions,
            risk_assessment=new.risk_assessment,
            authority=new.authority,
            review_due=timezone.localdate() + REVIEW_AFTER,
            retain_until=timezone.localdate() + RETAIN_FOR,
        )
        Statement.objects.bulk_create(
            [Statement(report=report, basis=Statement.Basis.FACT, text=t) for t in new.facts]
            + [
                Statement(report=report, basis=Statement.Basis.ASSESSMENT, text=t)
                for t in new.assessments
            ]
        )
        Subject.objects.bulk_create(
            [Subject(report=report, category=c, name=n, description=d) for c, n, d in new.subjects]
        )
        mentions = [*new.entities]
        mentions += [Mention(Kinds.NAME, n, n, 0, 0) for _, n, _ in new.subjects if n.strip()]
        entities = save_entities(report, mentions)
        links = find_links(report, entities)
        record(
            "intelligence.file",
            actor=acting_user,
            target=report,
            request=request,
            kind=Kind.COLLECTION,
            details={"grade": report.grade, "entities": len(entities), "links": len(links)},
        )
    return report


def save_entities(report: Report, mentions: Iterable[Mention]) -> list[Entity]:
    seen: set[tuple[str, str]] = set()
    rows = []
    for m in mentions:
        if (m.kind, m.value) in seen:
            continue
        seen.add((m.kind, m.value))
        key = skeleton(m.value)[:200] if m.kind == Kinds.NAME else ""
        rows.append(
            Entity(report=report, kind=m.kind, value=m.value[:200], raw=m.raw[:300], key=key)
        )
    return Entity.objects.bulk_create(rows)


def find_links(report: Report, entities: Sequence[Entity]) -> list[CandidateLink]:
    """Candidate links from `report` to the other reports its unit holds (one per other report
    and kind, the best score)."""
    others = Entity.objects.filter(report__holder=report.holder_id, report__erased_at__isnull=True)
    others = others.exclude(report=report)
    best: dict[tuple[int, str], tuple[float, str]] = {}
    identifiers = Q()
    for e in entities:
        if e.kind in IDENTIFIERS:
            identifiers |= Q(kind=e.kind, value=e.value)
    if identifiers:
        for other in others.filter(identifiers).only("report_id", "kind", "value"):
            best[(other.report_id, other.kind)] = (1.0, f"same {other.kind} {other.value}")
    for e in entities:
        if e.kind != Kinds.NAME:
            continue
        for other in others.filter(kind=Kinds.NAME, key__in=name_keys(e.value)).only(
            "report_id", "value"
        ):
            match = compare(e.value, other.value)
            known = best.get((other.report_id, Kinds.NAME), (0.0, ""))
            if match.score >= CANDIDATE and match.score > known[0]:
                reason = "; ".join(match.reasons) or "alike"
                best[(other.report_id, Kinds.NAME)] = (match.score, f"names: {reason}")
    links = [
        CandidateLink(
            left_id=min(report.pk, other),
            right_id=max(report.pk, other),
            kind=kind,
            score=score,
            reason=reason[:300],
        )
        for (other, kind), (score, reason) in best.items()
    ]
    return CandidateLink.objects.bulk_create(links, ignore_conflicts=True)


def decide_link(
    link: CandidateLink, *, confirm: bool, acting_user: User, request: HttpRequest | None = None
) -> CandidateLink:
    """Confirm or reject a candidate link (a combination of data, audited)."""
    with transaction.atomic():
        link.status = CandidateLink.Status.CONFIRMED if confirm else CandidateLink.Status.REJECTED
        link.decided_by = acting_user
        link.save(update_fields=["status", "decided_by"])
        record(
            "intelligence.link_" + ("confirm" if confirm else "reject"),
            actor=acting_user,
            target=link,
            request=request,
            details={"reports": [link.left_id, link.right_id], "kind": link.kind},
        )
    return link


def review_report(report: Report, *, acting_user: User, request: HttpRequest | None = None) -> None:
    """A supervisor's review of the grading: recorded, and the next review a year later."""
    with transaction.atomic():
        report.reviewed_by = acting_user
        report.reviewed_at = timezone.now()
        report.review_due = timezone.localdate() + REVIEW_AFTER
        # A review that keeps the report keeps it at least a review period longer.
        report.retain_until = max(report.retain_until, report.review_due)
        report.save(update_fields=["reviewed_by", "reviewed_at", "review_due", "retain_until"])
        record("intelligence.review", actor=acting_user, target=report, request=request)


def erase_report(report: Report, *, acting_user: User | None, reason: str) -> None:
    """Erase a report's content after its retention period; the audit rows about it stay.

    1. Delete its statements, people, entities, candidate links and deconfliction notices.
    2. Blank every text field of the report and mark it erased (it leaves every list).
    3. Record the erasure with the reason (e.g. "retention period ended").
    """
    with transaction.atomic():
        report.statements.all().delete()
        report.subjects.all().delete()
        report.entities.all().delete()
        report.deconflictions.all().delete()
        CandidateLink.objects.filter(Q(left=report) | Q(right=report)).delete()
        for field in ("countries", "routes", "money", "modus_operandi", "text", "conditions",
                      "risk_assessment", "authority"):  # fmt: skip
            setattr(report, field, "")
        report.title = "(erased)"
        report.erased_at = timezone.now()
        report.save()
        record(
            "intelligence.erase",
            actor=acting_user,
            target=report,
            justification=reason,
            kind=Kind.ERASURE,
            details={"retain_until": report.retain_until.isoformat()},
        )


class NotAllowed(Exception):
    """A dissemination the handling code does not allow; the message says why."""


def disseminate(
    report: Report,
    *,
    to_agency: Agency,
    authority: str,
    justification: str,
    acting_user: User,
    request: HttpRequest | None = None,
) -> Dissemination:
    """Share a report with another agency, under its handling code.

    1. Handling C travels with its conditions and needs the recorded risk assessment and
       authority of the report; P may be shared lawfully.
    2. Record the disclosure (recipient, authority, reason) in the same transaction.
    """
    if to_agency.pk == report.holder_id:
        raise NotAllowed("The report is already held by this agency.")
    if report.handling == "C" and not (report.risk_assessment and report.authority):
        raise NotAllowed(
            "A report shared under conditions needs its risk assessment and authority first."
        )
    with transaction.atomic():
        sent = Dissemination.objects.create(
            report=report,
            to_agency=to_agency,
            conditions=report.conditions,
            authority=authority,
            by=acting_user,
        )
        record_read(
            "intelligence.disseminate",
            actor=acting_user,
            target=report,
            request=request,
            justification=justification,
            kind=Kind.DISCLOSURE,
            details={"to_agency": to_agency.pk, "handling": report.handling},
        )
    return sent


@dataclass
class SearchResult:
    reports: list[Report]
    elsewhere: int  # matches in reports the searcher may not read: their holders were told


def search(
    user: User, query: str, *, region: str | None, justification: str, request: HttpRequest | None
) -> SearchResult:
    """Search the holdings for an identifier or a name (a consultation, audited with the terms
    and reason). Matches in reports the user may not read are not shown: each one's holding
    unit gets a deconfliction notice instead (reader 5.4.1: a check is a disclosure)."""
    found = extract.identifiers(query, region=region)
    condition = Q()
    for m in found:
        condition |= Q(kind=m.kind, value=m.value)
    if not found and query.strip():
        condition = Q(kind=Kinds.NAME, key__in=name_keys(query)) | Q(
            kind=Kinds.DOCUMENT, value=query.strip().upper()
        )
    matches = (
        Entity.objects.filter(condition, report__erased_at__isnull=True)
        if condition
        else Entity.objects.none()
    )
    names = [m for m in matches.filter(kind=Kinds.NAME).only("report_id", "value")]
    report_ids = set(matches.exclude(kind=Kinds.NAME).values_list("report_id", flat=True))
    report_ids |= {n.report_id for n in names if compare(query, n.value).score >= CANDIDATE}
    visible = Report.objects.visible_to(user).filter(pk__in=report_ids)
    reports = list(visible.select_related("holder"))
    hidden = report_ids - {r.pk for r in reports}
    with transaction.atomic():
        Deconfliction.objects.bulk_create(
            [Deconfliction(report_id=pk, searched_by=user) for pk in sorted(hidden)]
        )
        record_read(
            "intelligence.search",
            actor=user,
            request=request,
            justification=justification,
            details={
                "terms": query,
                "shown": sorted(r.pk for r in reports),
                "deconflicted": sorted(hidden),
            },
        )
    return SearchResult(reports, len(hidden))


class Blocked(Exception):
    def __init__(self, found: list[str]) -> None:
        super().__init__("; ".join(found))
        self.found = found


def personal_data_in(text: str, *, user: User, region: str | None) -> list[str]:
    """What in a bulletin's text still identifies someone: the identifiers the extractor finds,
    and any two neighbouring words alike a person's name in a report the author can read."""
    found = [f"{m.kind}: {m.raw}" for m in extract.identifiers(text, region=region)]
    words = re.findall(r"[^\W\d_]+", text)
    pairs = {f"{a} {b}" for a, b in pairwise(words)}
    keys = {skeleton(p) for p in pairs} - {""}
    names = Entity.objects.filter(
        kind=Kinds.NAME, key__in=keys, report__in=Report.objects.visible_to(user)
    )
    for name in sorted(set(names.values_list("value", flat=True))):
        if any(compare(pair, name).score >= CANDIDATE for pair in pairs):
            found.append(f"name: {name}")
    return found


def publish_bulletin(
    bulletin: Bulletin, *, acting_user: User, region: str | None, request: HttpRequest | None = None
) -> Bulletin:
    """Publish a de-personalised bulletin, or raise Blocked naming what still identifies someone."""
    text = f"{bulletin.title}\n{bulletin.body}"
    found = personal_data_in(text, user=acting_user, region=region)
    if found:
        raise Blocked(found)
    with transaction.atomic():
        bulletin.published_at = timezone.now()
        bulletin.save(update_fields=["published_at"])
        record("intelligence.publish_bulletin", actor=acting_user, target=bulletin, request=request)
    return bulletin
