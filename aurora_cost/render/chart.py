"""A compact text chart of demand and capacity over the simulated period.

`Chart` holds, per series, the average ACU of each bucket of the billed period. When there
are more buckets than columns, neighbouring buckets share a column and the column shows the
highest of their averages; the legend says so. Any non-zero value draws at least the lowest
bar: only exactly 0 ACU (paused, or no demand) draws as `IDLE`.
"""

from __future__ import annotations

import math

from aurora_cost.render.layout import wrap
from aurora_cost.report import Chart

BARS = "▁▂▃▄▅▆▇█"
IDLE = "·"
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DAY_MINUTES = 24 * 60
WEEK_MINUTES = 7 * DAY_MINUTES
MIN_COLUMNS = 28  # fewer bars than this beside the labels: labels go on their own lines
MIN_LEGEND = 48  # a narrower legend beside the labels: it starts at the left edge


def bar(value: float, top: float) -> str:
    """One column: `IDLE` for 0, else one of eight levels, the lowest for any small value."""
    if value <= 0:
        return IDLE
    level = math.ceil(value / top * len(BARS)) - 1 if top > 0 else 0
    return BARS[min(len(BARS) - 1, max(0, level))]


def squeeze(values: list[float], per: int) -> list[float]:
    """Every `per` neighbouring buckets merged into one column holding their highest value."""
    return [max(values[i : i + per]) for i in range(0, len(values), per)]


def span(minutes: int) -> str:
    return f"{minutes // 60} h" if minutes % 60 == 0 else f"{minutes} min"


def legend(bucket_minutes: int, per: int) -> str:
    """What one column shows, in words."""
    average = "hourly" if bucket_minutes == 60 else span(bucket_minutes).replace(" ", "-")
    average += " average"
    if per == 1:
        shows = f"{average} ACU"
    else:
        shows = f"highest {average} ACU over {span(bucket_minutes * per)}"
    return (
        f"(each column: {shows}; {IDLE} = 0 ACU, paused or idle; "
        "the number: the row's highest column)"
    )


def _per_column(chart: Chart, length: int, room: int) -> int:
    """Buckets per column: enough to fit `room`; for one week, whole columns per day if it can."""
    per = -(-length // room)
    if chart.bucket_minutes * length == WEEK_MINUTES:
        for candidate in range(per, 2 * per + 1):
            if DAY_MINUTES % (chart.bucket_minutes * candidate) == 0:
                return candidate
    return per


def _axis(chart: Chart, per: int, columns: int) -> str:
    """Day names under the columns where each day starts, for a chart of exactly one week."""
    if chart.bucket_minutes * len(chart.demand) != WEEK_MINUTES or columns == 0:
        return ""
    column_minutes = chart.bucket_minutes * per
    if DAY_MINUTES / column_minutes < 1:
        return ""
    cells = [" "] * columns
    end = 0
    for day, name in enumerate(DAYS):
        start = day * DAY_MINUTES // column_minutes
        label = name if DAY_MINUTES / column_minutes >= len(name) + 1 else name[0]
        if start < end or start + len(label) > columns:
            label = name[0]
        if start < end or start + len(label) > columns:
            continue
        cells[start : start + len(label)] = label
        end = start + len(label) + 1
    return "".join(cells).rstrip()


def chart_lines(chart: Chart, width: int) -> list[str]:
    """One line per series (or two, name then bars, when names leave too little room).

    Bars are scaled to the highest value of any series; no line is longer than `width`.
    """
    series = {"demand": chart.demand, **chart.options}
    length = max(len(values) for values in series.values())
    if length == 0:
        return []
    tails = {name: f" {max(values, default=0.0):g}" for name, values in series.items()}
    tail_width = max(len(t) for t in tails.values())
    label_width = max(len(name) for name in series) + 2
    inline = width - label_width - tail_width >= MIN_COLUMNS
    pad = " " * label_width if inline else ""
    room = max(1, width - len(pad) - tail_width)
    per = _per_column(chart, length, room)
    top = max(max(values, default=0.0) for values in series.values())
    lines: list[str] = []
    for name, values in series.items():
        bars = "".join(bar(v, top) for v in squeeze(values, per))
        if inline:
            lines.append(f"{name:<{label_width}}{bars}{tails[name]}")
        else:
            lines += [name[i : i + width] for i in range(0, len(name), width)]
            lines.append(f"{bars}{tails[name]}")
    axis = _axis(chart, per, -(-length // per))
    if axis:
        lines.append(pad + axis)
    indent = pad if width - len(pad) >= MIN_LEGEND else ""
    lines += wrap(legend(chart.bucket_minutes, per), width, indent=indent)
    return lines
