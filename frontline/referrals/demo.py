"""Demo referrals (fictional people and places): one in every state, one overdue and
escalated, a child route, an anonymous notification, and one referred to the NGO that shows
only what the person agreed to share. Made once; a second run leaves them as they are."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from frontline.accounts.models import Agency, User
from frontline.fieldkit import kit
from frontline.referrals import actions
from frontline.referrals.models import Agreement, Referral, Share
from frontline.referrals.sweep import sweep

LABOUR = ["gen-documents-held", "gen-cannot-leave", "lab-wage-goes-to-debt"]
SEXUAL = ["gen-always-escorted", "sex-sleeps-at-venue", "sex-adverts-run-by-other"]

PEOPLE: list[dict[str, Any]] = [
    {
        "alias": "Dara V.",
        "sex": "female",
        "age": 24,
        "nationality": "Northmark",
        "language": "Northmarkish",
        "needs": ["shelter", "interpreter"],
        "place": "Eastbrook greenhouse site",
        "statement": "Met during a labour inspection at the "
        "greenhouses. Her passport is kept by the site manager; she says she owes him for travel "
        "and cannot leave before it is paid.",
        "consent": "given",
        "consent_shares": [Share.NEEDS],
        "consent_how": "in Northmarkish, telephone interpreter",
    },
    {
        "alias": "Tomo R.",
        "sex": "male",
        "age": 31,
        "nationality": "Valdorian",
        "language": "Valdorian",
        "needs": ["medical"],
        "place": "Route 9 lorry check",
        "statement": "Found in the back of a lorry with four other men; none holds his own "
        "papers. He asked for help.",
        "consent": "given",
        "consent_shares": [Share.IDENTITY, Share.NEEDS, Share.STATEMENT],
        "consent_how": "in Valdorian, no interpreter needed",
    },
]


def _file(officer: User, observed: list[str], at: datetime, **person: Any) -> Referral:
    case = {
        "where": "workplace",
        "check": "inspection",
        "minor": person.get("minor", "no"),
        "observed": observed,
        "answers": {},
    }
    referral = actions.start(case, kit.screen(case, settings.CONTENT_DIR), acting_user=officer)
    referral = actions.save_draft(referral, {"met_at": at, **person}, acting_user=officer)
    return actions.submit(referral, acting_user=officer, now=at)


def create_demo_referrals(users: dict[str, User]) -> list[str]:
    """The demo referrals; returns a line per referral made (nothing when they exist)."""
    officer, analyst = users["officer"], users["analyst"]
    if Referral.objects.filter(officer=officer).exists():
        return []
    atu = Agency.objects.get(name="Valdoria Anti-Trafficking Unit")
    ngo = Agency.objects.get(name="Safe Harbour Valdoria")
    agreement, _ = Agreement.objects.get_or_create(
        from_agency=atu,
        to_agency=ngo,
        valid_from=date(2026, 1, 1),
        defaults={
            "title": "ATU and Safe Harbour co-operation agreement",
            "shares": [Share.IDENTITY, Share.NEEDS, Share.STATEMENT],
        },
    )
    now = timezone.now()
    dara, tomo = PEOPLE
    made: list[tuple[str, Referral]] = []

    case = {"where": "road", "check": "routine", "minor": "no", "observed": SEXUAL, "answers": {}}
    draft = actions.start(case, kit.screen(case, settings.CONTENT_DIR), acting_user=officer)
    made.append(("draft, to finish", draft))
    made.append(("received, on time", _file(officer, LABOUR, now - timedelta(hours=2), **tomo)))
    overdue = _file(officer, SEXUAL, now - timedelta(days=3), **{**tomo, "alias": "Ilja M."})
    made.append(("received 3 days ago: overdue, escalated", overdue))
    child = _file(
        officer,
        SEXUAL,
        now - timedelta(hours=5),
        **{
            **dara,
            "alias": "Sana",
            "age": 15,
            "minor": "yes",
            "consent": "",
            "guardian": "Eastbrook guardianship service, duty officer informed",
        },
    )
    actions.acknowledge(child, acting_user=analyst, now=now - timedelta(hours=4))
    made.append(("child route, acknowledged", child))
    anonymous = _file(officer, LABOUR, now - timedelta(hours=6), **{**tomo, "consent": "declined"})
    made.append(("anonymous notification (adult declined)", anonymous))
    more = _file(officer, LABOUR, now - timedelta(days=2), **tomo)
    actions.acknowledge(more, acting_user=analyst, now=now - timedelta(days=2))
    actions.assess(
        more,
        decision="more",
        reasons="Ask the labour inspectorate for the site records before deciding.",
        acting_user=analyst,
        now=now - timedelta(days=1),
    )
    made.append(("assessed: more information needed", more))
    referred = _file(officer, LABOUR, now - timedelta(days=4), **dara)
    actions.acknowledge(referred, acting_user=analyst, now=now - timedelta(days=4))
    actions.assess(
        referred,
        decision="yes",
        reasons="Documents held, debt, cannot leave.",
        acting_user=analyst,
        now=now - timedelta(days=3),
    )
    actions.refer_to_support(
        referred, agreement=agreement, acting_user=analyst, now=now - timedelta(days=3)
    )
    made.append(("referred to Safe Harbour: it sees only her needs", referred))
    closed = _file(officer, LABOUR, now - timedelta(days=20), **tomo)
    actions.acknowledge(closed, acting_user=analyst, now=now - timedelta(days=20))
    actions.assess(
        closed,
        decision="no",
        reasons="A labour dispute, no control by others.",
        acting_user=analyst,
        now=now - timedelta(days=18),
    )
    actions.close(
        closed,
        outcome="no_grounds",
        reason="Passed to the labour inspectorate.",
        acting_user=analyst,
        now=now - timedelta(days=17),
    )
    made.append(("closed", closed))
    sweep(now)
    return [f"{r.reference}: {label}" for label, r in made]
