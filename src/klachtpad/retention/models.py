"""How long files are kept, the holds that keep them longer, the record of every purge,
and people's requests about their data (AVG art. 15-17). Rows here are changed only by
``retention.services``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from klachtpad.complaints.models import Complaint
from klachtpad.organisations.choices import HandlingChoices
from klachtpad.organisations.models import Organisation


class RetentionRule(models.Model):
    """Files of a procedure (blank: every procedure) and handling (blank: both) are kept
    ``years`` after closure, for the reason given."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="retention_rules"
    )
    procedure = models.SlugField(_("procedure"), max_length=63, blank=True)
    handling = models.CharField(
        _("handling"), max_length=16, choices=HandlingChoices.choices, blank=True
    )
    years = models.PositiveSmallIntegerField(_("years after closure"))
    reason = models.TextField(_("why this term"))
    set_by = models.CharField(_("set by"), max_length=200)
    set_at = models.DateTimeField(_("set at"))

    class Meta:
        ordering = ["organisation", "procedure", "handling"]
        verbose_name = _("retention term")
        verbose_name_plural = _("retention terms")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "procedure", "handling"], name="retention_rule_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.procedure or '*'}/{self.handling or '*'} {self.years}y"


class RetentionHold(models.Model):
    """A file kept past its term by hand, until released; both with a reason."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="holds")
    reason = models.TextField(_("why it is kept"))
    set_by = models.CharField(_("held by"), max_length=200)
    set_at = models.DateTimeField(_("held at"))
    released_by = models.CharField(_("released by"), max_length=200, blank=True)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    release_reason = models.TextField(_("why it was released"), blank=True)

    class Meta:
        ordering = ["complaint", "set_at", "id"]
        verbose_name = _("hold")
        verbose_name_plural = _("holds")
        constraints = [
            models.UniqueConstraint(
                fields=["complaint"],
                condition=models.Q(released_at__isnull=True),
                name="retention_hold_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.reason[:40]}"


class Purge(models.Model):
    """That a file's personal data was removed, when, under which term, and how much
    went. Holds no personal data itself."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    complaint = models.OneToOneField(Complaint, on_delete=models.PROTECT, related_name="purge")
    reference = models.CharField(_("file"), max_length=32)
    purged_at = models.DateTimeField(_("removed at"))
    closed_on = models.DateField(_("closed on"))
    years = models.PositiveSmallIntegerField(_("kept for (years)"))
    rule_reason = models.TextField(_("why the term"))
    removed = models.JSONField(_("what was removed"), default=dict)
    by = models.CharField(_("by"), max_length=200)

    class Meta:
        ordering = ["-purged_at", "-id"]
        verbose_name = _("purge")
        verbose_name_plural = _("purges")

    def __str__(self) -> str:
        return f"{self.reference} {self.purged_at:%Y-%m-%d}"


class RequestKindChoices(models.TextChoices):
    ACCESS = "access", _("access: what is kept about me (art. 15)")
    RECTIFY = "rectify", _("rectification (art. 16)")
    ERASE = "erase", _("erasure (art. 17)")


class RequestStatusChoices(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("carried out")
    REFUSED = "refused", _("refused, with the reason")


class SubjectRequest(models.Model):
    """A person's request about their data: who, what they ask, and its term (one
    month, extendable once by two)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="subject_requests"
    )
    kind = models.CharField(_("request"), max_length=16, choices=RequestKindChoices.choices)
    name = models.CharField(_("name of the person"), max_length=200)
    email = models.EmailField(_("their e-mail"), blank=True)
    phone = models.CharField(_("their phone"), max_length=40, blank=True)
    client_number = models.CharField(_("client number"), max_length=40, blank=True)
    details = models.TextField(_("what they ask"), blank=True)
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("answer due on"))
    extended = models.BooleanField(_("term extended"), default=False)
    extension_reason = models.TextField(_("why the term was extended"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=RequestStatusChoices.choices, default="open"
    )
    outcome = models.TextField(_("what was done"), blank=True)
    refusal_reason = models.TextField(_("why it was refused"), blank=True)
    recorded_by = models.CharField(_("recorded by"), max_length=200)
    closed_on = models.DateField(_("answered on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("request about personal data")
        verbose_name_plural = _("requests about personal data")
        indexes = [models.Index(fields=["organisation", "status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"
