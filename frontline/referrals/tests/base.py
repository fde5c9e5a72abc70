"""Referral tests: the personas, a co-operation agreement from the ATU of agency A to its NGO,
and helpers to file a referral the way an officer does."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.conf import settings

from frontline.accounts.models import Agency
from frontline.fieldkit import kit
from frontline.referrals import actions
from frontline.referrals.models import Agreement, Referral, Share
from frontline.test import BaseTestCase

CASE: dict[str, Any] = {
    "where": "workplace",
    "check": "inspection",
    "gender": "female",
    "shared_language": "no",
    "minor": "no",
    "observed": ["gen-documents-held", "gen-cannot-leave", "lab-wage-goes-to-debt"],
    "answers": {},
}

PERSON: dict[str, Any] = {
    "alias": "Mira K.",
    "sex": "female",
    "age": 27,
    "minor": "no",
    "nationality": "Northmark",
    "language": "Northmarkish",
    "needs": ["shelter", "interpreter"],
    "place": "Farm near Eastbrook",
    "met_at": None,
    "statement": "Found at the farm during a labour inspection; papers held.",
    "actions_taken": [],
    "consent": "given",
    "consent_shares": ["needs", "statement"],
    "consent_how": "through a telephone interpreter",
    "guardian": "",
}


class ReferralTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.atu = Agency.objects.get(name="Valdoria Anti-Trafficking Unit")
        cls.ngo = Agency.objects.get(name="Safe Harbour Valdoria")
        cls.agreement = Agreement.objects.create(
            from_agency=cls.atu,
            to_agency=cls.ngo,
            valid_from=date(2026, 1, 1),
            shares=[Share.IDENTITY, Share.NEEDS, Share.STATEMENT],
            title="ATU-Safe Harbour MoU",
        )

    def draft(self, **person: Any) -> Referral:
        case = {**CASE, "minor": person.get("minor", "no")}
        result = kit.screen(case, settings.CONTENT_DIR)
        referral = actions.start(case, result, acting_user=self.officer)
        return actions.save_draft(referral, {**PERSON, **person}, acting_user=self.officer)

    def sent(self, now: datetime | None = None, **person: Any) -> Referral:
        return actions.submit(self.draft(**person), acting_user=self.officer, now=now)
