"""The access log (NEN 7513): who did what with which complaint file, when and how it ended.

Entries are appended only; the database refuses to change them (migration 0002). Each
entry carries a keyed hash over its own fields and the previous entry's hash, so that
an entry changed or removed behind the application's back breaks the chain.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from klachtpad.organisations.models import Organisation


class LogActionChoices(models.TextChoices):
    VIEW = "view", _("viewed")
    SEARCH = "search", _("searched")
    EXPORT = "export", _("exported or downloaded")
    PRINT = "print", _("printed")
    CHANGE = "change", _("changed")
    READ_LOG = "read_log", _("read the access log")
    GRANT = "grant", _("asked for, gave or took away a role")


class LogOutcomeChoices(models.TextChoices):
    ALLOWED = "allowed", _("allowed")
    REFUSED = "refused", _("refused")
    FAILED = "failed", _("not carried out")


class AccessLogEntry(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    sequence = models.PositiveBigIntegerField(_("number"))
    at = models.DateTimeField(_("when"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    user_name = models.CharField(_("who"), max_length=200)
    on_behalf_of = models.CharField(_("on whose behalf"), max_length=400)
    complaint_id = models.BigIntegerField(null=True)  # no foreign key: the log outlives files
    complaint_reference = models.CharField(_("file"), max_length=32, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=LogActionChoices.choices)
    outcome = models.CharField(_("outcome"), max_length=16, choices=LogOutcomeChoices.choices)
    detail = models.CharField(_("what exactly"), max_length=500)
    client_address = models.CharField(_("from address"), max_length=64)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)
    # Which key made the hash (blank: the key derived from the secret key, before keys
    # had ids), so that entries written before a key rotation still verify.
    key_id = models.CharField(max_length=16, blank=True, default="")
    # A keyed hash of ``detail``; the entry's hash covers it instead of the detail, so
    # that the retention purge can empty the detail of a removed file's entries and the
    # chain still verifies (blank: an entry from before, whose hash covers the detail).
    detail_digest = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["organisation", "sequence"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "sequence"], name="access_log_sequence_unique"
            )
        ]
        indexes = [models.Index(fields=["organisation", "complaint_reference"])]

    def __str__(self) -> str:
        return f"{self.organisation} #{self.sequence}: {self.user_name} {self.action}"


class AccessLogHead(models.Model):
    """The newest entry of an organisation's chain; locked while an entry is appended."""

    organisation = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="+")
    sequence = models.PositiveBigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64, default="")

    def __str__(self) -> str:
        return f"{self.organisation} #{self.sequence}"
