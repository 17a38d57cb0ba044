"""A scheme as people read it, for one language: the procedure page, and the steps,
handlers and outside bodies that letters and the status page name."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from klachtpad.domain.schemes import Procedure, Scheme, Step
from klachtpad.domain.schemes.model import ContactPoint, DocumentSpec, OutsideBody
from klachtpad.domain.schemes.vocabulary import Event, SignatureMoment
from klachtpad.organisations.choices import ChannelChoices
from klachtpad.organisations.wording import (
    PARTY_PHRASES,
    ROLE_PHRASES,
    condition_label,
    document_label,
    duration_words,
    relation_label,
    term_sentences,
)


@dataclass
class ContactBlock:
    title: str
    contacts: list[ContactPoint]
    about: str = ""
    when: str = ""


@dataclass
class StepView:
    number: int
    step: Step
    handler: str
    contacts: list[ContactPoint]
    facts: list[str] = field(default_factory=list)


@dataclass
class ProcedureView:
    procedure: Procedure
    permissions: list[str]
    support: list[ContactBlock]
    steps: list[StepView]
    terms: list[str]
    documents: list[str]
    informed: list[str]
    outside: list[ContactBlock]


def present_scheme(scheme: Scheme, language: str) -> list[ProcedureView]:
    return [_procedure(scheme, procedure, language) for procedure in scheme.procedures]


def step_handler(scheme: Scheme, step: Step, language: str) -> tuple[str, list[ContactPoint]]:
    handler = step.handler
    contacts = list(handler.contact)
    if handler.body is not None:
        body = scheme.body(handler.body)
        name = body.name.get(language)
        contacts += body.contact
    elif handler.title is not None:
        name = handler.title.get(language)
    else:
        name = capfirst(str(ROLE_PHRASES[handler.role])) if handler.role else ""
    return name, contacts


def _procedure(scheme: Scheme, procedure: Procedure, language: str) -> ProcedureView:
    permissions = []
    for permission in procedure.who_may_complain:
        text = relation_label(procedure, permission.relation)
        conditions = [condition_label(procedure, condition) for condition in permission.only_if]
        if conditions:
            text += ", " + ", ".join(conditions)
        if permission.note:
            text += ". " + permission.note.get(language)
        permissions.append(text)

    support = []
    for item in procedure.support:
        if item.body is not None:
            body = scheme.body(item.body)
            title, contacts = body.name.get(language), list(body.contact)
        else:
            title = capfirst(str(ROLE_PHRASES[item.role])) if item.role else ""
            contacts = []
        support.append(ContactBlock(title=title, contacts=contacts, about=item.about.get(language)))

    steps = []
    for number, step in enumerate(procedure.steps, start=1):
        name, contacts = step_handler(scheme, step, language)
        steps.append(
            StepView(
                number=number,
                step=step,
                handler=name,
                contacts=contacts,
                facts=_step_facts(procedure, step, name, language),
            )
        )

    terms = [
        sentence
        for step, kind, spec in procedure.all_terms()
        if step is None
        for sentence in term_sentences(kind, spec, procedure=procedure)
    ]
    if procedure.event_age_limit is not None:
        terms.append(
            _("You can complain about things that happened at most %(limit)s ago.")
            % {"limit": duration_words(procedure.event_age_limit)}
        )
    if procedure.free_of_charge:
        terms.append(_("Making a complaint costs you nothing."))

    return ProcedureView(
        procedure=procedure,
        permissions=permissions,
        support=support,
        steps=steps,
        terms=terms,
        documents=[_document(procedure, doc, language) for doc in procedure.all_documents()],
        informed=_informed(procedure, language),
        outside=[outside_block(scheme, item, language) for item in procedure.outside_bodies],
    )


def _step_facts(procedure: Procedure, step: Step, handler_name: str, language: str) -> list[str]:
    facts = []
    if step.optional:
        facts.append(_("You may skip this step."))
    if step.direct_entry:
        facts.append(_("You may also start with this step straight away."))
        if step.direct_entry_when:
            facts.append(step.direct_entry_when.get(language))
    if step.written:
        facts.append(
            _("At this step your complaint is put in writing. That makes it a formal complaint.")
        )
    if step.receives_written:
        facts.append(
            _(
                "You may also send your complaint in writing to this step. It is then a formal "
                "complaint, and the terms of the law run from the day it arrives."
            )
        )
    if step.channels:
        facts.append(
            _("How: %(channels)s.")
            % {
                "channels": ", ".join(
                    str(ChannelChoices(channel.value).label) for channel in step.channels
                )
            }
        )
    for kind, spec in step.terms.items():
        facts += term_sentences(kind, spec, who=handler_name, procedure=procedure)
    if step.companions:
        facts.append(step.companions.get(language))
    return facts


def _document(procedure: Procedure, document: DocumentSpec, language: str) -> str:
    text = document_label(procedure, document.kind)
    if document.note:
        text += " " + document.note.get(language)
    if document.signatures is not None:
        signers = ", ".join(str(PARTY_PHRASES[party]) for party in document.signatures.by)
        if document.signatures.when is SignatureMoment.WHEN_RESOLVED:
            text += " " + _(
                "If the complaint is resolved to your satisfaction, it is signed by: %(signers)s."
            ) % {"signers": signers}
        else:
            text += " " + _("It is signed by: %(signers)s.") % {"signers": signers}
    return text


def _informed(procedure: Procedure, language: str) -> list[str]:
    informs = list(procedure.inform) + [item for step in procedure.steps for item in step.inform]
    texts = []
    for item in informs:
        if item.note:
            texts.append(item.note.get(language))
        elif Event.FORMAL_COMPLAINT in item.of:
            texts.append(
                _("%(who)s is told of every formal complaint.")
                % {"who": capfirst(str(ROLE_PHRASES[item.who]))}
            )
        else:
            texts.append(
                _("%(who)s is kept informed.") % {"who": capfirst(str(ROLE_PHRASES[item.who]))}
            )
    return texts


def outside_block(scheme: Scheme, item: OutsideBody, language: str) -> ContactBlock:
    body = scheme.body(item.body)
    when = item.when.get(language)
    if item.instead_of_procedure:
        when += " " + _("You do not have to follow the steps above first.")
    return ContactBlock(
        title=body.name.get(language),
        contacts=list(body.contact),
        about=body.about.get(language) if body.about else "",
        when=when,
    )
