"""The contact directory: who to call, by country, region and kind. Administrators keep it
(Django admin, or a CSV import); every signed-in user reads it. The indicator catalogue,
phrases, cards and screening rules are files (content/fieldkit/), not models."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from frontline.fieldkit.phones import display_phone


class DirectoryQuerySet(models.QuerySet["DirectoryEntry"]):
    def visible_to(self, user: object) -> DirectoryQuerySet:
        # Contacts of public services, the same for every signed-in user; the one place to
        # change if a country ever keeps some numbers for some agencies only.
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(active=True)


class DirectoryEntry(models.Model):
    class Kind(models.TextChoices):
        ATU = "atu", _("Anti-trafficking unit")
        NGO_SHELTER = "ngo_shelter", _("NGO or shelter")
        GUARDIANSHIP = "guardianship", _("Guardianship service")
        HOTLINE = "hotline", _("Hotline")
        LABOUR_INSPECTORATE = "labour_inspectorate", _("Labour inspectorate")
        POLICE = "police", _("Police")
        CHILD_PROTECTION = "child_protection", _("Child protection")
        EMBASSY = "embassy", _("Embassy or consulate")

    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2 code"))
    region = models.CharField(_("region"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=32, help_text=_("international format, +..."))
    email = models.EmailField(_("e-mail"), blank=True)
    hours = models.CharField(_("hours"), max_length=100, blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    serves = models.CharField(
        _("serves"),
        max_length=100,
        blank=True,
        help_text=_("whom the service takes, separated by ';': men, women, children, families"),
    )
    notes = models.TextField(_("notes"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    updated = models.DateTimeField(auto_now=True)

    objects = DirectoryQuerySet.as_manager()

    class Meta:
        ordering = ["country", "region", "kind", "name"]
        verbose_name = _("directory entry")
        verbose_name_plural = _("directory entries")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "region", "kind", "name"], name="unique_directory_entry"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country} {self.region})"

    def phone_display(self) -> str:
        return display_phone(self.phone)

    def language_list(self) -> list[str]:
        return [code for code in self.languages.split(";") if code]

    def serves_list(self) -> list[str]:
        return [who.strip() for who in self.serves.split(";") if who.strip()]
