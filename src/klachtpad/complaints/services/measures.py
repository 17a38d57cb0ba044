"""Measures of a judgement carried out: Wkkgz art. 17(1)(c) promises measures with the
term within which they are realised; this records that they were, and tells those the
scheme names (a ``measure_notice`` document to the complainant, an ``inform`` of
``measure_realised``). Reminders before and after the date are the reminder round's."""

from __future__ import annotations

from datetime import date

from klachtpad.complaints.models import Complaint, Measure
from klachtpad.complaints.services.intake import require_filled
from klachtpad.complaints.services.transition import (
    Actor,
    Transition,
    TransitionRefused,
    complaint_transition,
)
from klachtpad.domain.messages import Message, gettext_noop
from klachtpad.domain.schemes.vocabulary import Event
from klachtpad.domain.workflow import Action


def measures_open(complaint: Complaint) -> list[Measure]:
    """The measures of the complaint's judgements not yet realised, the first due first
    (read with the judgements, where the caller has read those already)."""
    waiting = [
        measure
        for judgement in complaint.judgements.all()
        for measure in judgement.measures.all()
        if measure.realised_on is None
    ]
    return sorted(waiting, key=lambda measure: (measure.due_on, measure.pk))


def complaint_measure_realise(
    complaint: Complaint,
    *,
    actor: Actor,
    measure_id: int,
    note: str,
    realised_on: date | None = None,
    expected_version: int | None = None,
) -> Complaint:
    """Record that the measure ``measure_id`` was realised, on which day and what was done."""
    require_filled(measure_note=note)

    def apply(change: Transition) -> None:
        day = change.day(realised_on)
        row = (
            Measure.objects.select_related("judgement")
            .filter(pk=measure_id, judgement__complaint=change.complaint)
            .first()
        )
        if row is None:
            raise TransitionRefused(Message(gettext_noop("This measure is not in this file.")))
        if row.realised_on is not None:
            raise TransitionRefused(
                Message(
                    gettext_noop("This measure was already realised on %(date)s."),
                    {"date": row.realised_on},
                )
            )
        if day < row.judgement.given_on:
            raise TransitionRefused(
                Message(
                    gettext_noop("A measure cannot be realised before the judgement of %(date)s."),
                    {"date": row.judgement.given_on},
                )
            )
        row.realised_on = day
        row.realised_note = note.strip()
        row.save(update_fields=["realised_on", "realised_note"])
        change.record(
            measure=row.description,
            realised_on=day,
            due_on=row.due_on,
            in_time=day <= row.due_on,
        )
        change.tell(Event.MEASURE_REALISED)

    return complaint_transition(
        complaint,
        action=Action.REALISE_MEASURE,
        actor=actor,
        apply=apply,
        reason=note.strip(),
        expected_version=expected_version,
    )
