"""How long a complaint file is kept, what holds it longer, and the terms of a person's
request about their data (AVG art. 5(1)(e), 12, 15-17).

No law sets a term for complaint files; the organisation chooses one per procedure and
handling (practice: 2 to 5 years after closure) and records why. A file is not removed
while a hold applies: a dispute not yet ruled on, an outside body's filing window still
open, or a hold an officer set by hand with a reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from klachtpad.domain.messages import Message, gettext_noop
from klachtpad.domain.schemes.model import Body
from klachtpad.domain.workflow import filing_window_end

# The shortest and longest term an organisation may set, in years.
SHORTEST_YEARS = 1
LONGEST_YEARS = 30

# AVG art. 12(3): one month, extendable by two further months.
REQUEST_TERM = relativedelta(months=1)
REQUEST_EXTENSION = relativedelta(months=2)


@dataclass(frozen=True)
class Rule:
    """A retention term: for a procedure (blank: every one) and a handling (blank: both)."""

    procedure: str
    handling: str
    years: int

    def matches(self, procedure: str, handling: str) -> bool:
        return self.procedure in ("", procedure) and self.handling in ("", handling)

    @property
    def specificity(self) -> int:
        return (2 if self.procedure else 0) + (1 if self.handling else 0)


def rule_for(rules: Iterable[Rule], procedure: str, handling: str) -> Rule | None:
    """The most specific rule for a file of ``procedure`` with ``handling``, or None."""
    matching = [rule for rule in rules if rule.matches(procedure, handling)]
    return max(matching, key=lambda rule: rule.specificity, default=None)


def check_years(years: int) -> Message | None:
    if SHORTEST_YEARS <= years <= LONGEST_YEARS:
        return None
    return Message(
        gettext_noop("A retention term is between %(shortest)s and %(longest)s years."),
        {"shortest": SHORTEST_YEARS, "longest": LONGEST_YEARS},
    )


def purge_due_on(closed_on: date, years: int) -> date:
    """The day a file closed on ``closed_on`` may go: ``years`` after closure (a file
    closed on 29 February goes on 28 February)."""
    return closed_on + relativedelta(years=years)


class HoldKind(StrEnum):
    DISPUTE = "dispute"  # referred to an outside body that has not ruled yet
    WINDOW = "window"  # an outside body's filing window is still open
    MANUAL = "manual"  # held by an officer, with a reason


@dataclass(frozen=True)
class Hold:
    kind: HoldKind
    until: date | None  # None: until released (or ruled on)
    reason: Message


@dataclass(frozen=True)
class FileDates:
    received_on: date
    decided_on: date | None
    closed_on: date


def window_hold(bodies: Sequence[Body], dates: FileDates, today: date) -> Hold | None:
    """The latest filing window of the procedure's outside bodies still open on ``today``:
    the file stays while the complainant may still bring it there."""
    ends = []
    for body in bodies:
        if body.filing_window is None or body.filing_window.counts_working_days:
            continue
        end = filing_window_end(
            body,
            received_on=dates.received_on,
            decided_on=dates.decided_on,
            closed_on=dates.closed_on,
        )
        if end is not None and end >= today:
            ends.append((end, body))
    if not ends:
        return None
    end, body = max(ends, key=lambda pair: pair[0])
    return Hold(
        HoldKind.WINDOW,
        end,
        Message(
            gettext_noop("The complaint may be brought to %(body)s until %(date)s."),
            {"body": body.name.nl, "date": end},
        ),
    )


def dispute_hold(pending_bodies: Sequence[str]) -> Hold | None:
    if not pending_bodies:
        return None
    return Hold(
        HoldKind.DISPUTE,
        None,
        Message(
            gettext_noop("%(bodies)s has not given its ruling yet."),
            {"bodies": ", ".join(pending_bodies)},
        ),
    )


def request_due_on(received_on: date, extended: bool) -> date:
    """The day a person's request must be answered: one month after it came in, three
    when the term was extended (AVG art. 12(3))."""
    due = received_on + REQUEST_TERM
    return due + REQUEST_EXTENSION if extended else due


def check_request_extension(received_on: date, today: date, already: bool) -> Message | None:
    """Why the term of a request cannot be extended now, or None: once, and told to the
    person within the first month."""
    if already:
        return Message(gettext_noop("The term of this request was extended already."))
    if today > received_on + REQUEST_TERM:
        return Message(
            gettext_noop("The term can only be extended within the first month, until %(date)s."),
            {"date": received_on + REQUEST_TERM},
        )
    return None
