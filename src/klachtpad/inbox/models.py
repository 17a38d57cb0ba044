"""Mail that comes in: the organisation's mailboxes, each mail taken from them as an
inbox item, and the texts staff start a reply with.

A mail is stored (its item and the message as it came, in the attachments storage)
before it is moved out of the mailbox's folder; the item's mailbox, UIDVALIDITY and UID
are unique, and so is its Message-ID in the mailbox, so a mail read twice, by two
workers or after a restart, is kept once."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from klachtpad.complaints.models import Complaint
from klachtpad.organisations.models import Organisation


def _attachment_storage():  # type: ignore[no-untyped-def]
    return storages["attachments"]


class SecurityChoices(models.TextChoices):
    TLS = "tls", _("TLS (port 993)")
    STARTTLS = "starttls", _("STARTTLS (port 143)")


class SignInChoices(models.TextChoices):
    PASSWORD = "password", _("user name and password")
    OAUTH2 = "oauth2", _("OAuth 2.0 (Microsoft 365, Google)")


class AfterChoices(models.TextChoices):
    MOVE = "move", _("move the mail to a folder")
    FLAG = "flag", _("leave it and mark it read")


class Mailbox(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    address = models.EmailField(_("address of the mailbox"))
    host = models.CharField(_("IMAP server"), max_length=253)
    port = models.PositiveIntegerField(_("port"), default=993)
    security = models.CharField(
        _("connection"), max_length=8, choices=SecurityChoices.choices, default="tls"
    )
    sign_in = models.CharField(
        _("sign in with"), max_length=8, choices=SignInChoices.choices, default="password"
    )
    username = models.CharField(_("user name"), max_length=254)
    # Encrypted (accounts.sealing): the password, or the OAuth 2.0 refresh token.
    secret_sealed = models.TextField(blank=True)
    oauth_authorize_url = models.URLField(_("OAuth 2.0 sign-in address"), blank=True)
    oauth_token_url = models.URLField(_("OAuth 2.0 token address"), blank=True)
    oauth_client_id = models.CharField(_("OAuth 2.0 client id"), max_length=200, blank=True)
    oauth_client_secret_sealed = models.TextField(blank=True)
    oauth_scope = models.CharField(_("OAuth 2.0 scope"), max_length=300, blank=True)
    folder = models.CharField(_("folder to read"), max_length=200, default="INBOX")
    after = models.CharField(
        _("after reading"), max_length=8, choices=AfterChoices.choices, default="move"
    )
    done_folder = models.CharField(_("folder for read mail"), max_length=200, default="Klachtpad")
    active = models.BooleanField(_("read this mailbox"), default=True)
    # While a worker reads it; a claim past this moment is its dead worker's.
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_read_at = models.DateTimeField(_("last read"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")

    def __str__(self) -> str:
        return f"{self.name} ({self.address})"


class ItemKindChoices(models.TextChoices):
    MAIL = "mail", _("mail")
    BOUNCE = "bounce", _("undeliverable report")
    AUTO_REPLY = "auto_reply", _("automatic reply")
    TOO_LARGE = "too_large", _("too large to take in")
    OWN = "own", _("sent by Klachtpad itself")


class ItemStatusChoices(models.TextChoices):
    OPEN = "open", _("to handle")
    THREADED = "threaded", _("added to its file")
    REGISTERED = "registered", _("made into a file")
    ATTACHED = "attached", _("attached to a file")
    DISMISSED = "dismissed", _("dismissed")
    RECORDED = "recorded", _("recorded, nothing to do")


class DismissalChoices(models.TextChoices):
    SPAM = "spam", _("spam or advertising")
    NOT_A_COMPLAINT = "not_a_complaint", _("not a complaint")
    FORWARDED = "forwarded", _("sent on to where it belongs")
    DUPLICATE = "duplicate", _("already received")


class InboxItem(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    mailbox = models.ForeignKey(Mailbox, on_delete=models.PROTECT, related_name="items")
    uidvalidity = models.BigIntegerField()
    uid = models.BigIntegerField()
    message_id = models.CharField(max_length=250, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=ItemKindChoices.choices)
    status = models.CharField(_("status"), max_length=16, choices=ItemStatusChoices.choices)
    # The server's moment of receipt (IMAP INTERNALDATE): the day of receipt of a
    # complaint made of this mail.
    received_at = models.DateTimeField(_("received"))
    from_name = models.CharField(_("from"), max_length=200, blank=True)
    from_address = models.EmailField(_("address"), max_length=254, blank=True)
    to = models.CharField(_("to"), max_length=300, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    answers = models.JSONField(default=list)  # Message-IDs of In-Reply-To and References
    text = models.TextField(_("text"), blank=True)
    # Each file: name, type judged by content (blank when not kept), size, why not kept.
    parts = models.JSONField(default=list)
    size = models.PositiveIntegerField(_("size"), default=0)
    raw = models.FileField(storage=_attachment_storage, upload_to="inbox/%Y/%m/", blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, null=True, blank=True, related_name="inbox_items"
    )
    dismissal = models.CharField(
        _("dismissed as"), max_length=16, choices=DismissalChoices.choices, blank=True
    )
    dismissal_reason = models.TextField(_("reason"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    stored_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("inbox item")
        verbose_name_plural = _("inbox")
        constraints = [
            models.UniqueConstraint(
                fields=["mailbox", "uidvalidity", "uid"], name="inbox_item_once_per_uid"
            ),
            models.UniqueConstraint(
                fields=["mailbox", "message_id"],
                condition=~models.Q(message_id=""),
                name="inbox_item_once_per_message_id",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status", "-received_at"])]

    def __str__(self) -> str:
        return f"{self.from_address}: {self.subject}"


class CannedText(models.Model):
    """A text a reply from a file can start with, kept per organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(_("text"))

    class Meta:
        ordering = ["organisation", "title"]
        verbose_name = _("standard text")
        verbose_name_plural = _("standard texts")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "title"], name="canned_title_unique")
        ]

    def __str__(self) -> str:
        return self.title
