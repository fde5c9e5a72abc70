"""The named people of the demo and of the tests.

Two fictional countries use ISO 3166 user-assigned codes (XA: Valdoria, XB: Northmark), so no
real agency is implied. The same personas serve the demo (`frontline demo_data`) and the test
base class, so what a newcomer clicks through is what the tests check.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from frontline.accounts.models import Agency, Membership, Role, User


@dataclass(frozen=True)
class AgencySpec:
    key: str
    name: str
    kind: str
    country: str
    region: str


@dataclass(frozen=True)
class PersonaSpec:
    username: str
    first_name: str
    last_name: str
    roles: tuple[tuple[str, str], ...]  # (agency key, role)
    staff: bool = False
    description: str = ""
    # For roles that need a second factor: whether the demo gives the persona an authenticator
    # (its key is printed) or leaves it to be set up with a printed set-up link.
    authenticator: bool = True


AGENCIES = (
    AgencySpec("academy", "Valdoria Police Academy", Agency.Kind.ACADEMY, "XA", "Capital Region"),
    AgencySpec(
        "border_a", "Valdoria Border Guard", Agency.Kind.BORDER_GUARD, "XA", "Eastern Border"
    ),
    AgencySpec("police_a", "Valdoria Police", Agency.Kind.POLICE, "XA", "Capital Region"),
    AgencySpec("atu_a", "Valdoria Anti-Trafficking Unit", Agency.Kind.ATU, "XA", "National"),
    AgencySpec("ngo_a", "Safe Harbour Valdoria", Agency.Kind.NGO, "XA", "National"),
    AgencySpec(
        "child_a",
        "Valdoria Child Protection Service",
        Agency.Kind.CHILD_PROTECTION,
        "XA",
        "National",
    ),
    AgencySpec("police_b", "Northmark Police", Agency.Kind.POLICE, "XB", "Lakeside District"),
)

PERSONAS = (
    PersonaSpec(
        "learner", "Lena", "Marek", (("academy", Role.LEARNER),), description="officer in training"
    ),
    PersonaSpec(
        "trainer",
        "Tomas",
        "Verhoef",
        (("academy", Role.TRAINER),),
        description="law-enforcement trainer",
    ),
    PersonaSpec(
        "coordinator",
        "Cora",
        "Lindqvist",
        (("academy", Role.COORDINATOR),),
        description="academy course coordinator",
    ),
    PersonaSpec(
        "officer",
        "Bruno",
        "Kasza",
        (("border_a", Role.OFFICER), ("academy", Role.LEARNER)),
        description="border guard, agency A",
    ),
    PersonaSpec(
        "analyst",
        "Ana",
        "Petrović",
        (("atu_a", Role.ANALYST),),
        description="ATU analyst (second factor)",
    ),
    PersonaSpec(
        "investigator",
        "Ivo",
        "Marsh",
        (("atu_a", Role.ANALYST),),
        description="ATU analyst with no authenticator yet (set-up link below)",
        authenticator=False,
    ),
    PersonaSpec(
        "supervisor",
        "Sara",
        "Lindholm",
        (("atu_a", Role.SUPERVISOR),),
        description="ATU supervisor: overdue referrals (second factor)",
    ),
    PersonaSpec(
        "childofficer",
        "Clara",
        "Wend",
        (("child_a", Role.CHILD_PROTECTION),),
        description="child-protection officer: referrals of presumed children (second factor)",
    ),
    PersonaSpec(
        "caseworker",
        "Nadia",
        "Halloran",
        (("ngo_a", Role.CASEWORKER),),
        description="NGO caseworker (second factor)",
    ),
    PersonaSpec(
        "admin",
        "Adam",
        "Okafor",
        (("academy", Role.ADMIN),),
        staff=True,
        description="administrator (second factor)",
    ),
    PersonaSpec(
        "outsider",
        "Oskar",
        "Brandt",
        (("police_b", Role.OFFICER),),
        description="officer of agency B, sees nothing of A",
    ),
)


@transaction.atomic
def create_personas(password: str) -> dict[str, User]:
    """Create (or reset) the demo agencies and personas; return users by username."""
    agencies = {
        spec.key: Agency.objects.update_or_create(
            name=spec.name,
            defaults={"kind": spec.kind, "country": spec.country, "region": spec.region},
        )[0]
        for spec in AGENCIES
    }
    users = {}
    for spec in PERSONAS:
        user, _ = User.objects.update_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": f"{spec.username}@example.org",
                "is_staff": spec.staff,
                "is_superuser": spec.staff,
            },
        )
        user.set_password(password)
        user.save()
        for agency_key, role in spec.roles:
            Membership.objects.get_or_create(user=user, agency=agencies[agency_key], role=role)
        users[spec.username] = user
    return users
