"""Messages about subjects the scheme sends elsewhere: no complaints."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from klachtpad.organisations.choices import (
    ChannelChoices,
)
from klachtpad.organisations.models import Organisation, Procedure


class Forwarded(models.Model):
    """A message about a subject the scheme does not cover (the bill, insurance), sent
    on to where the scheme says it goes, with a notice to the person. No complaint is
    opened; reports count these apart."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(_("subject"), max_length=32)
    subject_name = models.CharField(_("about"), max_length=200)
    sent_to = models.CharField(_("sent on to"), max_length=200)
    sent_to_email = models.EmailField(_("sent on to (e-mail)"), blank=True)
    received_on = models.DateField(_("received on"))
    channel = models.CharField(_("received by"), max_length=16, choices=ChannelChoices.choices)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(max_length=8, default="nl")
    message = models.TextField(_("message"))
    recorded_by = models.CharField(_("recorded by"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("message sent on")
        verbose_name_plural = _("messages sent on")
        indexes = [models.Index(fields=["organisation", "received_on"])]

    def __str__(self) -> str:
        return f"{self.subject_name}: {self.name}"
