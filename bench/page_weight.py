"""Print, for each public page, the bytes sent compressed (HTML + CSS + JS + images).

Runs in-process against a fresh in-memory database with the demo personas and content loaded.
Usage: make bench   (or: python bench/page_weight.py [--as USERNAME])
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontline.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment  # noqa: E402

from frontline.accounts.models import User  # noqa: E402
from frontline.accounts.personas import create_personas  # noqa: E402
from frontline.assessment import attempts  # noqa: E402
from frontline.assessment.models import Quiz  # noqa: E402
from frontline.certificates.actions import issue_certificate  # noqa: E402
from frontline.content import load_all, read_all  # noqa: E402
from frontline.courses.demo import FINISHED, UPCOMING, create_demo_courses  # noqa: E402
from frontline.courses.models import CourseOffering  # noqa: E402
from frontline.fieldkit.directory import load_demo_directory  # noqa: E402
from frontline.lib.pageweight import BUDGET_BYTES, measure  # noqa: E402

PUBLIC_PAGES = ["/", "/accounts/login/", "/accounts/password/reset/"]
SIGNED_IN_PAGES = [
    "/",
    "/accounts/",
    "/accounts/password/",
    "/learn/",
    "/learn/u4/",
    "/learn/u4/u4-l07/",
    "/learn/glossary/",
    "/search/?q=debt+bondage",
    "/library/",
    "/library/palermo-protocol/",
    "/learn/quizzes/",
    "/learn/quizzes/u1-quiz/",
    "/learn/progress/",
    "/field/",
    "/field/indicators/",
    "/field/screening/",
    "/field/smuggling/",
    "/field/cards/",
    "/field/cards/child-protocol/",
    "/field/phrases/",
    "/field/phrases/ar/",
    "/field/phrases/ar/show/",
    "/field/directory/",
    "/field/directory/sheet/",
    "/learn/scenarios/",
    "/learn/scenarios/border-minibus/",
    "/learn/scenarios/results/",
    "/live/",
]


ACT_NOW_CASE = {
    "where": "border", "check": "documents", "persons": "group", "present": "yes",
    "gender": "female", "shared_language": "no", "minor": "unknown",
    "observed": ["gen-says-forced", "bor-documents-collected", "bor-driver-answers",
                 "chi-looks-under-age", "sex-no-say-over-clients"],
    "documents_held": "yes", "threatened": "yes", "debt": "yes",
}  # fmt: skip


def _scenario_pages(user: User) -> list[str]:
    """A decision, a debrief and the live pages of the longest scenario (by its text)."""
    from frontline.scenarios import live, play
    from frontline.scenarios.models import Scenario

    scenario = max(Scenario.objects.current(), key=lambda s: len(str(s.graph_data)))
    finished = play.start(scenario, acting_user=user)
    for step in scenario.graph.best_path().steps:  # type: ignore[union-attr]
        play.choose(finished, step.choice.id, acting_user=user)
    started = play.start(scenario, acting_user=user)
    trainer = User.objects.get(username="trainer")
    run = live.start_run(scenario, acting_user=trainer, agency=trainer.agencies.first())
    live.join(run, acting_user=user)
    live.open_vote(run, acting_user=trainer)
    return [started.get_absolute_url(), f"/learn/plays/{finished.pk}/debrief/",
            f"/live/{run.code}/"]  # fmt: skip


def _referral_pages(users: dict[str, User]) -> list[tuple[str, list[str]]]:
    """The demo referrals' pages: the officer's draft form and list, the unit's inbox and the
    longest referral, the NGO's limited view."""
    from frontline.referrals.demo import create_demo_referrals
    from frontline.referrals.models import Referral, Status

    create_demo_referrals(users)
    draft = Referral.objects.get(status=Status.DRAFT)
    referred = Referral.objects.get(status=Status.REFERRED)
    longest = max(Referral.objects.exclude(status=Status.DRAFT), key=lambda r: len(r.statement))
    return [
        ("officer", ["/referrals/", f"/referrals/{draft.pk}/edit/", f"/referrals/{referred.pk}/"]),
        ("analyst", ["/referrals/", f"/referrals/{longest.pk}/"]),
        ("caseworker", [f"/referrals/{referred.pk}/"]),
    ]


def _verify_second_factor(client: Client, user: User) -> None:
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if user.needs_second_factor():
        device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=True, name="bench")
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--as", dest="username", default="learner")
    args = parser.parse_args()
    setup_test_environment()
    setup_databases(verbosity=0, interactive=False)
    call_command("migrate", verbosity=0)
    users = create_personas("bench-password-not-used")
    load_all(read_all(settings.CONTENT_DIR))
    load_demo_directory(settings.CONTENT_DIR)
    # The longest quiz page: the pre-test, all 31 questions on one page.
    attempt = attempts.start(users[args.username], Quiz.objects.get(key="pre-test"))
    SIGNED_IN_PAGES.append(attempt.get_absolute_url())
    # Courses: the demo's finished and upcoming course, as the academy's coordinator sees them.
    create_demo_courses(users)
    done = CourseOffering.objects.get(title=FINISHED).pk
    soon = CourseOffering.objects.get(title=UPCOMING).pk
    SIGNED_IN_PAGES.extend(["/courses/", f"/courses/{soon}/"])
    trainer_pages = [f"/courses/{done}/{p}" for p in ("", "team/", "agenda/", "participants/",
                     "attendance/", "results/", "evaluation/")]  # fmt: skip
    trainer_pages += [f"/courses/{soon}/agenda/", "/courses/overview/"]
    certificate = issue_certificate(
        holder=users[args.username],
        title="Identifying and referring presumed victims of trafficking",
        completed_on=datetime.date(2026, 11, 20),
        reference="course:bench",
        acting_user=users["trainer"],
    )
    PUBLIC_PAGES.extend(["/certificates/verify/", certificate.get_absolute_url()])
    SIGNED_IN_PAGES.append("/certificates/")
    SIGNED_IN_PAGES.extend(_scenario_pages(users[args.username]))
    referral_pages = _referral_pages(users)
    over = 0
    print(f"{'page':<44} {'status':>6} {'bytes (gzip)':>13}  parts")
    for who, pages in ((None, PUBLIC_PAGES), (args.username, SIGNED_IN_PAGES),
                       ("coordinator", trainer_pages), *referral_pages):  # fmt: skip
        client = Client()
        if who:
            client.force_login(users[who])
            _verify_second_factor(client, users[who])
        for url in pages:
            weight = measure(client, url)
            label = f"{url} ({who})" if who else url
            flag = "  OVER BUDGET" if weight.total > BUDGET_BYTES else ""
            flag += f"  MISSING {weight.missing}" if weight.missing else ""
            over += bool(flag)
            parts = ", ".join(f"{k.rsplit('/', 1)[-1] or k}={v}" for k, v in weight.parts.items())
            print(f"{label:<44} {weight.status:>6} {weight.total:>13,}  {parts}{flag}")
    # The answer page of a full "act now" screening (a POST; every section of the result filled).
    client = Client()
    client.force_login(users[args.username])
    weight = measure(client, "/field/screening/", post=ACT_NOW_CASE)
    flag = "  OVER BUDGET" if weight.total > BUDGET_BYTES else ""
    over += bool(flag)
    parts = ", ".join(f"{k.rsplit('/', 1)[-1] or k}={v}" for k, v in weight.parts.items())
    label = f"POST /field/screening/ act now ({args.username})"
    print(f"{label:<44} {weight.status:>6} {weight.total:>13,}  {parts}{flag}")
    print(f"budget {BUDGET_BYTES:,} bytes per page; pages over budget: {over}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
