"""A complaints committee's seats and sessions, with the complaints on the agenda."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from klachtpad.complaints.models.file import Complaint
from klachtpad.organisations.choices import (
    CommitteeRoleChoices,
)
from klachtpad.organisations.models import Organisation


class CommitteeMember(models.Model):
    """A seat on one of the organisation's complaints committees (a body of the scheme).
    A member who leaves stays on record, so past sessions keep who sat."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    body = models.CharField(_("committee"), max_length=63)
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("seat"), max_length=16, choices=CommitteeRoleChoices.choices)
    expertise = models.CharField(_("expertise"), max_length=200, blank=True)
    works_for_provider = models.BooleanField(_("works for or at the provider"), default=False)
    active = models.BooleanField(_("sits on the committee"), default=True)
    added_by = models.CharField(max_length=200)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "body", "role", "name"]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class CommitteeSession(models.Model):
    """A meeting of a committee, with the complaints on its agenda and its minutes."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    body = models.CharField(_("committee"), max_length=63)
    body_name = models.CharField(_("committee"), max_length=200)
    planned_for = models.DateTimeField(_("planned for"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    present = models.ManyToManyField(CommitteeMember, blank=True, related_name="+")
    minutes = models.TextField(_("minutes"), blank=True)
    planned_by = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-planned_for", "-id"]
        verbose_name = _("committee session")
        verbose_name_plural = _("committee sessions")

    def __str__(self) -> str:
        return f"{self.body_name} {self.planned_for:%Y-%m-%d}"


class SessionItem(models.Model):
    """One complaint on a session's agenda: its meeting (the hearing) in the file."""

    session = models.ForeignKey(CommitteeSession, on_delete=models.PROTECT, related_name="items")
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="+")
    meeting = models.OneToOneField("Meeting", on_delete=models.PROTECT, related_name="session_item")

    class Meta:
        ordering = ["session", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "complaint"], name="session_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.session}: {self.complaint.reference}"
