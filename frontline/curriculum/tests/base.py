from __future__ import annotations

from django.conf import settings

from frontline.curriculum.content import read_content
from frontline.curriculum.loading import load_content
from frontline.test import BaseTestCase

CONTENT = read_content(settings.CONTENT_DIR)


class ContentTestCase(BaseTestCase):
    """Personas plus the real content, loaded once per test class."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        load_content(CONTENT)
