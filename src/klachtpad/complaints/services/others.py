"""Others involved in a complaint: the consent to contact them, and the contact itself.

A scheme may promise that others involved are contacted only with the consent of the
party concerned (``others_with_consent``, IederZijnWerk); a contact without a recorded
consent is then refused. Elsewhere the consent can still be recorded.
"""

from __future__ import annotations

from datetime import date

from klachtpad.complaints.models import Complaint, ConsentHowChoices, OtherInvolved
from klachtpad.complaints.services.intake import require_filled, same_name
from klachtpad.complaints.services.transition import (
    Actor,
    Transition,
    TransitionRefused,
    complaint_transition,
)
from klachtpad.domain.messages import Message, gettext_noop
from klachtpad.domain.workflow import Action


def _known(complaint: Complaint, name: str) -> OtherInvolved | None:
    return next((row for row in complaint.others.all() if same_name(row.name, name)), None)


def complaint_consent_record(
    complaint: Complaint,
    *,
    actor: Actor,
    person: str,
    consent_by: str,
    how: ConsentHowChoices,
    consent_on: date | None = None,
    expected_version: int | None = None,
) -> Complaint:
    """``consent_by`` agrees that ``person`` may be contacted about the complaint."""
    require_filled(person=person, consent_by=consent_by)

    def apply(change: Transition) -> None:
        day = change.day(consent_on)
        row = _known(change.complaint, person) or OtherInvolved(
            complaint=change.complaint, name=" ".join(person.split())
        )
        row.consent_by, row.consent_on, row.consent_how = consent_by.strip(), day, how.value
        row.save()
        change.record(person=row.name, consent_by=row.consent_by, consent_on=day, how=how.value)

    return complaint_transition(
        complaint,
        action=Action.RECORD_CONSENT,
        actor=actor,
        apply=apply,
        expected_version=expected_version,
    )


def complaint_other_contact(
    complaint: Complaint,
    *,
    actor: Actor,
    person: str,
    note: str = "",
    contacted_on: date | None = None,
    expected_version: int | None = None,
) -> Complaint:
    """``person``, someone else involved, was contacted about the complaint."""
    require_filled(person=person)

    def apply(change: Transition) -> None:
        day = change.day(contacted_on)
        row = _known(change.complaint, person)
        consented = row is not None and row.consent_on is not None
        if change.procedure.others_with_consent and not consented:
            raise TransitionRefused(
                Message(
                    gettext_noop(
                        "This scheme contacts others involved only with consent. Record who "
                        "agreed that %(person)s may be contacted first."
                    ),
                    {"person": person.strip()},
                )
            )
        if row is not None and row.consent_on is not None and day < row.consent_on:
            raise TransitionRefused(
                Message(
                    gettext_noop("The consent was given on %(date)s, after this contact."),
                    {"date": row.consent_on},
                )
            )
        row = row or OtherInvolved(complaint=change.complaint, name=" ".join(person.split()))
        row.contacted_on, row.note = day, note.strip()
        row.save()
        change.record(person=row.name, contacted_on=day)

    return complaint_transition(
        complaint,
        action=Action.CONTACT_OTHER,
        actor=actor,
        apply=apply,
        reason=note,
        expected_version=expected_version,
    )
