"""The capacity chart: a truthful legend, any non-zero capacity visible, never wider than asked.

Charts are built by hand (no prices, no simulation): `Chart` holds the average ACU of each
bucket, as the report does.
"""

from __future__ import annotations

import re

import pytest

from aurora_cost.render.chart import BARS, IDLE, bar, chart_lines, legend
from aurora_cost.report import Chart

WEEK_HOURS = 168


def week(**hours: float) -> list[float]:
    """A week of hourly averages, 0 except the hours given as h<index>=value."""
    values = [0.0] * WEEK_HOURS
    for key, value in hours.items():
        values[int(key[1:])] = value
    return values


def bars_of(line: str, label: str) -> str:
    """The bar characters of a chart row (without its label and the number at the end)."""
    rest = line[len(label) :] if line.startswith(label) else line
    return re.sub(r"\s+\S+$", "", rest).strip()


def rows(lines: list[str], name: str) -> str:
    """The bars drawn for series `name`, whether beside its label or on the next line."""
    for i, line in enumerate(lines):
        if line.split()[0:1] == [name] and len(line.split()) > 2:
            return bars_of(line, name)
        if line == name:
            return bars_of(lines[i + 1], "")
    raise AssertionError(f"no row for {name}: {lines}")


# 10 minutes at 2 ACU in an hourly bucket: an average of 0.33 ACU; another series peaks at 16
TEN_MINUTES = Chart(
    bucket_minutes=60,
    demand=week(h30=round(10 * 2 / 60, 2)),
    options={"big": week(h10=16.0, h11=16.0), "serverless-v2-auto-pause": week(h30=0.5)},
)


@pytest.mark.parametrize("width", range(40, 201))
def test_no_line_is_wider_than_the_terminal(width: int) -> None:
    for line in chart_lines(TEN_MINUTES, width):
        assert len(line) <= width, (width, line)


@pytest.mark.parametrize("width", [40, 60, 80, 100, 120, 200])
def test_ten_minutes_at_two_acu_draws_a_visible_bar(width: int) -> None:
    lines = chart_lines(TEN_MINUTES, width)
    for name in ("demand", "serverless-v2-auto-pause"):
        drawn = rows(lines, name)
        visible = [c for c in drawn if c != IDLE]
        assert visible == [BARS[0]], (width, name, drawn)  # one column, the lowest bar
        assert " " not in drawn
    assert BARS[-1] in rows(lines, "big")


def test_idle_only_for_exactly_zero() -> None:
    assert bar(0.0, 16) == IDLE
    assert bar(0.01, 16) == BARS[0]
    assert bar(0.33, 16) == BARS[0]
    assert bar(8, 16) == BARS[3]
    assert bar(16, 16) == BARS[-1]
    assert bar(2, 2) == BARS[-1]


def test_the_legend_says_what_one_column_shows() -> None:
    assert legend(60, 3).startswith("(each column: highest hourly average ACU over 3 h;")
    assert legend(60, 1).startswith("(each column: hourly average ACU;")
    assert legend(15, 4).startswith("(each column: highest 15-min average ACU over 1 h;")
    assert f"{IDLE} = 0 ACU, paused or idle" in legend(60, 2)
    assert "peak ACU per" not in legend(60, 3)


@pytest.mark.parametrize("width", [40, 60, 80, 100, 120, 200])
def test_the_legend_matches_the_columns_drawn(width: int) -> None:
    lines = chart_lines(TEN_MINUTES, width)
    text = " ".join(" ".join(lines).split())
    found = re.search(r"\(each column: (highest )?hourly average ACU( over (\d+) h)?;", text)
    assert found, text
    hours = int(found.group(3) or 1)
    assert bool(found.group(1)) == (hours > 1)  # "highest" exactly when buckets share a column
    assert len(rows(lines, "demand")) == -(-WEEK_HOURS // hours)


def test_one_bucket_per_column_when_there_is_room() -> None:
    day = Chart(bucket_minutes=60, demand=[1.0] * 24, options={"v2": [0.5] * 24})
    lines = chart_lines(day, 120)
    assert rows(lines, "v2") == BARS[3] * 24
    assert any("(each column: hourly average ACU;" in line for line in lines)


def test_a_week_gets_day_names_at_each_day_start() -> None:
    lines = chart_lines(TEN_MINUTES, 100)
    axis = next(line for line in lines if "Mon" in line)
    starts = [axis.index(day) for day in ("Mon", "Tue", "Wed")]
    assert starts[1] - starts[0] == starts[2] - starts[1]
