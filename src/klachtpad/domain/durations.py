"""Durations as schemes write them: ``5wd``, ``2wd``, ``6w``, ``4w``, ``1m``, ``1y``, ``10d``.

Units: ``d`` calendar days, ``wd`` working days (the organisation's calendar), ``w``
weeks, ``m`` calendar months, ``y`` years. Month and year arithmetic clips to the end of
the month (31 January + 1m is 28 or 29 February), as Dutch case law counts months.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from klachtpad.domain.marking import gettext_noop


class DurationUnit(StrEnum):
    DAYS = "d"
    WORKING_DAYS = "wd"
    WEEKS = "w"
    MONTHS = "m"
    YEARS = "y"


_PATTERN = re.compile(r"^\s*(\d{1,4})\s*(wd|d|w|m|y)\s*$")

NOT_A_DURATION = gettext_noop(
    "%(text)s is not a duration; write a number and a unit: 6w (weeks), 30wd (working "
    "days), 10d, 1m or 1y"
)


class DurationError(ValueError):
    """The text is not a duration; the message says how to write one. ``template`` is
    marked for translation and filled in from ``params``."""

    def __init__(self, template: str, **params: str) -> None:
        super().__init__(template % params)
        self.template = template
        self.params = params


@dataclass(frozen=True, order=True)
class Duration:
    amount: int
    unit: DurationUnit

    @classmethod
    def parse(cls, text: object) -> Duration:
        if isinstance(text, Duration):
            return text
        if not isinstance(text, str):
            raise DurationError(NOT_A_DURATION, text=repr(text))
        match = _PATTERN.match(text)
        if match is None:
            raise DurationError(NOT_A_DURATION, text=f'"{text}"')
        amount = int(match.group(1))
        if amount == 0:
            raise DurationError(
                gettext_noop('"%(text)s" is zero; a term must be at least one day'), text=text
            )
        return cls(amount, DurationUnit(match.group(2)))

    @property
    def counts_working_days(self) -> bool:
        return self.unit is DurationUnit.WORKING_DAYS

    def add_to(self, start: date) -> date:
        """The calendar date ``self`` after ``start``. Working days need a calendar."""
        if self.unit is DurationUnit.DAYS:
            return start + timedelta(days=self.amount)
        if self.unit is DurationUnit.WEEKS:
            return start + timedelta(weeks=self.amount)
        if self.unit is DurationUnit.MONTHS:
            return start + relativedelta(months=self.amount)
        if self.unit is DurationUnit.YEARS:
            return start + relativedelta(years=self.amount)
        raise ValueError("working days are counted on a WorkingCalendar")

    def subtract_from(self, end: date) -> date:
        """The calendar date ``self`` before ``end`` (for "older than one year")."""
        if self.unit is DurationUnit.DAYS:
            return end - timedelta(days=self.amount)
        if self.unit is DurationUnit.WEEKS:
            return end - timedelta(weeks=self.amount)
        if self.unit is DurationUnit.MONTHS:
            return end - relativedelta(months=self.amount)
        if self.unit is DurationUnit.YEARS:
            return end - relativedelta(years=self.amount)
        raise ValueError("working days are counted on a WorkingCalendar")

    def longest_days(self) -> int:
        """An upper bound in calendar days, to compare a calendar term with a legal limit."""
        if self.unit is DurationUnit.WORKING_DAYS:
            raise ValueError("working days have no fixed length in calendar days")
        per_unit = {
            DurationUnit.DAYS: 1,
            DurationUnit.WEEKS: 7,
            DurationUnit.MONTHS: 31,
            DurationUnit.YEARS: 366,
        }
        return self.amount * per_unit[self.unit]

    def __str__(self) -> str:
        return f"{self.amount}{self.unit.value}"
