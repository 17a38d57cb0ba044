from datetime import date

import pytest

from klachtpad.domain.retention import (
    FileDates,
    HoldKind,
    Rule,
    check_request_extension,
    check_years,
    purge_due_on,
    request_due_on,
    rule_for,
    window_hold,
)
from tests.domain.test_workflow import _body

RULES = [Rule("", "", 5), Rule("", "informal", 2), Rule("youth", "", 7)]


@pytest.mark.parametrize(
    ("procedure", "handling", "years"),
    [
        ("care", "formal", 5),  # only the general rule
        ("care", "informal", 2),  # the handling is more specific
        ("youth", "informal", 7),  # the procedure outweighs the handling
        ("youth", "formal", 7),
    ],
)
def test_the_most_specific_term_applies(procedure, handling, years):
    rule = rule_for(RULES, procedure, handling)
    assert rule is not None and rule.years == years


def test_no_rule_no_term():
    assert rule_for([Rule("youth", "", 7)], "care", "formal") is None


def test_terms_outside_one_to_thirty_years_are_refused():
    assert check_years(0) is not None and check_years(31) is not None
    assert check_years(1) is None and check_years(30) is None


def test_a_term_counts_calendar_years_from_closure():
    assert purge_due_on(date(2024, 2, 29), 2) == date(2026, 2, 28)
    assert purge_due_on(date(2024, 3, 15), 5) == date(2029, 3, 15)


def test_a_filing_window_holds_the_file_to_its_last_day():
    dates = FileDates(date(2026, 1, 5), date(2026, 2, 10), date(2026, 3, 1))
    hold = window_hold([_body("1y"), _body(None)], dates, date(2027, 2, 10))
    assert hold is not None and hold.kind is HoldKind.WINDOW and hold.until == date(2027, 2, 10)
    assert window_hold([_body("1y")], dates, date(2027, 2, 11)) is None
    # Counted from receipt it closes earlier.
    assert window_hold([_body("1y", "receipt")], dates, date(2027, 2, 10)) is None


def test_a_request_is_answered_within_a_month_or_three_once_extended():
    assert request_due_on(date(2026, 1, 31), extended=False) == date(2026, 2, 28)
    assert request_due_on(date(2026, 1, 31), extended=True) == date(2026, 4, 28)
    assert check_request_extension(date(2026, 1, 31), date(2026, 2, 28), already=False) is None
    assert check_request_extension(date(2026, 1, 31), date(2026, 3, 1), already=False)
    assert check_request_extension(date(2026, 1, 31), date(2026, 2, 1), already=True)
