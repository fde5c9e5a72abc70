"""The interface in French, Arabic and Russian: translations present, right-to-left for
Arabic, the switch between languages, and the notice on translations nobody has checked yet."""

from __future__ import annotations

import re
from pathlib import Path
from unittest import mock

from django.conf import settings

from frontline.lib.pageweight import BUDGET_BYTES, measure
from frontline.test import BaseTestCase
from frontline.web import languages

LOCALE = Path(settings.BASE_DIR) / "locale"
# The pages an officer or a learner sees: their strings must all be in French.
OFFICER_FACING = ("web", "accounts", "fieldkit", "curriculum", "assessment", "scenarios",
                  "certificates", "scorm", "lti", "lib", "mail")  # fmt: skip
EVERY_APP = (*OFFICER_FACING, "courses", "audit", "xapi", "settings.py")


NEEDED_EVERYWHERE = ("Skip to main content", "Field kit", "Learn", "Sign in",
                     "Recognise trafficking. Protect the person. Refer the case.")  # fmt: skip


def untranslated(code: str, apps: tuple[str, ...]) -> list[str]:
    """msgids used in `apps` with no translation in the language's .po file."""
    text = (LOCALE / code / "LC_MESSAGES" / "django.po").read_text()
    missing = []
    for block in text.split("\n\n")[1:]:
        places = " ".join(re.findall(r"^#: (.*)$", block, re.M)).split()
        if not any(place.split("/")[0] in apps for place in places):
            continue
        msgstrs = re.findall(r'^msgstr(?:\[\d\])? "(.*)"\n?((?:".*"\n?)*)', block, re.M)
        if any(first == "" and not rest.strip() for first, rest in msgstrs):
            missing.append(re.search(r'^msgid "(.*)"', block, re.M).group(1))  # type: ignore[union-attr]
    return missing


class CatalogueTests(BaseTestCase):
    def test_french_is_complete(self) -> None:
        self.assertEqual(untranslated("fr", EVERY_APP), [])

    def test_arabic_and_russian_cover_the_layout_and_the_home_page(self) -> None:
        for code in ("ar", "ru"):
            missing = untranslated(code, ("web", "settings.py"))
            # The error pages' longer explanations may wait; the layout, navigation and
            # home page may not.
            for msgid in NEEDED_EVERYWHERE:
                self.assertNotIn(msgid, missing, code)

    def test_every_language_offered_has_a_review_status(self) -> None:
        self.assertEqual({code for code, _ in settings.LANGUAGES}, set(languages.REVIEWED))


class PageTests(BaseTestCase):
    def get_in(self, code: str, url: str = "/") -> str:
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_french_home_page(self) -> None:
        html = self.get_in("fr")
        self.assertIn('<html lang="fr" dir="ltr">', html)
        self.assertIn("Reconnaître la traite. Protéger la personne. Orienter le cas.", html)
        self.assertIn("Aller au contenu principal", html)
        self.assertIn("Cette traduction a été faite par une machine", html)

    def test_arabic_pages_run_right_to_left(self) -> None:
        html = self.get_in("ar")
        self.assertIn('<html lang="ar" dir="rtl">', html)
        self.assertIn("الحقيبة الميدانية", html)  # "Field kit" in the navigation
        self.login(self.officer)
        self.assertIn('dir="rtl"', self.get_in("ar", "/field/"))

    def test_russian_is_offered_and_used(self) -> None:
        html = self.get_in("ru")
        self.assertIn('<option value="ru" lang="ru"', html)
        self.assertIn("Полевой набор", html)

    def test_english_has_no_notice_and_a_reviewed_language_loses_it(self) -> None:
        self.assertNotIn("translation-note", self.get_in("en"))
        with mock.patch.dict(languages.REVIEWED, {"fr": True}):
            self.assertNotIn("translation-note", self.get_in("fr"))

    def test_the_switch_sets_the_language_for_the_next_pages(self) -> None:
        response = self.client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
        self.assertEqual(response.status_code, 302)
        self.assertIn("Reconnaître la traite", self.client.get("/").content.decode())

    def test_a_lesson_and_the_screening_in_french(self) -> None:
        self.login(self.officer)
        self.assertIn("Marquer comme terminée", self.get_in("fr", "/learn/u1/u1-l01/"))
        self.assertIn(
            "Où êtes-vous et quel type de contrôle ?", self.get_in("fr", "/field/screening/")
        )


class LanguageWeightTests(BaseTestCase):
    def test_home_lesson_and_screening_within_budget_in_every_language(self) -> None:
        self.login(self.officer)
        for code, _name in settings.LANGUAGES:
            self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
            for url in ("/", "/learn/u1/u1-l01/", "/field/screening/"):
                with self.subTest(language=code, url=url):
                    weight = measure(self.client, url)
                    self.assertEqual((weight.status, weight.missing), (200, []))
                    self.assertLess(weight.total, BUDGET_BYTES)
