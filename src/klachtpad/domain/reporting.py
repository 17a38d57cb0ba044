"""Rules for reports on complaints: periods, their comparison and small numbers.

A report covers the complaints *received* in a period (both ends included). It is
compared with the period of the same length just before it. A public report shows no
count below a threshold, so that no complaint can be traced to a person (Jeugdwet
art. 4.3.1 asks for a public report; the AVG forbids it to identify anyone).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

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
