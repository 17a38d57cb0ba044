"""Who may sit on a complaints committee, and when it may meet.

Jeugdwet art. 4.2.1(2): the committee has at least three members, and its chair does
not work for or at the provider. A scheme may ask the same of any committee
(``independent_chair``). A committee meets with its chair.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from klachtpad.domain.messages import Message, gettext_noop
from klachtpad.domain.schemes.vocabulary import Regime

JEUGDWET_MEMBERS = 3


class CommitteeRole(StrEnum):
    CHAIR = "chair"
    MEMBER = "member"
    SECRETARY = "secretary"  # keeps the minutes; not a member who judges


@dataclass(frozen=True)
class Seat:
    role: CommitteeRole
    works_for_provider: bool


def chair_independence_required(*, regime: Regime, independent_chair: bool) -> bool:
    return independent_chair or regime is Regime.JEUGDWET


def check_seat(seat: Seat, *, regime: Regime, independent_chair: bool) -> Message | None:
    """Why this person cannot take this seat, or None."""
    if (
        seat.role is CommitteeRole.CHAIR
        and seat.works_for_provider
        and chair_independence_required(regime=regime, independent_chair=independent_chair)
    ):
        return Message(
            gettext_noop(
                "The chair may not work for or at the provider (Jeugdwet art. 4.2.1, or "
                "the scheme's independent chair)."
            )
        )
    return None


def composition_problems(
    seats: Sequence[Seat], *, regime: Regime, independent_chair: bool
) -> list[Message]:
    """What the committee lacks before it may meet."""
    judging = [seat for seat in seats if seat.role is not CommitteeRole.SECRETARY]
    problems = []
    if not any(seat.role is CommitteeRole.CHAIR for seat in judging):
        problems.append(Message(gettext_noop("The committee has no chair yet.")))
    if regime is Regime.JEUGDWET and len(judging) < JEUGDWET_MEMBERS:
        problems.append(
            Message(
                gettext_noop(
                    "Under the Jeugdwet (art. 4.2.1) a committee has at least %(n)s members, "
                    "the chair included."
                ),
                {"n": JEUGDWET_MEMBERS},
            )
        )
    problems += [
        problem
        for seat in judging
        if (problem := check_seat(seat, regime=regime, independent_chair=independent_chair))
    ]
    return problems


def check_present(present: Sequence[Seat]) -> Message | None:
    """A session is held with its chair."""
    if any(seat.role is CommitteeRole.CHAIR for seat in present):
        return None
    return Message(gettext_noop("Mark the chair as present: the committee meets with its chair."))
