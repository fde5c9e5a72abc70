"""Every URL pattern of the site, for every persona, against a table of what each must get.

A pattern with no row fails `test_every_pattern_has_a_row`, so a new view cannot ship without
saying who may reach it; a row with no pattern fails too. Each request runs in a savepoint that
is rolled back, so POST rows (state changes such as submitting an attempt) do not leak into the
next request. PDF rendering is replaced by a stub here: the table is about the doors; the PDFs
have tests of their own.

Cells, in the order of `world.PERSONAS` (anonymous, learner, trainer, coordinator, officer,
analyst, caseworker, admin, outsider): a status code; `L` a redirect to the sign-in page; `A`
a redirect to the admin site's sign-in page; `R` another redirect; `a|b` either (only where the
data decides, e.g. an admin page that read-only models refuse). Admin rows may use `*` for the
app and model (fnmatch); every other row names one pattern exactly.
"""

from __future__ import annotations

import os
from fnmatch import fnmatch
from http.cookies import SimpleCookie
from unittest import mock

from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from frontline.certificates.tests.base import TEST_SEED
from frontline.test import BaseTestCase
from tests.world import PERSONAS, Route, World, patterns

G, P = "GET", "POST"
ALL_200 = "200 200 200 200 200 200 200 200"
SIGNED_IN = f"L {ALL_200}"  # any signed-in persona, nobody else
PUBLIC = f"200 {ALL_200}"
STAFF = "A A A A A A A 200 A"  # the admin site: staff only
RUN_COURSE = "L 403 200 200 403 404 404 200 404"  # the course's team and coordinators

TABLE: dict[str, str] = {
    # -- web, accounts, i18n
    "": f"{G} {PUBLIC}",
    "healthz": f"{G} {PUBLIC}",
    "home/": f"{G} {SIGNED_IN}",
    "readyz": f"{G} {PUBLIC}",
    # Only with the metrics token (none here): the endpoint does not exist.
    "metrics": f"{G} 404 404 404 404 404 404 404 404 404",
    "accounts/login/": f"{G} 200 R R R R R R R R",
    "accounts/logout/": f"{P} R R R R R R R R R",
    "accounts/": f"{G} {SIGNED_IN}",
    "accounts/second-factor/": f"{G} L R R R R R R R R",
    "accounts/second-factor/set-up/": f"{G} L 404 404 404 404 404 404 404 404",
    "accounts/second-factor/set-up/<str:token>/": f"{G} 404 404 404 404 404 404 404 404 404",
    "accounts/recovery-codes/": f"{G} L 403 403 403 403 200 200 200 403",
    "accounts/password/": f"{G} {SIGNED_IN}",
    "accounts/password/reset/": f"{G} {PUBLIC}",
    "accounts/password/reset/sent/": f"{G} {PUBLIC}",
    "accounts/password/reset/<uidb64>/<token>/": f"{G} {PUBLIC}",
    "accounts/password/reset/complete/": f"{G} {PUBLIC}",
    "i18n/setlang/": f"{P} R R R R R R R R R",
    # -- assessment: the learner's attempt; coordinators of the academy may read it (trainers see
    # figures through the courses they run, never an attempt one by one)
    "learn/quizzes/": f"{G} {SIGNED_IN}",
    "learn/progress/": f"{G} {SIGNED_IN}",
    "learn/quizzes/<slug:key>/": f"{G} {SIGNED_IN}",
    "learn/quizzes/<slug:key>/start": f"{P} L R R R R R R R R",
    "learn/attempts/<int:pk>/": f"{G} L 200 404 R 404 404 404 R 404",
    "learn/attempts/<int:pk>/items/<int:item>": f"{P} L 400 404 403 404 404 404 403 404",
    "learn/attempts/<int:pk>/submit": f"{P} L R 404 403 404 404 404 403 404",
    "learn/attempts/<int:pk>/review/": f"{G} L R 404 200 404 404 404 200 404",
    "assessment/statistics/": f"{G} L 403 403 200 403 403 403 200 403",
    "assessment/statistics/<slug:key>/": f"{G} L 403 403 200 403 403 403 200 403",
    "assessment/statistics/<slug:key>/items.csv": f"{G} L 403 403 200 403 403 403 200 403",
    "assessment/gain.csv": f"{G} L 403 403 200 403 403 403 200 403",
    "assessment/gain.xlsx": f"{G} L 403 403 200 403 403 403 200 403",
    # -- case exercises: the learner's play; the trainer's live run at the academy
    "learn/scenarios/": f"{G} {SIGNED_IN}",
    "learn/scenarios/results/": f"{G} {SIGNED_IN}",
    "learn/scenarios/<slug:key>/": f"{G} {SIGNED_IN}",
    "learn/scenarios/<slug:key>/play": f"{P} L R R R R R R R R",
    "learn/plays/<int:pk>/": f"{G} L 200 404 403 404 404 404 403 404",
    "learn/plays/<int:pk>/choose": f"{P} L 409 404 403 404 404 404 403 404",
    "learn/plays/<int:pk>/debrief/": f"{G} L R 404 404 404 404 404 404 404",
    "live/": f"{G} {SIGNED_IN}",
    "live/start": f"{P} L 403 400 403 403 403 403 403 403",
    "live/join": f"{P} L 404 404 404 404 404 404 404 404",
    "live/results/": f"{G} L 403 200 200 403 403 403 200 403",
    "live/<str:code>/": f"{G} L R R R R 404 404 R 404",
    "live/<str:code>/screen": f"{G} L 403 403 403 403 404 404 403 404",
    "live/<str:code>/vote": f"{P} L 403 403 403 403 404 404 403 404",
    "live/<str:code>/control/": f"{G} L 403 200 403 403 404 404 403 404",
    "live/<str:code>/control/votes": f"{G} L 403 200 403 403 404 404 403 404",
    "live/<str:code>/control/open": f"{P} L 403 R 403 403 404 404 403 404",
    "live/<str:code>/control/take": f"{P} L 403 409 403 403 404 404 403 404",
    "live/<str:code>/debrief/": f"{G} L 403 R R 403 404 404 R 404",
    # -- curriculum and library: every signed-in persona
    "learn/": f"{G} {SIGNED_IN}",
    "learn/continue/": f"{G} L R R R R R R R R",
    "learn/glossary/": f"{G} {SIGNED_IN}",
    "learn/<slug:unit>/": f"{G} {SIGNED_IN}",
    "learn/<slug:unit>/handout.pdf": f"{G} {SIGNED_IN}",
    # the facilitator guide: trainers, coordinators, NGO co-trainers (caseworkers), admins
    "learn/<slug:unit>/guide/": f"{G} L 403 200 200 403 403 200 200 403",
    "learn/<slug:unit>/guide.pdf": f"{G} L 403 200 200 403 403 200 200 403",
    "learn/<slug:unit>/<slug:lesson>/present/": f"{G} L 403 200 200 403 403 200 200 403",
    "learn/<slug:unit>/<slug:lesson>/": f"{G} {SIGNED_IN}",
    "learn/<slug:unit>/<slug:lesson>/done": f"{P} L 400 400 400 400 400 400 400 400",
    "search/": f"{G} {SIGNED_IN}",
    "library/": f"{G} {SIGNED_IN}",
    "library/<slug:key>/": f"{G} {SIGNED_IN}",
    # -- field kit: every signed-in persona
    "field/": f"{G} {SIGNED_IN}",
    "field/sw.js": f"{G} {SIGNED_IN}",
    "field/indicators/": f"{G} {SIGNED_IN}",
    "field/screening/": f"{G} {SIGNED_IN}",
    "field/screening.json": f"{G} {SIGNED_IN}",
    "field/smuggling/": f"{G} {SIGNED_IN}",
    "field/cards/": f"{G} {SIGNED_IN}",
    "field/cards/<slug:key>/": f"{G} {SIGNED_IN}",
    "field/phrases/": f"{G} {SIGNED_IN}",
    "field/phrases/<slug:code>/": f"{G} {SIGNED_IN}",
    "field/phrases/<slug:code>/show/": f"{G} {SIGNED_IN}",
    "field/directory/": f"{G} {SIGNED_IN}",
    "field/directory/sheet/": f"{G} {SIGNED_IN}",
    "field/directory/pocket-card.pdf": f"{G} {SIGNED_IN}",
    # -- courses: the trainer leads, the learner and the officer take part
    "courses/": f"{G} {SIGNED_IN}",
    "courses/new/": f"{G} L 403 200 200 403 403 403 200 403",
    "courses/overview/": f"{G} L 403 403 200 403 403 403 200 403",
    "courses/holidays/": f"{G} L 403 403 200 403 403 403 200 403",
    "courses/holidays/<int:pk>/remove": f"{P} L 404 404 R 404 404 404 R 404",
    "courses/<int:pk>/": f"{G} L 200 200 200 200 404 404 200 404",
    "courses/<int:pk>/edit/": f"{G} L 403 200 200 403 404 404 200 404",
    "courses/<int:pk>/close/": f"{G} L 403 200 200 403 404 404 200 404",
    "courses/<int:pk>/live/": f"{G} L 403 200 200 403 404 404 200 404",
    "courses/<int:pk>/team/": f"{G} L 403 200 200 403 404 404 200 404",
    "courses/<int:pk>/team/<int:member>/remove": f"{P} L 403 R R 403 404 404 R 404",
    "courses/<int:pk>/agenda/": f"{G} L 403 200 200 403 404 404 200 404",
    "courses/<int:pk>/agenda/units": f"{P} L 403 R R 403 404 404 R 404",
    "courses/<int:pk>/agenda.pdf": f"{G} L 200 200 200 200 404 404 200 404",
    "courses/<int:pk>/participants/": f"{G} L 403 200 200 403 404 404 200 404",
    "courses/<int:pk>/participants/import": f"{P} L 403 400 400 403 404 404 400 404",
    "courses/<int:pk>/participants/<int:enrolment_id>/withdraw": f"{G} {RUN_COURSE}",
    "courses/<int:pk>/attendance/": f"{G} L 403 200 200 403 404 404 200 404",
    "courses/<int:pk>/attendance/<str:day>/": f"{G} L 403 200 200 403 404 404 200 404",
    "courses/<int:pk>/results/": f"{G} L 403 200 200 403 404 404 200 404",
    "courses/<int:pk>/results.csv": f"{G} L 403 200 200 403 404 404 200 404",
    "courses/<int:pk>/results.xlsx": f"{G} L 403 200 200 403 404 404 200 404",
    "courses/<int:pk>/evaluation/": f"{G} L 403 200 200 403 404 404 200 404",
    "courses/<int:pk>/survey/": f"{G} L 200 403 403 200 404 404 403 404",
    "courses/<int:pk>/certificates": f"{P} L 403 R R 403 404 404 R 404",
    "courses/<int:pk>/participants/<int:enrolment_id>/resend": f"{P} L 403 R R 403 404 404 R 404",
    "courses/<int:pk>/invitation": f"{P} L 400 403 403 400 404 404 403 404",
    "courses/<int:pk>/quiz/<slug:key>": f"{P} L R 403 403 R 404 404 403 404",
    "courses/<int:pk>/case/<slug:key>": f"{P} L R 403 403 R 404 404 403 404",
    # statistics of the courses a user runs, whatever agency sent the participants
    "courses/statistics/": f"{G} L 403 200 200 403 403 403 200 403",
    "courses/statistics/<slug:key>/": f"{G} L 403 200 200 403 403 403 200 403",
    "courses/statistics/<slug:key>/items.csv": f"{G} L 403 200 200 403 403 403 200 403",
    "courses/statistics/gain.csv": f"{G} L 403 200 200 403 403 403 200 403",
    "courses/statistics/gain.xlsx": f"{G} L 403 200 200 403 403 403 200 403",
    # -- intelligence: the officer filed report 1 (graded P) for the ATU where the analyst works;
    # the NGO reads P reports under an agreement; the outsider (an officer of B) may file for
    # B but sees nothing of A's. Briefings (published bulletins) are for every signed-in user.
    "intelligence/": f"{G} L 403 403 403 200 200 200 200 200",
    "intelligence/new/": f"{G} L 403 403 403 200 200 403 200 200",
    "intelligence/<int:pk>/": f"{G} L 404 404 404 200 200 200 200 404",
    "intelligence/<int:pk>/review/": f"{P} L 404 404 404 403 R 403 R 404",
    "intelligence/<int:pk>/disseminate/": f"{G} L 404 404 404 403 200 403 200 404",
    "intelligence/<int:pk>/network/": f"{G} L 403 403 403 403 200 403 200 403",
    "intelligence/search/": f"{G} L 403 403 403 403 200 403 200 403",
    "intelligence/links/": f"{G} L 403 403 403 403 200 403 200 403",
    "intelligence/links/<int:pk>/": f"{P} L 403 403 403 403 400 403 400 403",
    "intelligence/statistics/": f"{G} L 403 403 403 200 200 200 200 200",
    "intelligence/bulletins/new/": f"{G} L 403 403 403 403 200 403 200 403",
    "intelligence/bulletins/<int:pk>/publish/": f"{P} L 403 403 403 403 R 403 R 403",
    "briefings/": f"{G} {SIGNED_IN}",
    "briefings/<int:pk>/": f"{G} {SIGNED_IN}",
    # -- the audit log: administrators only; nobody else can tell it exists
    "audit/": f"{G} L 404 404 404 404 404 404 200 404",
    # -- SCORM packages: for those who plan courses (they hold the answer keys)
    "scorm/": f"{G} L 403 200 200 403 403 403 200 403",
    "scorm/course.zip": f"{G} L 403 200 200 403 403 403 200 403",
    "scorm/<slug:unit>.zip": f"{G} L 403 200 200 403 403 403 200 403",
    # -- LTI 1.3: the LMS posts from another site; a launch is proven by its signed token only
    "lti/login/": f"{G} 400 400 400 400 400 400 400 400 400",
    "lti/launch/": f"{P} 400 400 400 400 400 400 400 400 400",
    "lti/deep-link/<str:launch_id>/": f"{P} 400 400 400 400 400 400 400 400 400",
    "lti/jwks.json": f"{G} {PUBLIC}",
    # -- certificates: the learner holds one the trainer issued
    "certificates/": f"{G} {SIGNED_IN}",
    "certificates/verify/": f"{G} {PUBLIC}",
    "certificates/verify/<str:code>": f"{G} R R R R R R R R R",
    "certificates/issuer": f"{G} {PUBLIC}",
    "certificates/issuer/jwks.json": f"{G} {PUBLIC}",
    "certificates/status/revocation": f"{G} {PUBLIC}",
    "certificates/<code:code>.pdf": f"{G} L 200 200 200 404 404 404 200 404",
    "certificates/<code:code>/badge.json": f"{G} L 200 200 200 404 404 404 200 404",
    "certificates/<code:code>/revoke": f"{G} L 403 200 200 404 404 404 200 404",
    # -- referrals: the officer filed one, sent to the ATU (analyst), referred to the NGO
    # (caseworker); the admin is a superuser. Nobody else can tell it exists.
    "referrals/": f"{G} L 403 403 403 200 200 200 200 200",
    "referrals/new": f"{P} L 403 403 403 400 403 403 400 400",
    "referrals/file": f"{P} L 403 403 403 400 403 403 400 400",
    "referrals/<int:pk>/": f"{G} L 404 404 404 200 200 200 200 404",
    "referrals/<int:pk>/edit/": f"{G} L 404 404 404 403 403 403 403 404",
    "referrals/<int:pk>/acknowledge": f"{P} L 404 404 404 403 409 403 409 404",
    "referrals/<int:pk>/assess": f"{P} L 404 404 404 403 400 403 400 404",
    "referrals/<int:pk>/refer": f"{P} L 404 404 404 403 400 403 400 404",
    "referrals/<int:pk>/close": f"{P} L 404 404 404 403 400 403 400 404",
    "referrals/<int:pk>/answer": f"{P} L 404 404 404 403 403 400 400 404",
    "referrals/<int:pk>/withdraw-consent": f"{P} L 404 404 404 403 400 403 400 404",
    # -- the admin site: staff only (non-staff are sent to its sign-in page)
    "admin/": f"{G} {STAFF}",
    # the admin site signs in through the site's own page (its throttling and audit)
    "admin/login/": f"{G} L L L L L L L L L",
    "admin/logout/": f"{P} R R R R R R R R R",
    # password changes go to the site's own, audited page; keys of devices are never shown
    "admin/password_change/": f"{G} A A A A A A A R A",
    "admin/password_change/done/": f"{G} {STAFF}",
    "admin/autocomplete/": f"{G} A A A A A A A 403 A",
    "admin/jsi18n/": f"{G} {STAFF}",
    "admin/r/<path:content_type_id>/<path:object_id>/": f"{G} A A A A A A A R A",
    # task results exist only with the database backend (the tests run tasks at once)
    "admin/django_tasks_database/dbtaskresult/<path:object_id>/*/": f"{G} A A A A A A A R|403 A",
    "admin/*/*/add/": f"{G} A A A A A A A 200|403 A",
    "admin/*/*/<path:object_id>/": f"{G} A A A A A A A R A",
    "admin/*/*/<path:object_id>/change/": f"{G} {STAFF}",
    "admin/*/*/<path:object_id>/history/": f"{G} {STAFF}",
    "admin/*/*/<path:object_id>/delete/": f"{G} A A A A A A A 200|403 A",
    "admin/otp_totp/totpdevice/<int:pk>/config/": f"{G} A A A A A A A 403 A",
    "admin/otp_totp/totpdevice/<int:pk>/qrcode/": f"{G} A A A A A A A 403 A",
    "admin/accounts/user/<id>/password/": f"{G} A A A A A A A 403 A",
    "admin/^(?P<app_label>*)/$": f"{G} {STAFF}",
    "admin/*/*/": f"{G} {STAFF}",  # the list of a model; after the other wildcards
    "admin/(?P<url>.*)$": f"{G} A A A A A A A 404 A",
}


def row_for(route: Route) -> str | None:
    """The table's row for `route`: an exact one, else (admin only) the first wildcard."""
    if route.route in TABLE:
        return TABLE[route.route]
    if route.admin:
        for key, row in TABLE.items():
            if "*" in key and fnmatch(route.route, key):
                return row
    return None


def outcome(response: object) -> str:
    status = response.status_code  # type: ignore[attr-defined]
    if status in (301, 302):
        location = response["Location"]  # type: ignore[index]
        if location.startswith(reverse("accounts:login")):
            return "L"
        return "A" if location.startswith(reverse("admin:login")) else "R"
    return str(status)


@override_settings(BADGE_SIGNING_KEY=TEST_SEED, SITE_URL="https://frontline.example.org")
class EveryUrlTests(BaseTestCase):
    world: World
    maxDiff = None  # a failure lists every request that got what the table does not say

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.world = World({name: getattr(cls, name) for name in PERSONAS[1:]})

    def test_every_pattern_has_a_row(self) -> None:
        routes = patterns()
        missing = [r.route for r in routes if row_for(r) is None]
        self.assertEqual(missing, [], "URL patterns with no row in TABLE")
        unused = set(TABLE) - {r.route for r in routes} - {k for k in TABLE if "*" in k}
        self.assertEqual(unused, set(), "rows in TABLE for patterns that no longer exist")

    def walk(self, persona: str) -> None:
        """Every pattern as `persona`, against that persona's column of the table."""
        n = PERSONAS.index(persona)
        routes = patterns()
        wrong, observed = [], []
        client = Client()
        if persona != "anonymous":
            self.login(getattr(self, persona), client=client)
        with mock.patch("weasyprint.HTML.write_pdf", return_value=b"%PDF-1.7 stub"):
            for route in routes:
                row = row_for(route)
                assert row is not None
                method, *cells = row.split()
                got = self.request(client, method, route)
                observed.append(f"{route.route!r} {method}: {got}")
                if got not in cells[n].split("|"):
                    wrong.append(f"{route.route!r} {method} as {persona}: {got}, "
                                 f"table says {cells[n]}")  # fmt: skip
        if wrong and os.environ.get("FRONTLINE_URL_TABLE"):
            print("\n".join(observed))
        self.assertEqual(wrong, [], f"{len(wrong)} of {len(observed)} requests")
        self.assertEqual(len(observed), len(routes))

    def request(self, client: Client, method: str, route: Route) -> str:
        url = self.world.url(route)
        cache.clear()  # rate-limit counters of one request must not decide the next
        cookies = SimpleCookie(client.cookies)  # a sign-out or a language choice is undone too
        with transaction.atomic():
            response = client.get(url) if method == G else client.post(url)
            transaction.set_rollback(True)
        client.cookies = cookies
        return outcome(response)


# One test per persona (test_every_pattern_as_anonymous, ..._as_outsider), so that a failure
# names the persona and the walk can be shared out between test processes.
for _persona in PERSONAS:
    setattr(
        EveryUrlTests,
        f"test_every_pattern_as_{_persona}",
        lambda self, persona=_persona: self.walk(persona),
    )
