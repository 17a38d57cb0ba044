"""Bar charts as SVG, drawn on the server. Readable without colour: this period is a
solid bar, the period before a hatched one, and every bar has its number written next
to it; the same numbers stand in the table under the chart."""

from __future__ import annotations

from dataclasses import dataclass

from klachtpad.reports.sections import Section

WIDTH = 640
LABEL_WIDTH = 230
BAR_SPACE = 330
BAR_HEIGHT = 12
ROW_HEIGHT = 36
TOP = 6  # the legend is text above the chart (reports/_chart.html)


@dataclass(frozen=True)
class Bar:
    label: str
    y: int
    current_width: int
    previous_width: int
    current: int | float
    previous: int | float


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    bars: list[Bar]
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def height(self) -> int:
        return TOP + ROW_HEIGHT * len(self.bars) + 4


def _width(value: int | float, largest: int | float) -> int:
    if not value or not largest:
        return 0
    return max(2, round(BAR_SPACE * value / largest))


def bar_chart(section: Section) -> Chart | None:
    """The chart of a section, or none when it has nothing to draw."""
    if not section.chart or not section.rows:
        return None
    largest = max(max(row.current or 0, row.previous or 0) for row in section.rows)
    if not largest:
        return None
    bars = [
        Bar(
            label=row.label if len(row.label) <= 34 else row.label[:33] + "…",
            y=TOP + index * ROW_HEIGHT,
            current_width=_width(row.current or 0, largest),
            previous_width=_width(row.previous or 0, largest),
            current=row.current or 0,
            previous=row.previous or 0,
        )
        for index, row in enumerate(section.rows)
    ]
    return Chart(key=section.key, title=section.title, bars=bars)
