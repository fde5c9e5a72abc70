from __future__ import annotations

from frontline.test import BaseTestCase, everything

CONTENT = everything().curriculum


class ContentTestCase(BaseTestCase):
    """Personas, with the real content (loaded once per session, conftest.py)."""
