"""SCORM 1.2 packages of the course or of one unit, for an academy's own LMS.

A package is a zip: `imsmanifest.xml` at the root, one SCO per lesson and one for the unit quiz,
and a shared folder with the run-time adapter (`runtime/frontline-scorm12.js`) and a stylesheet.
Everything the learner sees is inside the zip: no request leaves the LMS once it is imported.

- A lesson SCO sets `cmi.core.lesson_status` to `incomplete` when opened and to `completed`
  when the learner marks it read.
- The quiz SCO is a fixed form of the unit quiz's choice items (single and multiple choice,
  true or false, situational judgement; the other kinds need the server to score them),
  `items_per_objective` per objective in the bank's order. It reports `cmi.core.score.raw`
  (0 to 100) and `passed` or `failed` against the quiz's pass mark, which is also the item's
  `adlcp:masteryscore`.

The right answers travel with the quiz, as they do in any package that scores itself offline:
a package is for an academy's LMS, not for learners to download.
"""

from __future__ import annotations

import io
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import nh3
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from frontline.assessment.kinds.judgement import SCORES as JUDGEMENT_SCORES
from frontline.assessment.models import Item, Quiz, QuizItem
from frontline.curriculum.models import Lesson, Unit

RUNTIME = Path(__file__).parent / "runtime"
SHARED_FILES = ("shared/frontline-scorm12.js", "shared/sco.css")
CHOICE_KINDS = ("single", "multiple", "truefalse", "judgement")

IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = (
    f"{IMSCP} imscp_rootv1p1p2.xsd "
    "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd "
    f"{ADLCP} adlcp_rootv1p2.xsd"
)

# Lesson bodies keep their text but lose links: they point into the site, which a package
# must not need. Everything else nh3 allows by default stays.
_NO_LINKS = nh3.ALLOWED_TAGS - {"a", "img"}


@dataclass
class Sco:
    identifier: str
    title: str
    href: str
    html: str
    mastery: int | None = None


@dataclass
class Chapter:
    identifier: str
    title: str
    scos: list[Sco] = field(default_factory=list)


def offline_html(html: str) -> str:
    return nh3.clean(html, tags=_NO_LINKS)


def quiz_items(quiz: Quiz) -> list[Item]:
    """The fixed form of a unit quiz in the package (see the module docstring)."""
    members = (
        QuizItem.objects.filter(quiz=quiz, item__retired=False, item__kind__in=CHOICE_KINDS)
        .select_related("item__primary_objective")
        .order_by("position")
    )
    by_objective: dict[tuple[int, int], list[Item]] = defaultdict(list)
    for m in members:
        objective = m.item.primary_objective
        by_objective[(objective.order, objective.pk) if objective else (0, 0)].append(m.item)
    per = max(1, quiz.items_per_objective)
    return [item for key in sorted(by_objective) for item in by_objective[key][:per]]


def answer_key(item: Item) -> dict[str, Any]:
    """What the quiz SCO needs to score `item`: the score of each option, or for multiple
    choice the right options (wrong ticks cancel right ones, as on the site)."""
    data = item.data
    if item.kind == "multiple":
        return {"multiple": True, "right": [o["id"] for o in data["options"] if o["correct"]]}
    if item.kind == "truefalse":
        answer = "true" if data["answer"] else "false"
        return {"scores": {"true": float(answer == "true"), "false": float(answer == "false")}}
    if item.kind == "judgement":
        return {
            "scores": {o["id"]: JUDGEMENT_SCORES.get(o["rating"], 0.0) for o in data["options"]}
        }
    return {"scores": {o["id"]: 1.0 if o["correct"] else 0.0 for o in data["options"]}}


def _question(item: Item) -> dict[str, Any]:
    presented = item.behaviour.present(item.data, None)
    return {
        "key": item.key,
        "stem": item.stem,
        "choices": presented["choices"],
        "multiple": presented.get("multiple", False),
        "feedback": item.feedback,
    }


def _lesson_sco(lesson: Lesson, unit: Unit) -> Sco:
    href = f"{unit.key}/{lesson.key}.html"
    html = render_to_string(
        "scorm/lesson.html",
        {"lesson": lesson, "unit": unit, "body": offline_html(lesson.body_html)},
    )
    return Sco(f"sco-{lesson.key}", lesson.title, href, html)


def _quiz_sco(quiz: Quiz, unit: Unit) -> Sco | None:
    items = quiz_items(quiz)
    if not items:
        return None
    key = {item.key: answer_key(item) for item in items}
    html = render_to_string(
        "scorm/quiz.html",
        {
            "quiz": quiz,
            "unit": unit,
            "questions": [_question(item) for item in items],
            "key": {"pass_mark": quiz.pass_mark, "items": key},
        },
    )
    return Sco(f"sco-{quiz.key}", str(quiz.title), f"{unit.key}/quiz.html", html, quiz.pass_mark)


def chapters(units: list[Unit]) -> list[Chapter]:
    lessons = Lesson.objects.current().filter(unit__in=units).select_related("unit")
    by_unit: dict[int, list[Lesson]] = defaultdict(list)
    for lesson in lessons:
        by_unit[lesson.unit_id].append(lesson)
    quizzes = {q.unit_id: q for q in Quiz.objects.filter(unit__in=units)}
    result = []
    for unit in units:
        chapter = Chapter(f"unit-{unit.key}", str(unit))
        chapter.scos = [_lesson_sco(lesson, unit) for lesson in by_unit[unit.id]]
        quiz = quizzes.get(unit.id)
        sco = _quiz_sco(quiz, unit) if quiz else None
        if sco:
            chapter.scos.append(sco)
        result.append(chapter)
    return result


def manifest(identifier: str, title: str, parts: list[Chapter]) -> bytes:
    ET.register_namespace("", IMSCP)
    ET.register_namespace("adlcp", ADLCP)
    ET.register_namespace("xsi", XSI)
    root = ET.Element(
        f"{{{IMSCP}}}manifest",
        {"identifier": identifier, "version": "1.0", f"{{{XSI}}}schemaLocation": SCHEMA_LOCATION},
    )
    metadata = ET.SubElement(root, f"{{{IMSCP}}}metadata")
    ET.SubElement(metadata, f"{{{IMSCP}}}schema").text = "ADL SCORM"
    ET.SubElement(metadata, f"{{{IMSCP}}}schemaversion").text = "1.2"
    organizations = ET.SubElement(root, f"{{{IMSCP}}}organizations", {"default": "frontline"})
    organization = ET.SubElement(
        organizations, f"{{{IMSCP}}}organization", {"identifier": "frontline"}
    )
    ET.SubElement(organization, f"{{{IMSCP}}}title").text = title
    resources = ET.SubElement(root, f"{{{IMSCP}}}resources")
    for chapter in parts:
        node = ET.SubElement(organization, f"{{{IMSCP}}}item", {"identifier": chapter.identifier})
        ET.SubElement(node, f"{{{IMSCP}}}title").text = chapter.title
        for sco in chapter.scos:
            leaf = ET.SubElement(
                node,
                f"{{{IMSCP}}}item",
                {"identifier": f"item-{sco.identifier}", "identifierref": sco.identifier},
            )
            ET.SubElement(leaf, f"{{{IMSCP}}}title").text = sco.title
            if sco.mastery is not None:
                ET.SubElement(leaf, f"{{{ADLCP}}}masteryscore").text = str(sco.mastery)
            resource = ET.SubElement(
                resources,
                f"{{{IMSCP}}}resource",
                {
                    "identifier": sco.identifier,
                    "type": "webcontent",
                    f"{{{ADLCP}}}scormtype": "sco",
                    "href": sco.href,
                },
            )
            ET.SubElement(resource, f"{{{IMSCP}}}file", {"href": sco.href})
            ET.SubElement(resource, f"{{{IMSCP}}}dependency", {"identifierref": "shared"})
    shared = ET.SubElement(
        resources,
        f"{{{IMSCP}}}resource",
        {"identifier": "shared", "type": "webcontent", f"{{{ADLCP}}}scormtype": "asset"},
    )
    for name in SHARED_FILES:
        ET.SubElement(shared, f"{{{IMSCP}}}file", {"href": name})
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def build(units: list[Unit], *, identifier: str, title: str) -> bytes:
    """The zip of a SCORM 1.2 package of `units` (in that order)."""
    parts = chapters(units)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", manifest(identifier, title, parts))
        for chapter in parts:
            for sco in chapter.scos:
                archive.writestr(sco.href, sco.html)
        for name in SHARED_FILES:
            archive.write(RUNTIME / Path(name).name, name)
    return buffer.getvalue()


def unit_package(unit: Unit) -> bytes:
    return build([unit], identifier=f"frontline-{unit.key}", title=str(unit))


def course_package() -> bytes:
    return build(
        list(Unit.objects.all()), identifier="frontline-course", title=_("Frontline course")
    )


def problems(data: bytes) -> list[str]:
    """What is wrong with a package as an LMS would see it (empty when nothing): the manifest
    parses, is SCORM 1.2 in the IMS CP namespace, identifiers are unique, every item points at a
    resource, every SCO is reached from an item, and every file it names is in the zip."""
    found: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        if "imsmanifest.xml" not in names:
            return ["imsmanifest.xml is missing"]
        root = ET.fromstring(archive.read("imsmanifest.xml"))  # noqa: S314 (our own output)
    ns = {"cp": IMSCP, "adlcp": ADLCP}
    if root.tag != f"{{{IMSCP}}}manifest":
        found.append(f"root element is {root.tag}")
    if root.findtext("cp:metadata/cp:schemaversion", namespaces=ns) != "1.2":
        found.append("schemaversion is not 1.2")
    ids = [e.get("identifier") for e in root.iter() if e.get("identifier")]
    if len(ids) != len(set(ids)):
        found.append("identifiers are not unique")
    resources = {r.get("identifier"): r for r in root.iterfind("cp:resources/cp:resource", ns)}
    orgs = root.find("cp:organizations", ns)
    default = orgs.get("default") if orgs is not None else None
    if orgs is None or orgs.find(f"cp:organization[@identifier='{default}']", ns) is None:
        found.append("the default organization is missing")
    referenced = set()
    for item in root.iterfind(".//cp:item", ns):
        ref = item.get("identifierref")
        if ref is not None:
            referenced.add(ref)
            if ref not in resources:
                found.append(f"item {item.get('identifier')} points at missing resource {ref}")
        mastery = item.findtext("adlcp:masteryscore", namespaces=ns)
        if mastery is not None and not (mastery.isdigit() and 0 <= int(mastery) <= 100):
            found.append(f"item {item.get('identifier')}: masteryscore {mastery}")
    for rid, resource in resources.items():
        kind = resource.get(f"{{{ADLCP}}}scormtype")
        if kind not in ("sco", "asset"):
            found.append(f"resource {rid}: scormtype {kind}")
        if kind == "sco" and rid not in referenced:
            found.append(f"SCO {rid} is reached from no item")
        href = resource.get("href")
        if href is not None and href not in names:
            found.append(f"resource {rid}: {href} is not in the package")
        for f in resource.iterfind("cp:file", ns):
            if f.get("href") not in names:
                found.append(f"resource {rid}: file {f.get('href')} is not in the package")
        for d in resource.iterfind("cp:dependency", ns):
            if d.get("identifierref") not in resources:
                found.append(f"resource {rid}: dependency {d.get('identifierref')} is missing")
    return found
