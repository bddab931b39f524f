"""Every loader rule of the workload file (README "The workload file") has its own message naming the file and field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from aurora_cost.demand.build import schedule_demand
from aurora_cost.errors import InputError
from aurora_cost.workload import Schedule, load_workload, parse_workload

BASE: dict[str, Any] = {"version": 1, "usage": {"constant": 1}}


def error_for(doc: dict[str, Any]) -> str:
    with pytest.raises(InputError) as caught:
        parse_workload(doc, "w.yaml")
    return str(caught.value)


def with_option(**option: Any) -> dict[str, Any]:
    return {**BASE, "options": [option]}


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        (
            with_option(kind="serverless-v1", min_acu=0.7, max_acu=8),
            "w.yaml: options[0].min_acu: 0.7 is not a serverless v1 capacity for mysql; "
            "allowed: 1, 2, 4, ..., 256",
        ),
        (
            with_option(kind="serverless-v1", engine="postgresql", min_acu=1, max_acu=8),
            "options[0].min_acu: 1 is not a serverless v1 capacity for postgresql; "
            "allowed: 2, 4, 8, 16, 32, 64, 192, 384",
        ),
        (
            with_option(kind="serverless-v1", min_acu=8, max_acu=4),
            "options[0].max_acu: 4 is below min_acu 8",
        ),
        (
            with_option(kind="serverless-v1", min_acu=1, max_acu=8, readers=1),
            "options[0].readers: serverless v1 runs one instance and cannot have readers",
        ),
        (
            with_option(kind="serverless-v1", min_acu=1, max_acu=8, storage="io-optimized"),
            "options[0].storage: serverless v1 does not support Aurora I/O-Optimized",
        ),
        (
            with_option(kind="serverless-v1", min_acu=1, max_acu=8, seconds_until_auto_pause=60),
            "options[0].seconds_until_auto_pause: 60 is out of range; AWS allows 300 to 86,400",
        ),
        (
            with_option(kind="serverless-v2", min_acu=0.7, max_acu=8),
            "options[0].min_acu: 0.7 is not a serverless v2 capacity; use steps of 0.5 ACU",
        ),
        (
            with_option(kind="serverless-v2", min_acu=4, max_acu=2),
            "options[0].max_acu: 2 is below min_acu 4",
        ),
        (
            with_option(kind="serverless-v2", min_acu=0.5, max_acu=300),
            "options[0].max_acu: 300 must be at most 256",
        ),
        (
            with_option(kind="serverless-v2", min_acu=0.5, max_acu=0.5),
            "options[0].max_acu: 0.5 must be at least 1",
        ),
        (
            with_option(kind="serverless-v2", min_acu=0.5, max_acu=8, readers=16),
            "options[0].readers: 16 must be at most 15",
        ),
        (
            with_option(kind="serverless-v2", min_acu=1, max_acu=8, seconds_until_auto_pause=300),
            "options[0].seconds_until_auto_pause: only applies when min_acu is 0",
        ),
        (
            with_option(kind="serverless-v2", min_acu=1, max_acu=8, reader_acu={"constant": 1}),
            "options[0].reader_acu: only applies with reader_scaling: independent",
        ),
        (
            with_option(kind="serverless-v2", min_acu=1, max_acu=8, readrs=1),
            "options[0].readrs: unknown key; did you mean 'readers'?",
        ),
        (with_option(kind="provisioned", instance_class="r6g.large"), "options[0].instance_class:"),
        (
            with_option(kind="provisioned", instance_class="db.r6g.large", instances=17),
            "options[0].instances: 17 must be at most 16",
        ),
        (with_option(kind="serverless-v3"), "options[0]: kind: 'serverless-v3' is not allowed"),
        ({**BASE, "storge_gb": 3}, "w.yaml: storge_gb: unknown key; did you mean 'storage_gb'?"),
        ({**BASE, "storage_gb": -1}, "storage_gb: -1 must be at least 0"),
        (
            {**BASE, "storage_gb": float("inf")},
            "storage_gb: inf is not allowed; give a finite number",
        ),
        (
            {"version": 1, "usage": {"constant": 1, "schedule": {}}},
            "usage: give exactly one of constant, schedule or trace (found constant and schedule)",
        ),
        (
            {"version": 1, "usage": {}},
            "usage: give exactly one of constant, schedule or trace (found none)",
        ),
        ({"version": 2, "usage": {"constant": 1}}, "version: 2 is not allowed; expected 1"),
        ({"usage": {"constant": 1}}, "version: is required"),
        (
            {
                "version": 1,
                "usage": {
                    "schedule": {
                        "windows": [{"days": ["mon"], "start": "9am", "end": "17:00", "acu": 1}]
                    }
                },
            },
            "usage.schedule.windows[0].start: '9am' is not a time of day",
        ),
        (
            {
                "version": 1,
                "usage": {
                    "schedule": {
                        "windows": [
                            {"days": ["monday"], "start": "09:00", "end": "17:00", "acu": 1}
                        ]
                    }
                },
            },
            "usage.schedule.windows[0].days[0]: 'monday' is not allowed",
        ),
        (
            {
                **BASE,
                "options": [
                    {"kind": "serverless-v2", "min_acu": 1, "max_acu": 2},
                    {"kind": "serverless-v2", "min_acu": 1, "max_acu": 4},
                ],
            },
            "options: two options are named 'serverless-v2'",
        ),
    ],
)
def test_each_rule_has_its_own_message(doc: dict[str, Any], message: str) -> None:
    assert message in error_for(doc)


def test_defaults_are_the_four_design_options() -> None:
    workload = parse_workload(BASE, "w.yaml")
    assert [o.name for o in workload.options] == [
        "serverless-v1",
        "serverless-v2",
        "serverless-v2-auto-pause",
        "provisioned",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("version: 1\nusage: {constant: [1\n", "malformed YAML at line"),
        ("version: 1\nusage:\n\tconstant: 1\n", "tab character"),
        ("", "the file is empty"),
        ("- 1\n- 2\n", "the top level must be a mapping of keys, not a list"),
        (
            "a: &a [1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
            "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
            "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n",
            "anchors and aliases",
        ),
    ],
)
def test_file_level_problems(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        load_workload(path)
    assert str(caught.value).startswith(str(path))
    assert message in str(caught.value)


def test_non_utf8_and_missing_and_directory(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes(b"version: 1\nname: caf\xe9\n")
    with pytest.raises(InputError, match="not valid UTF-8"):
        load_workload(bad)
    with pytest.raises(InputError, match="no such file"):
        load_workload(tmp_path / "missing.yaml")
    with pytest.raises(InputError, match="is a directory"):
        load_workload(tmp_path)


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffversion: 1\nusage: {constant: 1}\n".encode())
    assert load_workload(path).usage.constant == 1


def test_unquoted_clock_times_are_read_as_times() -> None:
    # YAML 1.1 reads 09:00 unquoted as 540 (sexagesimal); the loader turns it back.
    workload = parse_workload(
        {
            "version": 1,
            "usage": {
                "schedule": {"windows": [{"days": ["mon"], "start": 540, "end": 1020, "acu": 2}]}
            },
        },
        "w.yaml",
    )
    assert workload.usage.schedule is not None
    assert workload.usage.schedule.windows[0].start == "09:00"


def test_schedule_windows_overnight_and_overlapping() -> None:
    schedule = Schedule.model_validate(
        {
            "default_acu": 0.5,
            "windows": [
                {"days": ["sun"], "start": "22:00", "end": "02:00", "acu": 4},
                {"days": ["sun"], "start": "23:00", "end": "24:00", "acu": 8},
            ],
        }
    )
    demand = schedule_demand(schedule)
    # Monday 00:00-02:00 gets Sunday's window (wraps), Sunday 22-23 at 4, 23-24 at 8.
    assert list(zip(demand.levels, demand.minutes)) == [
        (4, 120),
        (0.5, 10080 - 120 - 120),
        (4, 60),
        (8, 60),
    ]
