"""When min 0 pauses, as AWS documents it: blockers bill the 0.5 ACU floor while idle.

Fixture eu-west-1 (tests/data/prices): Serverless v2 $0.10 per ACU-hour. The demand: the small
app's week, 2 ACU Monday-Friday 09:00-17:00 (40 h), idle the other 128 h, in 5 idle
stretches (four nights and the weekend).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import invoke

WEEK = (
    "{schedule: {default_acu: 0, windows: [{days: [mon, tue, wed, thu, fri], "
    'start: "09:00", end: "17:00", acu: 2}]}}'
)


def compare(tmp_path: Path, options: str, region: str = "eu-west-1") -> dict[str, Any]:
    path = tmp_path / "w.yaml"
    path.write_text(f"version: 1\nusage: {WEEK}\noptions:\n{options}")
    result = invoke("compare", "-w", str(path), "-r", region, "-f", "json")
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def compute(option: dict[str, Any]) -> str:
    return next(i["monthly_cost"] for i in option["line_items"] if i["name"] == "compute")


def test_min_0_pauses_when_nothing_blocks_it(tmp_path: Path) -> None:
    # 80 busy ACU-h + 5 stretches x 5 min x 0.5 ACU (12.5 ACU-min) a week = 80.2083 ACU-h;
    # x 730 / 168 = 348.5243 ACU-h x $0.10 = $34.85
    (plain,) = compare(tmp_path, "  - {name: p, kind: serverless-v2, min_acu: 0, max_acu: 8}\n")[
        "options"
    ]
    assert compute(plain) == "34.85"
    assert plain["diagnostics"] == []


@pytest.mark.parametrize(
    "blocker",
    ["binlog-replication", "logical-replication", "global-database", "zero-etl", "babelfish"],
)
def test_each_blocker_bills_the_floor_while_idle_and_names_itself(
    tmp_path: Path, blocker: str
) -> None:
    # 80 busy ACU-h + 128 idle h x 0.5 ACU = 144 ACU-h a week x 730 / 168 = 625.7143 x $0.10
    options = f"  - {{name: b, kind: serverless-v2, min_acu: 0, max_acu: 8, pause_blockers: [{blocker}]}}\n"
    (blocked,) = compare(tmp_path, options)["options"]
    assert compute(blocked) == "62.57"
    assert blocked["usage"]["paused_hours"] == "0"
    (note,) = [d for d in blocked["diagnostics"] if d["code"] == "pause-blocked"]
    assert blocker in note["short"]
    assert "0.5 ACU floor" in note["message"]


def test_a_busy_independent_reader_keeps_the_writer_at_its_floor(tmp_path: Path) -> None:
    # writer: never idle while the reader runs (always): 144 ACU-h a week -> $62.57 (above);
    # reader: 1 ACU all week = 168 ACU-h -> 730 ACU-h x $0.10 = $73.00; total $135.57
    # (priced as if the writer paused it would be $34.85 + $73.00 = $107.85)
    options = (
        "  - {name: r, kind: serverless-v2, min_acu: 0, max_acu: 8, readers: 1,\n"
        "     reader_scaling: independent, reader_acu: {constant: 1}}\n"
    )
    (option,) = compare(tmp_path, options)["options"]
    assert compute(option) == "135.57"
    assert any(d["short"] == "writer kept awake by readers" for d in option["diagnostics"])


def test_a_reader_that_pauses_with_the_writer_lets_it_pause(tmp_path: Path) -> None:
    # the reader follows the same week (busy while the writer is): both pause at night;
    # each: 80.2083 ACU-h a week -> 348.5243 ACU-h; two: 697.0486 x $0.10 = $69.70
    options = (
        "  - {name: r, kind: serverless-v2, min_acu: 0, max_acu: 8, readers: 1,\n"
        f"     reader_scaling: independent, reader_acu: {WEEK}}}\n"
    )
    (option,) = compare(tmp_path, options)["options"]
    assert compute(option) == "69.70"
    assert not any(d["code"] == "pause-blocked" for d in option["diagnostics"])


def test_a_provisioned_instance_keeps_a_serverless_writer_awake(tmp_path: Path) -> None:
    # db.serverless writer at 0.5 ACU floor while idle: 625.7143 ACU-h x $0.10 = $62.57,
    # plus db.r6g.large $0.20 x 730 h = $146.00
    options = (
        "  - {name: mixed, kind: cluster, min_acu: 0, max_acu: 8, instances: [\n"
        "       {instance_class: db.serverless}, {instance_class: db.r6g.large}]}\n"
    )
    (option,) = compare(tmp_path, options)["options"]
    items = {i["description"]: i["monthly_cost"] for i in option["line_items"]}
    assert items["db.serverless: writer"] == "62.57"
    assert items["db.r6g.large x 1"] == "146.00"
    assert any("provisioned-instance" in (d["short"] or "") for d in option["diagnostics"])


def test_pause_blockers_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(
        f"version: 1\nusage: {WEEK}\noptions:\n"
        "  - {name: b, kind: serverless-v2, min_acu: 0, max_acu: 8, pause_blockers: [binlog]}\n"
    )
    result = invoke("compare", "-w", str(path), "-r", "eu-west-1")
    assert result.exit_code == 2
    assert "pause_blockers" in result.stderr and "binlog-replication" in result.stderr


@pytest.mark.bundled_prices
def test_the_issues_figures_on_the_bundled_eu_west_1_prices(tmp_path: Path) -> None:
    # eu-west-1 Serverless v2 $0.14 per ACU-hour: binlog 625.7143 ACU-h = $87.60 (not $48.79);
    # writer + independent reader at 1 ACU: $87.60 + 730 x $0.14 = $102.20 -> $189.80
    path = tmp_path / "w.yaml"
    path.write_text(
        f"version: 1\nusage: {WEEK}\noptions:\n"
        "  - {name: b, kind: serverless-v2, min_acu: 0, max_acu: 8, pause_blockers: [binlog-replication]}\n"
        "  - {name: r, kind: serverless-v2, min_acu: 0, max_acu: 8, readers: 1,\n"
        "     reader_scaling: independent, reader_acu: {constant: 1}}\n"
    )
    result = invoke(
        "compare", "-w", str(path), "-r", "eu-west-1", "-f", "json", fixture_prices=False
    )
    assert result.exit_code == 0, result.stderr
    binlog, reader = json.loads(result.stdout)["options"]
    assert (compute(binlog), compute(reader)) == ("87.60", "189.80")
