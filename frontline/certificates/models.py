"""Certificates of completion, each with a public verification code.

A certificate records what was true when it was issued: the holder's name and the course title
are copied onto it, so a later change of name or title does not change a certificate someone
already printed. It is never deleted; revoking it keeps the row and says when and why.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from frontline.accounts.models import User
from frontline.accounts.policy import people_overseen, unrestricted
from frontline.certificates import codes


class CertificateQuerySet(models.QuerySet["Certificate"]):
    def visible_to(self, user: User) -> CertificateQuerySet:
        """The holder's own certificates, those the user issued, and, for coordinators and
        administrators, those of the people who share an agency with them."""
        if not user.is_authenticated:
            return self.none()
        if unrestricted(user):
            return self.all()
        return self.filter(
            models.Q(holder=user) | models.Q(issued_by=user) | people_overseen(user, field="holder")
        )

    def valid(self) -> CertificateQuerySet:
        return self.filter(revoked_at__isnull=True)


class Certificate(models.Model):
    code = models.CharField(_("verification code"), max_length=codes.LENGTH, unique=True)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates"
    )
    holder_name = models.CharField(
        _("holder's name"), max_length=300, help_text=_("as it was when the certificate was issued")
    )
    title = models.CharField(_("course title"), max_length=300)
    reference = models.CharField(
        _("reference"), max_length=100, help_text=_('what it certifies, e.g. "course:12"')
    )
    completed_on = models.DateField(_("completed on"))
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="certificates_issued",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True, max_length=2000)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["holder", "reference"], name="unique_certificate_per_holder_reference"
            )
        ]

    def __str__(self) -> str:
        return f"{self.display_code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("certificates:verify", args=[self.display_code])

    @property
    def display_code(self) -> str:
        return codes.display(self.code)

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def verification_url(self) -> str:
        """The public address printed on the certificate and carried by its badge."""
        return settings.SITE_URL + self.get_absolute_url()
