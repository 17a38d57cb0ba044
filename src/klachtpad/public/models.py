"""What the public side keeps: one row per form submission, and the private links to a
complaint's status page (stored only as a hash; the link itself is in the person's mail)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from klachtpad.complaints.models import Complaint, Forwarded
from klachtpad.organisations.models import Organisation


class Submission(models.Model):
    """One filled-in complaint form, by the key the form carried.

    The key is made when the form is shown; the same form sent twice (a double click,
    back and send again, a retry after a time-out) finds this row and its complaint.
    """

    key = models.CharField(max_length=64, unique=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    complaint = models.OneToOneField(
        Complaint, on_delete=models.PROTECT, null=True, blank=True, related_name="submission"
    )
    # Or the message it sent on, when the form was about a subject the scheme sends
    # elsewhere.
    forwarded = models.OneToOneField(
        Forwarded, on_delete=models.PROTECT, null=True, blank=True, related_name="submission"
    )
    address_hash = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self) -> str:
        return f"{self.key[:8]}… {self.at:%Y-%m-%d %H:%M}"


class StatusLinkViaChoices(models.TextChoices):
    PAGE = "page", _("the page after sending the form")
    MAIL = "mail", _("a mail")


class StatusLink(models.Model):
    """A private link to a complaint's status page. It opens once: the browser that opens
    it gets a cookie (``session_hash`` keeps its hash) and the page's address holds no
    secret from then on. Ending a link (``expires_at``) ends its cookie too."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="status_links")
    token_hash = models.CharField(max_length=64, unique=True)
    via = models.CharField(max_length=8, choices=StatusLinkViaChoices.choices, default="mail")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    opened_at = models.DateTimeField(null=True, blank=True)
    session_hash = models.CharField(max_length=64, blank=True, db_index=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("status link")
        verbose_name_plural = _("status links")

    def __str__(self) -> str:
        return f"{self.complaint_id} until {self.expires_at:%Y-%m-%d}"


class LinkRequest(models.Model):
    """A request for a new link, kept to limit how often one address may ask."""

    address_hash = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M}"
