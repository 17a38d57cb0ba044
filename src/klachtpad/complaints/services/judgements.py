"""The written, reasoned judgement: the organisation's own decision with its measures,
the ruling of an outside body that has the file, the organisation's answer to a
committee's ruling, and the signatures the scheme asks for."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User

from klachtpad.complaints.models import Complaint, Judgement, Measure, Referral, Signature
from klachtpad.complaints.services.handling import open_referral, referrals_still_open
from klachtpad.complaints.services.intake import require_filled
from klachtpad.complaints.services.terms import terms_meet, terms_start
from klachtpad.complaints.services.transition import (
    Actor,
    Transition,
    TransitionRefused,
    complaint_transition,
)
from klachtpad.domain.judgements import JudgementContents, judgement_problems
from klachtpad.domain.messages import Message, gettext_noop
from klachtpad.domain.schemes.model import Procedure as ProcedureSpec
from klachtpad.domain.schemes.vocabulary import Event, StepOutcome, Verdict
from klachtpad.domain.workflow import (
    MEETS,
    Action,
    State,
    signatures_required,
)


@dataclass(frozen=True)
class MeasureInput:
    description: str
    owner: str
    due_on: date
    owner_user: User | None = None  # the colleague who is reminded of it


def _check_verdict(change: Transition, verdict: str) -> None:
    """A verdict is a built-in one or one of the scheme's own."""
    own = change.procedure.vocabulary.verdicts
    if verdict in Verdict.__members__.values() or any(word.id == verdict for word in own):
        return
    raise TransitionRefused(
        Message(gettext_noop("Choose one of the judgements this procedure knows."))
    )


def complaint_judgement_record(
    complaint: Complaint,
    *,
    actor: Actor,
    verdict: Verdict | str,
    reasons: str,
    decisions: str = "",
    recommendations: str = "",
    measures: Iterable[MeasureInput] = (),
    resolved: bool = False,
    given_on: date | None = None,
    given_by: str = "",
    late_explanation: str = "",
    no_measures_reason: str = "",
    body: str = "",
    expected_version: int | None = None,
) -> Complaint:
    """Record the written, reasoned judgement with its decisions and measures; with
    ``body``, the ruling of that body, which has the file (also after closure).

    What it must contain depends on the regime (``domain.judgements``): under the Wkkgz
    the decisions taken, and the measures with their dates or why there are none.

    At a step an outside body handles, the judgement is the body's and ends the referral.
    A judgement after the decision term needs ``late_explanation``.
    """
    draft = _Draft(
        verdict=str(verdict),
        reasons=reasons.strip(),
        decisions=decisions.strip(),
        recommendations=recommendations.strip(),
        measures=list(measures),
        resolved=resolved,
        given_on=given_on,
        given_by=given_by.strip(),
        late_explanation=late_explanation,
        no_measures_reason=no_measures_reason.strip(),
        body=body,
    )
    return complaint_transition(
        complaint,
        action=Action.RECORD_JUDGEMENT,
        actor=actor,
        apply=lambda change: _judgement_record(change, draft),
        expected_version=expected_version,
    )


@dataclass(frozen=True)
class _Draft:
    """A judgement as the person wrote it, before it is checked and recorded."""

    verdict: str
    reasons: str
    decisions: str
    recommendations: str
    measures: list[MeasureInput]
    resolved: bool
    given_on: date | None
    given_by: str
    late_explanation: str
    no_measures_reason: str
    body: str


def _judgement_record(change: Transition, draft: _Draft) -> None:
    day = change.day(draft.given_on)
    require_filled(reasons=draft.reasons)
    complaint = change.complaint
    referral, body_id = _whose_ruling(change, draft.body)
    outside = change.scheme.body(body_id) if body_id else None
    if outside is None:
        _check_own_decision(
            change, draft.reasons, draft.decisions, draft.measures, draft.no_measures_reason
        )
    _check_measures(draft.measures, day)
    _check_verdict(change, draft.verdict)
    step = change.procedure.step(complaint.step)
    named = step.handler.title.nl if step.handler.title and step.handler.role else ""
    author = draft.given_by or (outside.name.nl if outside else named or change.actor.name)
    if referral is not None:
        referral.returned_on = day
        referral.outcome = StepOutcome.JUDGED.value
        referral.outcome_summary = draft.reasons
        referral.save(update_fields=["returned_on", "outcome", "outcome_summary"])
    ruling = (
        {"body": outside.id, "body_name": outside.name.nl, "binding": outside.rules_binding}
        if outside
        else {}
    )
    judgement = Judgement(
        **ruling,
        given_by=author,
        given_on=day,
        verdict=draft.verdict,
        reasons=draft.reasons,
        decisions=draft.decisions,
        recommendations=draft.recommendations,
        no_measures_reason=draft.no_measures_reason,
        resolved=draft.resolved,
    )
    _judgement_write(complaint, judgement, draft.measures)
    if outside is None:
        change.set(verdict=draft.verdict)
    change.record(
        verdict=draft.verdict,
        given_on=day,
        given_by=author,
        **({"body": outside.id, "binding": outside.rules_binding} if outside else {}),
        measures=len(draft.measures),
        signatures_required=signatures_required(
            change.procedure, complaint.step, resolved=draft.resolved
        ),
    )
    terms_meet(change, MEETS[Action.RECORD_JUDGEMENT], on=day, explanation=draft.late_explanation)
    terms_start(change)  # a response term runs from the judgement
    referrals_still_open(change)
    change.tell(Event.DECIDED)


def _whose_ruling(change: Transition, body: str) -> tuple[Referral | None, str]:
    """The open referral a judgement ends, and the body whose ruling it is ("" for the
    organisation's own decision).

    At a step an outside body handles, or while one has the file, the ruling is that
    body's own: it does not become the organisation's decision, and what the law asks of
    the organisation's decision is not asked of it. ``body`` names which, when several
    have the file; a closed complaint gets only the ruling of a body it went to.
    """
    complaint = change.complaint
    step = change.procedure.step(complaint.step)
    holding = complaint.state in (State.REFERRED, State.CLOSED)
    referral = open_referral(complaint, body) if holding else None
    if complaint.state == State.CLOSED and referral is None:
        raise TransitionRefused(
            Message(
                gettext_noop("This complaint is closed. Reopen it first if it needs more handling.")
            )
        )
    if referral is not None and (body or complaint.state == State.CLOSED):
        body_id = referral.body
    else:
        body_id = step.handler.body or (referral.body if referral else "")
    if referral is not None and referral.body != body_id:
        referral = open_referral(complaint, body_id) if body_id else None
    return referral, body_id


def _check_own_decision(
    change: Transition,
    reasons: str,
    decisions: str,
    planned: list[MeasureInput],
    no_measures_reason: str,
) -> None:
    """What the law asks of the organisation's own decision (``domain.judgements``)."""
    problems = judgement_problems(
        change.procedure.regime,
        JudgementContents(
            reasons=reasons,
            decisions=decisions,
            measures=len(planned),
            no_measures_reason=no_measures_reason,
        ),
    )
    if problems:
        raise TransitionRefused(*problems)


def _check_measures(planned: list[MeasureInput], day: date) -> None:
    for measure in planned:
        require_filled(
            measure=measure.description,
            owner=measure.owner
            or (measure.owner_user.get_full_name() if measure.owner_user else ""),
        )
        if measure.due_on < day:
            raise TransitionRefused(
                Message(
                    gettext_noop("The measure “%(measure)s” is due before the judgement."),
                    {"measure": measure.description},
                )
            )


def _judgement_write(
    complaint: Complaint, judgement: Judgement, planned: list[MeasureInput]
) -> Judgement:
    judgement.complaint = complaint
    judgement.step = complaint.step
    judgement.save()
    Measure.objects.bulk_create(
        Measure(
            judgement=judgement,
            description=m.description,
            owner=m.owner or (m.owner_user.get_full_name() if m.owner_user else ""),
            owner_user=m.owner_user,
            due_on=m.due_on,
        )
        for m in planned
    )
    return judgement


def ruling_unanswered(complaint: Complaint) -> Judgement | None:
    """The latest ruling of an outside body, when the organisation has not answered it."""
    latest = judgement_latest(complaint)
    return latest if latest is not None and latest.body and not latest.binding else None


def complaint_ruling_answer(
    complaint: Complaint,
    *,
    actor: Actor,
    verdict: Verdict | str,
    reasons: str,
    decisions: str = "",
    measures: Iterable[MeasureInput] = (),
    no_measures_reason: str = "",
    given_on: date | None = None,
    given_by: str = "",
    expected_version: int | None = None,
) -> Complaint:
    """The organisation's written answer to a committee's ruling (or any advice of an
    outside body): its own judgement, which recommendations it takes up as measures and
    by when, or why none. It meets the response term that ran from the ruling."""
    planned = list(measures)

    def apply(change: Transition) -> None:
        day = change.day(given_on)
        require_filled(reasons=reasons)
        ruling = _ruling_to_answer(change.complaint, day)
        _check_verdict(change, verdict)
        _check_own_decision(change, reasons, decisions, planned, no_measures_reason)
        _check_measures(planned, day)
        _judgement_write(
            change.complaint,
            Judgement(
                given_by=given_by.strip() or actor.name,
                given_on=day,
                verdict=str(verdict),
                reasons=reasons.strip(),
                decisions=decisions.strip(),
                no_measures_reason=no_measures_reason.strip(),
            ),
            planned,
        )
        change.set(verdict=str(verdict))
        change.record(
            verdict=str(verdict), given_on=day, body=ruling.body_name, measures=len(planned)
        )
        terms_meet(change, MEETS[Action.RECORD_ANSWER], on=day)
        change.tell(Event.ANSWERED)

    return complaint_transition(
        complaint,
        action=Action.RECORD_ANSWER,
        actor=actor,
        apply=apply,
        expected_version=expected_version,
    )


def _ruling_to_answer(complaint: Complaint, day: date) -> Judgement:
    ruling = ruling_unanswered(complaint)
    if ruling is None:
        raise TransitionRefused(
            Message(gettext_noop("There is no ruling of an outside body to answer."))
        )
    if day < ruling.given_on:
        raise TransitionRefused(
            Message(
                gettext_noop("The answer cannot come before the ruling of %(date)s."),
                {"date": ruling.given_on},
            )
        )
    return ruling


def judgement_latest(complaint: Complaint) -> Judgement | None:
    """The latest judgement (of those the page read, when it read them)."""
    return max(complaint.judgements.all(), key=lambda j: (j.given_on, j.pk), default=None)


def judgement_required(complaint: Complaint) -> Judgement:
    judgement = judgement_latest(complaint)
    if judgement is None:
        raise TransitionRefused(Message(gettext_noop("No judgement has been recorded yet.")))
    return judgement


def signatures_missing(procedure: ProcedureSpec, judgement: Judgement) -> list[str]:
    """The parties the scheme wants on ``judgement`` who have not signed yet."""
    required = signatures_required(procedure, judgement.step, resolved=judgement.resolved)
    signed = set(judgement.signatures.values_list("party", flat=True))
    return [party for party in required if party not in signed]


def complaint_judgement_sign(
    complaint: Complaint,
    *,
    actor: Actor,
    party: str,
    name: str,
    signed_on: date | None = None,
    expected_version: int | None = None,
) -> Complaint:
    """Record that a party signed the judgement, where the scheme asks for signatures."""

    def apply(change: Transition) -> None:
        day = change.day(signed_on)
        require_filled(name=name)
        judgement = judgement_required(change.complaint)
        required = signatures_required(
            change.procedure, judgement.step, resolved=judgement.resolved
        )
        if party not in required:
            raise TransitionRefused(
                Message(
                    gettext_noop("This judgement does not need a signature from the %(party)s."),
                    {"party": party.replace("_", " ")},
                )
            )
        earlier = judgement.signatures.filter(party=party).first()
        if earlier is not None:
            raise TransitionRefused(
                Message(
                    gettext_noop("%(name)s already signed on %(date)s."),
                    {"name": earlier.name, "date": earlier.signed_on},
                )
            )
        Signature.objects.create(judgement=judgement, party=party, name=name.strip(), signed_on=day)
        change.record(party=party, name=name.strip(), signed_on=day)

    return complaint_transition(
        complaint, action=Action.SIGN, actor=actor, apply=apply, expected_version=expected_version
    )
