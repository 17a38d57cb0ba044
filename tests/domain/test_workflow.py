"""The transition table, step moves and entry points, against the five seed schemes."""

from datetime import date
from pathlib import Path

import pytest

from klachtpad.domain.notices import notices_for
from klachtpad.domain.schemes import Procedure, parse_scheme
from klachtpad.domain.schemes.model import Body
from klachtpad.domain.schemes.vocabulary import DocumentKind, Event, Handling, TermKind
from klachtpad.domain.workflow import (
    Action,
    State,
    check_action,
    check_entry,
    check_late_referral,
    check_own_withdrawal,
    check_step_move,
    entry_steps,
    expected_next,
    formal_target,
    signatures_required,
    state_after,
    step_moves,
)

SCHEMES = Path(__file__).resolve().parents[2] / "schemes"


def procedure(slug: str, key: str) -> Procedure:
    text = (SCHEMES / f"{slug}.yaml").read_text(encoding="utf-8")
    return parse_scheme(text, slug).scheme.procedure(key)


@pytest.mark.parametrize(
    ("action", "state", "handling", "refused_with"),
    [
        # An extension belongs to a formal complaint's legal term.
        (Action.EXTEND_TERM, State.OPEN, Handling.INFORMAL, "informal concern"),
        (Action.EXTEND_TERM, State.REFERRED, Handling.FORMAL, None),
        (Action.EXTEND_TERM, State.CLOSED, Handling.FORMAL, "closed"),
        # A concern becomes formal once.
        (Action.MAKE_FORMAL, State.OPEN, Handling.FORMAL, "already a formal complaint"),
        (Action.MAKE_FORMAL, State.OPEN, Handling.INFORMAL, None),
        # While an outside body has it, only its outcome or judgement moves it on.
        (Action.MOVE_STEP, State.REFERRED, Handling.FORMAL, "outside body"),
        (Action.RECORD_JUDGEMENT, State.REFERRED, Handling.FORMAL, None),
        (Action.CLOSE, State.REFERRED, Handling.FORMAL, "outside body"),
        # A second judgement on the same step is refused.
        (Action.RECORD_JUDGEMENT, State.DECIDED, Handling.FORMAL, "already been given"),
        # Declining happens before handling, not after a judgement.
        (Action.DECLINE, State.DECIDED, Handling.FORMAL, "already been given"),
        (Action.REOPEN, State.OPEN, Handling.FORMAL, "still being handled"),
        (Action.REOPEN, State.CLOSED, Handling.FORMAL, None),
        (Action.SIGN, State.OPEN, Handling.FORMAL, "still being handled"),
        # The complainant may withdraw at any moment before closure.
        (Action.WITHDRAW, State.REFERRED, Handling.FORMAL, None),
        (Action.WITHDRAW, State.CLOSED, Handling.FORMAL, "closed"),
        (Action.AMEND, State.CLOSED, Handling.FORMAL, None),
        (Action.RECORD_SATISFACTION, State.OPEN, Handling.INFORMAL, "still being handled"),
    ],
)
def test_actions_allowed_by_state(action, state, handling, refused_with):
    refusal = check_action(action, state=state, handling=handling)
    if refused_with is None:
        assert refusal is None
    else:
        assert refusal is not None and refused_with in str(refusal)


def test_states_after_actions():
    assert state_after(Action.REFER, State.OPEN) is State.REFERRED
    assert state_after(Action.RECORD_JUDGEMENT, State.REFERRED) is State.DECIDED
    assert state_after(Action.ACKNOWLEDGE, State.REFERRED) is State.REFERRED
    assert state_after(Action.REOPEN, State.CLOSED) is State.OPEN


def ids(steps):
    return [step.id for step in steps]


def test_step_moves_follow_each_scheme():
    next_care = procedure("next", "care")
    # The second key worker and the confidant are optional ("kun je"), so from the key
    # worker each of them or the complaints officer is next; Klachtenportaal Zorg (step 4)
    # is open from anywhere.
    assert ids(step_moves(next_care, "key_worker")) == [
        "second_key_worker",
        "confidant",
        "complaints_officer",
        "kpz",
    ]
    assert ids(step_moves(next_care, "complaints_officer")) == ["kpz"]
    permens = procedure("permens", "care")
    assert ids(step_moves(permens, "coordinator")) == ["committee"]
    adult = procedure("zorgkracht12", "adult")
    # The optional talk may be skipped... but from the talk, the chair is next.
    assert ids(step_moves(adult, "talk")) == ["chair", "kpz"]
    assert ids(step_moves(adult, "kpz")) == ["disputes"]
    assert ids(step_moves(adult, "disputes")) == ["kpz"]


def test_moving_backwards_or_informally_into_a_written_step_is_refused():
    next_care = procedure("next", "care")
    refusal = check_step_move(
        next_care, current="confidant", target="key_worker", handling=Handling.INFORMAL
    )
    assert refusal is not None
    assert "Possible next steps" in str(refusal)
    refusal = check_step_move(
        next_care, current="confidant", target="complaints_officer", handling=Handling.INFORMAL
    )
    assert refusal is not None and "First record that the complainant" in str(refusal)
    assert (
        check_step_move(
            next_care, current="confidant", target="complaints_officer", handling=Handling.FORMAL
        )
        is None
    )
    nexxtep = procedure("nexxtep", "service")
    refusal = check_step_move(
        nexxtep, current="complaints_officer", target="court", handling=Handling.FORMAL
    )
    assert refusal is not None and "no step court" in str(refusal)


def test_entry_steps():
    next_care = procedure("next", "care")
    assert ids(entry_steps(next_care, Handling.INFORMAL)) == ["key_worker", "kpz"]
    # A written complaint is always received, at the first step that handles one.
    assert ids(entry_steps(next_care, Handling.FORMAL)) == ["complaints_officer"]
    assert check_entry(next_care, "confidant", Handling.INFORMAL) is not None
    iederzijnwerk = procedure("iederzijnwerk", "ambulant")
    assert ids(entry_steps(iederzijnwerk, Handling.FORMAL)) == ["management", "kpz"]
    assert formal_target(next_care, "key_worker") == next_care.step("complaints_officer")
    permens = procedure("permens", "care")
    assert formal_target(permens, "coordinator") == permens.step("coordinator")


def test_signatures_only_when_resolved_at_nexxtep():
    nexxtep = procedure("nexxtep", "service")
    assert signatures_required(nexxtep, "complaints_officer", resolved=False) == []
    assert signatures_required(nexxtep, "complaints_officer", resolved=True) == [
        "complainant",
        "complaints_officer",
        "employee_concerned",
    ]


def recipients(notices):
    return sorted((n.recipient, n.document.value if n.document else "") for n in notices)


def test_who_is_told():
    next_care = procedure("next", "care")
    # At the complaints officer step Next's management is kept informed of the handling.
    notices = notices_for(
        next_care, event=Event.TERM_EXTENDED, steps=("complaints_officer",), formal=True
    )
    assert recipients(notices) == [("complainant", "extension_notice"), ("management", "")]
    # An informal step change is not written to the complainant.
    notices = notices_for(next_care, event=Event.STEP_CHANGED, steps=("key_worker",), formal=False)
    assert notices == []
    # Zorgkracht 12's youth committee sends its judgement to three parties.
    youth = procedure("zorgkracht12", "youth")
    notices = notices_for(youth, event=Event.DECIDED, steps=("committee",), formal=True)
    assert recipients(notices) == [
        ("complainant", "judgement"),
        ("employee_concerned", "judgement"),
        ("management", "judgement"),
    ]
    # perMens: a copy of the form to the quality coordinator when resolved.
    permens = procedure("permens", "care")
    notices = notices_for(permens, event=Event.RESOLVED, steps=("coordinator",), formal=True)
    assert [(n.recipient, n.sharing.value) for n in notices] == [("quality_coordinator", "copy")]
    # An acknowledgement goes to the complainant even where the scheme names no document.
    notices = notices_for(
        next_care,
        event=None,
        steps=("complaints_officer",),
        formal=True,
        documents=(DocumentKind.ACKNOWLEDGEMENT,),
    )
    assert recipients(notices) == [("complainant", "acknowledgement")]


def _body(window: str | None, counted_from: str = "decision") -> Body:
    return Body.model_validate(
        {
            "id": "gcz",
            "kind": "disputes_body",
            "name": {
                "nl": "De Geschillencommissie Zorg",
                "en": "The Healthcare Disputes Committee",
            },
            "filing_window": window,
            "filing_from": counted_from,
        }
    )


@pytest.mark.parametrize(
    ("body", "decided", "closed", "on", "late_until"),
    [
        # Counted from the decision: a year after it, the last day still counts.
        (_body("1y"), "2026-02-10", "2026-03-01", "2027-02-10", None),
        (_body("1y"), "2026-02-10", "2026-03-01", "2027-02-11", "2027-02-10"),
        # Without a written decision, from the closing of the complaint.
        (_body("1y"), None, "2026-03-01", "2027-03-01", None),
        (_body("1y"), None, "2026-03-01", "2027-03-02", "2027-03-01"),
        # Counted from receipt (2026-01-05), whatever came later.
        (_body("1y", "receipt"), "2026-02-10", "2026-03-01", "2027-01-06", "2027-01-05"),
        # No window known: never late.
        (_body(None), "2026-02-10", "2026-03-01", "2035-01-01", None),
    ],
)
def test_a_closed_complaint_goes_to_a_body_within_its_filing_window(
    body, decided, closed, on, late_until
):
    refusal = check_late_referral(
        body,
        received_on=date(2026, 1, 5),
        decided_on=date.fromisoformat(decided) if decided else None,
        closed_on=date.fromisoformat(closed),
        on=date.fromisoformat(on),
    )
    if late_until is None:
        assert refusal is None
    else:
        assert refusal is not None
        assert refusal.params["date"] == date.fromisoformat(late_until)


@pytest.mark.parametrize(
    ("state", "handling", "running", "unsigned", "expected"),
    [
        # The running term that ends first says what is due.
        (State.OPEN, Handling.FORMAL, ["acknowledgement", "decision"], False, Action.ACKNOWLEDGE),
        (State.OPEN, Handling.FORMAL, ["first_contact", "decision"], False, Action.RECORD_CONTACT),
        (State.OPEN, Handling.FORMAL, ["decision"], False, Action.RECORD_JUDGEMENT),
        (State.REFERRED, Handling.FORMAL, ["report"], False, Action.RECORD_REFERRAL_OUTCOME),
        (State.DECIDED, Handling.FORMAL, ["response"], False, Action.RECORD_ANSWER),
        # Without a term: what the state asks for.
        (State.DECIDED, Handling.FORMAL, [], True, Action.SIGN),
        (State.DECIDED, Handling.FORMAL, [], False, Action.CLOSE),
        (State.REFERRED, Handling.FORMAL, [], False, Action.RECORD_REFERRAL_OUTCOME),
        (State.OPEN, Handling.FORMAL, [], False, Action.RECORD_JUDGEMENT),
        (State.OPEN, Handling.INFORMAL, [], False, None),
        (State.CLOSED, Handling.FORMAL, ["decision"], False, None),
    ],
)
def test_what_the_scheme_expects_next(state, handling, running, unsigned, expected):
    assert (
        expected_next(
            state=state,
            handling=handling,
            running=[TermKind(kind) for kind in running],
            signatures_missing=unsigned,
        )
        is expected
    )


@pytest.mark.parametrize(
    ("state", "may"),
    [(State.OPEN, True), (State.REFERRED, True), (State.DECIDED, False), (State.CLOSED, False)],
)
def test_the_complainant_stops_their_complaint_only_while_it_is_handled(state, may):
    assert (check_own_withdrawal(state) is None) is may
