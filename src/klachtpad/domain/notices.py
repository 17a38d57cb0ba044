"""Who must be told when something happens to a complaint, and with which document.

Three sources, in this order:

- the documents the scheme requires (an extension notice, a judgement to the
  complainant, the employee concerned and management), with what they must contain;
- the people the scheme keeps informed (``inform``: management of every formal
  complaint, a copy to the quality coordinator), of the procedure and of the step
  where it happens; a step change informs both the step left and the step entered;
- the complainant of a formal complaint, who hears of every step, extension, decline,
  decision and closure in writing even where the scheme names no document, and receives
  an acknowledgement and a meeting invitation when one is made. Where the law itself
  requires a letter (``REQUIRED_DOCUMENTS``: the Wkkgz decision, extension notice and
  refusal; the Jeugdwet judgement) and the scheme lists none, the complainant gets
  Klachtpad's own text of it.

Learning ``feedback_to_employee`` adds a notice to the employee concerned on closure. A
report on the handling that must state the complainant's satisfaction is written again
when they answer after closure, so the closing information includes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from klachtpad.domain.schemes.model import Procedure
from klachtpad.domain.schemes.required import REQUIRED_DOCUMENTS
from klachtpad.domain.schemes.vocabulary import (
    DocumentContent,
    DocumentKind,
    Event,
    Party,
    Sharing,
)

# The document that goes with an event, when the scheme asks for one.
DOCUMENT_FOR_EVENT: dict[Event, tuple[DocumentKind, ...]] = {
    Event.TERM_EXTENDED: (DocumentKind.EXTENSION_NOTICE,),
    Event.DECLINED: (DocumentKind.DECLINE_NOTICE,),
    Event.DECIDED: (DocumentKind.DECISION, DocumentKind.JUDGEMENT),
    Event.CLOSED: (DocumentKind.PROCEDURE_REPORT,),
    Event.MEASURE_REALISED: (DocumentKind.MEASURE_NOTICE,),
    Event.ANSWERED: (DocumentKind.ANSWER,),
    # A report on the handling that must say how satisfied the complainant is is written
    # again once they answer after closure (IederZijnWerk).
    Event.SATISFACTION_RECORDED: (DocumentKind.PROCEDURE_REPORT,),
}


def required_document(procedure: Procedure, event: Event | None) -> DocumentKind | None:
    """The letter the procedure's law requires at ``event``, if any."""
    return REQUIRED_DOCUMENTS.get(procedure.regime, {}).get(event) if event else None


# Events a complainant of a formal complaint always hears of in writing.
COMPLAINANT_EVENTS = frozenset(
    {
        Event.STEP_CHANGED,
        Event.TERM_EXTENDED,
        Event.DECLINED,
        Event.DECIDED,
        Event.ANSWERED,
        Event.CLOSED,
    }
)

COMPLAINANT = Party.COMPLAINANT.value


@dataclass(frozen=True)
class Notice:
    """One message to one recipient (a party or a staff role)."""

    recipient: str
    event: Event | None
    document: DocumentKind | str | None = None  # a built-in kind, or the scheme's own
    sharing: Sharing = Sharing.NOTICE
    contents: tuple[DocumentContent, ...] = ()


class _Found(list[Notice]):
    """The notices of one event, each recipient, document and event once."""

    def add(self, notice: Notice) -> None:
        key = (notice.recipient, notice.document, notice.event)
        if all((n.recipient, n.document, n.event) != key for n in self):
            self.append(notice)


def _listed(
    procedure: Procedure,
    event: Event | None,
    steps: tuple[str, ...],
    documents: tuple[DocumentKind, ...],
) -> _Found:
    """The documents the scheme lists for this event or action, to whom it names."""
    kinds: tuple[DocumentKind | str, ...] = documents
    if event:
        kinds += DOCUMENT_FOR_EVENT.get(event, ()) + tuple(procedure.vocabulary.documents_on(event))
    specs = list(procedure.documents)
    for step_id in steps:
        specs += procedure.step(step_id).documents
    if event is Event.SATISFACTION_RECORDED:
        specs = [spec for spec in specs if DocumentContent.SATISFACTION in spec.contents]
    found = _Found()
    for spec in specs:
        if spec.kind in kinds:
            for party in spec.to:
                found.add(Notice(party.value, event, spec.kind, Sharing.COPY, tuple(spec.contents)))
    return found


def _with_complainant(
    found: _Found,
    procedure: Procedure,
    event: Event | None,
    *,
    formal: bool,
    documents: tuple[DocumentKind, ...],
) -> _Found:
    """What the complainant gets: the law's letter where the scheme lists none, else the
    action's own document, else a notice of what happened to their formal complaint."""
    told_complainant = any(notice.recipient == COMPLAINANT for notice in found)
    required = required_document(procedure, event) if formal else None
    if required is not None and not any(
        notice.recipient == COMPLAINANT and notice.document for notice in found
    ):
        # The law asks for this letter; the scheme did not list it for this moment.
        found = _Found(n for n in found if n.recipient != COMPLAINANT)
        found.add(Notice(COMPLAINANT, event, required, Sharing.COPY))
    elif not told_complainant:
        if documents:
            # The action's own document goes to the complainant even when the scheme
            # does not describe it.
            found.add(Notice(COMPLAINANT, event, documents[0], Sharing.COPY))
        elif formal and event in COMPLAINANT_EVENTS:
            found.add(Notice(COMPLAINANT, event))
    return found


def _informed(
    found: _Found,
    procedure: Procedure,
    event: Event,
    steps: tuple[str, ...],
    *,
    feedback_to_employee: bool,
) -> None:
    informs = list(procedure.inform)
    for step_id in steps:
        informs += procedure.step(step_id).inform
    for inform in informs:
        if event in inform.of:
            found.add(Notice(inform.who.value, event, sharing=inform.gets))
    if event is Event.CLOSED and feedback_to_employee:
        found.add(Notice(Party.EMPLOYEE_CONCERNED.value, event))


def notices_for(
    procedure: Procedure,
    *,
    event: Event | None,
    steps: tuple[str, ...],
    formal: bool,
    documents: tuple[DocumentKind, ...] = (),
    feedback_to_employee: bool = False,
    to_complainant: bool = True,
) -> list[Notice]:
    """The messages an event at ``steps`` calls for.

    ``documents`` are the documents the action itself produces (an acknowledgement,
    a meeting invitation, a referral); documents that go with ``event`` are added.
    ``to_complainant`` False leaves the complainant out, where another message of the
    same action already tells them.
    """
    found = _listed(procedure, event, steps, documents)
    found = _with_complainant(found, procedure, event, formal=formal, documents=documents)
    if event is not None:
        _informed(found, procedure, event, steps, feedback_to_employee=feedback_to_employee)
    if not to_complainant:
        return [notice for notice in found if notice.recipient != COMPLAINANT]
    return list(found)
