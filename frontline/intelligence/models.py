"""Intelligence reports (reader 5.3 key data, graded 3x5x2), the entities they mention, the links
between them, their dissemination, deconfliction notices, and de-personalised bulletins.

Who may read what is in `access.py` (`Report.objects.visible_to(user)`); every write is one
function in `actions.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from frontline.accounts.policy import (
    ANALYSE_INTELLIGENCE,
    RECEIVE_INTELLIGENCE,
    agencies_where,
    unrestricted,
)
from frontline.intelligence import grading

if TYPE_CHECKING:
    from frontline.accounts.models import User


class Exploitation(models.TextChoices):
    SEXUAL = "sexual", _("Sexual exploitation")
    LABOUR = "labour", _("Forced labour")
    DOMESTIC = "domestic", _("Domestic servitude")
    BEGGING = "begging", _("Forced begging and criminality")
    MARRIAGE = "marriage", _("Forced marriage")
    ORGANS = "organs", _("Organ removal")
    UNKNOWN = "unknown", _("Not yet known")


class Agreement(models.Model):
    """A co-operation agreement: `holder`'s intelligence graded P (may be shared lawfully)
    reaches the analysts and caseworkers of `partner` (reader 3.5: agreements and MoUs)."""

    holder = models.ForeignKey(
        "accounts.Agency", on_delete=models.CASCADE, related_name="intelligence_agreements"
    )
    partner = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    active = models.BooleanField(_("in force"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["holder", "partner"], name="one_agreement_per_pair")
        ]

    def __str__(self) -> str:
        return self.title


class ReportQuerySet(models.QuerySet["Report"]):
    def visible_to(self, user: User) -> ReportQuerySet:
        """The reports `user` may read, by handling code and agreements:

        - their own reports (the originating officer);
        - every report held by an agency where they are an analyst;
        - reports graded P held by an agency that has an agreement in force with an agency
          where they are an analyst or caseworker;
        - reports disseminated to an agency where they are an analyst or caseworker.
        Superusers see all. Erased reports are gone from every list.
        """
        if unrestricted(user):
            return self.filter(erased_at__isnull=True)
        if not user.is_authenticated:
            return self.none()
        receiving = agencies_where(user, RECEIVE_INTELLIGENCE)
        partners = Agreement.objects.filter(active=True, partner__in=receiving).values("holder")
        shared = Dissemination.objects.filter(to_agency__in=receiving).values("report")
        return self.filter(
            Q(originator=user)
            | Q(holder__in=agencies_where(user, ANALYSE_INTELLIGENCE))
            | Q(handling="P", holder__in=partners)
            | Q(pk__in=shared),
            erased_at__isnull=True,
        )

    def due_for_review(self, on: Any) -> ReportQuerySet:
        return self.filter(review_due__lte=on).order_by("review_due")

    def past_retention(self, on: Any) -> ReportQuerySet:
        return self.filter(retain_until__lt=on, erased_at__isnull=True)


class Report(models.Model):
    holder = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        related_name="intelligence_held",
        verbose_name=_("anti-trafficking unit"),
    )
    unit = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        related_name="intelligence_filed",
        verbose_name=_("originating unit"),
    )
    originator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="intelligence_reports"
    )
    title = models.CharField(_("title"), max_length=200)
    exploitation = models.CharField(
        _("form of exploitation"), max_length=16, choices=Exploitation.choices
    )
    countries = models.CharField(_("countries and places"), max_length=500, blank=True)
    routes = models.CharField(_("routes"), max_length=500, blank=True)
    money = models.CharField(_("money"), max_length=500, blank=True)
    modus_operandi = models.TextField(_("modus operandi"), max_length=5000, blank=True)
    text = models.TextField(_("free text"), max_length=20000, blank=True)
    source = models.CharField(_("source"), max_length=1, choices=list(grading.SOURCE.items()))
    information = models.CharField(
        _("information"), max_length=1, choices=list(grading.INFORMATION.items())
    )
    handling = models.CharField(_("handling"), max_length=1, choices=list(grading.HANDLING.items()))
    conditions = models.TextField(_("handling conditions"), max_length=2000, blank=True)
    risk_assessment = models.TextField(_("risk assessment"), max_length=2000, blank=True)
    authority = models.CharField(_("authority level"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    review_due = models.DateField(_("review date"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    retain_until = models.DateField(_("keep until"))
    erased_at = models.DateTimeField(null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["holder", "handling"]), models.Index(fields=["review_due"])]

    def __str__(self) -> str:
        return self.title

    @property
    def grade(self) -> str:
        return f"{self.source}{self.information}{self.handling}"


class Statement(models.Model):
    """One statement of the report, kept as observed fact or as the officer's assessment
    (Directive 2016/680, Art. 7(1))."""

    class Basis(models.TextChoices):
        FACT = "fact", _("Observed fact")
        ASSESSMENT = "assessment", _("Officer's assessment")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="statements")
    basis = models.CharField(max_length=16, choices=Basis.choices)
    text = models.TextField(max_length=2000)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.basis}: {self.text[:40]}"


class Subject(models.Model):
    """A person in the report, with their data-subject category (Directive 2016/680, Art. 6)."""

    class Category(models.TextChoices):
        SUSPECT = "suspect", _("Suspect")
        VICTIM = "victim", _("Presumed victim")
        WITNESS = "witness", _("Witness")
        OTHER = "other", _("Other")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="subjects")
    category = models.CharField(max_length=16, choices=Category.choices)
    name = models.CharField(_("name as written"), max_length=200)
    description = models.CharField(_("description"), max_length=500, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.category} #{self.pk}"


class Entity(models.Model):
    """A confirmed mention: `value` is normalised and links reports; `raw` is as written; for
    names `key` is the consonant skeleton that blocks candidate searches (names.py)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="entities")
    kind = models.CharField(max_length=16)
    value = models.CharField(max_length=200)
    raw = models.CharField(max_length=300)
    key = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["kind", "value"]
        indexes = [models.Index(fields=["kind", "value"]), models.Index(fields=["key"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class CandidateLink(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("To decide")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    left = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16)
    score = models.FloatField()
    reason = models.CharField(max_length=300)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["left", "right", "kind"], name="one_link_per_kind")
        ]

    def __str__(self) -> str:
        return f"link #{self.pk} ({self.kind})"


class Dissemination(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="disseminations")
    to_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    conditions = models.TextField(max_length=2000, blank=True)
    authority = models.CharField(max_length=200)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"dissemination #{self.pk}"


class Deconfliction(models.Model):
    """A search elsewhere matched this report: its holder is told who searched (the agency and
    the account), the searcher is told only that another unit holds a match."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="deconflictions")
    searched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"deconfliction #{self.pk}"


class Bulletin(models.Model):
    """A thematic, de-personalised bulletin (reader 3.5.1) for partners and the academy."""

    class Theme(models.TextChoices):
        ROUTE = "route", _("Route")
        RECRUITMENT = "recruitment", _("Recruitment method")
        FORGERY = "forgery", _("Forgery technique")
        VISA = "visa", _("Misuse of a visa type")
        OTHER = "other", _("Other")

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=16, choices=Theme.choices)
    unit = models.PositiveSmallIntegerField(_("curriculum unit"), null=True, blank=True)
    body = models.TextField(_("text"), max_length=10000)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.title
