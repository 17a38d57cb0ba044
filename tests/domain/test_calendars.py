"""Working days and Atw days off, one row per case a complaints officer could meet."""

from datetime import date

import pytest

from klachtpad.domain.calendars import AtwCalendar, Weekday, WorkingCalendar

DEFAULT = WorkingCalendar()
LIBERATION_EVERY_YEAR = WorkingCalendar(include=frozenset({"Liberation Day"}))
GOOD_FRIDAY_OFF = WorkingCalendar(exclude=frozenset())
MON_TO_THU = WorkingCalendar(
    working_weekdays=frozenset({Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU})
)
CHRISTMAS_EVE_CLOSED = WorkingCalendar(closed_days=frozenset({date(2026, 12, 24)}))
ATW = AtwCalendar()


@pytest.mark.parametrize(
    ("calendar", "start", "count", "expected"),
    [
        # Fri 18 Dec 2026 + 5 working days -> Mon 28 Dec: Christmas on Fri 25, Boxing Day Sat 26.
        (DEFAULT, date(2026, 12, 18), 5, date(2026, 12, 28)),
        # Christmas Eve closed too: Thu 24 no longer counts -> Tue 29 Dec.
        (CHRISTMAS_EVE_CLOSED, date(2026, 12, 18), 5, date(2026, 12, 29)),
        # Year end: Wed 30 Dec 2026 + 2 -> Thu 31 Dec (1), New Year Fri 1 Jan off, Mon 4 Jan (2).
        (DEFAULT, date(2026, 12, 30), 2, date(2027, 1, 4)),
        # Received on a Saturday: counting starts on Monday; +2 -> Tue.
        (DEFAULT, date(2026, 11, 21), 2, date(2026, 11, 24)),
        # Easter 2026: Good Friday 3 Apr is worked by default, Easter Monday 6 Apr is not.
        # Thu 2 Apr + 5 -> Fri 3, Tue 7, Wed 8, Thu 9, Fri 10.
        (DEFAULT, date(2026, 4, 2), 5, date(2026, 4, 10)),
        # The same organisation choosing Good Friday off: Tue 7 .. Mon 13.
        (GOOD_FRIDAY_OFF, date(2026, 4, 2), 5, date(2026, 4, 13)),
        # King's Day 2026 falls on Monday 27 April: Fri 24 Apr + 1 -> Tue 28 Apr.
        (DEFAULT, date(2026, 4, 24), 1, date(2026, 4, 28)),
        # King's Day 2025 was moved to Saturday 26 April (27th a Sunday): no working day lost.
        # Fri 25 Apr 2025 + 1 -> Mon 28 Apr.
        (DEFAULT, date(2025, 4, 25), 1, date(2025, 4, 28)),
        # Liberation Day 2025 (lustrum year) is a day off by default: Fri 2 May + 1 -> Tue 6 May.
        (DEFAULT, date(2025, 5, 2), 1, date(2025, 5, 6)),
        # Liberation Day 2026 (no lustrum) is worked by default: Mon 4 May + 1 -> Tue 5 May.
        (DEFAULT, date(2026, 5, 4), 1, date(2026, 5, 5)),
        # ...unless the organisation observes it every year: -> Wed 6 May.
        (LIBERATION_EVERY_YEAR, date(2026, 5, 4), 1, date(2026, 5, 6)),
        # Ascension Day Thu 14 May 2026: Wed 13 + 1 -> Fri 15.
        (DEFAULT, date(2026, 5, 13), 1, date(2026, 5, 15)),
        # Whit Monday 25 May 2026: Fri 22 + 1 -> Tue 26.
        (DEFAULT, date(2026, 5, 22), 1, date(2026, 5, 26)),
        # A four-day week: Thu 19 Nov 2026 + 1 -> Mon 23 (Fri not worked).
        (MON_TO_THU, date(2026, 11, 19), 1, date(2026, 11, 23)),
        # Christmas 2027 on a weekend costs no working day: Fri 24 Dec + 1 -> Mon 27 Dec.
        (DEFAULT, date(2027, 12, 24), 1, date(2027, 12, 27)),
    ],
)
def test_add_working_days(calendar, start, count, expected):
    assert calendar.add_working_days(start, count) == expected


@pytest.mark.parametrize(
    ("nominal_end", "expected"),
    [
        # A plain Tuesday is not a day off.
        (date(2026, 11, 24), date(2026, 11, 24)),
        # Saturday -> Monday.
        (date(2026, 11, 21), date(2026, 11, 23)),
        # King's Day 2025 observed on Saturday 26 April: Sat -> Sun -> Mon 28 April.
        (date(2025, 4, 26), date(2025, 4, 28)),
        # King's Day 2026 on Monday 27 April -> Tue 28 April.
        (date(2026, 4, 27), date(2026, 4, 28)),
        # Good Friday 3 Apr 2026 (Atw art. 3(2)) -> Sat, Sun, Easter Monday -> Tue 7 April.
        (date(2026, 4, 3), date(2026, 4, 7)),
        # 5 May counts every year under the Atw, also 2026 (no lustrum) -> Wed 6 May.
        (date(2026, 5, 5), date(2026, 5, 6)),
        # Ascension Day Thu 14 May 2026 -> Fri 15 May.
        (date(2026, 5, 14), date(2026, 5, 15)),
        # Christmas Fri 25 Dec 2026 -> Boxing Day Sat, Sun -> Mon 28 Dec.
        (date(2026, 12, 25), date(2026, 12, 28)),
        # Christmas 2027 on Sat and Sun: Sat 25 Dec -> Mon 27 Dec (not a holiday).
        (date(2027, 12, 25), date(2027, 12, 27)),
        # New Year's Day Fri 1 Jan 2027 -> Mon 4 Jan 2027.
        (date(2027, 1, 1), date(2027, 1, 4)),
        # Queen's Day Tue 30 April 2013, before King's Day -> Wed 1 May.
        (date(2013, 4, 30), date(2013, 5, 1)),
        # Christmas Eve is not an Atw day: Thu 24 Dec 2026 stays.
        (date(2026, 12, 24), date(2026, 12, 24)),
    ],
)
def test_atw_end_of_term(nominal_end, expected):
    assert ATW.end_of_term(nominal_end) == expected


def test_atw_designated_day_moves_a_term():
    # Atw art. 3(3): a day the Crown designates counts as a holiday.
    designated = AtwCalendar(designated_days=frozenset({date(2026, 11, 24)}))
    assert designated.end_of_term(date(2026, 11, 24)) == date(2026, 11, 25)


def test_working_days_between_counts_after_start_up_to_end():
    # Mon 21 Dec 2026 to Mon 28 Dec: 22, 23, 24, 28 are working days.
    assert DEFAULT.working_days_between(date(2026, 12, 21), date(2026, 12, 28)) == 4
    assert DEFAULT.working_days_between(date(2026, 12, 28), date(2026, 12, 21)) == -4
    assert DEFAULT.working_days_between(date(2026, 12, 28), date(2026, 12, 28)) == 0


def test_open_day_overrides_a_holiday():
    # An organisation that opens on Easter Monday 2026 counts it.
    calendar = WorkingCalendar(open_days=frozenset({date(2026, 4, 6)}))
    assert calendar.add_working_days(date(2026, 4, 3), 1) == date(2026, 4, 6)


def test_a_calendar_without_working_days_is_an_error_not_a_hang():
    with pytest.raises(ValueError, match="no working days"):
        WorkingCalendar(working_weekdays=frozenset()).add_working_days(date(2026, 1, 1), 1)
