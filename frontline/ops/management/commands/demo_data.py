"""Create the demo agencies and accounts, and print how to sign in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontline.accounts import second_factor
from frontline.accounts.personas import PERSONAS, create_personas
from frontline.courses.demo import create_demo_courses
from frontline.fieldkit.directory import load_demo_directory
from frontline.intelligence.demo import create_demo_intelligence
from frontline.referrals.demo import create_demo_referrals

DEMO_PASSWORD = "frontline-demo"


class Command(BaseCommand):
    help = "Create demo agencies and accounts (demo mode only) and print them."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO:
            raise CommandError("demo_data only runs in demo mode (FRONTLINE_DEMO=1).")
        users = create_personas(DEMO_PASSWORD)
        directory = load_demo_directory(settings.CONTENT_DIR)
        courses = create_demo_courses(users)
        intelligence = create_demo_intelligence(users)
        referrals = create_demo_referrals(users)
        rows = []
        for spec in PERSONAS:
            user = users[spec.username]
            key = ""
            if user.needs_second_factor() and spec.authenticator:
                device, _ = TOTPDevice.objects.get_or_create(
                    user=user, confirmed=True, defaults={"name": "demo authenticator"}
                )
                key = f"authenticator key {second_factor.secret_of(device)}  "
                key += f"(code now: make totp WHO={spec.username})"
            elif user.needs_second_factor():
                # Each run starts the persona afresh, so the set-up can be tried again.
                TOTPDevice.objects.filter(user=user).delete()
                StaticDevice.objects.filter(user=user).delete()
                key = "set-up link (once, after signing in): "
                key += second_factor.issue_link(user, acting_user=None)
            rows.append((spec.username, spec.description, key))
        out = self.stdout
        out.write(
            f"Field-kit directory: {directory.created} created, {directory.updated} updated "
            "(fictional contacts from content/fieldkit/directory-demo.csv)"
        )
        out.write("")
        out.write(self.style.SUCCESS(f"Demo accounts (password for all: {DEMO_PASSWORD})"))
        out.write("")
        width = max(len(r[0]) for r in rows)
        for username, description, key in rows:
            line = f"  {username.ljust(width)}  {description}"
            out.write(line)
            if key:
                out.write(f"  {' ' * width}  {key}")
        out.write("")
        for title in courses:
            out.write(f"  demo course: {title}")
        out.write(
            f"  intelligence: {len(intelligence.reports)} linked reports (sign in as analyst), "
            f"one graded C that the NGO caseworker cannot see; briefing published: "
            f"{intelligence.published.title}"
        )
        for line in referrals:
            out.write(f"  demo referral {line}")
