"""Referrals of presumed victims from the officer's screening to the anti-trafficking unit and
on to support services, and what keeps any of them from being lost.

- A `Referral` moves draft -> received -> acknowledged -> assessed -> referred -> closed
  (django-fsm-2; the status field is protected: only the transitions below change it, and
  only `actions.py` calls them, each in a transaction with an audit row).
- Nothing is ever deleted: the model and its queryset refuse `delete()` and the foreign keys
  protect what they point to. Every open referral has an owning unit and a next deadline
  (`deadlines.py`); the sweep (`frontline referrals_sweep`) escalates the overdue ones.
- `Agreement` is a co-operation agreement: which organisation may receive referrals from which,
  what may be shared, from when to when (reader 3.5).
"""

from __future__ import annotations

import secrets
import uuid
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from frontline.accounts.models import Agency
from frontline.accounts.policy import (
    PROTECT_CHILDREN,
    RECEIVE_REFERRALS,
    SUPPORT,
    agencies_where,
    unrestricted,
)

# Crockford's base32 without look-alikes: references are read out over the phone.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference() -> str:
    """`R-XXXX-XXXX`: 40 random bits, no personal data, safe in URLs, lists and e-mail."""
    body = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"R-{body[:4]}-{body[4:]}"


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    RECEIVED = "received", _("received")
    ACKNOWLEDGED = "acknowledged", _("acknowledged")
    ASSESSED = "assessed", _("assessed")
    REFERRED = "referred", _("referred to support")
    CLOSED = "closed", _("closed")


OPEN = (Status.RECEIVED, Status.ACKNOWLEDGED, Status.ASSESSED, Status.REFERRED)


class Decision(models.TextChoices):
    YES = "yes", _("reasonable grounds: yes")
    NO = "no", _("reasonable grounds: no")
    MORE = "more", _("more information needed")


class Outcome(models.TextChoices):
    SUPPORTED = "supported", _("support given")
    NO_GROUNDS = "no_grounds", _("no reasonable grounds")
    SUPPORT_DECLINED = "support_declined", _("the person declined support")
    TRANSFERRED = "transferred", _("transferred to another unit or country")
    RETURNED = "returned", _("returned to the country of origin")
    CONTACT_LOST = "contact_lost", _("contact lost")


class Minor(models.TextChoices):
    YES = "yes", _("yes")
    NO = "no", _("no")
    UNKNOWN = "unknown", _("not sure")


class Sex(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    OTHER = "other", _("other or not stated")


class Need(models.TextChoices):
    MEDICAL = "medical", _("medical care")
    SHELTER = "shelter", _("shelter")
    INTERPRETER = "interpreter", _("interpreter")
    CHILD_PROTECTION = "child_protection", _("child protection")


class Consent(models.TextChoices):
    GIVEN = "given", _("agreed to share")
    DECLINED = "declined", _("declined: anonymous notification only")
    CHILD = "child", _("not needed: presumed child")


class Share(models.TextChoices):
    """What the person may agree to share with a support organisation, field group by group."""

    IDENTITY = "identity", _("name or alias, sex, age, nationality")
    NEEDS = "needs", _("language and immediate needs")
    STATEMENT = "statement", _("place, time and written statement")


SHARE_FIELDS: dict[str, tuple[str, ...]] = {
    Share.IDENTITY: ("alias", "sex", "age", "nationality"),
    Share.NEEDS: ("language", "needs"),
    Share.STATEMENT: ("place", "met_at", "statement"),
}
IDENTITY_FIELDS = ("alias", "sex", "age", "nationality", "place", "met_at", "statement")


class SupportStatus(models.TextChoices):
    PENDING = "pending", _("waiting for an answer")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")


class DeletionRefused(Exception):
    """Referrals are never deleted; personal data is erased by retention, the row stays."""


class ReferralQuerySet(models.QuerySet["Referral"]):
    def delete(self) -> Any:
        raise DeletionRefused("referrals are never deleted")

    def open(self) -> ReferralQuerySet:
        return self.filter(status__in=OPEN)

    def visible_to(self, user: Any) -> ReferralQuerySet:
        """What `user` may see (referrals/access.py says which fields): their own referrals
        as the referring officer; as the unit, every referral sent to it; as a support
        organisation, those referred to it. Drafts are the officer's alone."""
        if unrestricted(user):
            return self.all()
        return self.filter(
            models.Q(officer=user)
            | (
                models.Q(unit__in=agencies_where(user, RECEIVE_REFERRALS))
                & ~models.Q(status=Status.DRAFT)
            )
            | models.Q(
                support_agency__in=agencies_where(user, SUPPORT),
                status__in=(Status.REFERRED, Status.CLOSED),
            )
            | (
                models.Q(
                    minor__in=(Minor.YES, Minor.UNKNOWN),
                    unit__country__in=Agency.objects.filter(
                        pk__in=agencies_where(user, PROTECT_CHILDREN)
                    ).values("country"),
                )
                & ~models.Q(status=Status.DRAFT)
            )
        )


class Referral(FSMModelMixin, models.Model):
    reference = models.CharField(max_length=12, unique=True, default=new_reference, editable=False)
    # Sent twice (a retry from a phone that lost its network) is stored once.
    key = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    status = FSMField(max_length=20, choices=Status.choices, default=Status.DRAFT, protected=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referrals_filed"
    )
    referring_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals_owned"
    )
    support_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals_support"
    )
    agreement = models.ForeignKey(
        "Agreement", on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    referred_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    next_deadline = models.DateTimeField(null=True, blank=True, db_index=True)
    deadline_kind = models.CharField(max_length=20, blank=True)
    escalation_level = models.PositiveSmallIntegerField(default=0)
    escalated_at = models.DateTimeField(null=True, blank=True)

    # From the screening (fieldkit.kit.screen), as it was when the referral was started:
    # observed = [{id, text, category}], screening_actions = [{id, text}].
    grounds_level = models.CharField(max_length=20, blank=True)
    observed = models.JSONField(default=list, blank=True)
    forms = models.JSONField(default=list, blank=True)
    context = models.JSONField(default=dict, blank=True)
    screening_actions = models.JSONField(default=list, blank=True)
    actions_taken = models.JSONField(default=list, blank=True)

    # The presumed victim: as little as the referral needs.
    anonymous = models.BooleanField(default=False)
    alias = models.CharField(_("name or alias"), max_length=200, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, blank=True)
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    minor = models.CharField(
        _("possibly under 18"), max_length=7, choices=Minor.choices, default=Minor.UNKNOWN
    )
    nationality = models.CharField(_("nationality"), max_length=100, blank=True)
    language = models.CharField(_("language"), max_length=100, blank=True)
    needs = models.JSONField(default=list, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    met_at = models.DateTimeField(_("date and time"), null=True, blank=True)
    statement = models.TextField(_("written statement"), max_length=20000, blank=True)

    # Consent: what the person agreed to share, with whom, how; its withdrawal.
    consent = models.CharField(max_length=10, choices=Consent.choices, blank=True)
    consent_shares = models.JSONField(default=list, blank=True)
    consent_how = models.CharField(
        _("how consent was obtained"),
        max_length=200,
        blank=True,
        help_text=_("e.g. in Arabic, through a telephone interpreter"),
    )
    consent_at = models.DateTimeField(null=True, blank=True)
    consent_withdrawn_at = models.DateTimeField(null=True, blank=True)
    personal_data_erased_at = models.DateTimeField(null=True, blank=True)
    guardian = models.CharField(_("guardian involved"), max_length=200, blank=True)

    # The unit's work.
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    decision_reasons = models.TextField(max_length=5000, blank=True)
    reflection_ends = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    closing_reason = models.TextField(max_length=5000, blank=True)
    # Before any return: the risk assessment (and for a presumed child, the best-interests one).
    return_assessment = models.TextField(max_length=10000, blank=True)
    support_status = models.CharField(max_length=10, choices=SupportStatus.choices, blank=True)
    support_reason = models.TextField(max_length=5000, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_deadline"])]
        constraints = [
            # The invariant: an open referral always has an owning unit and a next deadline.
            models.CheckConstraint(
                condition=~models.Q(status__in=OPEN)
                | (models.Q(unit__isnull=False) & models.Q(next_deadline__isnull=False)),
                name="open_referral_has_unit_and_deadline",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise DeletionRefused("referrals are never deleted")

    @property
    def presumed_child(self) -> bool:
        """A possible minor is presumed a child until shown otherwise."""
        return self.minor != Minor.NO

    @property
    def observed_ids(self) -> list[str]:
        return [o["id"] for o in self.observed]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    # --- transitions: called by actions.py only --------------------------------------------

    @transition(field=status, source=Status.DRAFT, target=Status.RECEIVED)
    def mark_received(self) -> None:
        pass

    @transition(field=status, source=Status.RECEIVED, target=Status.ACKNOWLEDGED)
    def mark_acknowledged(self) -> None:
        pass

    @transition(field=status, source=[Status.ACKNOWLEDGED, Status.ASSESSED], target=Status.ASSESSED)
    def mark_assessed(self) -> None:
        pass

    def _grounds_found(self) -> bool:
        return self.decision == Decision.YES

    @transition(
        field=status,
        source=Status.ASSESSED,
        target=Status.REFERRED,
        conditions=[_grounds_found],  # type: ignore[list-item]
    )
    def mark_referred(self) -> None:
        pass

    @transition(
        field=status,
        source=[Status.ACKNOWLEDGED, Status.ASSESSED, Status.REFERRED],
        target=Status.CLOSED,
    )
    def mark_closed(self) -> None:
        pass


class Step(models.Model):
    """One line of a referral's history as its pages show it (the audit log has the rest)."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="steps")
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(max_length=30)
    note = models.TextField(max_length=5000, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.referral_id} {self.action}"


class Notice(models.Model):
    """An in-app notice (beside the e-mail): a new referral, an overdue one."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="referral_notices"
    )
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="notices")
    at = models.DateTimeField()
    kind = models.CharField(max_length=20)
    level = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.referral_id}"


class AgreementQuerySet(models.QuerySet["Agreement"]):
    def in_force(self, on: date) -> AgreementQuerySet:
        return self.filter(valid_from__lte=on).filter(
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=on)
        )


class Agreement(models.Model):
    """A co-operation agreement: `from_agency` may refer to `to_agency`, sharing `shares`."""

    from_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    shares = models.JSONField(default=list, blank=True)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    title = models.CharField(max_length=200, blank=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["from_agency__name", "to_agency__name", "-valid_from"]

    def __str__(self) -> str:
        return self.title or f"{self.from_agency} → {self.to_agency}"


class UnitSettings(models.Model):
    """Deadlines of one receiving unit; a unit without a row gets the defaults."""

    agency = models.OneToOneField(Agency, on_delete=models.CASCADE, related_name="+")
    acknowledge_hours = models.PositiveSmallIntegerField(default=24)
    decision_working_days = models.PositiveSmallIntegerField(default=5)
    refer_working_days = models.PositiveSmallIntegerField(default=2)
    reflection_days = models.PositiveSmallIntegerField(default=30)
    review_days = models.PositiveSmallIntegerField(default=30)
    escalate_after_hours = models.PositiveSmallIntegerField(default=24)
    national_coordination = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("told when an overdue referral is still not handled after its supervisors"),
    )

    def __str__(self) -> str:
        return str(self.agency)
