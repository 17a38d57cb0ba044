"""Clients, and complaints coming in: a concern, a formal complaint, a concern made formal,
and the details, categories, employees and attachments of the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from datetime import date

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from klachtpad.complaints.models import (
    Client,
    ClientContact,
    Complaint,
    EmployeeConcerned,
    Referral,
)
from klachtpad.complaints.services.attachments import (
    attachment_check,
    attachment_store,
    attachments_room,
)
from klachtpad.complaints.services.files import files_undone_on_failure
from klachtpad.complaints.services.terms import terms_start, terms_stop
from klachtpad.complaints.services.transition import (
    Actor,
    Transition,
    TransitionRefused,
    append_history,
    complaint_transition,
    context_for,
    next_reference,
    refuse_future,
)
from klachtpad.domain.deadlines import EventAgeFlag, check_event_age
from klachtpad.domain.intake import IntakeFacts, check_intake
from klachtpad.domain.messages import Message, gettext_noop
from klachtpad.domain.schemes.vocabulary import Channel, Condition, Event, Handling, Relation
from klachtpad.domain.workflow import Action, State, formal_target
from klachtpad.organisations.models import Category, Organisation, Procedure

_MISSING: dict[str, str] = {
    "summary": gettext_noop("Give the complaint a short summary."),
    "measure_note": gettext_noop("Write what was done to realise the measure."),
    "person": gettext_noop("Fill in who is contacted."),
    "consent_by": gettext_noop("Fill in who gave the consent."),
    "description": gettext_noop("Describe what happened."),
    "complainant": gettext_noop("Fill in the complainant's name."),
    "client_number": gettext_noop("Fill in the client number."),
    "name": gettext_noop("Fill in the name."),
    "participants": gettext_noop("Fill in who took part."),
    "handed_over": gettext_noop("Describe what was handed over."),
    "reasons": gettext_noop("Give the reasons for the judgement."),
    "measure": gettext_noop("Describe each measure."),
    "owner": gettext_noop("Fill in who realises each measure."),
    "motivation": gettext_noop("Give the motivation; the complainant receives it."),
    "reason": gettext_noop("Give the reason."),
    "meeting_summary": gettext_noop("Summarise the meeting."),
    "session_minutes": gettext_noop("Write the minutes of the session."),
    "outcome": gettext_noop("Describe the outcome."),
    "note": gettext_noop("Write the note."),
    "summary_shared": gettext_noop("Write what the colleague may read."),
}


def require_filled(**values: str) -> None:
    """Refuse with one message per empty field (names are keys of ``_MISSING``)."""
    missing = [name for name, value in values.items() if not value.strip()]
    if missing:
        raise TransitionRefused(*(Message(_MISSING[name]) for name in missing))


@dataclass(frozen=True)
class Complainant:
    name: str
    relation: Relation | str  # a built-in relation, or one of the scheme's own
    contact: ClientContact | None = None  # the registered contact person who complains
    email: str = ""
    phone: str = ""
    address: str = ""
    client_name: str = ""  # whom the complaint is about, as the complainant names them
    # What the complainant says of themselves on the public form (a registered contact,
    # a client who has died); staff check it in the client's file.
    declared: frozenset[Condition | str] = frozenset()
    language: str = "nl"  # the language letters and mail to the complainant are written in
    # Wkkgz art. 14(2): the complaint is about the provider's refusal to accept them as
    # the client's representative.
    refused_as_representative: bool = False


def same_name(one: str, other: str) -> bool:
    """Whether two names as people type them are the same (spacing and case aside)."""
    return " ".join(one.split()).casefold() == " ".join(other.split()).casefold()


def _checked_in_file(complainant: Complainant, client: Client | None) -> Complainant:
    """What staff declare for a complainant, checked against the client's file.

    The public form takes the complainant's word (staff check it later); staff who
    record a complaint have the file before them, so it must back what they tick.
    """
    if not complainant.declared:
        return complainant
    if client is None:
        raise TransitionRefused(
            Message(gettext_noop("Fill in the client number, so the client's file can be checked."))
        )
    contact = complainant.contact
    if Condition.REGISTERED_CONTACT in complainant.declared and contact is None:
        contact = next(
            (
                row
                for row in client.contacts.filter(relation=str(complainant.relation))
                if same_name(row.name, complainant.name)
            ),
            None,
        )
        if contact is None:
            raise TransitionRefused(
                Message(
                    gettext_noop(
                        "%(name)s is not registered as contact person in the file of "
                        "%(client)s. Register them on the client's page first."
                    ),
                    {"name": complainant.name, "client": client.name},
                )
            )
    if Condition.CLIENT_DECEASED in complainant.declared and client.deceased_on is None:
        raise TransitionRefused(
            Message(
                gettext_noop(
                    "The file of %(client)s has no date of death. Record it on the client's "
                    "page first."
                ),
                {"client": client.name},
            )
        )
    return replace(complainant, contact=contact, declared=frozenset())


@dataclass(frozen=True)
class Details:
    """What the complaint is about; every field may be changed later (``complaint_amend``)."""

    summary: str
    description: str
    event_date: date | None = None
    location: str = ""
    care_type: str = ""
    desired_outcome: str = ""
    already_tried: str = ""
    support_name: str = ""
    support_kind: str = ""
    member: str = ""  # the member provider's id, under an umbrella scheme


@dataclass(frozen=True)
class Employee:
    name: str
    job_title: str = ""
    user: User | None = None  # their staff account, when it is known


def complaint_register(
    *,
    procedure: Procedure,
    actor: Actor,
    channel: Channel,
    handling: Handling,
    complainant: Complainant,
    details: Details,
    client: Client | None = None,
    received_on: date | None = None,
    step: str | None = None,
    filled_in_together: bool = False,
    categories: Iterable[Category] = (),
    employees: Iterable[Employee] = (),
    attachments: Iterable[UploadedFile] = (),
) -> Complaint:
    """Register a concern (often oral, recorded by staff) or a formal written complaint;
    its day of receipt starts the legal term. The rules of intake are ``domain.intake``'s;
    here they meet the client's file and the organisation's rows."""
    received_on = received_on or timezone.localdate()
    refuse_future(received_on, today=timezone.localdate())
    require_filled(
        summary=details.summary, description=details.description, complainant=complainant.name
    )
    _check_tenant(procedure.organisation, client, complainant, categories := list(categories))
    if actor.user is not None and not actor.complainant:
        complainant = _checked_in_file(complainant, client)
    entry_step = _intake_step(
        procedure,
        complainant,
        client,
        handling=handling,
        channel=channel,
        step=step,
        filled_in_together=filled_in_together,
        member=details.member,
    )
    files = _files_checked(attachments)
    limit = procedure.spec().event_age_limit
    flag = check_event_age(event_date=details.event_date, received_on=received_on, limit=limit)
    # All or nothing; inside a caller's transaction (the public form's submission) without
    # a savepoint of its own: a failure here undoes the caller's work too.
    with files_undone_on_failure(), transaction.atomic(savepoint=False):
        complaint = _complaint_new(
            procedure,
            actor=actor,
            channel=channel,
            handling=handling,
            complainant=complainant,
            details=details,
            client=client,
            received_on=received_on,
            step=entry_step,
            filled_in_together=filled_in_together,
            older_than_limit=flag is not None,
        )
        _registered(complaint, actor, complainant, files, flag, categories, employees)
    return complaint


def _intake_step(
    procedure: Procedure,
    complainant: Complainant,
    client: Client | None,
    *,
    handling: Handling,
    channel: Channel,
    step: str | None,
    filled_in_together: bool,
    member: str,
) -> str:
    """The step the complaint enters at, if ``domain.intake`` lets it be registered."""
    facts = IntakeFacts(
        handling=handling,
        channel=channel,
        relation=str(complainant.relation),
        filled_in_together=filled_in_together,
        registered_contact=complainant.contact is not None
        or Condition.REGISTERED_CONTACT in complainant.declared,
        client_deceased=bool(client and client.deceased_on)
        or Condition.CLIENT_DECEASED in complainant.declared,
        declared=frozenset(str(condition) for condition in complainant.declared),
        refused_as_representative=complainant.refused_as_representative,
        step=step,
        member=member,
        members=frozenset(m.id for m in procedure.spec_scheme().organisation.members),
    )
    decision = check_intake(procedure.spec(), facts)
    if decision.refusal is not None:
        raise TransitionRefused(decision.refusal)
    return decision.step


def _files_checked(attachments: Iterable[UploadedFile]) -> list[tuple[UploadedFile, str]]:
    """The files, each checked (size, kind) before anything is written."""
    uploads = list(attachments)
    attachments_room(None, len(uploads))
    return [(upload, attachment_check(upload)) for upload in uploads]


def _check_tenant(
    organisation: Organisation,
    client: Client | None,
    complainant: Complainant,
    categories: list[Category],
) -> None:
    """The client, the contact person and the categories are the organisation's own."""
    if client is not None and client.organisation_id != organisation.pk:
        raise TransitionRefused(
            Message(gettext_noop("This client belongs to another organisation."))
        )
    if complainant.contact is not None and (
        client is None or complainant.contact.client_id != client.pk
    ):
        raise TransitionRefused(
            Message(gettext_noop("This contact person is not registered in this client's file."))
        )
    if any(category.organisation_id != organisation.pk for category in categories):
        raise TransitionRefused(
            Message(gettext_noop("A category belongs to another organisation."))
        )


def _complaint_new(
    procedure: Procedure,
    *,
    actor: Actor,
    channel: Channel,
    handling: Handling,
    complainant: Complainant,
    details: Details,
    client: Client | None,
    received_on: date,
    step: str,
    filled_in_together: bool,
    older_than_limit: bool,
) -> Complaint:
    """The complaint row, with its reference."""
    complaint = Complaint(
        organisation=procedure.organisation,
        procedure=procedure,
        handling=handling.value,
        state=State.OPEN.value,
        step=step,
        step_entered_on=received_on,
        channel=channel.value,
        received_on=received_on,
        formal_received_on=received_on if handling is Handling.FORMAL else None,
        filled_in_together=filled_in_together,
        client=client,
        complainant_name=complainant.name.strip(),
        complainant_relation=str(complainant.relation),
        complainant_contact=complainant.contact,
        complainant_email=complainant.email,
        complainant_phone=complainant.phone,
        complainant_address=complainant.address,
        client_name=complainant.client_name.strip(),
        language=complainant.language,
        recorded_by=actor.user,
        events_older_than_limit=older_than_limit,
        **{f.name: getattr(details, f.name) for f in fields(details)},
    )
    complaint.reference = next_reference(complaint, received_on.year)
    complaint.save()
    return complaint


def _registered(
    complaint: Complaint,
    actor: Actor,
    complainant: Complainant,
    files: list[tuple[UploadedFile, str]],
    flag: EventAgeFlag | None,
    categories: list[Category],
    employees: Iterable[Employee],
) -> None:
    """The complaint's categories, employees concerned and files; the registration in the
    history, its terms started and those it concerns told."""
    if categories:
        complaint.categories.add(*categories)
    concerned = [
        EmployeeConcerned(complaint=complaint, name=e.name, job_title=e.job_title, user=e.user)
        for e in employees
    ]
    if concerned:
        EmployeeConcerned.objects.bulk_create(concerned)
    change = context_for(complaint, Action.REGISTER, actor, new=True)
    change.record(
        handling=complaint.handling,
        channel=complaint.channel,
        received_on=complaint.received_on,
        relation=complaint.complainant_relation,
        step=complaint.step,
    )
    if flag is not None:
        change.record(event_age=flag.message.render(), oldest_allowed=flag.oldest_allowed)
    if complainant.declared:
        change.record(declared=sorted(str(condition) for condition in complainant.declared))
    if complainant.refused_as_representative:
        change.record(about_representative_refusal=True)
    if files:
        change.record(attachments=[attachment_store(change, *file).name for file in files])
    step_enter(change, complaint.step, complaint.received_on)
    change.next_term_end_keep()
    if change.fields:
        complaint.save(update_fields=sorted(change.fields))
    formal = complaint.handling == Handling.FORMAL
    change.tell(Event.FORMAL_COMPLAINT if formal else Event.CONCERN_RECORDED)
    append_history(change, reason="")


def step_enter(change: Transition, step_id: str, on: date, *, handed_over: str = "") -> None:
    """Move to ``step_id``: the terms of the step left stop, those of the new step start.

    A step an outside body handles is entered by referral: the complaint is with the
    body until its outcome or judgement is recorded.
    """
    previous = change.complaint.step
    if previous != step_id:
        terms_stop(change, reason="moved to another step", step=previous)
        change.set(step=step_id, step_entered_on=on)
        change.record(from_step=previous, to_step=step_id)
    body = change.procedure.step(step_id).handler.body
    if body is not None:
        referral_create(change, body=body, on=on, handed_over=handed_over)
    terms_start(change)


def referral_create(change: Transition, *, body: str, on: date, handed_over: str) -> None:
    """The complaint goes to an outside body; blank ``handed_over``: made to it directly."""
    Referral.objects.create(
        complaint=change.complaint,
        body=body,
        body_name=change.scheme.body(body).name.nl,
        step=change.complaint.step,
        referred_on=on,
        handed_over=handed_over.strip(),
    )
    if change.complaint.state != State.CLOSED.value:  # a closed complaint stays closed
        change.set(state=State.REFERRED.value)
    if change.complaint.referred_on is None:
        change.set(referred_on=on)
    change.record(body=body, referred_on=on)


def complaint_make_formal(
    complaint: Complaint,
    *,
    actor: Actor,
    received_on: date | None = None,
    filled_in_together: bool = True,
    step: str | None = None,
    expected_version: int | None = None,
) -> Complaint:
    """The complainant wants the concern handled as a formal complaint.

    The form filled in (together with staff, or by the complainant) is the written
    complaint: its day of receipt starts the legal term. The complaint moves to the
    first formal step unless it is at one already.
    """

    def apply(change: Transition) -> None:
        on = change.day(received_on)
        if on < complaint.received_on:
            raise TransitionRefused(
                Message(
                    gettext_noop(
                        "The formal complaint cannot be received before the concern (%(date)s)."
                    ),
                    {"date": complaint.received_on},
                )
            )
        procedure = change.procedure
        target = procedure.step(step) if step else formal_target(procedure, change.complaint.step)
        if target is None:
            raise TransitionRefused(
                Message(
                    gettext_noop(
                        "This procedure has no step after this one that handles formal complaints."
                    )
                )
            )
        change.set(
            handling=Handling.FORMAL.value,
            formal_received_on=on,
            filled_in_together=filled_in_together,
        )
        change.record(formal_received_on=on, filled_in_together=filled_in_together)
        current = change.complaint.step
        step_enter(change, target.id, on)
        if target.id != current:
            change.tell(Event.STEP_CHANGED, steps=(current, target.id))
        change.tell(Event.FORMAL_COMPLAINT)

    return complaint_transition(
        complaint,
        action=Action.MAKE_FORMAL,
        actor=actor,
        apply=apply,
        expected_version=expected_version,
    )


AMENDABLE = frozenset(f.name for f in fields(Details))


def complaint_amend(
    complaint: Complaint,
    *,
    actor: Actor,
    changes: dict[str, object],
    categories: Iterable[Category] | None = None,
    add_employees: Iterable[Employee] = (),
    reason: str = "",
    expected_version: int | None = None,
) -> Complaint:
    """Change what the complaint is about, its categories or the employees concerned."""

    def apply(change: Transition) -> None:
        unknown = set(changes) - AMENDABLE
        if unknown:
            raise ValueError(f"not amendable: {sorted(unknown)}")
        if "summary" in changes or "description" in changes:
            require_filled(
                summary=str(changes.get("summary", complaint.summary)),
                description=str(changes.get("description", complaint.description)),
            )
        before = {name: getattr(change.complaint, name) for name in changes}
        changed = {name: value for name, value in changes.items() if before[name] != value}
        change.set(**changed)
        if changed:
            change.record(changed=sorted(changed))
        if categories is not None:
            chosen = list(categories)
            if any(c.organisation_id != change.complaint.organisation_id for c in chosen):
                raise TransitionRefused(
                    Message(gettext_noop("A category belongs to another organisation."))
                )
            change.complaint.categories.set(chosen)
            change.record(categories=sorted(c.code for c in chosen))
        added = [
            EmployeeConcerned.objects.create(
                complaint=change.complaint, name=e.name, job_title=e.job_title
            )
            for e in add_employees
        ]
        if added:
            change.record(employees_added=[e.name for e in added])

    return complaint_transition(
        complaint,
        action=Action.AMEND,
        actor=actor,
        apply=apply,
        reason=reason,
        expected_version=expected_version,
    )
