"""Warnings about letters the law or the scheme requires that are missing or late, and
about mail that did not arrive; shown on the complaint file."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from klachtpad.complaints.models import (
    ClosureChoices,
    Complaint,
    EmployeeConcerned,
    TermStatusChoices,
)
from klachtpad.domain.deadlines import standing
from klachtpad.domain.schemes.required import REQUIRED_DOCUMENTS
from klachtpad.domain.schemes.vocabulary import Event, Handling, Regime, TermKind
from klachtpad.letters.models import DeliveryChoices, Letter, LetterKindChoices
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


def _happened(complaint: Complaint, event: Event) -> bool:
    """Whether the moment a required letter belongs to has come for this complaint."""
    if event is Event.DECLINED:
        return complaint.closure == ClosureChoices.DECLINED
    judgements = list(complaint.judgements.all())  # read once, or taken from the page's
    own = any(not judgement.body for judgement in judgements)
    if event is Event.ANSWERED:
        return own and any(judgement.body for judgement in judgements)
    if event is Event.DECIDED:
        if complaint.procedure.regime == Regime.JEUGDWET:
            return bool(judgements)
        return own
    return False  # an extension notice is checked with the extension itself


def required_letters_missing(complaint: Complaint, letters: list[Letter]) -> list[str]:
    """The letters the law asks for at a moment that has come, with none in the file:
    Klachtpad's own text, or the scheme's own letter that stands in for it."""
    if complaint.handling != Handling.FORMAL:
        return []
    procedure = complaint.procedure.spec()
    written = {letter.kind for letter in letters}
    missing = []
    for event, kind in REQUIRED_DOCUMENTS.get(procedure.regime, {}).items():
        standing_in = {kind.value} | {
            w.id for w in procedure.vocabulary.documents if w.like is kind
        }
        if _happened(complaint, event) and not written & standing_in:
            missing.append(
                _("The law asks for a letter to the complainant (%(letter)s); none is in the file.")
                % {"letter": LetterKindChoices(kind.value).label}
            )
    return missing


def letter_warnings(
    complaint: Complaint, today: date, letters: list[Letter] | None = None
) -> list[str]:
    """What is missing, in the active language, most urgent first (``letters``: the
    file's letters, where the caller has read them already)."""
    warnings: list[str] = []
    acknowledgements = [t for t in complaint.terms.all() if t.kind == TermKind.ACKNOWLEDGEMENT]
    for term in acknowledgements:
        if term.status != TermStatusChoices.RUNNING or not standing(term.end_on, today).overdue:
            continue
        warnings.append(
            _("No confirmation of receipt has been sent; it was due on %(day)s.")
            % {"day": param_words(term.end_on)}
        )
    if letters is None:
        letters = list(letters_of(complaint))
    letters = [letter for letter in letters if letter.employee_id is None]
    warnings += required_letters_missing(complaint, letters)
    notices = [letter for letter in letters if letter.kind == LetterKindChoices.EXTENSION_NOTICE]
    extended = [
        (term, extension, earlier)
        for term in complaint.terms.all()
        for extensions in [sorted(term.extensions.all(), key=lambda e: e.pk)]
        for extension, earlier in zip(extensions, [None, *extensions], strict=False)
    ]
    for term, extension, earlier in sorted(extended, key=lambda found: found[1].pk):
        old_end = earlier.new_end_on if earlier else term.original_end_on
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
    return warnings
