"""Terms a complaints officer must be able to defend: one row per rule and date trap."""

from datetime import date

import pytest

from klachtpad.domain.calendars import AtwCalendar, WorkingCalendar
from klachtpad.domain.deadlines import (
    Agreement,
    Extension,
    ExtensionRule,
    Term,
    TermRule,
    check_event_age,
    decide_agreement,
    decide_extension,
    standing,
)
from klachtpad.domain.durations import Duration

CAL = WorkingCalendar()
ATW = AtwCalendar()
WKKGZ_DECISION = TermRule(
    within=Duration.parse("6w"),
    statutory=True,
    extension=ExtensionRule(maximum=Duration.parse("4w")),
    by_agreement=True,
)
CONTRACT_JUDGEMENT = TermRule(  # Nexxtep: four weeks, extension with reason, no maximum named
    within=Duration.parse("4w"), extension=ExtensionRule(maximum=None)
)
ACKNOWLEDGEMENT = TermRule(within=Duration.parse("5wd"))
NO_EXTENSION = TermRule(within=Duration.parse("2wd"))


@pytest.mark.parametrize(
    ("rule", "received", "expected"),
    [
        # Wkkgz: received Mon 2 Mar 2026 -> Mon 13 Apr 2026, same weekday six weeks on.
        (WKKGZ_DECISION, date(2026, 3, 2), date(2026, 4, 13)),
        # Six weeks end on Sat 26 Apr 2025, King's Day moved from Sunday: -> Mon 28 Apr.
        (WKKGZ_DECISION, date(2025, 3, 15), date(2025, 4, 28)),
        # Six weeks end on Good Friday 3 Apr 2026 -> Sat, Sun, Easter Monday -> Tue 7 Apr.
        (WKKGZ_DECISION, date(2026, 2, 20), date(2026, 4, 7)),
        # Six weeks end on Tue 5 May 2026: 5 May is an Atw day every year -> Wed 6 May.
        (WKKGZ_DECISION, date(2026, 3, 24), date(2026, 5, 6)),
        # Six weeks end on New Year's Day Fri 1 Jan 2027 -> Mon 4 Jan 2027.
        (WKKGZ_DECISION, date(2026, 11, 20), date(2027, 1, 4)),
        # Six weeks end on Christmas Sat 25 Dec 2027 -> Sun 26 -> Mon 27 Dec 2027.
        (WKKGZ_DECISION, date(2027, 11, 13), date(2027, 12, 27)),
        # Across the year end without a holiday: Mon 23 Nov 2026 -> Mon 4 Jan 2027.
        (WKKGZ_DECISION, date(2026, 11, 23), date(2027, 1, 4)),
        # A contract term is not set by law: Sat 7 Mar 2026 + 4w stays Sat 4 Apr 2026.
        (CONTRACT_JUDGEMENT, date(2026, 3, 7), date(2026, 4, 4)),
        # Acknowledgement, 5 working days: Fri 18 Dec 2026 -> Mon 28 Dec (Christmas Fri/Sat).
        (ACKNOWLEDGEMENT, date(2026, 12, 18), date(2026, 12, 28)),
        # First contact, 2 working days: Thu 1 May 2025 -> Fri 2 May (1), Mon 5 May off in
        # the lustrum year -> Tue 6 May (2).
        (NO_EXTENSION, date(2025, 5, 1), date(2025, 5, 6)),
    ],
)
def test_term_end(rule, received, expected):
    assert Term(rule=rule, start=received).end(CAL, ATW) == expected


def _extend(term, *, requested_end, notified_on, today=None):
    return decide_extension(
        term,
        requested_end=requested_end,
        notified_on=notified_on,
        today=today or notified_on,
        calendar=CAL,
        atw=ATW,
    )


MARCH_2 = Term(rule=WKKGZ_DECISION, start=date(2026, 3, 2))  # ends Mon 13 Apr 2026


@pytest.mark.parametrize(
    ("term", "requested_end", "notified_on", "allowed", "new_end"),
    [
        # Four weeks, notified in time: 13 Apr + 4w = Mon 11 May 2026.
        (MARCH_2, date(2026, 5, 11), date(2026, 4, 10), True, date(2026, 5, 11)),
        # Notice on the last day of the term is still before the term ends.
        (MARCH_2, date(2026, 5, 11), date(2026, 4, 13), True, date(2026, 5, 11)),
        # A shorter extension is fine.
        (MARCH_2, date(2026, 4, 24), date(2026, 4, 10), True, date(2026, 4, 24)),
        # A new end on King's Day (Mon 27 Apr 2026) is a legal term's end: -> Tue 28 Apr.
        (MARCH_2, date(2026, 4, 27), date(2026, 4, 10), True, date(2026, 4, 28)),
        # One day more than four weeks is refused.
        (MARCH_2, date(2026, 5, 12), date(2026, 4, 10), False, None),
        # Notice one day after the term ended is refused.
        (MARCH_2, date(2026, 5, 11), date(2026, 4, 14), False, None),
        # A new end before the current end is no extension.
        (MARCH_2, date(2026, 4, 10), date(2026, 4, 1), False, None),
        # The original end moved by the Atw (Sat 26 Apr 2025 -> Mon 28 Apr); the maximum
        # counts from Sat 26 Apr: + 4w = Sat 24 May -> Atw -> Mon 26 May 2025.
        (
            Term(rule=WKKGZ_DECISION, start=date(2025, 3, 15)),
            date(2025, 5, 26),
            date(2025, 4, 28),
            True,
            date(2025, 5, 26),
        ),
        # A requested end on a Saturday moves to the Monday, which must still fit.
        (MARCH_2, date(2026, 5, 9), date(2026, 4, 10), True, date(2026, 5, 11)),
        # No maximum named (contract): eight weeks more is allowed, with notice in time.
        (
            Term(rule=CONTRACT_JUDGEMENT, start=date(2026, 3, 7)),
            date(2026, 5, 30),
            date(2026, 4, 1),
            True,
            date(2026, 5, 30),
        ),
        # A term the scheme does not allow to be extended.
        (
            Term(rule=NO_EXTENSION, start=date(2026, 3, 2)),
            date(2026, 3, 10),
            date(2026, 3, 3),
            False,
            None,
        ),
    ],
)
def test_decide_extension(term, requested_end, notified_on, allowed, new_end):
    decision = _extend(term, requested_end=requested_end, notified_on=notified_on)
    assert decision.allowed is allowed
    assert decision.new_end == new_end
    assert bool(decision.reasons) is not allowed


def test_second_extension_is_refused_naming_the_first():
    extended = Term(
        rule=WKKGZ_DECISION,
        start=date(2026, 3, 2),
        extensions=(Extension(notified_on=date(2026, 3, 3), new_end=date(2026, 4, 27)),),
    )
    decision = _extend(extended, requested_end=date(2026, 5, 11), notified_on=date(2026, 4, 20))
    assert not decision.allowed
    assert [str(reason) for reason in decision.reasons] == [
        "This complaint already had its one extension on 2026-03-03."
    ]


def test_too_long_extension_points_to_agreement():
    decision = _extend(MARCH_2, requested_end=date(2026, 6, 1), notified_on=date(2026, 4, 10))
    texts = [str(reason) for reason in decision.reasons]
    assert texts == [
        "An extension may be at most 4w: the latest possible end is 2026-05-11.",
        "A longer term is possible only by agreement with the complainant.",
    ]


def test_late_notice_names_the_end_and_the_notice():
    decision = _extend(MARCH_2, requested_end=date(2026, 5, 11), notified_on=date(2026, 4, 14))
    assert str(decision.reasons[0]) == (
        "The term ended on 2026-04-13. An extension must be notified to the complainant "
        "before the term ends; the notice of 2026-04-14 came too late."
    )


def test_notice_dated_in_the_future_is_refused():
    decision = _extend(
        MARCH_2,
        requested_end=date(2026, 5, 11),
        notified_on=date(2026, 4, 10),
        today=date(2026, 4, 9),
    )
    assert not decision.allowed


def test_extended_term_ends_at_the_new_end():
    extended = Term(
        rule=WKKGZ_DECISION,
        start=date(2026, 3, 2),
        extensions=(Extension(notified_on=date(2026, 4, 10), new_end=date(2026, 5, 11)),),
    )
    assert extended.end(CAL, ATW) == date(2026, 5, 11)


@pytest.mark.parametrize(
    ("term", "requested_end", "agreed_on", "allowed"),
    [
        # After the one extension, a longer term by agreement is possible before it ends.
        (
            Term(
                rule=WKKGZ_DECISION,
                start=date(2026, 3, 2),
                extensions=(Extension(notified_on=date(2026, 4, 10), new_end=date(2026, 5, 11)),),
            ),
            date(2026, 6, 30),
            date(2026, 5, 4),
            True,
        ),
        # An agreement after the term ended does not make a late decision timely.
        (MARCH_2, date(2026, 6, 30), date(2026, 4, 14), False),
        # A contract scheme without agreement clause: refused.
        (
            Term(rule=CONTRACT_JUDGEMENT, start=date(2026, 3, 7)),
            date(2026, 6, 30),
            date(2026, 3, 20),
            False,
        ),
        # An "agreed" end before the current end is no longer term.
        (MARCH_2, date(2026, 4, 1), date(2026, 3, 20), False),
    ],
)
def test_decide_agreement(term, requested_end, agreed_on, allowed):
    decision = decide_agreement(
        term,
        requested_end=requested_end,
        agreed_on=agreed_on,
        today=agreed_on,
        calendar=CAL,
        atw=ATW,
    )
    assert decision.allowed is allowed


def test_agreed_end_counts():
    agreed = Term(
        rule=WKKGZ_DECISION,
        start=date(2026, 3, 2),
        agreements=(Agreement(agreed_on=date(2026, 4, 1), new_end=date(2026, 7, 1)),),
    )
    assert agreed.end(CAL, ATW) == date(2026, 7, 1)


@pytest.mark.parametrize(
    ("event_date", "received_on", "flagged"),
    [
        # Exactly one year before receipt is within the limit.
        (date(2025, 11, 22), date(2026, 11, 22), False),
        # One day older is flagged (not refused).
        (date(2025, 11, 21), date(2026, 11, 22), True),
        # Received on leap day 2024: one year back is 28 Feb 2023.
        (date(2023, 2, 28), date(2024, 2, 29), False),
        (date(2023, 2, 27), date(2024, 2, 29), True),
        # Unknown event date: nothing to flag.
        (None, date(2026, 11, 22), False),
    ],
)
def test_event_age(event_date, received_on, flagged):
    flag = check_event_age(
        event_date=event_date, received_on=received_on, limit=Duration.parse("1y")
    )
    assert (flag is not None) is flagged


def test_event_age_message_explains_the_officer_decides():
    flag = check_event_age(
        event_date=date(2025, 1, 10), received_on=date(2026, 11, 22), limit=Duration.parse("1y")
    )
    assert flag is not None
    assert "decide whether to handle" in str(flag.message)


def test_no_limit_means_no_flag():
    assert (
        check_event_age(event_date=date(2000, 1, 1), received_on=date(2026, 1, 1), limit=None)
        is None
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [("6w", "6w"), ("30wd", "30wd"), (" 1y ", "1y"), ("1m", "1m"), ("10d", "10d")],
)
def test_duration_parse(text, expected):
    assert str(Duration.parse(text)) == expected


@pytest.mark.parametrize("text", ["6 weken", "six weeks", "0w", "6", "w6", "-1w", 6])
def test_duration_parse_refuses_with_a_hint(text):
    with pytest.raises(ValueError, match=r"not a duration|is zero"):
        Duration.parse(text)


def test_month_clips_to_month_end():
    # 31 January + 1 month -> 28 February (2026 is no leap year).
    assert Duration.parse("1m").add_to(date(2026, 1, 31)) == date(2026, 2, 28)


@pytest.mark.parametrize(
    ("every", "today", "period", "due"),
    [
        # A yearly report in January covers the year before, due at the end of January.
        ("1y", "2027-01-05", ("2026-01-01", "2026-12-31"), "2027-01-31"),
        # On 1 December 2026 the last whole year is still 2025.
        ("1y", "2026-12-01", ("2025-01-01", "2025-12-31"), "2026-01-31"),
        # Quarters from January: on 1 Dec the third quarter is the last that ended.
        ("3m", "2026-12-01", ("2026-07-01", "2026-09-30"), "2026-10-31"),
        ("6m", "2026-07-01", ("2026-01-01", "2026-06-30"), "2026-07-31"),
        # February in a common year ends on the 28th.
        ("1m", "2026-03-15", ("2026-02-01", "2026-02-28"), "2026-03-31"),
        # Every two years: the two calendar years before this one.
        ("2y", "2027-03-01", ("2025-01-01", "2026-12-31"), "2027-01-31"),
        # Six weeks is rounded up to two months.
        ("6w", "2026-05-10", ("2026-03-01", "2026-04-30"), "2026-05-31"),
    ],
)
def test_the_last_report_period_and_its_due_day(every, today, period, due):
    from klachtpad.domain.durations import Duration
    from klachtpad.domain.reporting import last_report_period, report_due_on

    found = last_report_period(Duration.parse(every), date.fromisoformat(today))
    assert (found.start.isoformat(), found.end.isoformat()) == period
    assert report_due_on(found).isoformat() == due


@pytest.mark.parametrize(
    ("today", "days_left", "overdue", "days_overdue"),
    [
        (date(2026, 4, 12), 1, False, 0),
        (date(2026, 4, 13), 0, False, 0),  # the end day itself is still in time
        (date(2026, 4, 14), -1, True, 1),
        (date(2026, 4, 20), -7, True, 7),
    ],
)
def test_one_rule_for_overdue_and_days_left(today, days_left, overdue, days_overdue):
    now = standing(date(2026, 4, 13), today)
    assert (now.days_left, now.overdue, now.days_overdue) == (days_left, overdue, days_overdue)
