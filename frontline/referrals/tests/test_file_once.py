"""A referral written offline is stored exactly once, however often the phone sends it."""

from __future__ import annotations

import uuid

from django.urls import reverse

from frontline.referrals.models import Referral, Status
from frontline.referrals.tests.base import CASE, ReferralTestCase


def payload(key: str, **extra: object) -> dict[str, object]:
    case = {k: v for k, v in CASE.items() if k != "answers"}
    person = {"alias": "Mira K.", "sex": "female", "age": "27", "minor": "no",
              "statement": "Papers held by the manager.", "consent": "given",
              "consent_shares": ["needs"], "needs": ["shelter"]}  # fmt: skip
    return {**case, **person, "key": key, **extra}


class FileOnceTests(ReferralTestCase):
    def test_sent_twice_stored_once(self) -> None:
        key = str(uuid.uuid4())
        self.login(self.officer)
        first = self.client.post(reverse("referrals:file"), payload(key))
        self.assertEqual(first.status_code, 200, first.content)
        second = self.client.post(reverse("referrals:file"), payload(key))
        self.assertEqual(second.status_code, 200)
        self.assertEqual(first.json()["reference"], second.json()["reference"])
        referral = Referral.objects.get()
        self.assertEqual((referral.status, str(referral.key)), (Status.RECEIVED, key))
        self.assertEqual(first.json()["status"], "received")

    def test_incomplete_referral_stores_nothing(self) -> None:
        self.login(self.officer)
        key = str(uuid.uuid4())
        response = self.client.post(reverse("referrals:file"), payload(key, statement=""))
        self.assertEqual(response.status_code, 400)
        self.assertIn("statement", response.json()["errors"][0])
        response = self.client.post(reverse("referrals:file"), payload(key, age="400"))
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            self.client.post(reverse("referrals:file"), payload("nope")).status_code, 400
        )
        self.assertFalse(Referral.objects.exists())

    def test_someone_elses_key_is_404(self) -> None:
        key = str(uuid.uuid4())
        self.login(self.officer)
        self.client.post(reverse("referrals:file"), payload(key))
        self.client.logout()
        self.login(self.outsider)
        self.assertEqual(self.client.post(reverse("referrals:file"), payload(key)).status_code, 404)
        self.assertEqual(Referral.objects.count(), 1)
