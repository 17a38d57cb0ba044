"""How a complaint ends: declined, closed (after the judgement, ``judgements``, or as
resolved), withdrawn; reopened; and the complainant's satisfaction with the handling."""

from __future__ import annotations

from datetime import date

from klachtpad.complaints.models import Complaint
from klachtpad.complaints.services.intake import require_filled, step_enter
from klachtpad.complaints.services.judgements import judgement_required, signatures_missing
from klachtpad.complaints.services.terms import running, terms_meet, terms_stop
from klachtpad.complaints.services.transition import (
    Actor,
    Transition,
    TransitionRefused,
    complaint_transition,
)
from klachtpad.domain.messages import Message, gettext_noop
from klachtpad.domain.schemes.vocabulary import Event, Handling, TermKind
from klachtpad.domain.workflow import (
    MEETS,
    Action,
    Closure,
    State,
    check_action,
    check_own_withdrawal,
)

SATISFACTION_SCALE = range(1, 6)  # 1 very dissatisfied ... 5 very satisfied


def complaint_decline(
    complaint: Complaint,
    *,
    actor: Actor,
    motivation: str,
    on: date | None = None,
    expected_version: int | None = None,
) -> Complaint:
    """Do not take the complaint into handling (niet in behandeling nemen), with a
    motivation, within the decision term."""

    def apply(change: Transition) -> None:
        day = change.day(on)
        require_filled(motivation=motivation)
        term = running(change.complaint, [TermKind.DECISION]).order_by("end_on").first()
        if term is not None and day > term.end_on:
            raise TransitionRefused(
                Message(
                    gettext_noop(
                        "The term ended on %(end)s. A complaint can be declined only within "
                        "the term; record a late decision with an explanation instead."
                    ),
                    {"end": term.end_on},
                )
            )
        terms_meet(change, MEETS[Action.DECLINE], on=day)
        terms_stop(change, reason="declined")
        change.set(
            declined_reason=motivation.strip(), closure=Closure.DECLINED.value, closed_on=day
        )
        change.record(declined_on=day)
        change.tell(Event.DECLINED)
        change.tell(Event.CLOSED, to_complainant=False)

    return complaint_transition(
        complaint,
        action=Action.DECLINE,
        actor=actor,
        apply=apply,
        reason=motivation,
        expected_version=expected_version,
    )


def complaint_close(
    complaint: Complaint,
    *,
    actor: Actor,
    on: date | None = None,
    late_explanation: str = "",
    reason: str = "",
    expected_version: int | None = None,
) -> Complaint:
    """Close after a judgement, or as resolved with the complainant.

    Closing a formal complaint as resolved is its written answer, so it meets the
    decision term; the terms still running stop.
    """

    def apply(change: Transition) -> None:
        day = change.day(on)
        if change.complaint.state == State.DECIDED:
            closure = Closure.JUDGED
            missing = signatures_missing(change.procedure, judgement_required(change.complaint))
            if missing:
                raise TransitionRefused(
                    Message(
                        gettext_noop("The judgement still needs the signature of: %(parties)s."),
                        {"parties": ", ".join(party.replace("_", " ") for party in missing)},
                    )
                )
        else:
            closure = Closure.RESOLVED
        terms_meet(change, MEETS[Action.CLOSE], on=day, explanation=late_explanation)
        terms_stop(change, reason="closed")
        change.set(closure=closure.value, closed_on=day)
        change.record(closure=closure.value, closed_on=day)
        if closure is Closure.RESOLVED:
            change.tell(Event.RESOLVED)
        change.tell(Event.CLOSED)

    return complaint_transition(
        complaint,
        action=Action.CLOSE,
        actor=actor,
        apply=apply,
        reason=reason,
        expected_version=expected_version,
    )


def complaint_withdraw(
    complaint: Complaint,
    *,
    actor: Actor,
    requested_on: date | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> Complaint:
    """The complainant withdraws the complaint; its terms stop. From their own page
    only while it is being handled (``check_own_withdrawal``)."""

    def apply(change: Transition) -> None:
        if actor.complainant:
            change.refuse_if(check_own_withdrawal(State(change.complaint.state)))
        day = change.day(requested_on)
        terms_stop(change, reason="withdrawn")
        change.set(closure=Closure.WITHDRAWN.value, closed_on=day)
        change.record(requested_on=day)
        change.tell(Event.CLOSED)

    return complaint_transition(
        complaint,
        action=Action.WITHDRAW,
        actor=actor,
        apply=apply,
        reason=reason,
        expected_version=expected_version,
    )


def complaint_reopen(
    complaint: Complaint,
    *,
    actor: Actor,
    reason: str,
    step: str | None = None,
    expected_version: int | None = None,
) -> Complaint:
    """Reopen a closed complaint, for example after a ruling of a disputes body.

    Whether the earlier decision was in time stays as it was frozen.
    """

    def apply(change: Transition) -> None:
        require_filled(reason=reason)
        previous = change.complaint.closure
        change.set(closure="", closed_on=None)
        change.record(previous_closure=previous)
        if step and step != change.complaint.step:
            try:
                change.procedure.step(step)
            except KeyError:
                raise TransitionRefused(
                    Message(gettext_noop("This procedure has no step %(step)s."), {"step": step})
                ) from None
            current = change.complaint.step
            step_enter(change, step, change.today)
            change.tell(Event.STEP_CHANGED, steps=(current, step))

    return complaint_transition(
        complaint,
        action=Action.REOPEN,
        actor=actor,
        apply=apply,
        reason=reason,
        expected_version=expected_version,
    )


def satisfaction_askable(complaint: Complaint) -> bool:
    """Whether the satisfaction question can be answered now: once, after the handling,
    and not about a complaint the complainant stopped or that was not handled."""
    refusal = check_action(
        Action.RECORD_SATISFACTION,
        state=State(complaint.state),
        handling=Handling(complaint.handling),
    )
    not_handled = complaint.closure in (Closure.WITHDRAWN, Closure.DECLINED)
    return refusal is None and complaint.satisfaction is None and not not_handled


def complaint_satisfaction_record(
    complaint: Complaint,
    *,
    actor: Actor,
    score: int,
    remark: str = "",
    on: date | None = None,
    expected_version: int | None = None,
) -> Complaint:
    """How satisfied the complainant is with the handling, on a scale of 1 to 5."""

    def apply(change: Transition) -> None:
        day = change.day(on)
        if score not in SATISFACTION_SCALE:
            raise TransitionRefused(
                Message(
                    gettext_noop("Give a score from 1 (very dissatisfied) to 5 (very satisfied).")
                )
            )
        if change.complaint.satisfaction is not None:
            raise TransitionRefused(
                Message(
                    gettext_noop(
                        "The complainant's satisfaction was already recorded on %(date)s."
                    ),
                    {"date": change.complaint.satisfaction_recorded_on or day},
                )
            )
        change.set(
            satisfaction=score, satisfaction_remark=remark.strip(), satisfaction_recorded_on=day
        )
        change.record(score=score)
        if change.complaint.state == State.CLOSED:
            # The closing report was written before the answer: the scheme may want it again.
            change.tell(Event.SATISFACTION_RECORDED)

    return complaint_transition(
        complaint,
        action=Action.RECORD_SATISFACTION,
        actor=actor,
        apply=apply,
        reason=remark,
        expected_version=expected_version,
    )
