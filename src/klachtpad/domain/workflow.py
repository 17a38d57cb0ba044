"""The life of a complaint: its states, which action is allowed when, and where a step leads.

A complaint is *open* while the organisation handles it at one of the procedure's
steps, *referred* while an outside body (Klachtenportaal Zorg, a complaints committee)
has it, *decided* once a judgement is given, and *closed* at the end, with how it
ended. Whether it is an informal concern or a formal complaint is a separate fact: a
concern becomes formal when the complainant asks for it (Wkkgz art. 17 then applies).

Step rules follow the scheme: after a step comes the step the scheme names for the
outcome (by default the next one); a step marked ``direct_entry`` may be reached from
anywhere, and optional steps may be skipped. A written complaint may always be received
at the procedure's first formal step: the Wkkgz gives every client the right to submit
one, whatever the informal steps before it.

Every refusal is a :class:`Message` a complaints officer understands.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from klachtpad.domain.messages import Message, gettext_noop
from klachtpad.domain.schemes.model import CLOSE, Body, Procedure, Step, TermSpec
from klachtpad.domain.schemes.vocabulary import (
    DocumentKind,
    FilingFrom,
    Handling,
    SignatureMoment,
    StepOutcome,
    TermKind,
    TermStart,
)


class State(StrEnum):
    OPEN = "open"
    REFERRED = "referred"
    DECIDED = "decided"
    CLOSED = "closed"


class Closure(StrEnum):
    """How a closed complaint ended."""

    RESOLVED = "resolved"  # solved to the complainant's satisfaction, no judgement needed
    JUDGED = "judged"  # a judgement was given
    DECLINED = "declined"  # not taken into handling, with a motivation
    WITHDRAWN = "withdrawn"  # withdrawn at the complainant's request


class Action(StrEnum):
    """Every change to a complaint; each is one service and one history entry."""

    REGISTER = "register"
    MAKE_FORMAL = "make_formal"
    AMEND = "amend"
    ACKNOWLEDGE = "acknowledge"
    RECORD_CONTACT = "record_contact"
    PLAN_MEETING = "plan_meeting"
    RECORD_MEETING = "record_meeting"
    MOVE_STEP = "move_step"
    REFER = "refer"
    RECORD_REFERRAL_OUTCOME = "record_referral_outcome"
    EXTEND_TERM = "extend_term"
    AGREE_TERM = "agree_term"
    DECLINE = "decline"
    RECORD_JUDGEMENT = "record_judgement"
    RECORD_ANSWER = "record_answer"  # the provider's answer to an outside body's ruling
    SIGN = "sign"
    CLOSE = "close"
    REOPEN = "reopen"
    WITHDRAW = "withdraw"
    RECORD_SATISFACTION = "record_satisfaction"
    ADD_NOTE = "add_note"
    ASSIGN = "assign"
    SHARE = "share"
    ADD_INFORMATION = "add_information"
    REQUEST_MEETING = "request_meeting"
    LINK_EMPLOYEE = "link_employee"  # an employee concerned linked to a staff account
    EMPLOYEE_STATEMENT = "employee_statement"  # the employee concerned gives their side
    REALISE_MEASURE = "realise_measure"  # a measure of a judgement was carried out
    RECORD_CONSENT = "record_consent"  # consent to contact someone else involved
    CONTACT_OTHER = "contact_other"  # someone else involved in the complaint was contacted


_ALL = frozenset(State)
_HANDLING = frozenset({State.OPEN, State.REFERRED})


@dataclass(frozen=True)
class Rule:
    """When an action is allowed, and the state it leaves the complaint in (None: unchanged)."""

    states: frozenset[State]
    formal_only: bool = False
    informal_only: bool = False
    then: State | None = None
    keeps: frozenset[State] = frozenset()  # states the action leaves as they are


RULES: dict[Action, Rule] = {
    Action.MAKE_FORMAL: Rule(frozenset({State.OPEN}), informal_only=True),
    Action.AMEND: Rule(_ALL),
    Action.ACKNOWLEDGE: Rule(_HANDLING, formal_only=True),
    Action.RECORD_CONTACT: Rule(_HANDLING),
    # A committee hears both sides while it has the file (hoor en wederhoor).
    Action.PLAN_MEETING: Rule(frozenset({State.OPEN, State.REFERRED, State.DECIDED})),
    Action.RECORD_MEETING: Rule(frozenset({State.OPEN, State.REFERRED, State.DECIDED})),
    Action.MOVE_STEP: Rule(frozenset({State.OPEN, State.DECIDED}), then=State.OPEN),
    # Several bodies may have the file at once (the inspectorate while the complaints
    # service handles it); after closure a body may still be turned to, within its window.
    Action.REFER: Rule(_ALL, then=State.REFERRED, keeps=frozenset({State.CLOSED})),
    Action.RECORD_REFERRAL_OUTCOME: Rule(
        frozenset({State.REFERRED, State.CLOSED}), then=State.OPEN, keeps=frozenset({State.CLOSED})
    ),
    Action.EXTEND_TERM: Rule(_HANDLING, formal_only=True),
    Action.AGREE_TERM: Rule(_HANDLING, formal_only=True),
    Action.DECLINE: Rule(frozenset({State.OPEN}), formal_only=True, then=State.CLOSED),
    # A closed complaint gets the ruling of the body it was referred to after closure.
    Action.RECORD_JUDGEMENT: Rule(
        _HANDLING | {State.CLOSED},
        formal_only=True,
        then=State.DECIDED,
        keeps=frozenset({State.CLOSED}),
    ),
    Action.SIGN: Rule(frozenset({State.DECIDED})),
    # The answer to a ruling, also while another body (the inspectorate) has the file.
    Action.RECORD_ANSWER: Rule(
        frozenset({State.OPEN, State.REFERRED, State.DECIDED}), formal_only=True
    ),
    Action.CLOSE: Rule(frozenset({State.OPEN, State.DECIDED}), then=State.CLOSED),
    Action.REOPEN: Rule(frozenset({State.CLOSED}), then=State.OPEN),
    Action.WITHDRAW: Rule(
        frozenset({State.OPEN, State.REFERRED, State.DECIDED}), then=State.CLOSED
    ),
    Action.RECORD_SATISFACTION: Rule(frozenset({State.DECIDED, State.CLOSED})),
    Action.ADD_NOTE: Rule(_ALL),
    Action.ASSIGN: Rule(frozenset({State.OPEN, State.REFERRED, State.DECIDED})),
    Action.SHARE: Rule(_ALL),
    Action.LINK_EMPLOYEE: Rule(_ALL),
    # Measures are often carried out after the complaint is closed (Wkkgz art. 17(1)(c)).
    Action.REALISE_MEASURE: Rule(_ALL, formal_only=True),
    Action.RECORD_CONSENT: Rule(_HANDLING | {State.DECIDED}),
    Action.CONTACT_OTHER: Rule(_HANDLING | {State.DECIDED}),
    Action.EMPLOYEE_STATEMENT: Rule(frozenset({State.OPEN, State.REFERRED, State.DECIDED})),
    # What the complainant does through the status page.
    Action.ADD_INFORMATION: Rule(_HANDLING),
    Action.REQUEST_MEETING: Rule(_HANDLING),
}

_WHY_NOT_IN_STATE: dict[State, str] = {
    State.OPEN: gettext_noop("This complaint is still being handled; that comes later."),
    State.REFERRED: gettext_noop(
        "This complaint is with an outside body. Record its outcome first."
    ),
    State.DECIDED: gettext_noop(
        "A judgement has already been given on this complaint. Move it to the next step "
        "or close it."
    ),
    State.CLOSED: gettext_noop(
        "This complaint is closed. Reopen it first if it needs more handling."
    ),
}


def check_action(action: Action, *, state: State, handling: Handling) -> Message | None:
    """Why ``action`` is not allowed now, or None when it is."""
    rule = RULES[action]
    if state not in rule.states:
        return Message(_WHY_NOT_IN_STATE[state])
    if rule.formal_only and handling is Handling.INFORMAL:
        return Message(
            gettext_noop(
                "This is an informal concern. First record that the complainant wants it "
                "handled as a formal complaint."
            )
        )
    if rule.informal_only and handling is Handling.FORMAL:
        return Message(gettext_noop("This is already a formal complaint."))
    return None


def state_after(action: Action, state: State) -> State:
    rule = RULES[action]
    return state if state in rule.keeps else rule.then or state


# Steps ---------------------------------------------------------------------------


def first_formal_step(procedure: Procedure, *, after: str | None = None) -> Step | None:
    """The first step that handles formal complaints, after ``after`` when given."""
    steps = procedure.steps
    if after is not None:
        steps = steps[steps.index(procedure.step(after)) + 1 :]
    return next((step for step in steps if step.handling is Handling.FORMAL), None)


def entry_steps(procedure: Procedure, handling: Handling) -> list[Step]:
    """Where a new complaint may start.

    A concern may start at any entry step. A formal complaint starts at a formal entry
    step, or at the first formal step: a written complaint is always received.
    """
    entries = procedure.entry_steps()
    if handling is Handling.INFORMAL:
        return entries
    formal = [step for step in entries if step.holds_formal]
    first = first_formal_step(procedure)
    if first is not None and first not in formal:
        formal.insert(0, first)
    return sorted(formal, key=procedure.steps.index)


def check_entry(procedure: Procedure, step_id: str, handling: Handling) -> Message | None:
    allowed = entry_steps(procedure, handling)
    if any(step.id == step_id for step in allowed):
        return None
    if not allowed:
        return Message(gettext_noop("This procedure has no step that handles formal complaints."))
    return Message(
        gettext_noop("A complaint cannot start at this step. It can start at: %(steps)s."),
        {"steps": _names(allowed)},
    )


def step_moves(procedure: Procedure, current: str) -> list[Step]:
    """The steps a complaint at ``current`` may move to, in the procedure's order."""
    targets: set[str] = set()
    for outcome in StepOutcome:
        following = procedure.next_step(current, outcome)
        # An optional step may be skipped: the step after it is reachable too.
        while following != CLOSE:
            targets.add(following)
            step = procedure.step(following)
            if not step.optional:
                break
            following = procedure.next_step(following, StepOutcome.NOT_RESOLVED)
    targets |= {step.id for step in procedure.steps if step.direct_entry}
    targets.discard(current)
    return [step for step in procedure.steps if step.id in targets]


def referral_targets(
    procedure: Procedure,
    current: str,
    *,
    closed: bool = False,
    holding: frozenset[str] = frozenset(),
) -> list[str]:
    """The bodies a complaint at ``current`` may be referred to: those handling the
    steps it may move to first, then the procedure's outside bodies (a disputes body
    after the decision, the inspectorate). A closed complaint goes only to an outside
    body; a body that has the file already (``holding``) is not offered again."""
    bodies = [] if closed else [s.handler.body for s in step_moves(procedure, current)]
    bodies += [outside.body for outside in procedure.outside_bodies]
    return [body for body in dict.fromkeys(bodies) if body and body not in holding]


def filing_window_end(
    body: Body, *, received_on: date, decided_on: date | None, closed_on: date | None
) -> date | None:
    """The last day a complaint may be brought to ``body``, counted from receipt or from
    the decision (from the closure when it ended without one); None: no limit known."""
    if body.filing_window is None:
        return None
    if body.filing_from is FilingFrom.RECEIPT:
        start = received_on
    else:
        start = decided_on or closed_on or received_on
    return body.filing_window.add_to(start)


def check_late_referral(
    body: Body, *, received_on: date, decided_on: date | None, closed_on: date | None, on: date
) -> Message | None:
    """Why a closed complaint can no longer go to ``body`` on ``on``, or None when it
    can: within the body's filing window, counted from receipt or from the decision (from
    the closure when the complaint ended without one)."""
    last = filing_window_end(
        body, received_on=received_on, decided_on=decided_on, closed_on=closed_on
    )
    if body.filing_window is None or last is None or on <= last:
        return None
    template = (
        gettext_noop(
            "%(body)s takes a complaint up to %(window)s after it was made; that was until "
            "%(date)s."
        )
        if body.filing_from is FilingFrom.RECEIPT
        else gettext_noop(
            "%(body)s takes a complaint up to %(window)s after the decision on it; that was "
            "until %(date)s."
        )
    )
    return Message(template, {"body": body.name.nl, "window": body.filing_window, "date": last})


def check_step_move(
    procedure: Procedure, *, current: str, target: str, handling: Handling
) -> Message | None:
    """Why a complaint at ``current`` cannot move to ``target``, or None when it can."""
    try:
        step = procedure.step(target)
    except KeyError:
        return Message(gettext_noop("This procedure has no step %(step)s."), {"step": target})
    if target == current:
        return Message(gettext_noop("The complaint is already at this step."))
    moves = step_moves(procedure, current)
    if step not in moves:
        if not moves:
            return Message(
                gettext_noop(
                    "This is the last step of the procedure; the complaint can only be closed."
                )
            )
        return Message(
            gettext_noop(
                "The procedure does not lead from this step to %(step)s. "
                "Possible next steps: %(steps)s."
            ),
            {"step": step.name.nl, "steps": _names(moves)},
        )
    if step.written and handling is Handling.INFORMAL:
        return Message(
            gettext_noop(
                "%(step)s handles written complaints. First record that the complainant "
                "wants a formal complaint."
            ),
            {"step": step.name.nl},
        )
    return None


def formal_target(procedure: Procedure, current: str) -> Step | None:
    """Where a concern goes when it becomes formal: here if this step is formal or
    receives written complaints, else the first formal step after it.

    A concern at the end of the ladder (Next's Klachtenportaal Zorg, which helps the
    complainant make an official complaint after all) comes back to the first formal
    step: a written complaint is always received (Wkkgz art. 14, 17).
    """
    step = procedure.step(current)
    if step.holds_formal:
        return step
    return first_formal_step(procedure, after=current) or first_formal_step(procedure)


def _names(steps: Iterable[Step]) -> str:
    return ", ".join(step.name.nl for step in steps)


# Terms ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TermToStart:
    step_id: str | None  # None: a term of the whole procedure
    kind: TermKind | str  # a built-in kind, or the id of the scheme's own
    spec: TermSpec
    start: date


@dataclass(frozen=True)
class Dates:
    """The dates terms are counted from; None when that moment has not come."""

    received_on: date
    formal_received_on: date | None = None
    step_entered_on: date | None = None
    judged_on: date | None = None
    meeting_held_on: date | None = None  # the last meeting held at the current step


def _start(spec: TermSpec, dates: Dates) -> date | None:
    return {
        TermStart.RECEIPT: dates.received_on,
        TermStart.FORMAL_RECEIPT: dates.formal_received_on,
        TermStart.STEP_START: dates.step_entered_on,
        TermStart.JUDGEMENT: dates.judged_on,
        TermStart.MEETING_HELD: dates.meeting_held_on,
    }[spec.start]


def terms_to_start(procedure: Procedure, *, step_id: str, dates: Dates) -> list[TermToStart]:
    """The procedure's and the current step's terms whose starting moment has come.

    The caller skips the terms that already run; a term of another step never starts.
    """
    found: list[TermToStart] = []
    for step, kind, spec in procedure.all_terms():
        if step is not None and step.id != step_id:
            continue
        start = _start(spec, dates)
        if start is not None:
            found.append(TermToStart(step.id if step else None, kind, spec, start))
    return found


# What meets a term.
MEETS: dict[Action, frozenset[TermKind]] = {
    Action.ACKNOWLEDGE: frozenset({TermKind.ACKNOWLEDGEMENT}),
    Action.RECORD_CONTACT: frozenset({TermKind.FIRST_CONTACT}),
    Action.PLAN_MEETING: frozenset({TermKind.FIRST_CONTACT}),
    Action.RECORD_MEETING: frozenset({TermKind.FIRST_CONTACT}),
    Action.DECLINE: frozenset({TermKind.DECISION, TermKind.ACKNOWLEDGEMENT}),
    # A judgement answers the complaint; the provider's response to a ruling is its answer.
    Action.RECORD_JUDGEMENT: frozenset({TermKind.DECISION, TermKind.REPORT}),
    Action.RECORD_REFERRAL_OUTCOME: frozenset({TermKind.REPORT}),
    Action.RECORD_ANSWER: frozenset({TermKind.RESPONSE}),
    # Closing a formal complaint as resolved is itself the written answer.
    Action.CLOSE: frozenset({TermKind.DECISION, TermKind.RESPONSE}),
}


def check_own_withdrawal(state: State) -> Message | None:
    """Why the complainant cannot stop the complaint themselves now: once it is
    answered there is nothing left to stop (staff may still record a withdrawal they
    were told of, ``Action.WITHDRAW``); the complainant is shown where else to go."""
    if state in (State.OPEN, State.REFERRED):
        return None
    return Message(
        gettext_noop(
            "Your complaint has been answered, so there is nothing left to stop. Not happy "
            "with the answer? The page says where else you can go."
        )
    )


# The action a person is expected to take next for a running term of each kind.
ANSWERS: dict[TermKind, Action] = {
    TermKind.ACKNOWLEDGEMENT: Action.ACKNOWLEDGE,
    TermKind.FIRST_CONTACT: Action.RECORD_CONTACT,
    TermKind.DECISION: Action.RECORD_JUDGEMENT,
    TermKind.REPORT: Action.RECORD_REFERRAL_OUTCOME,
    TermKind.RESPONSE: Action.RECORD_ANSWER,
}


def expected_next(
    *,
    state: State,
    handling: Handling,
    running: Sequence[TermKind],
    signatures_missing: bool,
) -> Action | None:
    """What the scheme expects to be done next: meet the running term that ends first
    (``running`` in order of end); without one, what the state asks for. None: nothing
    is waiting (a closed complaint, or a concern with no term to keep)."""
    if state is State.CLOSED:
        return None
    for kind in running:
        if kind in ANSWERS:
            return ANSWERS[kind]
    if state is State.DECIDED:
        return Action.SIGN if signatures_missing else Action.CLOSE
    if state is State.REFERRED:
        return Action.RECORD_REFERRAL_OUTCOME
    return Action.RECORD_JUDGEMENT if handling is Handling.FORMAL else None


def late_without_explanation(*, due: date | None, on: date, explanation: str) -> Message | None:
    """A decision after its term needs an explanation; the annual report shows it."""
    if due is None or on <= due or explanation.strip():
        return None
    return Message(
        gettext_noop(
            "The decision comes after the term ended on %(end)s. Explain why it is late; "
            "the annual report shows the explanation."
        ),
        {"end": due},
    )


# Signatures ----------------------------------------------------------------------


def signatures_required(procedure: Procedure, step_id: str, *, resolved: bool) -> list[str]:
    """The parties who must sign the judgement or decision given at this step."""
    parties: list[str] = []
    documents = procedure.documents + procedure.step(step_id).documents
    for document in documents:
        if document.kind not in {DocumentKind.JUDGEMENT, DocumentKind.DECISION}:
            continue
        if document.signatures is None:
            continue
        if document.signatures.when is SignatureMoment.WHEN_RESOLVED and not resolved:
            continue
        parties += [party.value for party in document.signatures.by if party.value not in parties]
    return parties
