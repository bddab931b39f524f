"""A compact text chart of demand and capacity over the simulated period."""

from __future__ import annotations

from aurora_cost.report import Chart

BARS = " ▁▂▃▄▅▆▇█"
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _squeeze(values: list[float], columns: int) -> list[float]:
    """Merge neighbouring buckets (keeping their peak) so the series fits in `columns` characters."""
    if len(values) <= columns:
        return values
    per = -(-len(values) // columns)
    return [max(values[i : i + per]) for i in range(0, len(values), per)]


def chart_lines(chart: Chart, width: int) -> list[str]:
    """One line per series, bars scaled to the highest value of any series."""
    label_width = max([len("demand"), *(len(n) for n in chart.options)]) + 2
    columns = max(24, width - label_width - 8)
    series = {"demand": chart.demand, **chart.options}
    squeezed = {name: _squeeze(values, columns) for name, values in series.items()}
    top = max((max(v, default=0.0) for v in squeezed.values()), default=0.0) or 1.0
    lines = []
    for name, values in squeezed.items():
        bars = "".join(BARS[round(v / top * (len(BARS) - 1))] if v > 0 else "·" for v in values)
        peak = max(values, default=0.0)
        lines.append(f"{name:<{label_width}}{bars} {peak:g}")
    n = len(next(iter(squeezed.values()), []))
    if chart.bucket_minutes * len(chart.demand) == 7 * 24 * 60 and n:
        per_day = n / 7
        axis = "".join(f"{d:<{max(1, round(per_day))}}" for d in DAYS)[:n]
        lines.append(f"{'':<{label_width}}{axis}")
    minutes = chart.bucket_minutes * max(1, -(-len(chart.demand) // max(1, n)))
    span = f"{minutes / 60:g} h" if minutes % 60 == 0 else f"{minutes} min"
    lines.append(f"{'':<{label_width}}(peak ACU per {span} column; · = paused or idle)")
    return lines
