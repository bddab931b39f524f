"""Inline SVG charts as plain data for the page template: geometry only, never a cost.

Each chart is a `Chart`: a view box, axis ticks, and marks (polylines, rectangles, text)
whose coordinates are computed here from the document's numbers. The template draws
them; Jinja2 escapes every label. Colours come from one palette, repeated in the legend.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
           "#e377c2", "#17becf", "#7f7f7f", "#bcbd22")  # fmt: skip
GREY = "#8c959f"
WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 12, 36


@dataclass
class Mark:
    kind: str  # "line", "rect", "text", "vline"
    color: str = "#000"
    points: str = ""  # a polyline's "x,y x,y ..."
    x: float = 0
    y: float = 0
    w: float = 0
    h: float = 0
    text: str = ""
    dashed: bool = False
    anchor: str = "start"
    title: str = ""  # a tooltip-free description (read by screen readers)


@dataclass
class Chart:
    title: str
    description: str
    width: int = WIDTH
    height: int = HEIGHT
    marks: list[Mark] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)  # (colour, label)


def color(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _nice(top: float) -> float:
    """A round upper bound for an axis (1, 2, 2.5 or 5 times a power of ten)."""
    if top <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(top))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if top <= step * power * (1 + 1e-9))


def _label(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:,.2f}".rstrip("0")


def _axes(chart: Chart, y_top: float, y_unit: str, x_labels: list[tuple[float, str]]) -> None:
    plot_h = chart.height - TOP - BOTTOM
    for i in range(5):
        value = y_top * i / 4
        y = TOP + plot_h - plot_h * i / 4
        chart.marks.append(Mark("line", "#ddd", points=f"{LEFT},{y:.1f} {chart.width - RIGHT},{y:.1f}"))  # fmt: skip
        chart.marks.append(Mark("text", "#555", x=LEFT - 6, y=y + 4, text=f"{y_unit}{_label(value)}", anchor="end"))  # fmt: skip
    for x, text in x_labels:
        chart.marks.append(Mark("text", "#555", x=x, y=chart.height - BOTTOM + 16, text=text, anchor="middle"))  # fmt: skip


def line_chart(
    title: str,
    series: list[tuple[str, list[float]]],
    *,
    x_values: list[float],
    x_labels: list[tuple[float, str]],
    y_unit: str = "",
    description: str = "",
    marker: tuple[float, str] | None = None,
    dashed: frozenset[str] = frozenset(),
) -> Chart:
    """Lines over a shared x axis (`x_values`, increasing); `marker` draws a vertical line."""
    chart = Chart(title, description)
    top = _nice(max((v for _, values in series for v in values), default=0))
    low, high = (x_values[0], x_values[-1]) if x_values else (0.0, 1.0)
    span = (high - low) or 1.0
    plot_w = chart.width - LEFT - RIGHT
    plot_h = chart.height - TOP - BOTTOM

    def px(x: float) -> float:
        return LEFT + plot_w * (x - low) / span

    def py(y: float) -> float:
        return TOP + plot_h - plot_h * y / top

    _axes(chart, top, y_unit, [(px(x), text) for x, text in x_labels])
    index = 0
    for name, values in series:
        points = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in zip(x_values, values))
        colour = GREY if name in dashed else color(index)  # a reference line (the demand): grey
        index += name not in dashed
        chart.marks.append(Mark("line", colour, points=points, dashed=name in dashed, title=name))
        chart.legend.append((colour, name))
    if marker is not None:
        x = px(marker[0])
        chart.marks.append(Mark("vline", "#333", points=f"{x:.1f},{TOP} {x:.1f},{TOP + plot_h}", dashed=True))  # fmt: skip
        chart.marks.append(Mark("text", "#333", x=x + 4, y=TOP + 12, text=marker[1]))
    return chart


def bar_chart(
    title: str,
    rows: list[tuple[str, list[tuple[str, Decimal]]]],
    *,
    description: str = "",
    totals: list[str] | None = None,
) -> Chart:
    """Horizontal bars, one per row, stacked by segment (a line item, a range's part).

    Negative segments (a saving, a cost that falls) are drawn left of zero.
    """
    names = list(dict.fromkeys(name for _, parts in rows for name, _ in parts))
    colours = {name: color(i) for i, name in enumerate(names)}
    label_h, row_h, gap = 14, 18, 8  # each bar's label sits above it, whatever its length
    height = TOP + len(rows) * (label_h + row_h + gap) + 8
    chart = Chart(title, description, height=max(height, 60))
    positive = max((sum(float(v) for _, v in p if v > 0) for _, p in rows), default=0.0)
    negative = max((sum(-float(v) for _, v in p if v < 0) for _, p in rows), default=0.0)
    span = (positive + negative) or 1.0
    plot_w = chart.width - 8 - RIGHT - 90
    zero = 8 + plot_w * negative / span
    for index, (label, parts) in enumerate(rows):
        top = TOP + index * (label_h + row_h + gap)
        chart.marks.append(Mark("text", "#222", x=8, y=top + 10, text=label))
        y = top + label_h
        right, left = zero, zero
        for name, value in parts:
            w = plot_w * abs(float(value)) / span
            if value >= 0:
                chart.marks.append(Mark("rect", colours[name], x=right, y=y, w=w, h=row_h, title=f"{name}: {value} USD"))  # fmt: skip
                right += w
            else:
                left -= w
                chart.marks.append(Mark("rect", colours[name], x=left, y=y, w=w, h=row_h, title=f"{name}: {value} USD"))  # fmt: skip
        if totals is not None:
            chart.marks.append(Mark("text", "#222", x=right + 6, y=y + 13, text=totals[index]))
    if negative:
        chart.marks.append(Mark("vline", "#999", points=f"{zero:.1f},{TOP} {zero:.1f},{height - 8}"))  # fmt: skip
    chart.legend = [(colours[n], n) for n in names] if len(names) > 1 else []
    return chart
