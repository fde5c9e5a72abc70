"""LMS platforms registered to launch Frontline (LTI 1.3), and the accounts they launched.

A `Platform` is one registration: the LMS's issuer and client id, where its sign-in and token
endpoints and its public keys are, the deployments allowed, and the agency whose learners its
new accounts become. The tool's own RSA key is made per registration (`keys.py`), so removing a
registration retires its key.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Platform(models.Model):
    name = models.CharField(_("name"), max_length=200)
    issuer = models.URLField(_("issuer"), max_length=255)
    client_id = models.CharField(_("client id"), max_length=255)
    deployment_ids = models.JSONField(_("deployment ids"), default=list)
    auth_login_url = models.URLField(_("OIDC authorisation URL"), max_length=500)
    auth_token_url = models.URLField(_("access token URL"), max_length=500)
    key_set_url = models.URLField(_("public key set URL"), max_length=500, blank=True)
    key_set = models.JSONField(
        _("public key set"), null=True, blank=True, help_text=_("when the LMS publishes no URL")
    )
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+",
        help_text=_("accounts made at a first launch become learners of this agency"),
    )  # fmt: skip
    trust_email = models.BooleanField(
        _("match accounts by e-mail"), default=False,
        help_text=_("only for an LMS your academy runs: it could claim anyone's address"),
    )  # fmt: skip
    private_key = models.TextField(editable=False)
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "client_id"], name="unique_lti_client")
        ]

    def __str__(self) -> str:
        return self.name


class LtiAccount(models.Model):
    """Who a platform's user (`sub`) is here."""

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="accounts")
    subject = models.CharField(max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lti_accounts"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["platform", "subject"], name="unique_lti_subject")
        ]

    def __str__(self) -> str:
        return f"{self.platform_id}:{self.user_id}"
