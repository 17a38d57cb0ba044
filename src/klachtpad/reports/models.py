"""Learning from complaints: improvement actions, feedback to the employee concerned,
and report builds that run as a task.

An improvement action comes from one or more complaints and is tracked until done;
every change of its status is kept as an ``ImprovementUpdate``. ``EmployeeFeedback``
records that the employee concerned heard what the complaint taught. A ``ReportBuild``
is a report asked for in the workspace and built by the worker; it keeps its progress
and, once done, the figures, so the page and the downloads read the same numbers.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from klachtpad.complaints.models import Complaint, EmployeeConcerned
from klachtpad.organisations.models import Organisation, Procedure


class ImprovementStatusChoices(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


class ImprovementAction(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("what will improve"), max_length=200)
    description = models.TextField(_("how"), blank=True)
    owner = models.CharField(_("who is responsible"), max_length=200)
    due_on = models.DateField(_("ready by"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ImprovementStatusChoices.choices,
        default=ImprovementStatusChoices.PLANNED,
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    complaints = models.ManyToManyField(Complaint, related_name="improvements")
    created_by = models.CharField(_("created by"), max_length=200)
    created_on = models.DateField(_("created on"))

    class Meta:
        ordering = ["status", "due_on", "id"]
        verbose_name = _("improvement action")
        verbose_name_plural = _("improvement actions")
        indexes = [models.Index(fields=["organisation", "created_on"])]

    def __str__(self) -> str:
        return self.title


class ImprovementUpdate(models.Model):
    """One step in tracking an action: its new status and what was done."""

    action = models.ForeignKey(ImprovementAction, on_delete=models.PROTECT, related_name="updates")
    at = models.DateTimeField(_("at"))
    by = models.CharField(_("by"), max_length=200)
    status = models.CharField(_("status"), max_length=16, choices=ImprovementStatusChoices)
    note = models.TextField(_("what was done"), blank=True)

    class Meta:
        ordering = ["action", "at", "id"]

    def __str__(self) -> str:
        return f"{self.action}: {self.get_status_display()}"


class EmployeeFeedback(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="feedback")
    employee = models.ForeignKey(EmployeeConcerned, on_delete=models.PROTECT, related_name="+")
    given_on = models.DateField(_("given on"))
    given_by = models.CharField(_("given by"), max_length=200)
    summary = models.TextField(_("what was discussed"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["complaint", "given_on", "id"]
        verbose_name = _("feedback to the employee concerned")
        verbose_name_plural = _("feedback to employees concerned")

    def __str__(self) -> str:
        return f"{self.complaint}: {self.employee}"


class BuildStatusChoices(models.TextChoices):
    WAITING = "waiting", _("waiting")
    RUNNING = "running", _("being built")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


class ReportBuild(models.Model):
    """The platform report, built by the worker over the organisations in which the person
    who asked may see figures."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    status = models.CharField(
        _("status"), max_length=8, choices=BuildStatusChoices, default=BuildStatusChoices.WAITING
    )
    done_parts = models.PositiveIntegerField(default=0)
    total_parts = models.PositiveIntegerField(default=0)
    result = models.JSONField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.start} – {self.end} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if not self.total_parts:
            return 0
        return round(100 * self.done_parts / self.total_parts)


class PeriodicReport(models.Model):
    """A report the scheme promises (``reports``) for one period: when it is due, to
    whom it was sent, and the discussion and decisions taken on it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="+")
    spec_index = models.PositiveSmallIntegerField()  # which of the procedure's reports
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    covers = models.CharField(_("complaints"), max_length=16)
    due_on = models.DateField(_("due on"))
    overdue_told = models.BooleanField(default=False)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    sent_by = models.CharField(_("sent by"), max_length=200, blank=True)
    sent_to = models.TextField(_("sent to"), blank=True)
    discussed_on = models.DateField(_("discussed on"), null=True, blank=True)
    minutes = models.TextField(_("what was discussed"), blank=True)
    decisions = models.TextField(_("decisions taken"), blank=True)
    recorded_by = models.CharField(_("recorded by"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_end", "organisation", "id"]
        verbose_name = _("periodic report")
        verbose_name_plural = _("periodic reports")
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "spec_index", "period_start"], name="one_report_a_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.period_start}–{self.period_end}"
