"""Certificates tests: personas, one certificate the trainer issued to the learner, and a signing
key generated for the test run (tests never read BADGE_SIGNING_KEY from the environment)."""

from __future__ import annotations

import secrets
from datetime import date

from django.core.cache import cache
from django.test import override_settings

from frontline.accounts.models import User
from frontline.certificates.actions import issue_certificate
from frontline.certificates.models import Certificate
from frontline.test import BaseTestCase

TEST_SEED = secrets.token_bytes(32)


@override_settings(BADGE_SIGNING_KEY=TEST_SEED, SITE_URL="https://frontline.example.org")
class CertificateTestCase(BaseTestCase):
    certificate: Certificate

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.certificate = cls.issue(cls.learner)

    @classmethod
    def issue(
        cls, holder: User, reference: str = "course:12", title: str = "Identifying presumed victims"
    ) -> Certificate:
        return issue_certificate(
            holder=holder,
            title=title,
            completed_on=date(2026, 11, 20),
            reference=reference,
            acting_user=cls.trainer,
        )

    def setUp(self) -> None:
        super().setUp()
        cache.clear()  # the verification page's miss counter
