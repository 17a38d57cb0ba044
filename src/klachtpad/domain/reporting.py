"""Rules for reports on complaints: periods, their comparison and small numbers.

A report covers the complaints *received* in a period (both ends included), or those
*handled* (closed) in it where a scheme reports on handled complaints (Nexxtep art. 8.3). It is
compared with the period of the same length just before it. A public report shows no
count below a threshold, so that no complaint can be traced to a person (Jeugdwet
art. 4.3.1 asks for a public report; the AVG forbids it to identify anyone).

A scheme's periodic report (``reports: every: 1y``) covers calendar periods: the latest
whole period that has ended is due a month after its end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from klachtpad.domain.durations import Duration, DurationUnit

# Counts below this are shown as "< 5" in a public report.
SMALL_NUMBER = 5


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # included

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a period ends on or after its start")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period just before: as many whole months for whole months (a quarter, a
        half year, a year), else as many days."""
        months = self.whole_months
        if months:
            first = _add_months(self.start, -months)
            return Period(first, self.start - timedelta(days=1))
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end)

    @property
    def whole_months(self) -> int:
        """How many whole months the period is, or 0 when it does not run month to month."""
        after = self.end + timedelta(days=1)
        if self.start.day != 1 or after.day != 1:
            return 0
        return (after.year - self.start.year) * 12 + after.month - self.start.month


def _add_months(day: date, months: int) -> date:
    """The first of the month ``months`` from ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def median_of_counts(counts: dict[int, int]) -> float | None:
    """The median of values given as value -> how often it occurs."""
    total = sum(counts.values())
    if not total:
        return None
    middle = [(total - 1) // 2, total // 2]  # the two middle positions (equal when odd)
    found: list[int] = []
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        while middle and middle[0] < seen:
            found.append(value)
            middle.pop(0)
    return (found[0] + found[1]) / 2


def public_count(count: int, threshold: int = SMALL_NUMBER) -> str:
    """A count fit to publish: 0 and counts from the threshold up as they are, else "< N"."""
    if 0 < count < threshold:
        return f"< {threshold}"
    return str(count)


def describable(decisions: int, threshold: int = SMALL_NUMBER) -> bool:
    """Whether a public report may describe recommendations and measures: only when
    there were enough decisions that none can be traced to one complaint."""
    return decisions >= threshold


# A periodic report is made in the month after its period ends.
REPORT_GRACE_MONTHS = 1


def report_period_months(every: Duration) -> int:
    """How many months a scheme's report period covers: ``1y`` -> 12, ``3m`` -> 3. A
    period in days or weeks is rounded up to whole months, the smallest report period."""
    if every.unit is DurationUnit.YEARS:
        return 12 * every.amount
    if every.unit is DurationUnit.MONTHS:
        return every.amount
    days = every.amount * (7 if every.unit is DurationUnit.WEEKS else 1)
    return max(1, -(-days // 31))


def last_report_period(every: Duration, today: date) -> Period:
    """The latest whole report period that ended before ``today``, aligned to the
    calendar: years from 1 January, quarters and half years from January, months."""
    months = report_period_months(every)
    # Periods start in January: a period of a year or more ends on 31 December.
    step = min(months, 12)
    index = today.year * 12 + today.month - 1  # today's month, counted from year 0
    end_index = index - index % step
    after = date(end_index // 12, end_index % 12 + 1, 1)
    return Period(_add_months(after, -months), after - timedelta(days=1))


def report_due_on(period: Period) -> date:
    """The day a periodic report of ``period`` is due: a month after it ends."""
    return _add_months(period.end, REPORT_GRACE_MONTHS + 1) - timedelta(days=1)
