"""What happened to a complaint and who was told: the history (never updated; a
database trigger refuses it, see migration 0002) and the outgoing messages."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from klachtpad.complaints.models.file import Complaint
from klachtpad.domain.schemes.vocabulary import (
    DocumentKind,
    Event,
    Sharing,
)
from klachtpad.organisations.choices import (
    ActionChoices,
    RecipientChoices,
    StateChoices,
)


class HistoryEntry(models.Model):
    """One thing that happened to a complaint. Append-only."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="history")
    sequence = models.PositiveIntegerField()
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("by"), max_length=200)
    action = models.CharField(_("what"), max_length=32, choices=ActionChoices.choices)
    reason = models.TextField(_("reason"), blank=True)
    state = models.CharField(_("state after"), max_length=16, choices=StateChoices.choices)
    step = models.CharField(_("step after"), max_length=63)
    details = models.JSONField(default=dict)

    class Meta:
        ordering = ["complaint", "sequence"]
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "sequence"], name="history_sequence_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.complaint} #{self.sequence}: {self.get_action_display()}"


class OutgoingMessage(models.Model):
    """A message the scheme says someone must get; delivered by the letters service."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="messages")
    history_entry = models.ForeignKey(HistoryEntry, on_delete=models.PROTECT, related_name="+")
    recipient = models.CharField(_("to"), max_length=32, choices=RecipientChoices.choices)
    event = models.CharField(
        _("about"), max_length=32, choices=[(e.value, e.value) for e in Event], blank=True
    )
    document = models.CharField(
        _("document"),
        max_length=32,
        choices=[(d.value, d.value) for d in DocumentKind],
        blank=True,
    )
    sharing = models.CharField(max_length=16, choices=[(s.value, s.value) for s in Sharing])
    contents = models.JSONField(_("must contain"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["complaint", "id"]
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")

    def __str__(self) -> str:
        return f"{self.complaint} -> {self.recipient}: {self.document or self.event}"


# The choices are imported from ``complaints.choices`` and offered here too.
