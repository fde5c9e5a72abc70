"""Users, the agencies they work for, and the roles they hold there."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from frontline.accounts.policy import NEED_SECOND_FACTOR, Role, holds, unrestricted

__all__ = ["Agency", "Membership", "Role", "User"]


class Agency(models.Model):
    class Kind(models.TextChoices):
        POLICE = "police", _("Police")
        BORDER_GUARD = "border_guard", _("Border guard")
        CUSTOMS = "customs", _("Customs")
        LABOUR_INSPECTORATE = "labour_inspectorate", _("Labour inspectorate")
        ATU = "atu", _("Anti-trafficking unit")
        PROSECUTION = "prosecution", _("Prosecution")
        NGO = "ngo", _("NGO / service provider")
        CHILD_PROTECTION = "child_protection", _("Child-protection authority")
        ACADEMY = "academy", _("Academy")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2 code"))
    region = models.CharField(_("region"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in. What they may do comes from their memberships."""

    agencies: models.ManyToManyField[Agency, Membership] = models.ManyToManyField(
        Agency, through="Membership", related_name="members"
    )

    # Set when the user is loaded for a request (accounts.backends.UserBackend): whether any of
    # their roles needs a second factor. None: not loaded, ask the database.
    second_factor_role: bool | None = None

    class Meta:
        ordering = ["username"]

    def roles(self) -> set[str]:
        return set(self.memberships.order_by().values_list("role", flat=True))

    def has_role(self, role: str, agency: Agency | None = None) -> bool:
        memberships = self.memberships.filter(role=role)
        if agency is not None:
            memberships = memberships.filter(agency=agency)
        return memberships.exists()

    def needs_second_factor(self) -> bool:
        if self.second_factor_role is not None:  # loaded with the user for this request
            return self.second_factor_role or unrestricted(self)
        return holds(self, NEED_SECOND_FACTOR)


def username_for_sign_in(typed: str) -> str:
    """The user name that a sign-in form's text stands for: an e-mail address that belongs to
    exactly one active account counts as that account's user name (so django-axes and the
    per-account limit count one name per account, whichever was typed); anything else as typed."""
    typed = typed.strip()
    if "@" in typed:
        matches = list(
            User.objects.filter(email__iexact=typed, is_active=True).values_list(
                "username", flat=True
            )[:2]
        )
        if len(matches) == 1:  # an address two accounts share names neither
            return matches[0]
    return typed


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="unique_membership_role"
            )
        ]
        ordering = ["agency__name", "role"]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} @ {self.agency}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Role changes go through accounts.actions so they are audited; this only validates.
        if self.role not in Role.values:
            raise ValueError(f"unknown role {self.role!r}")
        super().save(*args, **kwargs)


class SecondFactorLink(models.Model):
    """A one-time link to enrol an authenticator (accounts/second_factor.py). Only a hash of the
    link's secret is stored, so the table cannot be read into working links."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField()
    used = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"second-factor link {self.pk} for user {self.user_id}"
