"""The shared test base: named personas, and helpers to sign them in.

The content under content/ is in the test database for every test: `conftest.py` loads it
once per session (`everything()` is the parsed bundle, read once).

Personas (see accounts/personas.py): learner, trainer, coordinator, officer (border guard of
agency A, also a learner), analyst (ATU of A), investigator (ATU of A, no authenticator yet),
caseworker (NGO in A), admin, and outsider (an officer of agency B who must see nothing of A's).
"""

from __future__ import annotations

import functools
import os
from typing import Any

from django import forms
from django.conf import settings
from django.test import Client, TestCase
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontline.accounts.models import User
from frontline.accounts.personas import create_personas
from frontline.content import Everything, read_all

PASSWORD = "correct horse battery staple"


def fuzz_examples(n: int) -> int:
    """How many inputs a property-based test tries: `n`, times FRONTLINE_FUZZ_SCALE if set."""
    return n * int(os.environ.get("FRONTLINE_FUZZ_SCALE", "1"))


@functools.cache
def everything() -> Everything:
    """The content files under content/, read once per test session."""
    return read_all(settings.CONTENT_DIR)


class BaseTestCase(TestCase):
    learner: User
    trainer: User
    coordinator: User
    officer: User
    analyst: User
    investigator: User
    supervisor: User
    childofficer: User
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


def form_data(form: forms.BaseForm) -> dict[str, Any]:
    """What a browser would post back for `form` unchanged."""
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        key, value, widget = form.add_prefix(name), form[name].value(), field.widget
        if isinstance(widget, forms.CheckboxInput):
            if value:
                data[key] = "on"
        elif isinstance(widget, forms.MultiWidget):
            for n, part in enumerate(widget.decompress(value) or ()):
                data[f"{key}_{n}"] = "" if part is None else str(part)
        elif isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        else:
            data[key] = "" if value is None else str(value)
    return data


def admin_form_data(response: Any) -> dict[str, Any]:
    """The admin form of a change or add page (a test client's response), with its inline
    formsets, as a browser would post it back unchanged."""
    context = response.context
    data = form_data(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(form_data(formset.management_form))
        for form in formset.forms:
            data.update(form_data(form))
    return data
