"""Every URL pattern of the site, and a small world of real objects to fill in their arguments.

`patterns()` enumerates the URL resolver (the admin site included), so a view added anywhere is
found without being listed here. `World` makes, on top of the content loaded for the session
and the personas, one object of each kind a URL can name: a course the trainer leads with the
learner and the officer enrolled, the learner's quiz attempt and case-exercise play, a live run
the trainer leads at the academy, a certificate the trainer issued to the learner, and so on;
`World.url(route)` gives a URL of a route naming them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontline.accounts.models import Agency, User
from frontline.assessment import attempts
from frontline.assessment.models import Item, Quiz
from frontline.audit.models import AuditEvent
from frontline.certificates.actions import issue_certificate
from frontline.courses.models import CourseOffering, Enrolment, Holiday, TeamMember
from frontline.curriculum.models import Lesson, Resource, Unit
from frontline.fieldkit.kit import current_kit, screen
from frontline.fieldkit.models import DirectoryEntry
from frontline.intelligence.demo import create_demo_intelligence
from frontline.referrals import actions as referral_actions
from frontline.referrals.models import Agreement, UnitSettings
from frontline.scenarios import live, play
from frontline.scenarios.models import Scenario

PERSONAS = ("anonymous", "learner", "trainer", "coordinator", "officer", "analyst", "caseworker",
            "admin", "outsider")  # fmt: skip
FIRST_DAY = date(2026, 3, 2)


@dataclass(frozen=True)
class Route:
    route: str  # the pattern as written, e.g. "courses/<int:pk>/team/"; the table's key
    name: str  # "courses:team" ("" for an unnamed pattern)
    pattern: URLPattern

    @property
    def admin(self) -> bool:
        return self.route.startswith("admin/")


def patterns() -> list[Route]:
    """Every URL pattern of the site, in resolver order."""

    def walk(items: list[Any], prefix: str, namespace: str) -> list[Route]:
        found = []
        for item in items:
            if isinstance(item, URLResolver):
                inner = ":".join(n for n in (namespace, item.namespace or "") if n)
                found += walk(item.url_patterns, prefix + str(item.pattern), inner)
            else:
                name = f"{namespace}:{item.name}" if namespace and item.name else item.name or ""
                found.append(Route(prefix + str(item.pattern), name, item))
        return found

    return walk(get_resolver().url_patterns, "", "")


class World:
    """Objects for every URL argument, made inside the calling test class's transaction."""

    def __init__(self, users: dict[str, User]) -> None:
        learner, trainer = users["learner"], users["trainer"]
        academy = Agency.objects.get(name="Valdoria Police Academy")
        border = Agency.objects.get(name="Valdoria Border Guard")
        self.offering = CourseOffering.objects.create(
            title="Border week", agency=academy, starts_on=FIRST_DAY, ends_on=date(2026, 3, 4),
            venue="Hall B", language="English",
        )  # fmt: skip
        self.member = TeamMember.objects.create(
            offering=self.offering, user=trainer, role=TeamMember.TeamRole.LEAD
        )
        accepted = Enrolment.Status.ACCEPTED
        self.enrolment = Enrolment.objects.create(
            offering=self.offering, user=learner, agency=academy, status=accepted
        )
        Enrolment.objects.create(
            offering=self.offering, user=users["officer"], agency=border, status=accepted
        )
        self.quiz = Quiz.objects.get(key="u1-quiz")
        self.attempt = attempts.start(learner, self.quiz)
        self.scenario = Scenario.objects.current().order_by("key").first()
        assert self.scenario is not None
        self.play = play.start(self.scenario, acting_user=learner)
        self.run = live.start_run(self.scenario, acting_user=trainer, agency=academy)
        self.certificate = issue_certificate(
            holder=learner, title="Border week", completed_on=FIRST_DAY,
            reference=f"course:{self.offering.pk}", acting_user=trainer,
        )  # fmt: skip
        self.holiday = Holiday.objects.create(agency=academy, day=date(2026, 12, 25),
                                              name="Christmas Day")  # fmt: skip
        self.entry = DirectoryEntry.objects.create(
            country="XA", kind="atu", name="Valdoria ATU", phone="+442079460100"
        )
        self.group = Group.objects.create(name="readers")
        self.device = TOTPDevice.objects.create(user=users["analyst"], name="phone")
        self.lesson = Lesson.objects.current().select_related("unit").order_by("key").first()
        assert self.lesson is not None
        kit = current_kit(settings.CONTENT_DIR)
        self.card, self.language = kit.cards[0].id, kit.languages[0].code
        self.intelligence = create_demo_intelligence(users)
        self.referral = _referral(users)
        self.users = users
        self.admin_objects: dict[str, Any] = {
            "auth/group": self.group, "otp_totp/totpdevice": self.device,
            "otp_static/staticdevice": StaticDevice.objects.create(
                user=users["analyst"], name="recovery codes"
            ),
            "accounts/user": learner, "accounts/agency": academy,
            "audit/auditevent": AuditEvent.objects.first(),
            "assessment/item": Item.objects.get(pk=self.attempt.item_ids[0]),
            "assessment/quiz": self.quiz, "assessment/attempt": self.attempt,
            "fieldkit/directoryentry": self.entry, "certificates/certificate": self.certificate,
            "scenarios/scenario": self.scenario, "scenarios/play": self.play,
            "scenarios/liverun": self.run,
            "referrals/agreement": self.referral.agreement,
            "referrals/unitsettings": UnitSettings.objects.create(agency=self.referral.unit),
            **_axes_rows(),
        }  # fmt: skip

    def url(self, route: Route) -> str:
        """A URL of `route` naming the world's objects."""
        if route.name:
            return reverse(route.name, kwargs=self.kwargs(route))
        if "(?P<url>" in route.route:  # the admin site's catch-all
            return "/admin/no/such/page/"
        obj = self.admin_objects.get("/".join(route.route.split("/")[1:3]))
        return "/" + route.route.replace("<path:object_id>", str(obj.pk if obj else 0))

    def kwargs(self, route: Route) -> dict[str, Any]:
        """The URL arguments of `route`, from the world's objects."""
        names = set(route.pattern.pattern.converters) | set(route.pattern.pattern.regex.groupindex)
        if route.admin:
            return self._admin_kwargs(route, names)
        values: dict[str, Any] = {
            "key": self.quiz.key, "pk": self.offering.pk, "item": self.attempt.item_ids[0],
            "unit": self.lesson.unit.key, "lesson": self.lesson.key, "code": self.run.code,
            "member": self.member.pk, "enrolment_id": self.enrolment.pk,
            "day": FIRST_DAY.isoformat(), "uidb64": "MQ", "token": "no-such-token",
            "launch_id": "lti1p3-launch-no-such-launch",
        }  # fmt: skip
        prefix = route.route.split("/")[0]
        if route.route.startswith("learn/attempts/"):
            values["pk"] = self.attempt.pk
        elif route.route.startswith("courses/holidays/"):
            values["pk"] = self.holiday.pk
        elif route.route.startswith("learn/plays/"):
            values["pk"] = self.play.pk
        elif route.route.startswith(("learn/scenarios/", "courses/<int:pk>/case/")):
            values["key"] = self.scenario.key
        elif prefix == "library":
            values["key"] = Resource.objects.order_by("key").first().key  # type: ignore[union-attr]
        elif prefix == "intelligence":
            values["pk"] = self.intelligence.reports[0].pk
            if route.route.startswith("intelligence/links/"):
                values["pk"] = self.intelligence.link.pk
            elif route.route.startswith("intelligence/bulletins/"):
                values["pk"] = self.intelligence.draft.pk
        elif prefix == "briefings":
            values["pk"] = self.intelligence.published.pk
        elif prefix == "certificates":
            values["code"] = self.certificate.code
        elif route.route.startswith("field/cards/"):
            values["key"] = self.card
        elif route.route.startswith("field/phrases/"):
            values["code"] = self.language
        elif prefix == "referrals":
            values["pk"] = self.referral.pk
        return {name: values[name] for name in names}

    def _admin_kwargs(self, route: Route, names: set[str]) -> dict[str, Any]:
        parts = route.route.split("/")
        model = "/".join(parts[1:3])
        obj = self.admin_objects.get(model)
        values: dict[str, Any] = {}
        if "object_id" in names and "content_type_id" in names:
            values = {"content_type_id": ContentType.objects.get_for_model(Unit).pk,
                      "object_id": Unit.objects.order_by("pk").first().pk}  # type: ignore[union-attr]  # fmt: skip
        elif names & {"object_id", "pk", "id"}:
            values = dict.fromkeys(names, obj.pk if obj is not None else 0)
        elif "app_label" in names:
            values = {"app_label": "accounts"}
        elif "url" in names:
            values = {"url": "no/such/page/"}
        return values


def _referral(users: dict[str, User]) -> Any:
    """The officer's referral, sent to the ATU of agency A, acknowledged, assessed and referred
    to its NGO under an agreement."""
    atu = Agency.objects.get(name="Valdoria Anti-Trafficking Unit")
    ngo = Agency.objects.get(name="Safe Harbour Valdoria")
    agreement = Agreement.objects.create(
        from_agency=atu, to_agency=ngo, valid_from=date(2026, 1, 1), shares=["needs"]
    )
    case = {"where": "workplace", "check": "inspection", "minor": "no",
            "observed": ["gen-documents-held"], "answers": {}}  # fmt: skip
    result = screen(case, settings.CONTENT_DIR)
    officer, analyst = users["officer"], users["analyst"]
    referral = referral_actions.start(case, result, acting_user=officer)
    referral = referral_actions.save_draft(
        referral,
        {"statement": "Papers held.", "consent": "given", "consent_shares": ["needs"]},
        acting_user=officer,
    )
    referral = referral_actions.submit(referral, acting_user=officer)
    referral = referral_actions.acknowledge(referral, acting_user=analyst)
    referral = referral_actions.assess(referral, decision="yes", reasons="r", acting_user=analyst)
    return referral_actions.refer_to_support(referral, agreement=agreement, acting_user=analyst)


def _axes_rows() -> dict[str, Any]:
    """One row of each of django-axes' models (an address from the documentation range)."""
    common = {"user_agent": "test", "ip_address": "192.0.2.1", "username": "nobody",
              "http_accept": "*/*", "path_info": "/accounts/login/"}  # fmt: skip
    return {
        "axes/accessattempt": AccessAttempt.objects.create(
            **common, get_data="", post_data="", failures_since_start=1
        ),
        "axes/accesslog": AccessLog.objects.create(**common),
        "axes/accessfailurelog": AccessFailureLog.objects.create(**common),
    }
