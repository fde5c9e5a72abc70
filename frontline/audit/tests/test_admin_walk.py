"""Every registered admin, as a superuser: add, change, delete, bulk actions and every extra page.
Whatever changes the database must have written an audit row naming what it changed; everything
else must have been refused. A new admin is walked the day it is registered."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.db import connection, models
from django.test import RequestFactory
from django.urls import URLPattern, reverse
from django.utils import timezone

from frontline.accounts.models import Agency
from frontline.audit.chain import verify
from frontline.audit.models import AuditEvent
from frontline.audit.tests.helpers import as_row
from frontline.test import BaseTestCase, admin_form_data

# Logs kept by the machinery, not data: the admin's own history, sessions, and the audit log.
NOT_DATA = {AuditEvent, LogEntry, Session}

STANDARD_VIEWS = {"changelist", "add", "change", "delete", "history"}
# Valid add-form values for the admins that allow adding (the walk fails if one is missing).
ADD = {
    "accounts.user": {"username": "walk-new", "usable_password": "false"},
    "accounts.agency": {"name": "Walk Agency", "kind": "police", "country": "XA"},
    "fieldkit.directoryentry": {
        "country": "XA", "kind": "hotline", "name": "Walk Line", "phone": "+447700900123",
        "active": "on",
    },
    # Rows that name agencies: made when the walk reaches them (callables).
    "referrals.agreement": lambda: {
        "from_agency": str(Agency.objects.order_by("pk").first().pk),  # type: ignore[union-attr]
        "to_agency": str(Agency.objects.order_by("-pk").first().pk),  # type: ignore[union-attr]
        "valid_from": "2026-01-05", "title": "Walk agreement", "shares": ["needs"],
    },
    "referrals.unitsettings": lambda: {
        "agency": str(Agency.objects.order_by("-pk").first().pk),  # type: ignore[union-attr]
        "acknowledge_hours": "12", "decision_working_days": "5", "refer_working_days": "2",
        "reflection_days": "30", "review_days": "30", "escalate_after_hours": "24",
    },
}  # fmt: skip


def add_values(label: str) -> dict[str, Any]:
    values = ADD.get(label, {})
    return values() if callable(values) else values  # type: ignore[no-any-return]


def database_digest() -> str:
    """A fingerprint of every row of every table that holds data."""
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            if model in NOT_DATA or model._meta.proxy or not model._meta.managed:
                continue
            table = connection.ops.quote_name(model._meta.db_table)
            pk = connection.ops.quote_name(model._meta.pk.column)
            cursor.execute(f"SELECT * FROM {table} ORDER BY {pk}")
            digest.update(f"{table}{cursor.fetchall()!r}".encode())
    return digest.hexdigest()


def sample(model: type[models.Model]) -> models.Model:
    """A row of `model`: an existing one, or one made with a plain value for each required field."""
    existing = model._base_manager.order_by("pk").first()
    if existing is not None:
        return existing
    values = {
        field.name: _plain_value(field)
        for field in model._meta.concrete_fields
        if not (field.primary_key or field.null or field.blank or field.has_default())
        and not getattr(field, "auto_now", False)
        and not getattr(field, "auto_now_add", False)
    }
    return model._base_manager.create(**values)


def _plain_value(field: models.Field) -> Any:
    if field.is_relation:
        return sample(field.related_model)  # type: ignore[arg-type]
    if field.choices:
        return field.choices[0][0]
    for kind, value in [
        (models.DateTimeField, timezone.now()),
        (models.DateField, date(2026, 1, 5)),
        (models.BooleanField, False),
        (models.IntegerField, 1),
        (models.JSONField, {}),
    ]:
        if isinstance(field, kind):
            return value
    return "walk"[: field.max_length or None]


def modify(form: forms.BaseForm, data: dict[str, Any]) -> str | None:
    """Change one field of `data` the way an administrator would; return its name (None when
    the form has no field to change)."""
    for name, field in form.fields.items():
        if field.disabled:
            continue
        key = form.add_prefix(name)
        if isinstance(field, forms.BooleanField):
            data[key] = "" if data.get(key) else "on"
            return name
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if field.disabled or not isinstance(field, forms.CharField):
            continue
        choices = [str(c) for c, _label in getattr(field, "choices", [])]
        if choices:
            data[key] = next(c for c in choices if c and c != data.get(key))
        elif isinstance(field, forms.EmailField):
            data[key] = "changed@example.org"
        else:
            data[key] = f"{data.get(key, '')}x"
        return name
    return None


class AdminWalkTests(BaseTestCase):
    def setUp(self) -> None:
        self.login(self.admin)
        self.request = RequestFactory().get("/admin/")
        self.request.user = self.admin

    def test_every_admin_refuses_or_audits_every_change(self) -> None:
        walked = []
        for model, model_admin in admin.site._registry.items():
            with self.subTest(admin=model._meta.label):
                self.assertEqual(model_admin.list_editable, (), "list_editable escapes save_model")
                obj = sample(model)
                self.walk_add(model, model_admin)
                self.walk_change(model, model_admin, obj)
                self.walk_actions(model, model_admin, obj)
                self.walk_other_pages(model_admin, obj)
                self.walk_delete(model, model_admin, obj)
                walked.append(model._meta.label)
        self.assertIn("accounts.User", walked)
        rows = (as_row(e) for e in AuditEvent.objects.order_by("id"))
        self.assertEqual([str(p) for p in verify(rows)], [])

    def url(self, model: type[models.Model], view: str, *args: Any) -> str:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)

    def post(self, url: str, data: dict[str, Any], target: str, object_id: str | None) -> bool:
        """POST; if anything changed, demand an audit row naming the target. True if changed."""
        before, last = database_digest(), AuditEvent.objects.order_by("-id").first()
        response = self.client.post(url, data)
        self.assertLess(response.status_code, 500, url)
        if database_digest() == before:
            return False
        new = AuditEvent.objects.filter(id__gt=last.pk if last else 0)
        named = new.filter(object_type=target)
        if object_id is not None:
            named = named.filter(object_id=object_id)
        self.assertTrue(named.exists(), f"{url} changed the database with no audit row for it")
        return True

    def walk_add(self, model: type[models.Model], model_admin: admin.ModelAdmin) -> None:
        url, label = self.url(model, "add"), model._meta.label_lower
        page = self.client.get(url)
        if not model_admin.has_add_permission(self.request):
            self.assertEqual(page.status_code, 403)
            self.assertFalse(self.post(url, add_values(label), label, None), url)
            return
        self.assertIn(label, ADD, f"{label} may be added: give the walk valid values in ADD")
        self.assertEqual(page.status_code, 200)
        self.assertTrue(
            self.post(url, {**admin_form_data(page), **add_values(label)}, label, None), url
        )
        created = AuditEvent.objects.filter(object_type=label).latest("id")
        self.assertEqual(created.kind, AuditEvent.Kind.COLLECTION)

    def walk_change(
        self, model: type[models.Model], model_admin: admin.ModelAdmin, obj: models.Model
    ) -> None:
        url, label = self.url(model, "change", obj.pk), model._meta.label_lower
        page = self.client.get(url)
        self.assertEqual(page.status_code, 200, url)
        if not model_admin.has_change_permission(self.request, obj):
            data = {f.name: "walk" for f in model._meta.concrete_fields if not f.primary_key}
            self.assertFalse(self.post(url, data, label, str(obj.pk)), url)
            return
        data = admin_form_data(page)
        field = modify(page.context["adminform"].form, data)
        changed = self.post(url, data, label, str(obj.pk))
        if field is None:
            return
        self.assertTrue(changed, f"{url}: {field} not saved")
        event = AuditEvent.objects.filter(object_type=label, object_id=str(obj.pk)).latest("id")
        self.assertIn(field, event.details["changes"])

    def walk_actions(
        self, model: type[models.Model], model_admin: admin.ModelAdmin, obj: models.Model
    ) -> None:
        url, label = self.url(model, "changelist"), model._meta.label_lower
        self.assertEqual(self.client.get(url).status_code, 200, url)
        for name in model_admin.get_actions(self.request):
            data = {"action": name, "_selected_action": [obj.pk], "post": "yes"}
            self.post(url, data, label, str(obj.pk))

    def walk_other_pages(self, model_admin: admin.ModelAdmin, obj: models.Model) -> None:
        """Pages an admin adds to the standard ones (e.g. a user's password, a device's QR code)."""
        opts = model_admin.model._meta
        label, standard = opts.label_lower, f"{opts.app_label}_{opts.model_name}_"
        for pattern in model_admin.get_urls():
            if not isinstance(pattern, URLPattern) or not pattern.name:
                continue
            if pattern.name.removeprefix(standard) in STANDARD_VIEWS:
                continue  # walked above
            keys = pattern.pattern.converters
            url = reverse(f"admin:{pattern.name}", kwargs={k: obj.pk for k in keys})
            self.post(url, {}, label, str(obj.pk))

    def walk_delete(
        self, model: type[models.Model], model_admin: admin.ModelAdmin, obj: models.Model
    ) -> None:
        url, label = self.url(model, "delete", obj.pk), model._meta.label_lower
        changed = self.post(url, {"post": "yes"}, label, str(obj.pk))
        self.assertEqual(changed, model_admin.has_delete_permission(self.request, obj), url)
