"""Mail and staff notifications.

Every mail is a ``MailDelivery`` row written in the same transaction as the change that
causes it, together with the task that sends it; the row keeps its status, attempts and
last error, so the complaint file shows what reached whom. Mail never carries health
data: the body is rendered when it is sent, from a kind and a few facts (a reference,
a date), and links to the status page or the staff workspace.

A ``StaffNotification`` is one thing a member of staff should know; it goes out at once
or in the next daily ``Digest``, as that person chose (``NotificationPreference``).
``ReminderSent`` makes each term reminder go out once per term and day.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from klachtpad.complaints.models import Complaint, HistoryEntry, Measure, Term
from klachtpad.organisations.models import Organisation


class MailKindChoices(models.TextChoices):
    STATUS_LINK = "status_link", _("link to the personal page")
    NEWS = "news", _("news on the complaint")
    STAFF = "staff", _("notification to staff")
    DIGEST = "digest", _("daily digest")
    INVITATION = "invitation", _("invitation to set up an account")
    PASSWORD_RESET = "password_reset", _("link to choose a new password")
    FORWARDED = "forwarded", _("a message sent on to where it belongs")
    FORWARD_NOTICE = "forward_notice", _("notice that a message was sent on")
    REPLY = "reply", _("mail written by staff")


# The mail that goes to a complainant: its failure warns the officer, and an answer to it
# goes into the file.
COMPLAINANT_MAIL = (MailKindChoices.STATUS_LINK, MailKindChoices.NEWS, MailKindChoices.REPLY)


class MailStatusChoices(models.TextChoices):
    QUEUED = "queued", _("waiting to be sent")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("could not be delivered")


class MailDelivery(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, null=True, blank=True, related_name="mails"
    )
    # The change the mail tells of; its letters count as sent by e-mail once it is sent.
    history_entry = models.ForeignKey(
        HistoryEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to = models.EmailField(_("to"))
    kind = models.CharField(_("mail"), max_length=16, choices=MailKindChoices.choices)
    language = models.CharField(max_length=8, default="nl")
    facts = models.JSONField(default=dict)
    subject = models.CharField(_("subject"), max_length=300)
    status = models.CharField(
        _("status"), max_length=8, choices=MailStatusChoices.choices, default="queued"
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # While a worker sends the mail; a claim past this moment is its dead worker's.
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("mail")
        verbose_name_plural = _("mail")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"

    @property
    def message_id(self) -> str:
        """The same Message-ID on every attempt, so a receiver can drop a repeat."""
        return f"<klachtpad.{self.pk}@{settings.DEFAULT_FROM_EMAIL.rpartition('@')[2]}>"


class NotificationKindChoices(models.TextChoices):
    INFORMED = "informed", _("the scheme keeps me informed of a complaint")
    TERM_REMINDER = "term_reminder", _("a term ends soon")
    TERM_OVERDUE = "term_overdue", _("a term has passed")
    COMPLAINANT_ACTIVITY = "complainant_activity", _("the complainant added something")
    LETTER_TO_POST = "letter_to_post", _("a letter waits to be posted")
    MAIL_FAILED = "mail_failed", _("a mail could not be delivered")
    REPORT_READY = "report_ready", _("a report I asked for is ready")
    MEASURE_REMINDER = "measure_reminder", _("a measure is due soon or overdue")


class DeliveryModeChoices(models.TextChoices):
    IMMEDIATE = "immediate", _("at once")
    DIGEST = "digest", _("in the daily digest")


class NotificationPreference(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32, choices=NotificationKindChoices.choices)
    mode = models.CharField(max_length=16, choices=DeliveryModeChoices.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} {self.mode}"


class Digest(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    on = models.DateField()
    mail = models.ForeignKey(MailDelivery, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "on"], name="one_digest_a_day")]

    def __str__(self) -> str:
        return f"{self.user} {self.on}"


class StaffNotification(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, null=True, blank=True, related_name="notifications"
    )
    kind = models.CharField(_("about"), max_length=32, choices=NotificationKindChoices.choices)
    # An English sentence (translated when sent) and its parameters; a "day" is ISO text.
    template = models.CharField(_("what"), max_length=300)
    params = models.JSONField(default=dict)
    mode = models.CharField(max_length=16, choices=DeliveryModeChoices.choices)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)
    # The mail that carried it: its own, or the digest it went into.
    mail = models.ForeignKey(
        MailDelivery, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["mode", "mail"])]

    def __str__(self) -> str:
        return f"{self.user}: {self.template}"


class ReminderKindChoices(models.TextChoices):
    BEFORE = "before", _("before the end")
    OVERDUE = "overdue", _("after the end")
    ESCALATED = "escalated", _("told to management")


class ReminderSent(models.Model):
    """One reminder of a term or of a measure (one of the two is set)."""

    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, null=True, blank=True, related_name="reminders"
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, null=True, blank=True, related_name="reminders"
    )
    kind = models.CharField(max_length=16, choices=ReminderKindChoices.choices)
    on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["term", "kind", "on"], name="one_reminder_a_day"),
            models.UniqueConstraint(
                fields=["measure", "kind", "on"], name="one_measure_reminder_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.term} {self.kind} {self.on}"
