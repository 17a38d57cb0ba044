"""Write letters into the complaint file, render their PDFs, record how they were sent,
and keep the organisation's templates."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime

from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.html import escape

from klachtpad.complaints.models import (
    Complaint,
    EmployeeConcerned,
    HistoryEntry,
    OutgoingMessage,
    RecipientChoices,
)
from klachtpad.domain.schemes.vocabulary import DocumentKind
from klachtpad.letters.facts import LetterFacts, facts_for, sample_facts
from klachtpad.letters.models import (
    LETTERHEAD,
    DeliveryChoices,
    Letter,
    LetterDispatch,
    LetterTemplate,
)
from klachtpad.letters.rendering import (
    RenderedLetter,
    TemplateProblem,
    render_letter,
)
from klachtpad.letters.tasks import letter_pdf
from klachtpad.organisations.models import Organisation

logger = logging.getLogger(__name__)


def template_texts(organisation: Organisation, kind: str, language: str) -> tuple[str, str]:
    """The organisation's own body and letterhead, or "" where it uses ours."""
    own = dict(
        LetterTemplate.objects.filter(
            organisation=organisation, language=language, kind__in=[kind, LETTERHEAD]
        ).values_list("kind", "text")
    )
    return own.get(kind, ""), own.get(LETTERHEAD, "")


def letter_render(organisation: Organisation, facts: LetterFacts) -> RenderedLetter:
    """The letter with the organisation's templates; ours if theirs cannot be filled in,
    so that a letter the law requires is never lost to a template mistake."""
    body, letterhead = template_texts(organisation, facts.kind, facts.language)
    try:
        return render_letter(facts, body=body or None, letterhead=letterhead or None)
    except TemplateProblem:
        logger.exception("letter template of %s failed; default used", organisation.slug)
    if facts.own_text:
        try:
            return render_letter(facts)
        except TemplateProblem:
            # The scheme's own text cannot be filled in: it is sent as the scheme wrote it.
            logger.exception(
                "own letter %s of %s failed; sent as text", facts.kind, organisation.slug
            )
            plain = "".join(f"<p>{escape(part)}</p>" for part in facts.own_text.split("\n\n"))
            return render_letter(replace(facts, own_text=plain.replace("{", "&#123;")))
    return render_letter(facts)


def letters_write(
    complaint: Complaint, entry: HistoryEntry, messages: Iterable[OutgoingMessage], *, signer: str
) -> list[Letter]:
    """Write the letters that the messages of one change call for: to the complainant,
    and to each linked employee concerned where the scheme addresses them too."""
    kinds: dict[str, list[str]] = {}
    for message in messages:
        if message.document and message.recipient in (
            RecipientChoices.COMPLAINANT,
            RecipientChoices.EMPLOYEE_CONCERNED,
        ):
            wanted = kinds.setdefault(message.recipient, [])
            if message.document not in wanted:
                wanted.append(message.document)
    letters = []
    for kind in kinds.get(RecipientChoices.COMPLAINANT, []):
        facts = facts_for(complaint, kind, at=entry.at, signer=signer, language=complaint.language)
        delivery = DeliveryChoices.EMAIL if complaint.complainant_email else DeliveryChoices.POST
        letters.append(_letter(complaint, entry, kind, facts, delivery, signer))
    employees = complaint.employees.filter(user__isnull=False)
    for kind in kinds.get(RecipientChoices.EMPLOYEE_CONCERNED, []):
        for employee in employees:
            facts = replace(
                facts_for(complaint, kind, at=entry.at, signer=signer, language="nl"),
                addressee=employee.name,
                address=[employee.job_title] if employee.job_title else [],
            )
            letters.append(
                _letter(complaint, entry, kind, facts, DeliveryChoices.INTERNAL, signer, employee)
            )
    for letter in letters:
        letter_pdf.enqueue(letter.pk)
    return letters


def _letter(
    complaint: Complaint,
    entry: HistoryEntry,
    kind: str,
    facts: LetterFacts,
    delivery: DeliveryChoices,
    signer: str,
    employee: EmployeeConcerned | None = None,
) -> Letter:
    rendered = letter_render(complaint.organisation, facts)
    return Letter.objects.create(
        complaint=complaint,
        history_entry=entry,
        kind=kind,
        language=facts.language,
        addressee=facts.addressee,
        employee=employee,
        subject=rendered.subject,
        html=rendered.html,
        text=rendered.text,
        delivery=delivery,
        created_at=entry.at,
        created_by=signer,
    )


def letter_posted(letter: Letter, *, on: date, user: User) -> LetterDispatch:
    """Record that ``letter`` went by post on ``on``."""
    name = user.get_full_name() or user.get_username()
    return LetterDispatch.objects.create(
        letter=letter,
        method=DeliveryChoices.POST,
        on=on,
        recorded_by=name,
        recorded_at=timezone.now(),
    )


def letters_sent_by_mail(history_entry_id: int, at: datetime) -> None:
    """The news mail about a change was sent: its e-mailed letters count as sent."""
    day = timezone.localdate(at)
    for letter in Letter.objects.filter(
        history_entry_id=history_entry_id, delivery=DeliveryChoices.EMAIL
    ):
        LetterDispatch.objects.create(
            letter=letter,
            method=DeliveryChoices.EMAIL,
            on=day,
            recorded_by="Klachtpad",
            recorded_at=at,
        )
    OutgoingMessage.objects.filter(
        history_entry_id=history_entry_id, recipient=RecipientChoices.COMPLAINANT, sent_at=None
    ).update(sent_at=at)


def letter_template_save(
    organisation: Organisation, *, kind: str, language: str, text: str, user: User
) -> LetterTemplate:
    """Keep an edited template after filling it in with a sample complaint; a template
    that cannot be filled in raises ``TemplateProblem`` and nothing is saved."""
    letter_preview(organisation, kind=kind, language=language, text=text)
    template, _created = LetterTemplate.objects.update_or_create(
        organisation=organisation,
        kind=kind,
        language=language,
        defaults={"text": text, "updated_by": user.get_full_name() or user.get_username()},
    )
    return template


def letter_template_reset(organisation: Organisation, *, kind: str, language: str) -> None:
    LetterTemplate.objects.filter(organisation=organisation, kind=kind, language=language).delete()


def letter_preview_facts(organisation: Organisation, *, kind: str, language: str) -> LetterFacts:
    """The sample facts a preview of ``kind`` is filled in with (the letterhead is shown
    on a decision)."""
    procedure = (
        organisation.procedures.select_related("scheme_version")
        .order_by("-scheme_version__number")
        .first()
    )
    assert procedure is not None  # noqa: S101 - an organisation exists through its scheme
    letter_kind = DocumentKind.DECISION if kind == LETTERHEAD else DocumentKind(kind)
    return sample_facts(organisation, procedure.scheme_version.scheme(), letter_kind, language)


def letter_preview(
    organisation: Organisation, *, kind: str, language: str, text: str | None = None
) -> RenderedLetter:
    """A sample letter with ``text`` in place of the stored template for ``kind``."""
    facts = letter_preview_facts(organisation, kind=kind, language=language)
    letter_kind = DocumentKind(facts.kind)
    body, letterhead = template_texts(organisation, letter_kind.value, language)
    if kind == LETTERHEAD:
        letterhead = text if text is not None else letterhead
    else:
        body = text if text is not None else body
    return render_letter(facts, body=body or None, letterhead=letterhead or None)
