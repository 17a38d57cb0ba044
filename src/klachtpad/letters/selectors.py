"""Warnings about letters the law or the scheme requires that are missing or late, and
about mail that did not arrive; shown on the complaint file."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from klachtpad.complaints.models import (
    Complaint,
    EmployeeConcerned,
    TermExtension,
    TermStatusChoices,
)
from klachtpad.letters.models import DeliveryChoices, Letter, LetterKindChoices
from klachtpad.notifications.models import MailDelivery, MailStatusChoices
from klachtpad.organisations.wording import param_words


def letters_of(complaint: Complaint) -> QuerySet[Letter]:
    """Every letter in the file, also those to an employee concerned (for staff)."""
    return complaint.letters.select_related("pdf", "employee").prefetch_related("dispatches")


def letters_to_complainant(complaint: Complaint) -> QuerySet[Letter]:
    return letters_of(complaint).filter(employee__isnull=True)


def letters_to_employee(employee: EmployeeConcerned) -> QuerySet[Letter]:
    return employee.letters.select_related("pdf")


def _sent_on(letter: Letter) -> date | None:
    days = [dispatch.on for dispatch in letter.dispatches.all()]
    return min(days) if days else None


def letter_warnings(complaint: Complaint, today: date) -> list[str]:
    """What is missing, in the active language, most urgent first."""
    warnings: list[str] = []
    for term in complaint.terms.filter(
        kind="acknowledgement", status=TermStatusChoices.RUNNING, end_on__lt=today
    ):
        warnings.append(
            _("No confirmation of receipt has been sent; it was due on %(day)s.")
            % {"day": param_words(term.end_on)}
        )
    letters = list(letters_to_complainant(complaint))
    notices = [letter for letter in letters if letter.kind == LetterKindChoices.EXTENSION_NOTICE]
    for extension in TermExtension.objects.filter(term__complaint=complaint).select_related("term"):
        earlier = extension.term.extensions.filter(id__lt=extension.id).order_by("-id").first()
        old_end = earlier.new_end_on if earlier else extension.term.original_end_on
        sent = [
            day
            for letter in notices
            if timezone.localdate(letter.created_at) >= extension.notified_on
            and (day := _sent_on(letter)) is not None
        ]
        if not sent:
            warnings.append(
                _(
                    "The term was extended to %(day)s, but no extension notice has been sent "
                    "to the complainant."
                )
                % {"day": param_words(extension.new_end_on)}
            )
        elif min(sent) > old_end:
            warnings.append(
                _(
                    "The extension notice was sent on %(sent)s, after the term had ended on "
                    "%(end)s. The law asks for the notice before the end."
                )
                % {"sent": param_words(min(sent)), "end": param_words(old_end)}
            )
    for letter in letters:
        if letter.delivery == DeliveryChoices.POST and _sent_on(letter) is None:
            warnings.append(
                _('The letter "%(subject)s" of %(day)s has not been marked as posted.')
                % {
                    "subject": letter.subject,
                    "day": param_words(timezone.localdate(letter.created_at)),
                }
            )
    for mail in MailDelivery.objects.filter(complaint=complaint, status=MailStatusChoices.FAILED):
        warnings.append(
            _("A mail to %(to)s could not be delivered (%(error)s). Reach them another way.")
            % {"to": mail.to, "error": mail.last_error}
        )
    return warnings
