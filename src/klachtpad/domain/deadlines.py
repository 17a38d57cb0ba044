"""Terms: when something must have happened, and whether a term may be extended.

Legal basis:

- Wkkgz art. 17(1): a written, reasoned decision as soon as possible and at the latest
  within six weeks after the complaint was submitted. The term is a calendar period that
  runs from the day the written complaint was received: received on Monday 2 March, the
  term ends on Monday 13 April.
- Wkkgz art. 17(2): the provider may extend the term once, by at most four weeks, when
  it notifies the complainant in writing before the term ends. A longer term is possible
  only by agreement with the complainant (sector practice, not in the Act).
- Algemene termijnenwet art. 1: a term set by law that ends on a Saturday, Sunday or
  generally recognised holiday ends on the next day that is none of these. Terms a
  scheme sets itself (a contract's four weeks, a coordinator's two working days) are not
  set by law and do not move.
- Working-day terms count the organisation's own working days (see ``calendars``).

The maximum extension is counted from the unshifted end of the original term, so that
six plus four weeks never becomes more than ten weeks plus one Atw shift.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from klachtpad.domain.calendars import AtwCalendar, WorkingCalendar
from klachtpad.domain.durations import Duration
from klachtpad.domain.messages import Message, gettext_noop


@dataclass(frozen=True)
class ExtensionRule:
    """How a term may be extended. ``maximum`` None: the scheme names no maximum."""

    maximum: Duration | None
    times: int = 1
    notice_before_end: bool = True


@dataclass(frozen=True)
class TermRule:
    within: Duration
    statutory: bool = False
    extension: ExtensionRule | None = None
    by_agreement: bool = False


@dataclass(frozen=True)
class Extension:
    """An extension that was granted: notice given on ``notified_on``, new end ``new_end``."""

    notified_on: date
    new_end: date
    reason: str = ""


@dataclass(frozen=True)
class Agreement:
    """A longer term agreed with the complainant on ``agreed_on``."""

    agreed_on: date
    new_end: date


@dataclass(frozen=True)
class Term:
    """One running term: its rule, its start, and what happened to it since."""

    rule: TermRule
    start: date
    extensions: tuple[Extension, ...] = ()
    agreements: tuple[Agreement, ...] = ()

    def nominal_end(self) -> date:
        """The end before any Atw shift (working-day terms have none)."""
        if self.rule.within.counts_working_days:
            raise ValueError("a working-day term has no nominal calendar end")
        return self.rule.within.add_to(self.start)

    def original_end(self, calendar: WorkingCalendar, atw: AtwCalendar) -> date:
        if self.rule.within.counts_working_days:
            return calendar.add_working_days(self.start, self.rule.within.amount)
        return _legal_end(self.rule, self.nominal_end(), atw)

    def end(self, calendar: WorkingCalendar, atw: AtwCalendar) -> date:
        """The end that holds now: the latest of original end, extensions and agreements."""
        ends = [self.original_end(calendar, atw)]
        ends += [extension.new_end for extension in self.extensions]
        ends += [agreement.new_end for agreement in self.agreements]
        return max(ends)


def _legal_end(rule: TermRule, nominal_end: date, atw: AtwCalendar) -> date:
    return atw.end_of_term(nominal_end) if rule.statutory else nominal_end


@dataclass(frozen=True)
class Decision:
    """The answer to a request: allowed with a resulting end date, or refused with reasons."""

    allowed: bool
    new_end: date | None = None
    reasons: tuple[Message, ...] = field(default_factory=tuple)

    @classmethod
    def refuse(cls, *reasons: Message) -> Decision:
        return cls(allowed=False, reasons=reasons)


def latest_extended_end(term: Term, calendar: WorkingCalendar, atw: AtwCalendar) -> date | None:
    """The latest end an extension may give, or None where the scheme sets no maximum."""
    extension = term.rule.extension
    if extension is None or extension.maximum is None:
        return None
    if extension.maximum.counts_working_days:
        return calendar.add_working_days(term.original_end(calendar, atw), extension.maximum.amount)
    if term.rule.within.counts_working_days:
        base = term.original_end(calendar, atw)
    else:
        base = term.nominal_end()
    return _legal_end(term.rule, extension.maximum.add_to(base), atw)


def decide_extension(
    term: Term,
    *,
    requested_end: date,
    notified_on: date,
    today: date,
    calendar: WorkingCalendar,
    atw: AtwCalendar,
) -> Decision:
    """May the term be extended to ``requested_end`` with notice given on ``notified_on``?"""
    rule = term.rule.extension
    if rule is None:
        return Decision.refuse(_no_extension(term.rule))
    current_end = term.end(calendar, atw)
    effective_end = _legal_end(term.rule, requested_end, atw)
    reasons = [
        *_extensions_used(term, rule),
        *_notice_problems(rule, notified_on=notified_on, today=today, current_end=current_end),
        *_new_end_problems(term, rule, effective_end, current_end, calendar, atw),
    ]
    if reasons:
        return Decision.refuse(*reasons)
    return Decision(allowed=True, new_end=effective_end)


def _no_extension(rule: TermRule) -> Message:
    if rule.by_agreement:
        return Message(
            gettext_noop(
                "This procedure does not allow the term to be extended. "
                "You can agree a longer term with the complainant instead."
            )
        )
    return Message(gettext_noop("This procedure does not allow the term to be extended."))


def _extensions_used(term: Term, rule: ExtensionRule) -> list[Message]:
    """The scheme's number of extensions is used up."""
    if len(term.extensions) < rule.times:
        return []
    last = term.extensions[-1]
    if rule.times == 1:
        return [
            Message(
                gettext_noop("This complaint already had its one extension on %(date)s."),
                {"date": last.notified_on},
            )
        ]
    return [
        Message(
            gettext_noop(
                "This complaint already had the %(times)s extensions the scheme "
                "allows; the last on %(date)s."
            ),
            {"times": rule.times, "date": last.notified_on},
        )
    ]


def _notice_problems(
    rule: ExtensionRule, *, notified_on: date, today: date, current_end: date
) -> list[Message]:
    """The notice lies in the future, or after the end where it must come before."""
    reasons = []
    if notified_on > today:
        reasons.append(
            Message(
                gettext_noop("The notice date %(date)s is in the future; give the notice first."),
                {"date": notified_on},
            )
        )
    if rule.notice_before_end and notified_on > current_end:
        reasons.append(
            Message(
                gettext_noop(
                    "The term ended on %(end)s. An extension must be notified to the "
                    "complainant before the term ends; the notice of %(date)s came too late."
                ),
                {"end": current_end, "date": notified_on},
            )
        )
    return reasons


def _new_end_problems(
    term: Term,
    rule: ExtensionRule,
    effective_end: date,
    current_end: date,
    calendar: WorkingCalendar,
    atw: AtwCalendar,
) -> list[Message]:
    """The new end is not later than the current one, or later than the scheme allows."""
    reasons = []
    if effective_end <= current_end:
        reasons.append(
            Message(
                gettext_noop("The new end must be later than the current end, %(end)s."),
                {"end": current_end},
            )
        )
    latest = latest_extended_end(term, calendar, atw)
    if latest is None or rule.maximum is None or effective_end <= latest:
        return reasons
    reasons.append(
        Message(
            gettext_noop(
                "An extension may be at most %(maximum)s: the latest possible end is %(latest)s."
            ),
            {"maximum": rule.maximum, "latest": latest},
        )
    )
    if term.rule.by_agreement:
        reasons.append(
            Message(
                gettext_noop("A longer term is possible only by agreement with the complainant.")
            )
        )
    return reasons


def decide_agreement(
    term: Term,
    *,
    requested_end: date,
    agreed_on: date,
    today: date,
    calendar: WorkingCalendar,
    atw: AtwCalendar,
) -> Decision:
    """May a longer term, agreed with the complainant on ``agreed_on``, be recorded?"""
    if not term.rule.by_agreement:
        return Decision.refuse(
            Message(gettext_noop("This procedure does not provide for agreeing a longer term."))
        )
    current_end = term.end(calendar, atw)
    reasons: list[Message] = []
    if agreed_on > today:
        reasons.append(
            Message(
                gettext_noop("The agreement date %(date)s is in the future."), {"date": agreed_on}
            )
        )
    if agreed_on > current_end:
        reasons.append(
            Message(
                gettext_noop(
                    "The term ended on %(end)s, before the agreement of %(date)s. "
                    "Record the decision as late, with an explanation."
                ),
                {"end": current_end, "date": agreed_on},
            )
        )
    if requested_end <= current_end:
        reasons.append(
            Message(
                gettext_noop("The agreed end must be later than the current end, %(end)s."),
                {"end": current_end},
            )
        )
    if reasons:
        return Decision.refuse(*reasons)
    return Decision(allowed=True, new_end=requested_end)


@dataclass(frozen=True)
class Standing:
    """How a running term stands on a day: the one rule for "overdue" and "days left",
    wherever a term is shown, counted, reminded of or reported. The end day itself is
    still in time; the day after it the term is overdue."""

    days_left: int  # negative: days past the end

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)


def standing(end: date, today: date) -> Standing:
    return Standing((end - today).days)


@dataclass(frozen=True)
class EventAgeFlag:
    """Set when the events are older than the scheme's limit; the officer decides."""

    limit: Duration
    oldest_allowed: date
    message: Message


def check_event_age(
    *, event_date: date | None, received_on: date, limit: Duration | None
) -> EventAgeFlag | None:
    """Flag, never refuse, a complaint about events older than ``limit`` at receipt."""
    if limit is None or event_date is None:
        return None
    oldest_allowed = limit.subtract_from(received_on)
    if event_date >= oldest_allowed:
        return None
    return EventAgeFlag(
        limit=limit,
        oldest_allowed=oldest_allowed,
        message=Message(
            gettext_noop(
                "The events took place on %(event)s, more than %(limit)s before the "
                "complaint was received on %(received)s. The scheme sets this limit; "
                "decide whether to handle the complaint."
            ),
            {"event": event_date, "limit": str(limit), "received": received_on},
        ),
    )


# The days Klachtpad counts terms on: a complaint file does not go back before 1990, and
# a term of years must still fit in the calendar (Python's dates end in 9999).
EARLIEST_DAY = date(1990, 1, 1)
LATEST_DAY = date(2999, 12, 31)


def check_day(day: date) -> Message | None:
    """Why ``day`` cannot be a day of a complaint file (0001-01-01, 9999-12-20), or None."""
    if EARLIEST_DAY <= day <= LATEST_DAY:
        return None
    return Message(
        gettext_noop(
            "The date %(date)s cannot be right: choose a date between %(first)s and %(last)s."
        ),
        {"date": day, "first": EARLIEST_DAY, "last": LATEST_DAY},
    )
