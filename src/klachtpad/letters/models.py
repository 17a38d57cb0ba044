"""Letters: each one an unchangeable snapshot in the complaint file.

A ``Letter`` keeps the text and HTML as written at the moment of the change that called
for it; its PDF (``LetterPdf``) is rendered from that HTML by a task, and each sending
(``LetterDispatch``: by e-mail, or by post on a date) is a row of its own. All three
tables are append-only (a database trigger refuses changes). Organisations may edit the
body of each kind of letter and their letterhead (``LetterTemplate``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from klachtpad.complaints.models import Complaint, HistoryEntry
from klachtpad.domain.schemes.vocabulary import DocumentKind
from klachtpad.organisations.models import Organisation


class LetterKindChoices(models.TextChoices):
    ACKNOWLEDGEMENT = DocumentKind.ACKNOWLEDGEMENT.value, _("confirmation of receipt")
    MEETING_INVITATION = DocumentKind.MEETING_INVITATION.value, _("meeting invitation")
    EXTENSION_NOTICE = DocumentKind.EXTENSION_NOTICE.value, _("extension notice")
    DECLINE_NOTICE = DocumentKind.DECLINE_NOTICE.value, _("decline notice")
    REFERRAL = DocumentKind.REFERRAL.value, _("referral")
    DECISION = DocumentKind.DECISION.value, _("decision")
    JUDGEMENT = DocumentKind.JUDGEMENT.value, _("judgement")
    PROCEDURE_REPORT = DocumentKind.PROCEDURE_REPORT.value, _("report on the handling")
    MEASURE_NOTICE = DocumentKind.MEASURE_NOTICE.value, _("measure realised")
    ANSWER = DocumentKind.ANSWER.value, _("answer to a ruling")


LETTERHEAD = "letterhead"
TEMPLATE_PARTS = [(LETTERHEAD, _("letterhead")), *LetterKindChoices.choices]


class DeliveryChoices(models.TextChoices):
    EMAIL = "email", _("by e-mail (a link to the personal page)")
    POST = "post", _("by post")
    INTERNAL = "internal", _("in Klachtpad, to a colleague")


class LetterTemplate(models.Model):
    """An organisation's own text for one part of its letters, in one language."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="letter_templates"
    )
    kind = models.CharField(_("part"), max_length=32, choices=TEMPLATE_PARTS)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    text = models.TextField(_("template"))
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    updated_by = models.CharField(_("changed by"), max_length=200)

    class Meta:
        ordering = ["organisation", "kind", "language"]
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "language"], name="letter_template_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.kind} ({self.language})"


class Letter(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="letters")
    history_entry = models.ForeignKey(HistoryEntry, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("letter"), max_length=32, choices=LetterKindChoices.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    addressee = models.CharField(_("to"), max_length=200)
    # Set for a letter to an employee concerned; blank for the complainant's letters.
    employee = models.ForeignKey(
        "complaints.EmployeeConcerned",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letters",
    )
    subject = models.CharField(_("subject"), max_length=300)
    html = models.TextField()
    text = models.TextField(_("text"))
    delivery = models.CharField(_("sent"), max_length=8, choices=DeliveryChoices.choices)
    created_at = models.DateTimeField(_("written at"))
    created_by = models.CharField(_("written by"), max_length=200)

    class Meta:
        ordering = ["complaint", "created_at", "id"]
        verbose_name = _("letter")
        verbose_name_plural = _("letters")

    def __str__(self) -> str:
        return self.subject


def _letter_storage():  # type: ignore[no-untyped-def]
    return storages["letters"]


class LetterPdf(models.Model):
    letter = models.OneToOneField(Letter, on_delete=models.PROTECT, related_name="pdf")
    file = models.FileField(storage=_letter_storage, upload_to="%Y/%m/")
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    rendered_at = models.DateTimeField()

    class Meta:
        verbose_name = _("letter PDF")
        verbose_name_plural = _("letter PDFs")

    def __str__(self) -> str:
        return str(self.file.name)


class LetterDispatch(models.Model):
    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="dispatches")
    method = models.CharField(_("how"), max_length=8, choices=DeliveryChoices.choices)
    on = models.DateField(_("sent on"))
    recorded_by = models.CharField(_("recorded by"), max_length=200)
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["letter", "on", "id"]
        verbose_name = _("sending")
        verbose_name_plural = _("sendings")

    def __str__(self) -> str:
        return f"{self.letter}: {self.method} {self.on}"
