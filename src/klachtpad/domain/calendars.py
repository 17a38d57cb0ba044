"""Calendars: an organisation's working days, and the days off of the Algemene termijnenwet.

Working-day terms (acknowledgement, first contact) count the organisation's own working
days: its working weekdays minus the public holidays it chooses to observe, as listed by
the ``holidays`` package, minus its own closing days. The default does not take every
holiday the package lists: many employers work on Good Friday, and the package lists
Liberation Day (5 May) as a public holiday only in lustrum years (2025, 2030), keeping
the other years in its ``optional`` category. An organisation changes its choice in its
scheme file (``organisation.calendar``).

Legal terms follow the Algemene termijnenwet (Atw). Art. 1: a term set by law that ends
on a Saturday, Sunday or generally recognised holiday ends on the next day that is none
of these. Art. 3(1): New Year's Day, Easter Monday, Whit Monday, Christmas Day and Boxing
Day, Ascension Day, the day on which the King's birthday is celebrated, and 5 May (every
year, lustrum or not); art. 3(2): Good Friday. Art. 3(3) lets the Crown designate more
days; such days are passed in as ``designated_days``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import IntEnum
from functools import cache

import holidays as holidays_lib

ONE_DAY = timedelta(days=1)


class Weekday(IntEnum):
    MON = 0
    TUE = 1
    WED = 2
    THU = 3
    FRI = 4
    SAT = 5
    SUN = 6


MONDAY_TO_FRIDAY = frozenset({Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI})

# The names the ``holidays`` package gives (language en_US) to the Atw art. 3 days.
# Queen's Day is the King's Day of the years before 2014.
ATW_HOLIDAY_NAMES = frozenset(
    {
        "New Year's Day",
        "Good Friday",
        "Easter Monday",
        "King's Day",
        "Queen's Day",
        "Ascension Day",
        "Pentecost Monday",
        "Christmas Day",
        "Second Day of Christmas",
    }
)

# Holidays many Dutch employers work on: not observed unless the organisation says so.
DEFAULT_EXCLUDED_HOLIDAYS = frozenset({"Good Friday"})


@cache
def _listed_holidays(
    country: str, subdivision: str | None, year: int, category: str
) -> dict[date, str]:
    listed = holidays_lib.country_holidays(
        country, subdiv=subdivision, years=year, categories=(category,), language="en_US"
    )
    return dict(listed.items())


@cache
def _local_names(
    country: str, subdivision: str | None, year: int, language: str
) -> dict[date, str]:
    supported = holidays_lib.country_holidays(country)
    if language not in supported.supported_languages:
        language = "en_US"
    names: dict[date, str] = {}
    for category in ("optional", "public"):
        if category in supported.supported_categories:
            names.update(
                holidays_lib.country_holidays(
                    country,
                    subdiv=subdivision,
                    years=year,
                    categories=(category,),
                    language=language,
                )
            )
    return names


def subdivisions(country: str) -> tuple[str, ...]:
    """The regions with their own holidays that the package knows for ``country``."""
    return tuple(holidays_lib.country_holidays(country).subdivisions)


def holiday_names(country: str, subdivision: str | None = None) -> dict[str, frozenset[str]]:
    """The holiday names the package knows for a country, per category, over recent years."""
    names: dict[str, set[str]] = {"public": set(), "optional": set()}
    for category in names:
        supported = holidays_lib.country_holidays(country).supported_categories
        if category not in supported:
            continue
        for year in range(2010, 2041):
            names[category].update(_listed_holidays(country, subdivision, year, category).values())
    return {category: frozenset(found) for category, found in names.items()}


@dataclass(frozen=True)
class WorkingCalendar:
    """An organisation's working days.

    ``exclude`` names public holidays the organisation works on; ``include`` names
    holidays of the package's optional category it observes (``Liberation Day`` every
    year); ``closed_days`` are its own extra days off; ``open_days`` are days it works
    although they fall on a holiday or a non-working weekday.
    """

    country: str = "NL"
    subdivision: str | None = None
    working_weekdays: frozenset[Weekday] = MONDAY_TO_FRIDAY
    exclude: frozenset[str] = DEFAULT_EXCLUDED_HOLIDAYS
    include: frozenset[str] = frozenset()
    closed_days: frozenset[date] = field(default_factory=frozenset)
    open_days: frozenset[date] = field(default_factory=frozenset)

    def holidays_observed(self, year: int) -> dict[date, str]:
        """The holidays this organisation does not work on in ``year``, by date."""
        observed = {
            day: name
            for day, name in _listed_holidays(
                self.country, self.subdivision, year, "public"
            ).items()
            if name not in self.exclude
        }
        if self.include:
            optional = _listed_holidays(self.country, self.subdivision, year, "optional")
            observed.update({day: name for day, name in optional.items() if name in self.include})
        return observed

    def holidays_named(self, year: int, language: str) -> dict[date, str]:
        """The observed holidays with their names in ``language`` ("nl", "en_US")."""
        local = _local_names(self.country, self.subdivision, year, language)
        return {day: local.get(day, name) for day, name in self.holidays_observed(year).items()}

    def is_working_day(self, day: date) -> bool:
        if day in self.open_days:
            return True
        if day in self.closed_days:
            return False
        if Weekday(day.weekday()) not in self.working_weekdays:
            return False
        return day not in self.holidays_observed(day.year)

    def add_working_days(self, start: date, count: int) -> date:
        """The ``count``-th working day after ``start`` (the start day itself never counts).

        A complaint received on Friday 18 December 2026 with 5 working days to
        acknowledge must be acknowledged by Monday 28 December: Christmas falls on
        Friday 25 and Boxing Day on Saturday 26.
        """
        if count < 1:
            raise ValueError("count working days from 1")
        day = start
        counted = 0
        # A calendar without any working day would loop forever; ten years is a guard.
        limit = start + timedelta(days=3660)
        while counted < count:
            day += ONE_DAY
            if day > limit:
                raise ValueError("this calendar has no working days")
            if self.is_working_day(day):
                counted += 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end``; negative if end < start."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(
            1
            for offset in range(1, (end - start).days + 1)
            if self.is_working_day(start + timedelta(days=offset))
        )


@dataclass(frozen=True)
class AtwCalendar:
    """The days on which a term set by law cannot end (Algemene termijnenwet art. 1 and 3)."""

    designated_days: frozenset[date] = field(default_factory=frozenset)

    def holidays(self, year: int) -> dict[date, str]:
        listed = _listed_holidays("NL", None, year, "public")
        days = {day: name for day, name in listed.items() if name in ATW_HOLIDAY_NAMES}
        # Art. 3(1) names 5 May itself, every year; the package lists it yearly only as optional.
        days[date(year, 5, 5)] = "Liberation Day"
        days.update({day: "Designated day" for day in self.designated_days if day.year == year})
        return days

    def is_day_off(self, day: date) -> bool:
        return day.weekday() >= Weekday.SAT or day in self.holidays(day.year)

    def end_of_term(self, nominal_end: date) -> date:
        """Atw art. 1: a legal term that ends on a day off ends on the next day that is not."""
        day = nominal_end
        while self.is_day_off(day):
            day += ONE_DAY
        return day


def weekdays_from_names(names: Iterable[str]) -> frozenset[Weekday]:
    return frozenset(Weekday[name.upper()] for name in names)
