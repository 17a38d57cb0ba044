"""The figures of a report, counted in the database.

Complaints count in the period they were *received* in. Every figure is counted for the
period and for the one before it in the same query (a ``current`` flag on each row), and
for as many organisations as asked, grouped by organisation; one organisation's report
and the platform report are the same queries. Two queries give all numbers: one row of
totals per organisation and period, and one list of counts per dimension (channel,
category, location, ...) built as a union of grouped queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce

from klachtpad.complaints.models import (
    Complaint,
    Forwarded,
    Judgement,
    Measure,
    Referral,
    Term,
)
from klachtpad.complaints.selectors import terms_overdue
from klachtpad.complaints.services.outcome import SATISFACTION_SCALE
from klachtpad.domain.reporting import Period, median_of_counts
from klachtpad.domain.schemes.vocabulary import Channel, Handling, ReportCovers, TermKind, Verdict
from klachtpad.domain.workflow import Closure, State
from klachtpad.organisations.models import Organisation, Procedure
from klachtpad.reports.aggregates import DaysBetween


@dataclass
class Figures:
    """Every number of a report for one organisation (or all together) and one period."""

    received: int = 0
    concerns: int = 0
    formal: int = 0
    still_open: int = 0
    open_past_term: int = 0
    decided: int = 0
    in_time: int = 0
    late: int = 0
    late_base: int = 0  # decided after the first term, before any extension
    declined: int = 0
    withdrawn: int = 0
    resolved: int = 0
    judged: int = 0
    referred: int = 0
    handled: int = 0
    handling_days_median: float | None = None
    handling_days_longest: int | None = None
    satisfaction_answers: int = 0
    satisfaction_average: float | None = None
    satisfaction: dict[str, int] = field(default_factory=dict)
    channels: dict[str, int] = field(default_factory=dict)
    categories: dict[str, int] = field(default_factory=dict)
    locations: dict[str, int] = field(default_factory=dict)
    members: dict[str, int] = field(default_factory=dict)  # per member provider
    care_types: dict[str, int] = field(default_factory=dict)
    ended_at_step: dict[str, int] = field(default_factory=dict)
    verdicts: dict[str, int] = field(default_factory=dict)
    measures: dict[str, int] = field(default_factory=dict)  # MEASURE_STATES -> count
    referrals: dict[str, dict[str, int]] = field(default_factory=dict)  # body -> outcome -> n
    # Outside bodies' own rulings, apart from the organisation's verdicts: body -> verdict -> n
    rulings: dict[str, dict[str, int]] = field(default_factory=dict)
    # How many complaints took how many days to handle; the median and longest come from it.
    handling_days: dict[str, int] = field(default_factory=dict)
    # Messages about subjects the scheme sends elsewhere: no complaints, counted apart.
    forwarded: dict[str, int] = field(default_factory=dict)

    def settle(self) -> None:
        """Work out what follows from the counts: the median and longest handling time
        and the average satisfaction."""
        days = {int(key): n for key, n in self.handling_days.items()}
        self.handling_days_median = median_of_counts(days)
        self.handling_days_longest = max(days) if days else None
        if self.satisfaction_answers:
            scores = sum(int(score) * n for score, n in self.satisfaction.items())
            self.satisfaction_average = round(scores / self.satisfaction_answers, 2)

    @property
    def measures_total(self) -> int:
        return sum(self.measures.values())

    def as_json(self, without: frozenset[str] = frozenset()) -> dict[str, Any]:
        """A copy fit for JSON (dictionaries copied two levels deep, as the fields are),
        of every field but those ``without``."""
        return {
            name: (
                {key: dict(v) if isinstance(v, dict) else v for key, v in value.items()}
                if isinstance(value, dict)
                else value
            )
            for name, value in vars(self).items()
            if name not in without
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Figures:
        return cls(**data)


# The count, with the totals, of complaints judged with a verdict of their scheme's own.
OWN_VERDICTS = "own_verdicts"

# How a measure stands on the day the report is built.
MEASURE_STATES = ("on_time", "late", "open_overdue", "open")
PENDING = "pending"  # a referral without an outcome yet


@dataclass(frozen=True)
class Scope:
    """Which complaints a report counts: of these organisations (and procedure), received
    in the period or the one before."""

    organisations: Iterable[Organisation] | QuerySet[Organisation]
    period: Period
    procedure: Procedure | None = None
    member: str = ""  # one member provider of an umbrella organisation
    covers: ReportCovers = ReportCovers.RECEIVED  # or the complaints closed in the period

    @property
    def day(self) -> str:
        return "closed_on" if self.covers is ReportCovers.HANDLED else "received_on"

    def filters(self, path: str = "", *, before: bool = True) -> dict[str, Any]:
        """Query filters on complaints, or on rows reaching them through ``path``;
        ``before=False``: only those received in the period itself."""
        prefix = f"{path}__" if path else ""
        start = self.period.previous().start if before else self.period.start
        found: dict[str, Any] = {
            f"{prefix}organisation__in": self.organisations,
            f"{prefix}{self.day}__range": (start, self.period.end),
        }
        if self.procedure is not None:
            found[f"{prefix}procedure"] = self.procedure
        if self.member:
            found[f"{prefix}member"] = self.member
        return found

    def current(self, path: str = "") -> Case:
        """1 for a complaint received in the period, 0 for one of the period before."""
        prefix = f"{path}__" if path else ""
        return Case(
            When(**{f"{prefix}{self.day}__gte": self.period.start}, then=Value(1)),
            default=Value(0),
        )

    def complaints(self) -> QuerySet[Complaint]:
        return Complaint.objects.filter(**self.filters()).annotate(current=self.current())

    def forwarded(self) -> QuerySet[Forwarded]:
        """Messages sent on elsewhere, received in the period or the one before (they
        are handled the day they arrive)."""
        found = Forwarded.objects.filter(
            organisation__in=self.organisations,
            received_on__range=(self.period.previous().start, self.period.end),
        )
        if self.member:  # a message sent on is not about one member provider
            found = found.none()
        if self.procedure is not None:
            found = found.filter(procedure=self.procedure)
        return found.annotate(
            current=Case(When(received_on__gte=self.period.start, then=Value(1)), default=Value(0))
        )


def _totals(
    complaints: QuerySet[Complaint], group: tuple[str, ...], as_of: date
) -> QuerySet[Any, dict[str, Any]]:
    formal = Q(handling=Handling.FORMAL.value)
    counts: dict[str, Any] = {
        "received": Count("id"),
        "concerns": Count("id", filter=Q(handling=Handling.INFORMAL.value)),
        "formal": Count("id", filter=formal),
        "still_open": Count("id", filter=~Q(state=State.CLOSED.value)),
        "decided": Count("id", filter=Q(decided_in_time__isnull=False)),
        "in_time": Count("id", filter=Q(decided_in_time=True)),
        "late": Count("id", filter=Q(decided_in_time=False)),
        "late_base": Count("id", filter=Q(decided_within_base=False)),
        "declined": Count("id", filter=Q(closure=Closure.DECLINED.value)),
        "withdrawn": Count("id", filter=Q(closure=Closure.WITHDRAWN.value)),
        "resolved": Count("id", filter=Q(closure=Closure.RESOLVED.value)),
        "judged": Count("id", filter=Q(closure=Closure.JUDGED.value)),
        "handled": Count("id", filter=Q(decided_on__isnull=False) | Q(closed_on__isnull=False)),
        "referred": Count("id", filter=Q(referred_on__isnull=False)),
        "satisfaction_answers": Count("id", filter=Q(satisfaction__isnull=False)),
    }
    for score in SATISFACTION_SCALE:
        counts[f"satisfaction_{score}"] = Count("id", filter=Q(satisfaction=score))
    for channel in Channel:
        counts[f"channel_{channel.value}"] = Count("id", filter=Q(channel=channel.value))
    for verdict in Verdict:
        counts[f"verdict_{verdict.value}"] = Count("id", filter=Q(verdict=verdict.value))
    # Whether any judgement uses a verdict of the scheme's own: only then are they grouped.
    counts[OWN_VERDICTS] = Count("id", filter=_own_verdict())
    rows: QuerySet[Any, dict[str, Any]] = complaints.values(*group).annotate(**counts).order_by()
    return rows


def _own_verdict() -> Q:
    """Judged with a verdict of the scheme's own, not one of the built-in ones."""
    return ~Q(verdict="") & ~Q(verdict__in=[verdict.value for verdict in Verdict])


def _grouped(
    rows: QuerySet[Any],
    group: tuple[str, ...],
    dimension: str,
    key: Any,
    detail: Any = None,
    count: Any = None,
) -> QuerySet[Any]:
    grouped: QuerySet[Any] = (
        rows.annotate(
            dimension=Value(dimension, output_field=CharField()),
            key=key,
            detail=detail if detail is not None else Value("", output_field=CharField()),
        )
        .values(*group, "dimension", "key", "detail")
        .annotate(n=count if count is not None else Count("*"))
        .order_by()
    )
    return grouped


Parts = dict[str, Callable[[], QuerySet[Any]]]


def _dimensions(
    scope: Scope, group: tuple[str, ...], as_of: date, dimensions: frozenset[str]
) -> QuerySet[Any]:
    """One union of grouped counts: (organisation, current, dimension, key, detail, n)."""
    parts = {**_complaint_parts(scope, group), **_related_parts(scope, group, as_of)}
    chosen: list[QuerySet[Any]] = [make() for name, make in parts.items() if name in dimensions]
    return chosen[0].union(*chosen[1:], all=True)


def _complaint_parts(scope: Scope, group: tuple[str, ...]) -> Parts:
    """The dimensions counted from the complaints themselves (and messages sent on)."""
    complaints = scope.complaints()
    return {
        "locations": lambda: _grouped(complaints, group, "locations", F("location")),
        "members": lambda: _grouped(complaints.exclude(member=""), group, "members", F("member")),
        "care_types": lambda: _grouped(complaints, group, "care_types", F("care_type")),
        "forwarded": lambda: _grouped(scope.forwarded(), group, "forwarded", F("subject_name")),
        # Judgements of the scheme's own (the built-in ones are counted with the totals).
        "verdicts": lambda: _grouped(
            complaints.filter(_own_verdict()),
            group,
            "verdicts",
            F("verdict"),
        ),
        "ended_at_step": lambda: _grouped(
            complaints.filter(state=State.CLOSED.value), group, "ended_at_step", F("step")
        ),
        "handling_days": lambda: _grouped(
            complaints.exclude(decided_on__isnull=True, closed_on__isnull=True),
            group,
            "handling_days",
            Cast(_handling_days(), CharField()),
        ),
    }


def _related_parts(scope: Scope, group: tuple[str, ...], as_of: date) -> Parts:
    """The dimensions counted from rows of the complaints: categories, terms, referrals,
    rulings and measures, each scoped through its complaint."""

    def of_complaint(rows: QuerySet[Any], path: str) -> QuerySet[Any]:
        flagged: QuerySet[Any] = rows.filter(**scope.filters(path)).annotate(
            organisation_id=F(f"{path}__organisation_id"), current=scope.current(path)
        )
        return flagged

    through = Complaint.categories.through.objects.all()
    return {
        "categories": lambda: _grouped(
            of_complaint(through, "complaint"), group, "categories", F("category__code")
        ),
        # Counted from the running terms, so the totals stay one parallel scan.
        "open_past_term": lambda: _grouped(
            of_complaint(
                terms_overdue(Term.objects.filter(kind=TermKind.DECISION.value), as_of),
                "complaint",
            ),
            group,
            "open_past_term",
            Value("", output_field=CharField()),
            count=Count("complaint", distinct=True),
        ),
        "referrals": lambda: _grouped(
            of_complaint(Referral.objects.all(), "complaint"),
            group,
            "referrals",
            F("body_name"),
            F("outcome"),
        ),
        "rulings": lambda: _grouped(
            of_complaint(Judgement.objects.exclude(body=""), "complaint"),
            group,
            "rulings",
            F("body_name"),
            F("verdict"),
        ),
        "measures": lambda: _grouped(
            of_complaint(Measure.objects.all(), "judgement__complaint"),
            group,
            "measures",
            _measure_state(as_of),
        ),
    }


def _measure_state(as_of: date) -> Case:
    return Case(
        When(realised_on__isnull=True, due_on__lt=as_of, then=Value("open_overdue")),
        When(realised_on__isnull=True, then=Value("open")),
        When(realised_on__lte=F("due_on"), then=Value("on_time")),
        default=Value("late"),
        output_field=CharField(),
    )


DIMENSIONS = frozenset(
    {
        "open_past_term",
        "handling_days",
        "locations",
        "members",
        "care_types",
        "ended_at_step",
        "categories",
        "referrals",
        "rulings",
        "measures",
        "verdicts",
        "forwarded",
    }
)
# What compares across organisations: their categories and locations are their own.
COMPARABLE = frozenset({"open_past_term", "handling_days", "measures", "verdicts"})
BY_ORGANISATION = ("organisation_id", "current")
TOGETHER = ("current",)


def _figures(
    scope: Scope,
    group: tuple[str, ...],
    as_of: date,
    dimensions: frozenset[str] = DIMENSIONS,
) -> dict[int, tuple[Figures, Figures]]:
    found: dict[int, tuple[Figures, Figures]] = defaultdict(lambda: (Figures(), Figures()))

    def figures(organisation: int, current: int) -> Figures:
        return found[organisation][0 if current else 1]

    own_verdicts = False
    for row in _totals(scope.complaints(), group, as_of):
        target = figures(row.pop("organisation_id", 0), row.pop("current"))
        own_verdicts |= bool(row.pop(OWN_VERDICTS))
        for score in SATISFACTION_SCALE:
            if n := row.pop(f"satisfaction_{score}"):
                target.satisfaction[str(score)] = n
        for channel in Channel:
            if n := row.pop(f"channel_{channel.value}"):
                target.channels[channel.value] = n
        for verdict in Verdict:
            if n := row.pop(f"verdict_{verdict.value}"):
                target.verdicts[verdict.value] = n
        for name, value in row.items():
            setattr(target, name, value)
    counted = _dimensions(
        scope, group, as_of, dimensions if own_verdicts else dimensions - {"verdicts"}
    )
    for *grouped, dimension, key, detail, n in _as_given(
        counted.values_list(*group, "dimension", "key", "detail", "n")
    ):
        organisation, current = grouped if len(grouped) == 2 else (0, *grouped)
        target = figures(organisation, current)
        if dimension == "open_past_term":
            target.open_past_term = n
        elif dimension in ("referrals", "rulings"):
            getattr(target, dimension).setdefault(key, {})[detail or PENDING] = n
        else:
            getattr(target, dimension)[key or ""] = n
    for pair in found.values():
        for figures_ in pair:
            figures_.settle()
    return dict(found)


def _as_given(rows: QuerySet[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows as the database gives them: their counts, flags and keys are integers and
    text already, and the handling days alone are a row per organisation, period and
    day (tens of thousands for a platform), so none go through the ORM's conversions."""
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # no organisations
        return
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        yield from cursor.fetchall()


def figures_by_organisation(
    organisations: Iterable[Organisation] | QuerySet[Organisation],
    period: Period,
    *,
    as_of: date,
) -> dict[int, tuple[Figures, Figures]]:
    """For each organisation with complaints: (this period, the period before), with the
    dimensions that compare across organisations."""
    return _figures(Scope(organisations, period), BY_ORGANISATION, as_of, COMPARABLE)


def figures_for(
    organisations: Iterable[Organisation] | QuerySet[Organisation],
    period: Period,
    *,
    procedure: Procedure | None = None,
    member: str = "",
    covers: ReportCovers = ReportCovers.RECEIVED,
    as_of: date,
) -> tuple[Figures, Figures]:
    """The figures of ``organisations`` together: (this period, the period before)."""
    found = _figures(Scope(organisations, period, procedure, member, covers), TOGETHER, as_of)
    return found.get(0, (Figures(), Figures()))


def _handling_days() -> DaysBetween:
    return DaysBetween(
        Coalesce("decided_on", "closed_on"), Coalesce("formal_received_on", "received_on")
    )


def figures_added(parts: Iterable[tuple[Figures, Figures]]) -> tuple[Figures, Figures]:
    """The figures of many organisations together, from each one's figures."""
    together = (Figures(), Figures())
    for pair in parts:
        for total, one in zip(together, pair, strict=True):
            _add(total, one)
    for total in together:
        total.settle()
    return together


def _add(total: Figures, one: Figures) -> None:
    for name, value in vars(one).items():
        if name == "referrals":
            for body, outcomes in value.items():
                into = total.referrals.setdefault(body, {})
                for outcome, n in outcomes.items():
                    into[outcome] = into.get(outcome, 0) + n
        elif isinstance(value, dict):
            into = getattr(total, name)
            for key, n in value.items():
                into[key] = into.get(key, 0) + n
        elif isinstance(value, int) and not name.startswith("handling_days"):
            setattr(total, name, getattr(total, name) + value)
