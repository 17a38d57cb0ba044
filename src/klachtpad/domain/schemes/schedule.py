"""Every term of a procedure for one date of receipt: what the terms calculator shows.

All terms are counted from ``start``: for step terms this assumes the complaint reaches
the step on that day, for a response term that the judgement is given on that day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from klachtpad.domain.calendars import AtwCalendar, WorkingCalendar
from klachtpad.domain.deadlines import Term, latest_extended_end
from klachtpad.domain.schemes.model import Procedure, Step, TermSpec
from klachtpad.domain.schemes.vocabulary import TermKind


@dataclass(frozen=True)
class ScheduledTerm:
    step: Step | None
    kind: TermKind | str
    spec: TermSpec
    start: date
    end: date
    nominal_end: date | None  # before the Atw shift; None for working-day terms
    latest_extension_end: date | None

    @property
    def moved_by_atw(self) -> bool:
        return self.nominal_end is not None and self.nominal_end != self.end


def procedure_schedule(
    procedure: Procedure, *, start: date, calendar: WorkingCalendar, atw: AtwCalendar
) -> list[ScheduledTerm]:
    scheduled = []
    for step, kind, spec in procedure.all_terms():
        term = Term(rule=spec.rule(), start=start)
        nominal = None if spec.within.counts_working_days else term.nominal_end()
        scheduled.append(
            ScheduledTerm(
                step=step,
                kind=kind,
                spec=spec,
                start=start,
                end=term.end(calendar, atw),
                nominal_end=nominal,
                latest_extension_end=latest_extended_end(term, calendar, atw),
            )
        )
    return scheduled
