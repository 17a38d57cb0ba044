"""Terms on the file: started, met, stopped and extended only here, with the term engine.

A term's end is stored when it starts and recomputed only when it is extended or a
longer term is agreed. Whether a term was met in time is frozen when it is met, and the
complaint's decision date and timeliness when the decision term is met: a later change
to a calendar does not rewrite last year's figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Q, QuerySet

from klachtpad.complaints.models import (
    Complaint,
    Term,
    TermAgreement,
    TermExtension,
    TermStatusChoices,
)
from klachtpad.complaints.selectors import past_end
from klachtpad.complaints.services.transition import (
    Actor,
    Transition,
    TransitionRefused,
    complaint_transition,
)
from klachtpad.domain import deadlines
from klachtpad.domain.messages import Message, Word, gettext_noop
from klachtpad.domain.permissions import StaffRole, holds_scheme_role
from klachtpad.domain.schemes.model import TermSpec
from klachtpad.domain.schemes.vocabulary import Event, TermKind
from klachtpad.domain.workflow import Action, Dates, late_without_explanation, terms_to_start


def domain_term(row: Term) -> deadlines.Term:
    spec = TermSpec.model_validate(row.rule)
    return deadlines.Term(
        rule=spec.rule(),
        start=row.start_on,
        extensions=tuple(
            deadlines.Extension(e.notified_on, e.new_end_on, e.reason) for e in row.extensions.all()
        ),
        agreements=tuple(
            deadlines.Agreement(a.agreed_on, a.new_end_on) for a in row.agreements.all()
        ),
    )


def terms_extendable(
    complaint: Complaint,
    *,
    by_agreement: bool = False,
    roles: frozenset[StaffRole] | None = None,
) -> list[str]:
    """Kinds of running terms the scheme lets be extended (or lengthened by agreement);
    with ``roles``, only those the scheme lets a person with these roles extend."""
    kinds: list[str] = []
    # Read through .all(): a page that fetched the terms with their extensions asks nothing.
    running_terms = [
        row for row in complaint.terms.all() if row.status == TermStatusChoices.RUNNING
    ]
    for row in sorted(running_terms, key=lambda row: row.end_on):
        spec = TermSpec.model_validate(row.rule)
        rule = spec.rule()
        if by_agreement:
            allowed = rule.by_agreement
        else:
            allowed = (
                spec.extension is not None
                and len(row.extensions.all()) < spec.extension.times
                and (roles is None or holds_scheme_role(spec.extension.by, roles))
            )
        if allowed and row.kind not in kinds:
            kinds.append(row.kind)
    return kinds


def running(complaint: Complaint, kinds: Iterable[TermKind | str]) -> QuerySet[Term]:
    """Running terms of these kinds that belong to the whole procedure or the current step."""
    return complaint.terms.filter(
        Q(step="") | Q(step=complaint.step),
        status=TermStatusChoices.RUNNING,
        kind__in=[str(kind) for kind in kinds],
    )


def terms_start(change: Transition) -> None:
    """Start every term whose starting moment has come and that does not run yet."""
    complaint = change.complaint
    new = change.new  # nothing judged, held or started yet
    judged = complaint.judgements.order_by("-given_on").values_list("given_on", flat=True)
    held = complaint.meetings.filter(step=complaint.step, held_on__isnull=False)
    dates = Dates(
        received_on=complaint.received_on,
        formal_received_on=complaint.formal_received_on,
        step_entered_on=complaint.step_entered_on,
        judged_on=None if new else judged.first(),
        meeting_held_on=None
        if new
        else held.order_by("-held_on").values_list("held_on", flat=True).first(),
    )
    existing = set() if new else set(complaint.terms.values_list("step", "kind"))
    started, rows = [], []
    for found in terms_to_start(change.procedure, step_id=complaint.step, dates=dates):
        key = (found.step_id or "", str(found.kind))
        if key in existing:
            continue
        term = deadlines.Term(rule=found.spec.rule(), start=found.start)
        end = term.original_end(change.calendar, change.atw)
        rows.append(
            Term(
                complaint=complaint,
                step=key[0],
                kind=key[1],
                rule=found.spec.model_dump(mode="json", by_alias=True),
                start_on=found.start,
                original_end_on=end,
                end_on=end,
            )
        )
        started.append({"term": key[1], "from": found.start.isoformat(), "end": end.isoformat()})
        change.ends_started.append(end)
    if started:
        Term.objects.bulk_create(rows)
        change.record(terms_started=started)
        change.terms_moved = True


def terms_meet(
    change: Transition, kinds: Iterable[TermKind], *, on: date, explanation: str = ""
) -> None:
    """Mark the running terms of ``kinds`` as met on ``on`` and freeze whether in time.

    Meeting the decision term after its end needs ``explanation``; the decision date
    and timeliness are then frozen on the complaint.
    """
    complaint = change.complaint
    # The scheme's own terms are met by what meets the built-in term they are like.
    rows = list(running(complaint, change.procedure.vocabulary.terms_like(kinds)))
    decision_rows = [row for row in rows if row.kind == TermKind.DECISION]
    if decision_rows:
        due = min(row.end_on for row in decision_rows)
        base = min(row.original_end_on for row in decision_rows)
        change.refuse_if(late_without_explanation(due=due, on=on, explanation=explanation))
        change.set(
            decided_on=on,
            decision_due_on=due,
            decided_in_time=on <= due,
            decided_within_base=on <= base,
        )
        if on > due:
            change.set(late_explanation=explanation.strip())
    met = []
    for row in rows:
        row.status = TermStatusChoices.MET
        row.met_on = on
        row.in_time = on <= row.end_on
        row.save(update_fields=["status", "met_on", "in_time"])
        met.append({"term": row.kind, "end": row.end_on.isoformat(), "in_time": row.in_time})
    if met:
        change.record(terms_met=met)
        change.terms_moved = True


def terms_stop(change: Transition, *, reason: str, step: str | None = None) -> None:
    """Stop running terms (all, or those of one step) that no longer have to be met.

    A term whose end had already passed is stopped as missed (not in time).
    """
    rows = change.complaint.terms.filter(status=TermStatusChoices.RUNNING)
    if step is not None:
        rows = rows.filter(step=step)
    stopped = list(rows.values_list("kind", flat=True))
    rows.filter(past_end(change.today)).update(
        status=TermStatusChoices.STOPPED, stopped_reason=reason, in_time=False
    )
    rows.update(status=TermStatusChoices.STOPPED, stopped_reason=reason)
    if stopped:
        change.record(terms_stopped=stopped)
        change.terms_moved = True


def _running_term(change: Transition, kind: TermKind | str) -> Term:
    row = running(change.complaint, [kind]).order_by("end_on").first()
    if row is None:
        own = change.procedure.vocabulary.term(kind)
        word: Word = own.label if own else TermKind(kind)
        raise TransitionRefused(
            Message(gettext_noop("No %(term)s term is running on this complaint."), {"term": word})
        )
    return row


def _move_end(change: Transition, row: Term, decision: deadlines.Decision, **facts: date) -> date:
    """Apply the term engine's decision to the stored end, or refuse with its reasons."""
    if not decision.allowed or decision.new_end is None:
        raise TransitionRefused(*decision.reasons)
    change.record(term=row.kind, previous_end=row.end_on, new_end=decision.new_end, **facts)
    row.end_on = decision.new_end
    row.save(update_fields=["end_on"])
    change.terms_moved = True
    return decision.new_end


def complaint_term_extend(
    complaint: Complaint,
    *,
    actor: Actor,
    new_end: date,
    notified_on: date,
    reason: str,
    kind: TermKind | str = TermKind.DECISION,
    expected_version: int | None = None,
) -> Complaint:
    """Extend a term, once and within the scheme's maximum, with notice before its end."""

    def apply(change: Transition) -> None:
        if not reason.strip():
            raise TransitionRefused(
                Message(gettext_noop("Give the reason for the extension; the complainant is told."))
            )
        row = _running_term(change, kind)
        decision = deadlines.decide_extension(
            domain_term(row),
            requested_end=new_end,
            notified_on=notified_on,
            today=change.today,
            calendar=change.calendar,
            atw=change.atw,
        )
        new = _move_end(change, row, decision, notified_on=notified_on)
        TermExtension.objects.create(
            term=row, notified_on=notified_on, new_end_on=new, reason=reason.strip()
        )
        change.tell(Event.TERM_EXTENDED)

    return complaint_transition(
        complaint,
        action=Action.EXTEND_TERM,
        actor=actor,
        apply=apply,
        reason=reason,
        expected_version=expected_version,
    )


def complaint_term_agree(
    complaint: Complaint,
    *,
    actor: Actor,
    new_end: date,
    agreed_on: date,
    note: str = "",
    kind: TermKind | str = TermKind.DECISION,
    expected_version: int | None = None,
) -> Complaint:
    """Record a longer term agreed with the complainant, where the scheme provides for it."""

    def apply(change: Transition) -> None:
        row = _running_term(change, kind)
        decision = deadlines.decide_agreement(
            domain_term(row),
            requested_end=new_end,
            agreed_on=agreed_on,
            today=change.today,
            calendar=change.calendar,
            atw=change.atw,
        )
        new = _move_end(change, row, decision, agreed_on=agreed_on)
        TermAgreement.objects.create(term=row, agreed_on=agreed_on, new_end_on=new, note=note)

    return complaint_transition(
        complaint,
        action=Action.AGREE_TERM,
        actor=actor,
        apply=apply,
        reason=note,
        expected_version=expected_version,
    )
