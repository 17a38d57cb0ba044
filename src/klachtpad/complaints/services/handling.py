"""Handling a complaint: acknowledging it, contact and meetings, steps and referrals."""

from __future__ import annotations

from datetime import date, datetime

from klachtpad.complaints.models import Complaint, Meeting, Referral
from klachtpad.complaints.services.intake import (
    referral_create,
    require_filled,
    step_enter,
)
from klachtpad.complaints.services.terms import terms_meet, terms_start
from klachtpad.complaints.services.transition import (
    Actor,
    Transition,
    TransitionRefused,
    complaint_transition,
)
from klachtpad.domain.messages import Message, gettext_noop
from klachtpad.domain.schemes.model import Body
from klachtpad.domain.schemes.vocabulary import DocumentKind, Event, StepOutcome
from klachtpad.domain.workflow import (
    MEETS,
    Action,
    State,
    check_late_referral,
    check_step_move,
    referral_targets,
    step_moves,
)


def complaint_acknowledge(
    complaint: Complaint,
    *,
    actor: Actor,
    on: date | None = None,
    expected_version: int | None = None,
) -> Complaint:
    """Confirm receipt to the complainant in writing."""

    def apply(change: Transition) -> None:
        day = change.day(on)
        if change.complaint.acknowledged_on is not None:
            raise TransitionRefused(
                Message(
                    gettext_noop("Receipt was already acknowledged on %(date)s."),
                    {"date": change.complaint.acknowledged_on},
                )
            )
        change.set(acknowledged_on=day)
        change.record(acknowledged_on=day)
        terms_meet(change, MEETS[Action.ACKNOWLEDGE], on=day)
        change.tell(None, documents=(DocumentKind.ACKNOWLEDGEMENT,))

    return complaint_transition(
        complaint,
        action=Action.ACKNOWLEDGE,
        actor=actor,
        apply=apply,
        expected_version=expected_version,
    )


def complaint_contact_record(
    complaint: Complaint,
    *,
    actor: Actor,
    on: date | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> Complaint:
    """The handler (or the outside body) has been in touch with the complainant."""

    def apply(change: Transition) -> None:
        day = change.day(on)
        change.record(contacted_on=day)
        terms_meet(change, MEETS[Action.RECORD_CONTACT], on=day)

    return complaint_transition(
        complaint,
        action=Action.RECORD_CONTACT,
        actor=actor,
        apply=apply,
        reason=note,
        expected_version=expected_version,
    )


def complaint_meeting_plan(
    complaint: Complaint,
    *,
    actor: Actor,
    planned_for: datetime,
    place: str = "",
    participants: str = "",
    expected_version: int | None = None,
) -> Complaint:
    """Plan a meeting with the complainant; planning it is the first contact."""

    def apply(change: Transition) -> None:
        if planned_for < change.now:
            raise TransitionRefused(
                Message(
                    gettext_noop(
                        "A meeting is planned in the future; record a past meeting instead."
                    )
                )
            )
        meeting = Meeting.objects.create(
            complaint=change.complaint,
            step=change.complaint.step,
            planned_for=planned_for,
            place=place,
            participants=participants,
        )
        change.record(meeting=meeting.pk, planned_for=planned_for.isoformat(), place=place)
        terms_meet(change, MEETS[Action.PLAN_MEETING], on=change.today)
        change.tell(None, documents=(DocumentKind.MEETING_INVITATION,))

    return complaint_transition(
        complaint,
        action=Action.PLAN_MEETING,
        actor=actor,
        apply=apply,
        expected_version=expected_version,
    )


def complaint_meeting_record(
    complaint: Complaint,
    *,
    actor: Actor,
    held_on: date,
    participants: str,
    summary: str,
    companions: str = "",
    agreements: str = "",
    meeting: Meeting | None = None,
    expected_version: int | None = None,
) -> Complaint:
    """Record a meeting that took place: a planned one, or one held without planning."""

    def apply(change: Transition) -> None:
        change.day(held_on)
        require_filled(participants=participants, meeting_summary=summary)
        if meeting is not None and meeting.complaint_id != change.complaint.pk:
            raise TransitionRefused(
                Message(gettext_noop("This meeting belongs to another complaint."))
            )
        record = meeting or Meeting(complaint=change.complaint, step=change.complaint.step)
        if record.held_on is not None:
            raise TransitionRefused(
                Message(
                    gettext_noop("This meeting was already recorded as held on %(date)s."),
                    {"date": record.held_on},
                )
            )
        record.held_on = held_on
        record.participants = participants
        record.companions = companions
        record.summary = summary
        record.agreements = agreements
        record.save()
        change.record(
            meeting=record.pk, held_on=held_on, participants=participants, companions=companions
        )
        terms_meet(change, MEETS[Action.RECORD_MEETING], on=held_on)
        terms_start(change)  # a term may run from the meeting (a report after a hearing)

    return complaint_transition(
        complaint,
        action=Action.RECORD_MEETING,
        actor=actor,
        apply=apply,
        expected_version=expected_version,
    )


def complaint_step_move(
    complaint: Complaint,
    *,
    actor: Actor,
    to_step: str,
    outcome: StepOutcome = StepOutcome.NOT_RESOLVED,
    reason: str = "",
    expected_version: int | None = None,
) -> Complaint:
    """Move to the next step, or jump to a step the scheme allows directly."""

    def apply(change: Transition) -> None:
        procedure = change.procedure
        current = change.complaint.step
        change.refuse_if(
            check_step_move(
                procedure,
                current=current,
                target=to_step,
                handling=change.handling,
            )
        )
        body = procedure.step(to_step).handler.body
        if body is not None:
            raise TransitionRefused(
                Message(
                    gettext_noop(
                        "%(body)s is an outside body. Refer the complaint to it and record "
                        "what was handed over."
                    ),
                    {"body": change.scheme.body(body).name},
                )
            )
        change.record(outcome=outcome.value)
        step_enter(change, to_step, change.today)
        change.tell(Event.STEP_CHANGED, steps=(current, to_step))

    return complaint_transition(
        complaint,
        action=Action.MOVE_STEP,
        actor=actor,
        apply=apply,
        reason=reason,
        expected_version=expected_version,
    )


def complaint_refer(
    complaint: Complaint,
    *,
    actor: Actor,
    body: str,
    handed_over: str,
    referred_on: date | None = None,
    expected_version: int | None = None,
) -> Complaint:
    """Hand the complaint to an outside body: a step the body handles, or another body
    of the scheme (a confidant, the disputes body). Records what was handed over."""

    def apply(change: Transition) -> None:
        day = change.day(referred_on)
        require_filled(handed_over=handed_over)
        try:
            spec = change.scheme.body(body)
        except KeyError:
            raise TransitionRefused(
                Message(gettext_noop("The scheme names no body %(body)s."), {"body": body})
            ) from None
        complaint = change.complaint
        if complaint.referrals.filter(body=body, returned_on__isnull=True).exists():
            raise TransitionRefused(
                Message(gettext_noop("%(body)s has the file already."), {"body": spec.name})
            )
        if complaint.state == State.CLOSED.value:
            _refer_closed(change, spec, day, handed_over)
            return
        current = complaint.step
        step_id = _body_step(change, body)
        if step_id:
            step_enter(change, step_id, day, handed_over=handed_over)
            change.tell(
                Event.STEP_CHANGED, steps=(current, step_id), documents=(DocumentKind.REFERRAL,)
            )
        else:
            referral_create(change, body=spec.id, on=day, handed_over=handed_over)
            change.tell(None, documents=(DocumentKind.REFERRAL,))

    return complaint_transition(
        complaint,
        action=Action.REFER,
        actor=actor,
        apply=apply,
        reason=handed_over,
        expected_version=expected_version,
    )


def _refer_closed(change: Transition, spec: Body, day: date, handed_over: str) -> None:
    """After closure the complaint goes to an outside body as it is, in its window."""
    complaint = change.complaint
    if spec.id not in referral_targets(change.procedure, complaint.step, closed=True):
        raise TransitionRefused(
            Message(
                gettext_noop(
                    "A closed complaint can go only to a body the procedure names "
                    "for afterwards, such as the disputes body."
                )
            )
        )
    change.refuse_if(
        check_late_referral(
            spec,
            received_on=complaint.received_on,
            decided_on=complaint.decided_on,
            closed_on=complaint.closed_on,
            on=day,
        )
    )
    referral_create(change, body=spec.id, on=day, handed_over=handed_over)
    change.tell(None, documents=(DocumentKind.REFERRAL,))


def _body_step(change: Transition, body: str) -> str:
    """The step the body handles that the complaint moves to, or "" where the body gets
    the file without a step (or has it already at this one)."""
    procedure, complaint = change.procedure, change.complaint
    current = complaint.step
    body_steps = [step for step in procedure.steps if step.handler.body == body]
    moving = complaint.state != State.REFERRED.value  # no step moves while a body has it
    if not (moving and body_steps and procedure.step(current).handler.body != body):
        return ""
    reachable = [step for step in step_moves(procedure, current) if step in body_steps]
    target = (reachable or body_steps)[0]
    change.refuse_if(
        check_step_move(procedure, current=current, target=target.id, handling=change.handling)
    )
    return target.id


def open_referral(complaint: Complaint, body: str = "") -> Referral | None:
    """The referral still open (to ``body``, else the latest of those open)."""
    referrals = complaint.referrals.filter(returned_on__isnull=True)
    if body:
        referrals = referrals.filter(body=body)
    return referrals.order_by("-referred_on", "-id").first()


def referrals_still_open(change: Transition) -> None:
    """A complaint another body still has stays with that body."""
    complaint = change.complaint
    if complaint.state != State.CLOSED.value and open_referral(complaint) is not None:
        change.set(state=State.REFERRED.value)


def complaint_referral_outcome(
    complaint: Complaint,
    *,
    actor: Actor,
    outcome: StepOutcome,
    summary: str,
    returned_on: date | None = None,
    body: str = "",
    expected_version: int | None = None,
) -> Complaint:
    """The outside body (``body``, else the latest referred to) reports back: mediation
    succeeded or not; handling resumes here unless another body still has the file.

    A judgement of the body is recorded with ``complaint_judgement_record`` instead.
    """

    def apply(change: Transition) -> None:
        day = change.day(returned_on)
        require_filled(outcome=summary)
        referral = open_referral(change.complaint, body)
        if referral is None:
            raise TransitionRefused(Message(gettext_noop("There is no open referral.")))
        if day < referral.referred_on:
            raise TransitionRefused(
                Message(
                    gettext_noop("The outcome cannot come before the referral of %(date)s."),
                    {"date": referral.referred_on},
                )
            )
        referral.returned_on = day
        referral.outcome = outcome.value
        referral.outcome_summary = summary.strip()
        referral.save(update_fields=["returned_on", "outcome", "outcome_summary"])
        change.record(body=referral.body, outcome=outcome.value, returned_on=day)
        terms_meet(change, MEETS[Action.RECORD_REFERRAL_OUTCOME], on=day)
        referrals_still_open(change)

    return complaint_transition(
        complaint,
        action=Action.RECORD_REFERRAL_OUTCOME,
        actor=actor,
        apply=apply,
        reason=summary,
        expected_version=expected_version,
    )
