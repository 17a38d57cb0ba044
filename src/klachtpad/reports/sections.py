"""A report as sections of rows (label, this period, the period before), the one form the
page, its charts and every download are made from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from klachtpad.complaints.services.outcome import SATISFACTION_SCALE
from klachtpad.reports.figures import MEASURE_STATES, Figures
from klachtpad.reports.report import Report

Value = int | float | None


@dataclass(frozen=True)
class Row:
    label: str
    current: Value
    previous: Value

    @property
    def change(self) -> Value:
        if self.current is None or self.previous is None:
            return None
        return round(self.current - self.previous, 2)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    rows: list[Row]
    chart: bool = True


TOTALS: list[tuple[str, Any]] = [
    ("received", lambda: _("Received in the period")),
    ("concerns", lambda: _("of which concerns (informal)")),
    ("formal", lambda: _("of which formal complaints")),
    ("still_open", lambda: _("Still being handled")),
    ("decided", lambda: _("Decided (judgement or decline)")),
    ("in_time", lambda: _("Decided within the term")),
    ("late", lambda: _("Decided after the term")),
    ("late_base", lambda: _("Decided after the first term (before an extension)")),
    ("open_past_term", lambda: _("Not yet decided, term passed")),
    ("declined", lambda: _("Declined")),
    ("withdrawn", lambda: _("Withdrawn")),
    ("resolved", lambda: _("Resolved")),
    ("judged", lambda: _("Closed with a judgement")),
    ("referred", lambda: _("Referred to an outside body")),
    ("handled", lambda: _("Handling finished")),
    ("handling_days_median", lambda: _("Handling time in days, median")),
    ("handling_days_longest", lambda: _("Handling time in days, longest")),
    ("satisfaction_answers", lambda: _("Satisfaction answers")),
    ("satisfaction_average", lambda: _("Satisfaction, average (1 to 5)")),
]

DIMENSIONS: list[tuple[str, Any]] = [
    ("channels", lambda: _("How complaints came in")),
    ("categories", lambda: _("Categories (a complaint can have several)")),
    ("locations", lambda: _("Location")),
    ("members", lambda: _("Care provider")),
    ("care_types", lambda: _("Type of care")),
    ("ended_at_step", lambda: _("Step at which closed complaints ended")),
    ("verdicts", lambda: _("Outcome of the judgement")),
    ("measures", lambda: _("Measures and whether they were realised in time")),
    ("forwarded", lambda: _("Not complaints: messages sent on elsewhere, by subject")),
]


def _label(report: Report, dimension: str, key: str) -> str:
    if not key:
        return _("not recorded")
    return report.labels.get(dimension, {}).get(key, key)


def _dimension(report: Report, dimension: str) -> list[Row]:
    current: dict[str, int] = getattr(report.current, dimension)
    before: dict[str, int] = getattr(report.before, dimension)
    if dimension == "measures":
        keys = [key for key in MEASURE_STATES if key in current or key in before]
    else:
        keys = sorted(set(current) | set(before), key=lambda k: (-current.get(k, 0), k))
    return [
        Row(_label(report, dimension, key), current.get(key, 0), before.get(key, 0)) for key in keys
    ]


def _per_body(report: Report, dimension: str, labels: str) -> list[Row]:
    """Rows of (body: outcome) for ``referrals`` or ``rulings``."""
    rows = []
    current, before = getattr(report.current, dimension), getattr(report.before, dimension)
    for body in sorted(set(current) | set(before)):
        now, then = current.get(body, {}), before.get(body, {})
        for outcome in sorted(set(now) | set(then)):
            label = f"{body}: {_label(report, labels, outcome)}"
            rows.append(Row(label, now.get(outcome, 0), then.get(outcome, 0)))
    return rows


def _satisfaction(current: Figures, before: Figures) -> list[Row]:
    return [
        Row(
            str(score),
            current.satisfaction.get(str(score), 0),
            before.satisfaction.get(str(score), 0),
        )
        for score in SATISFACTION_SCALE
    ]


def sections(report: Report) -> list[Section]:
    found = [
        Section(
            "totals",
            _("Totals"),
            [
                Row(str(label()), getattr(report.current, key), getattr(report.before, key))
                for key, label in TOTALS
            ],
            chart=False,
        )
    ]
    for key, title in DIMENSIONS:
        found.append(Section(key, str(title()), _dimension(report, key)))
    found.append(
        Section(
            "referrals",
            _("Referred to outside bodies, by outcome"),
            _per_body(report, "referrals", "outcomes"),
            False,
        )
    )
    found.append(
        Section(
            "rulings",
            _("Rulings of outside bodies (apart from our own judgements)"),
            _per_body(report, "rulings", "verdicts"),
            False,
        )
    )
    found.append(
        Section(
            "satisfaction",
            _("Satisfaction with the handling (1 = not at all, 5 = very)"),
            _satisfaction(report.current, report.before),
        )
    )
    improvements = report.improvements
    found.append(
        Section(
            "improvements",
            _("Improvement actions made in the period"),
            [Row(_("Made"), improvements.created, None)]
            + [
                Row(report.labels["improvements"][status], count, None)
                for status, count in sorted(improvements.by_status.items())
            ]
            + [
                Row(_("Done by the date set"), improvements.done_on_time, None),
                Row(_("Not done, date passed"), improvements.open_overdue, None),
            ],
            chart=False,
        )
    )
    return found
