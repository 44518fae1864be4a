"""The ITA score trend as a server-rendered SVG line chart: no JavaScript, no chart library.

The chart is a picture for sighted readers. It carries a <title> and a <desc> (named by
aria-labelledby on an role="img" element), and the page that shows it prints the same figures
as a table. Every piece of text goes through format_html, so a label can hold no markup.
The viewBox is fixed and the element has no width or height: it scales to the page's width.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from ita_portal import thai

# Sized so that the text stays readable when a phone shrinks the chart to ~360 px wide.
WIDTH, HEIGHT = 400, 292
PLOT_LEFT, PLOT_RIGHT = 36, WIDTH - 10
PLOT_TOP, PLOT_BOTTOM = 22, 210
X_PADDING = 26  # keeps the first and last points (and their labels) off the edges
YEAR_LABEL_Y = PLOT_BOTTOM + 20
LEGEND_ROWS_Y = (PLOT_BOTTOM + 46, PLOT_BOTTOM + 70)
LEGEND_SLOTS = (170, 95)  # the width given to each entry of the first and second rows
FONT_SIZE = 14
MAX_LABELS = 7  # beyond this many years, only every k-th year is labelled


class TrendPoint(NamedTuple):
    """One fiscal year's figures; an instrument the year has no score for is None."""

    year: int
    total: Decimal | None
    iit: Decimal | None = None
    eit: Decimal | None = None
    oit: Decimal | None = None


@dataclass(frozen=True)
class _Series:
    key: str  # a TrendPoint field
    label: str
    colour: str
    dash: str  # lines differ by pattern too, not by colour alone
    width: float
    radius: float


THRESHOLD_COLOUR = "#b3261e"
GRID_COLOUR = "#d5d9de"
TEXT_COLOUR = "#1a1a1a"


def _series(total_label: str) -> list[_Series]:
    return [
        _Series("iit", "IIT", "#8a4b00", "7 4", 2, 3),
        _Series("eit", "EIT", "#17643a", "2 3", 2, 3),
        _Series("oit", "OIT", "#6a3d9a", "10 3 2 3", 2, 3),
        _Series("total", total_label, "#0b4f8a", "", 3, 5),
    ]


def _number(value: Decimal | float | int) -> str:
    return thai.format_number(value, 2)


def _pass_label(mark: Decimal) -> str:
    return gettext("เกณฑ์ผ่าน %(mark)s") % {"mark": _number(mark)}


def _joined(parts) -> SafeString:
    """Safe parts side by side (each was built by format_html, so nothing is escaped twice)."""
    return format_html_join("", "{}", ((part,) for part in parts))


def y_range(values: Sequence[Decimal], pass_mark: Decimal | None) -> tuple[int, int]:
    """The score axis: up to 100, from a round number some way below the lowest figure.

    Scores cluster high (most organisations score 70–100), so an axis from 0 would flatten
    the trend; the axis still starts at a labelled gridline, never hides a point, and
    keeps the pass mark in view.
    """
    shown = [*values, *([pass_mark] if pass_mark is not None else [])]
    if not shown:
        return 0, 100
    bottom = int(max(Decimal(0), (Decimal(min(shown)) - 5) // 10 * 10))
    return min(bottom, 90), 100


def labelled(count: int) -> set[int]:
    """The indexes of the points that get a year and a value label: all of them, or when
    there are many years, every k-th year counted back from the latest (always labelled)."""
    step = math.ceil(count / MAX_LABELS) if count else 1
    return {i for i in range(count) if (count - 1 - i) % step == 0}


def _grid_step(bottom: int, top: int) -> int:
    return 5 if top - bottom <= 40 else 10


def _coord(value: float) -> str:
    return f"{value:.1f}"


def trend_svg(
    points: Sequence[TrendPoint | tuple],
    *,
    pass_mark: Decimal | None = Decimal(85),
    instruments: bool = True,
    title: str | None = None,
    description: str | None = None,
    total_label: str | None = None,
    chart_id: str = "score-trend",
) -> SafeString:
    """An SVG line chart of (year, total, IIT, EIT, OIT) points, oldest year first.

    Points without a total are left out. `instruments` adds a line per instrument that has
    any figure; a year an instrument has no figure for breaks that line. Returns "" when no
    point has a total.
    """
    points = [TrendPoint(*p) for p in points]
    points = [p for p in sorted(points, key=lambda p: p.year) if p.total is not None]
    if not points:
        return SafeString("")
    total_label = total_label or gettext("คะแนนรวม")
    series = [
        s
        for s in _series(total_label)
        if s.key == "total" or (instruments and any(getattr(p, s.key) is not None for p in points))
    ]
    values = [getattr(p, s.key) for p in points for s in series if getattr(p, s.key) is not None]
    bottom, top = y_range(values, pass_mark)

    def x_of(index: int) -> float:
        if len(points) == 1:
            return (PLOT_LEFT + PLOT_RIGHT) / 2
        span = PLOT_RIGHT - PLOT_LEFT - 2 * X_PADDING
        return PLOT_LEFT + X_PADDING + span * index / (len(points) - 1)

    def y_of(value: Decimal | float) -> float:
        value = min(max(float(value), bottom), top)
        return PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * (value - bottom) / (top - bottom)

    title = title or _default_title(points)
    description = description or _default_description(points, series, pass_mark)
    parts = [
        format_html('<title id="{}-title">{}</title>', chart_id, title),
        format_html('<desc id="{}-desc">{}</desc>', chart_id, description),
        _grid(bottom, top, y_of),
        _year_labels(points, x_of),
    ]
    if pass_mark is not None and bottom <= pass_mark <= top:
        parts.append(
            format_html(
                '<line class="chart-pass" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" '
                'stroke-width="1.5" stroke-dasharray="5 4"/>',
                PLOT_LEFT,
                _coord(y_of(pass_mark)),
                PLOT_RIGHT,
                _coord(y_of(pass_mark)),
                THRESHOLD_COLOUR,
            )
        )
    for s in series:  # the total last, so that it is drawn on top
        parts.append(_line(s, points, x_of, y_of))
    parts.append(_legend(series, pass_mark))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="{}-title {}-desc" font-size="{}" fill="{}">{}</svg>',
        WIDTH,
        HEIGHT,
        chart_id,
        chart_id,
        FONT_SIZE,
        TEXT_COLOUR,
        _joined(parts),
    )


def _default_title(points: list[TrendPoint]) -> str:
    if len(points) == 1:
        return gettext("คะแนน ITA ปีงบประมาณ พ.ศ. %(year)s") % {"year": points[0].year}
    return gettext("แนวโน้มคะแนน ITA ปีงบประมาณ พ.ศ. %(first)s–%(last)s") % {
        "first": points[0].year,
        "last": points[-1].year,
    }


def _default_description(
    points: list[TrendPoint], series: list[_Series], pass_mark: Decimal | None
) -> str:
    sentences = []
    total_first = sorted(series, key=lambda s: s.key != "total")
    for point in points:
        figures = ", ".join(
            f"{s.label} {_number(getattr(point, s.key))}"
            for s in total_first
            if getattr(point, s.key) is not None
        )
        sentence = gettext("ปี %(year)s: %(figures)s")
        sentences.append(sentence % {"year": point.year, "figures": figures})
    if pass_mark is not None:
        sentences.append(_pass_label(pass_mark))
    return "; ".join(sentences) + "."


def _grid(bottom: int, top: int, y_of) -> SafeString:
    step = _grid_step(bottom, top)
    rows = []
    for value in range(bottom, top + 1, step):
        y = _coord(y_of(value))
        rows.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>'
                '<text x="{}" y="{}" text-anchor="end" dominant-baseline="middle">{}</text>',
                PLOT_LEFT,
                y,
                PLOT_RIGHT,
                y,
                GRID_COLOUR,
                PLOT_LEFT - 6,
                y,
                value,
            )
        )
    return format_html('<g class="chart-grid">{}</g>', _joined(rows))


def _year_labels(points: list[TrendPoint], x_of) -> SafeString:
    shown = labelled(len(points))
    return format_html(
        '<g class="chart-years" text-anchor="middle">{}</g>',
        format_html_join(
            "",
            '<text x="{}" y="{}">{}</text>',
            ((_coord(x_of(i)), YEAR_LABEL_Y, p.year) for i, p in enumerate(points) if i in shown),
        ),
    )


def _line(s: _Series, points: list[TrendPoint], x_of, y_of) -> SafeString:
    # A year without a figure breaks the line into segments rather than bridging the gap.
    segments: list[list[tuple[float, float]]] = [[]]
    marks = []
    for index, point in enumerate(points):
        value = getattr(point, s.key)
        if value is None:
            segments.append([])
            continue
        x, y = x_of(index), y_of(value)
        segments[-1].append((x, y))
        marks.append((x, y, value, index))
    parts = [
        format_html(
            '<polyline points="{}" fill="none" stroke="{}" stroke-width="{}"{}/>',
            " ".join(f"{_coord(x)},{_coord(y)}" for x, y in segment),
            s.colour,
            s.width,
            format_html(' stroke-dasharray="{}"', s.dash) if s.dash else "",
        )
        for segment in segments
        if len(segment) > 1
    ]
    parts += [
        format_html(
            '<circle cx="{}" cy="{}" r="{}" fill="{}"/>', _coord(x), _coord(y), s.radius, s.colour
        )
        for x, y, _value, _index in marks
    ]
    if s.key == "total":  # only the total is labelled: more labels would overlap
        shown = labelled(len(points))
        for x, y, value, index in marks:
            if index not in shown:
                continue
            # Above the point, or below it when there is no room above.
            label_y = y - 10 if y - 10 > FONT_SIZE else y + 10 + FONT_SIZE
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle" font-weight="700" fill="{}" '
                    'stroke="#fff" stroke-width="3" paint-order="stroke">{}</text>',
                    _coord(x),
                    _coord(label_y),
                    s.colour,
                    _number(value),
                )
            )
    return format_html(
        '<g class="chart-series chart-series-{}">{}</g>',
        s.key,
        _joined(parts),
    )


def _legend(series: list[_Series], pass_mark: Decimal | None) -> SafeString:
    """Two rows: the total and the pass mark, then the instruments (fixed slots: text widths
    cannot be measured on the server, so each slot leaves room for a long label)."""
    first_row: list[tuple[str, str, str, float]] = []
    second_row: list[tuple[str, str, str, float]] = []
    for s in series:
        row = first_row if s.key == "total" else second_row
        row.append((s.label, s.colour, s.dash, s.width))
    if pass_mark is not None:
        first_row.append((_pass_label(pass_mark), THRESHOLD_COLOUR, "5 4", 1.5))
    entries = []
    rows = zip((first_row, second_row), LEGEND_ROWS_Y, LEGEND_SLOTS, strict=True)
    for row, y, slot in rows:
        for index, (label, colour, dash, width) in enumerate(row):
            x = PLOT_LEFT + index * slot
            entries.append(
                format_html(
                    '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}"{}/>'
                    '<text x="{}" y="{}" dominant-baseline="middle">{}</text>',
                    x,
                    y,
                    x + 26,
                    y,
                    colour,
                    width,
                    format_html(' stroke-dasharray="{}"', dash) if dash else "",
                    x + 32,
                    y,
                    label,
                )
            )
    return format_html('<g class="chart-legend">{}</g>', _joined(entries))
