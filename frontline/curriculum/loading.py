"""Write a validated content bundle to the database: one transaction, idempotent, by stable id."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse

from frontline.curriculum.content import Content
from frontline.curriculum.models import (
    GlossaryTerm,
    Instrument,
    Lesson,
    Objective,
    Resource,
    SearchDocument,
    SessionRow,
    Unit,
)
from frontline.curriculum.rendering import Term, link_terms, markdown_to_html, plain_text
from frontline.curriculum.search import rebuild_index


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    retired: int = 0
    removed: int = 0


def upsert(model: type, key: str, values: dict, report: LoadReport) -> object:
    obj, created = model.objects.update_or_create(key=key, defaults=values)  # type: ignore[attr-defined]
    if created:
        report.created += 1
    else:
        report.updated += 1
    return obj


@transaction.atomic
def load_content(content: Content) -> LoadReport:
    """Load everything, or (on any exception) nothing.

    1. Library, instruments and glossary, removing entries no longer in the files.
    2. Units with their objectives and session plans.
    3. Lessons: rendered, glossary-linked, linked to objectives and resources; lessons no longer
       in the files are retired so that learners' progress on them is kept.
    4. The search index.
    """
    report = LoadReport()
    for r in content.resources:
        upsert(Resource, r.key, {
            "title": r.title, "publisher": r.publisher, "year": r.year, "type": r.type,
            "topics": r.topics, "region": r.region, "audience": r.audience,
            "summary": r.summary, "url": r.url,
        }, report)  # fmt: skip
    report.removed += Resource.objects.exclude(key__in=[r.key for r in content.resources]).delete()[
        0
    ]
    for i in content.instruments:
        upsert(Instrument, i.key, {
            "short": i.short, "title": i.title, "body": i.body, "year": i.year, "kind": i.kind,
            "summary": i.summary, "key_articles": i.key_articles,
        }, report)  # fmt: skip
    report.removed += Instrument.objects.exclude(
        key__in=[i.key for i in content.instruments]
    ).delete()[0]
    for t in content.terms:
        upsert(GlossaryTerm, t.key, {
            "term": t.term, "abbreviation": t.abbreviation, "definition": t.definition,
            "source": t.source, "see_also": t.see_also,
        }, report)  # fmt: skip
    report.removed += GlossaryTerm.objects.exclude(key__in=[t.key for t in content.terms]).delete()[
        0
    ]

    order = {key: n for n, key in enumerate(content.course.get("units") or [])}
    units: dict[str, Unit] = {}
    for u in sorted(content.units, key=lambda u: order.get(u.key, u.number)):
        unit = upsert(Unit, u.key, {
            "number": u.number, "title": u.title, "summary": u.summary,
            "intro_html": markdown_to_html(u.intro),
        }, report)  # fmt: skip
        assert isinstance(unit, Unit)
        units[u.key] = unit
        for n, o in enumerate(u.objectives, 1):
            upsert(Objective, o.key, {"unit": unit, "order": n, "text": o.text}, report)
        unit.session_rows.all().delete()
        SessionRow.objects.bulk_create(
            SessionRow(
                unit=unit, seq=row.seq, title=row.title, content=row.content,
                activities=row.activities, minutes=row.minutes, references=row.references,
                notes=row.notes,
            )
            for row in u.session_plan
        )  # fmt: skip
    objective_keys = [o.key for u in content.units for o in u.objectives]
    report.removed += Objective.objects.exclude(key__in=objective_keys).delete()[0]

    terms = [Term(t.key, t.term, t.abbreviation, t.definition) for t in content.terms]
    term_ids = dict(GlossaryTerm.objects.values_list("key", "id"))
    objective_ids = dict(Objective.objects.values_list("key", "id"))
    resource_ids = dict(Resource.objects.values_list("key", "id"))
    for les in content.lessons:
        body_html, found = link_terms(markdown_to_html(les.body), terms)
        lesson = upsert(Lesson, les.key, {
            "unit": units[les.unit], "order": les.order, "title": les.title,
            "body_html": body_html, "body_text": plain_text(body_html),
            "key_points": les.key_points, "sources": les.sources, "words": les.words,
            "retired": False,
        }, report)  # fmt: skip
        assert isinstance(lesson, Lesson)
        lesson.objectives.set([objective_ids[k] for k in les.objectives])
        lesson.resources.set([resource_ids[k] for k in les.resources])
        lesson.glossary.set([term_ids[k] for k in found])
    report.retired = (
        Lesson.objects.current()
        .exclude(key__in=[les.key for les in content.lessons])
        .update(retired=True)
    )
    _index()
    return report


def _index() -> None:
    SearchDocument.objects.all().delete()
    docs = [
        SearchDocument(
            kind=SearchDocument.Kind.LESSON,
            ref=lesson.key,
            title=lesson.title,
            body=" ".join([*lesson.key_points, lesson.body_text]),
            url=lesson.get_absolute_url(),
        )
        for lesson in Lesson.objects.current().select_related("unit")
    ]
    docs += [
        SearchDocument(
            kind=SearchDocument.Kind.TERM,
            ref=t.key,
            title=f"{t.term} ({t.abbreviation})" if t.abbreviation else t.term,
            body=t.definition,
            url=f"{reverse('curriculum:glossary')}#term-{t.key}",
        )
        for t in GlossaryTerm.objects.all()
    ]
    docs += [
        SearchDocument(
            kind=SearchDocument.Kind.RESOURCE,
            ref=r.key,
            title=r.title,
            body=f"{r.publisher}. {r.summary} {' '.join(r.topics)}",
            url=r.get_absolute_url(),
        )
        for r in Resource.objects.all()
    ]
    SearchDocument.objects.bulk_create(docs)
    rebuild_index()
