from __future__ import annotations

import gzip
import io
import json
import re
import zipfile
from xml.etree import ElementTree as ET

from frontline.assessment.models import Item, Quiz
from frontline.audit.models import AuditEvent
from frontline.curriculum.models import Lesson, Unit
from frontline.scorm import package
from frontline.test import BaseTestCase

NS = {"cp": package.IMSCP, "adlcp": package.ADLCP}


def unzip(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


class UnitPackageTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.unit = Unit.objects.get(number=1)
        cls.data = package.unit_package(cls.unit)

    def test_the_package_has_no_problems(self) -> None:
        self.assertEqual(package.problems(self.data), [])

    def test_manifest_lists_every_lesson_then_the_quiz_as_scos(self) -> None:
        root = ET.fromstring(unzip(self.data).read("imsmanifest.xml"))
        self.assertEqual(root.findtext("cp:metadata/cp:schemaversion", namespaces=NS), "1.2")
        chapter = root.find("cp:organizations/cp:organization/cp:item", NS)
        assert chapter is not None
        refs = [i.get("identifierref") for i in chapter.iterfind("cp:item", NS)]
        lessons = Lesson.objects.current().filter(unit=self.unit)
        quiz = Quiz.objects.get(unit=self.unit)
        self.assertEqual(refs, [f"sco-{lesson.key}" for lesson in lessons] + [f"sco-{quiz.key}"])
        mastery = chapter.findtext("cp:item[last()]/adlcp:masteryscore", namespaces=NS)
        self.assertEqual(mastery, str(quiz.pass_mark))
        scos = root.findall(f"cp:resources/cp:resource[@{{{package.ADLCP}}}scormtype='sco']", NS)
        self.assertEqual(len(scos), lessons.count() + 1)

    def test_nothing_in_the_package_reaches_the_network(self) -> None:
        archive = unzip(self.data)
        for name in archive.namelist():
            text = archive.read(name).decode()
            if name.endswith(".html"):
                # No link, script, image or style from anywhere but the package.
                for url in re.findall(r'(?:href|src)="([^"]*)"', text):
                    self.assertTrue(url.startswith("../shared/"), (name, url))
                self.assertNotIn("<a ", text)
            self.assertNotRegex(text, r"https?://(?!www\.(imsproject|imsglobal|adlnet|w3)\.org)")

    def test_lesson_sco_carries_the_lesson_text(self) -> None:
        lesson = Lesson.objects.current().filter(unit=self.unit).first()
        assert lesson is not None
        html = unzip(self.data).read(f"{self.unit.key}/{lesson.key}.html").decode()
        self.assertIn(lesson.title, html)
        self.assertIn('data-sco="lesson"', html)

    def test_quiz_sco_holds_choice_items_with_a_key_that_scores_them_like_the_site(self) -> None:
        quiz = Quiz.objects.get(unit=self.unit)
        html = unzip(self.data).read(f"{self.unit.key}/quiz.html").decode()
        raw = re.search(r'<script id="answer-key" type="application/json">(.*?)</script>', html)
        assert raw is not None
        key = json.loads(raw.group(1))
        self.assertEqual(key["pass_mark"], quiz.pass_mark)
        self.assertTrue(key["items"])
        for item in Item.objects.filter(key__in=key["items"]):
            self.assertIn(item.kind, package.CHOICE_KINDS)
            self.assertIn(f'data-item="{item.key}"', html)
            k = key["items"][item.key]
            # Every option scored by the key exactly as the site's kind scores it.
            if k.get("multiple"):
                self.assertEqual(item.behaviour.score(item.data, k["right"]), 1.0)
            else:
                for option, score in k["scores"].items():
                    self.assertEqual(item.behaviour.score(item.data, option), score)

    def test_every_sco_stays_within_the_page_budget(self) -> None:
        archive = unzip(self.data)
        shared = sum(len(gzip.compress(archive.read(n))) for n in package.SHARED_FILES)
        for name in archive.namelist():
            if name.endswith(".html"):
                weight = len(gzip.compress(archive.read(name))) + shared
                self.assertLess(weight, 60_000, name)

    def test_lesson_links_are_kept_as_text(self) -> None:
        html = package.offline_html('<p>See <a href="/learn/glossary/">the glossary</a>.</p>')
        self.assertEqual(html, "<p>See the glossary.</p>")

    def test_problems_names_a_missing_file_and_a_dangling_item(self) -> None:
        source = unzip(self.data)
        broken = io.BytesIO()
        with zipfile.ZipFile(broken, "w") as out:
            for name in source.namelist():
                if name == "shared/sco.css":
                    continue
                body = source.read(name)
                if name == "imsmanifest.xml":
                    body = body.replace(b'identifierref="shared"', b'identifierref="gone"', 1)
                out.writestr(name, body)
        found = package.problems(broken.getvalue())
        self.assertIn("resource shared: file shared/sco.css is not in the package", found)
        self.assertTrue(any("dependency gone is missing" in p for p in found), found)


class CoursePackageTests(BaseTestCase):
    def test_the_course_package_holds_every_unit(self) -> None:
        data = package.course_package()
        self.assertEqual(package.problems(data), [])
        root = ET.fromstring(unzip(data).read("imsmanifest.xml"))
        chapters = root.findall("cp:organizations/cp:organization/cp:item", NS)
        self.assertEqual(
            [c.get("identifier") for c in chapters],
            [f"unit-{key}" for key in Unit.objects.values_list("key", flat=True)],
        )


class ExportViewTests(BaseTestCase):
    def test_trainer_downloads_a_unit_and_the_export_is_audited_as_a_disclosure(self) -> None:
        self.login(self.trainer)
        response = self.client.get("/scorm/u1.zip")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/zip")
        self.assertIn("frontline-u1-scorm12.zip", response["Content-Disposition"])
        self.assertEqual(package.problems(response.content), [])
        event = AuditEvent.objects.get(action="scorm.export")
        self.assertEqual(event.kind, "disclosure")
        self.assertEqual(event.actor_id, self.trainer.pk)
        self.assertEqual(event.details["units"], ["u1"])

    def test_coordinator_downloads_the_course(self) -> None:
        self.login(self.coordinator)
        response = self.client.get("/scorm/course.zip")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(AuditEvent.objects.get(action="scorm.export").details["units"][0], "u1")

    def test_the_page_lists_the_packages_for_planners(self) -> None:
        self.login(self.trainer)
        response = self.client.get("/scorm/")
        self.assertContains(response, "/scorm/course.zip")
        self.assertContains(response, "/scorm/u5.zip")

    def test_learners_officers_and_outsiders_get_403_and_nothing_is_recorded(self) -> None:
        for persona in (self.learner, self.officer, self.outsider, self.analyst):
            self.login(persona)
            for url in ("/scorm/", "/scorm/u1.zip", "/scorm/course.zip"):
                self.assertEqual(self.client.get(url).status_code, 403, (persona, url))
        self.assertFalse(AuditEvent.objects.filter(action="scorm.export").exists())

    def test_anonymous_is_sent_to_sign_in_unknown_unit_404_post_405(self) -> None:
        self.assertEqual(self.client.get("/scorm/u1.zip").status_code, 302)
        self.login(self.trainer)
        self.assertEqual(self.client.get("/scorm/u9.zip").status_code, 404)
        self.assertEqual(self.client.post("/scorm/u1.zip").status_code, 405)
