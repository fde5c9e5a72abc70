"""The shared test base: named personas, and helpers to sign them in.

Personas (see accounts/personas.py): learner, trainer, coordinator, officer (border guard of
agency A, also a learner), analyst (ATU of A), investigator (ATU of A, no authenticator yet),
caseworker (NGO in A), admin, and outsider (an officer of agency B who must see nothing of A's).
"""

from __future__ import annotations

from django.test import Client, TestCase
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontline.accounts.models import User
from frontline.accounts.personas import create_personas

PASSWORD = "correct horse battery staple"


class BaseTestCase(TestCase):
    learner: User
    trainer: User
    coordinator: User
    officer: User
    analyst: User
    investigator: User
    caseworker: User
    admin: User
    outsider: User

    @classmethod
    def setUpTestData(cls) -> None:
        for username, user in create_personas(PASSWORD).items():
            setattr(cls, username, user)

    def login(self, user: User, *, verified: bool = True, client: Client | None = None) -> Client:
        """Sign `user` in; for second-factor roles, also verify a device unless told not to."""
        client = client or self.client
        client.force_login(user)
        if verified and user.needs_second_factor():
            device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=True, name="test")
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return client
