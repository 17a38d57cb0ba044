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
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from klachtpad.complaints.models import (
    Complaint,
    Judgement,
    Measure,
    Referral,
    Term,
    TermStatusChoices,
)
from klachtpad.complaints.services.outcome import SATISFACTION_SCALE
from klachtpad.domain.reporting import Period
from klachtpad.domain.schemes.vocabulary import Channel, Handling, TermKind
from klachtpad.domain.workflow import Closure, State
from klachtpad.organisations.models import Organisation, Procedure
from klachtpad.reports.aggregates import DaysBetween, Median


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
    care_types: dict[str, int] = field(default_factory=dict)
    ended_at_step: dict[str, int] = field(default_factory=dict)
    verdicts: dict[str, int] = field(default_factory=dict)
    measures: dict[str, int] = field(default_factory=dict)  # MEASURE_STATES -> count
    referrals: dict[str, dict[str, int]] = field(default_factory=dict)  # body -> outcome -> n

    @property
    def measures_total(self) -> int:
        return sum(self.measures.values())

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Figures:
        return cls(**data)


# How a measure stands on the day the report is built.
MEASURE_STATES = ("on_time", "late", "open_overdue", "open")
PENDING = "pending"  # a referral without an outcome yet


def complaints_in(
    organisations: Iterable[Organisation] | QuerySet[Organisation],
    period: Period,
    procedure: Procedure | None = None,
) -> QuerySet[Complaint]:
    """The complaints received in ``period`` and the one before, flagged ``current``."""
    previous = period.previous()
    complaints = Complaint.objects.filter(
        organisation__in=organisations, received_on__range=(previous.start, period.end)
    )
    if procedure is not None:
        complaints = complaints.filter(procedure=procedure)
    return complaints.annotate(
        current=Case(When(received_on__gte=period.start, then=Value(1)), default=Value(0))
    )


def _totals(
    complaints: QuerySet[Complaint], group: tuple[str, ...], as_of: date
) -> QuerySet[Any, dict[str, Any]]:
    formal = Q(handling=Handling.FORMAL.value)
    finished = Coalesce("decided_on", "closed_on")
    past_term = Exists(
        Term.objects.filter(
            complaint=OuterRef("pk"),
            kind=TermKind.DECISION.value,
            status=TermStatusChoices.RUNNING,
            end_on__lt=as_of,
        )
    )
    referred = Exists(Referral.objects.filter(complaint=OuterRef("pk")))
    counts: dict[str, Any] = {
        "received": Count("id"),
        "concerns": Count("id", filter=Q(handling=Handling.INFORMAL.value)),
        "formal": Count("id", filter=formal),
        "still_open": Count("id", filter=~Q(state=State.CLOSED.value)),
        "open_past_term": Count("id", filter=Q(past_term)),
        "decided": Count("id", filter=Q(decided_in_time__isnull=False)),
        "in_time": Count("id", filter=Q(decided_in_time=True)),
        "late": Count("id", filter=Q(decided_in_time=False)),
        "declined": Count("id", filter=Q(closure=Closure.DECLINED.value)),
        "withdrawn": Count("id", filter=Q(closure=Closure.WITHDRAWN.value)),
        "resolved": Count("id", filter=Q(closure=Closure.RESOLVED.value)),
        "judged": Count("id", filter=Q(closure=Closure.JUDGED.value)),
        "referred": Count("id", filter=Q(referred)),
        "handled": Count("id", filter=Q(decided_on__isnull=False) | Q(closed_on__isnull=False)),
        "handling_days_median": Median(
            DaysBetween(finished, Coalesce("formal_received_on", "received_on"))
        ),
        "handling_days_longest": Max(
            DaysBetween(finished, Coalesce("formal_received_on", "received_on"))
        ),
        "satisfaction_answers": Count("id", filter=Q(satisfaction__isnull=False)),
        "satisfaction_average": Avg("satisfaction"),
    }
    for score in SATISFACTION_SCALE:
        counts[f"satisfaction_{score}"] = Count("id", filter=Q(satisfaction=score))
    for channel in Channel:
        counts[f"channel_{channel.value}"] = Count("id", filter=Q(channel=channel.value))
    rows: QuerySet[Any, dict[str, Any]] = complaints.values(*group).annotate(**counts).order_by()
    return rows


def _grouped(
    rows: QuerySet[Any], group: tuple[str, ...], dimension: str, key: Any, detail: Any = None
) -> QuerySet[Any]:
    grouped: QuerySet[Any] = (
        rows.annotate(
            dimension=Value(dimension, output_field=CharField()),
            key=key,
            detail=detail if detail is not None else Value("", output_field=CharField()),
        )
        .values(*group, "dimension", "key", "detail")
        .annotate(n=Count("*"))
        .order_by()
    )
    return grouped


def _dimensions(
    complaints: QuerySet[Complaint], group: tuple[str, ...], period: Period, as_of: date
) -> QuerySet[Any]:
    """One union of grouped counts: (organisation, current, dimension, key, detail, n)."""
    ids = complaints.values("pk")

    def of_complaint(rows: QuerySet[Any], path: str) -> QuerySet[Any]:
        flagged: QuerySet[Any] = rows.filter(**{f"{path}__in": ids}).annotate(
            organisation_id=F(f"{path}__organisation_id"),
            current=Case(
                When(**{f"{path}__received_on__gte": period.start}, then=Value(1)),
                default=Value(0),
            ),
        )
        return flagged

    final = Judgement.objects.exclude(
        Exists(Judgement.objects.filter(complaint=OuterRef("complaint"), id__gt=OuterRef("id")))
    )
    measure_state = Case(
        When(realised_on__isnull=True, due_on__lt=as_of, then=Value("open_overdue")),
        When(realised_on__isnull=True, then=Value("open")),
        When(realised_on__lte=F("due_on"), then=Value("on_time")),
        default=Value("late"),
        output_field=CharField(),
    )
    through = Complaint.categories.through.objects.all()
    parts = [
        _grouped(complaints, group, "locations", F("location")),
        _grouped(complaints, group, "care_types", F("care_type")),
        _grouped(complaints.filter(state=State.CLOSED.value), group, "ended_at_step", F("step")),
        _grouped(of_complaint(through, "complaint"), group, "categories", F("category__code")),
        _grouped(of_complaint(final, "complaint"), group, "verdicts", F("verdict")),
        _grouped(
            of_complaint(Referral.objects.all(), "complaint"),
            group,
            "referrals",
            F("body_name"),
            F("outcome"),
        ),
        _grouped(
            of_complaint(Measure.objects.all(), "judgement__complaint"),
            group,
            "measures",
            measure_state,
        ),
    ]
    return parts[0].union(*parts[1:], all=True)


BY_ORGANISATION = ("organisation_id", "current")
TOGETHER = ("current",)


def _figures(
    complaints: QuerySet[Complaint], group: tuple[str, ...], period: Period, as_of: date
) -> dict[int, tuple[Figures, Figures]]:
    found: dict[int, tuple[Figures, Figures]] = defaultdict(lambda: (Figures(), Figures()))

    def figures(row: dict[str, Any]) -> Figures:
        return found[row.pop("organisation_id", 0)][0 if row.pop("current") else 1]

    for row in _totals(complaints, group, as_of):
        target = figures(row)
        for score in SATISFACTION_SCALE:
            if n := row.pop(f"satisfaction_{score}"):
                target.satisfaction[str(score)] = n
        for channel in Channel:
            if n := row.pop(f"channel_{channel.value}"):
                target.channels[channel.value] = n
        if row["satisfaction_average"] is not None:
            row["satisfaction_average"] = round(float(row["satisfaction_average"]), 2)
        if row["handling_days_median"] is not None:
            row["handling_days_median"] = float(row["handling_days_median"])
        for name, value in row.items():
            setattr(target, name, value)
    for row in _dimensions(complaints, group, period, as_of):
        target = figures(row)
        if row["dimension"] == "referrals":
            outcomes = target.referrals.setdefault(row["key"], {})
            outcomes[row["detail"] or PENDING] = row["n"]
        else:
            getattr(target, row["dimension"])[row["key"] or ""] = row["n"]
    return dict(found)


def figures_by_organisation(
    organisations: Iterable[Organisation] | QuerySet[Organisation],
    period: Period,
    *,
    as_of: date,
) -> dict[int, tuple[Figures, Figures]]:
    """For each organisation with complaints: (this period, the period before)."""
    return _figures(complaints_in(organisations, period), BY_ORGANISATION, period, as_of)


def figures_for(
    organisations: Iterable[Organisation] | QuerySet[Organisation],
    period: Period,
    *,
    procedure: Procedure | None = None,
    as_of: date,
) -> tuple[Figures, Figures]:
    """The figures of ``organisations`` together: (this period, the period before)."""
    found = _figures(complaints_in(organisations, period, procedure), TOGETHER, period, as_of)
    return found.get(0, (Figures(), Figures()))
