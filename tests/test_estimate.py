"""The one orchestrator, `estimate`, called as a library; and structured diagnostics.

They use the fixture prices (tests/fixture_prices.py) and check structure: which options,
which codes, which errors.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aurora_cost import estimate, load_workload
from aurora_cost.cli import app
from aurora_cost.errors import InputError, PricingError, UnknownRegionError
from aurora_cost.report import MultiRegionReport, Report
from aurora_cost.workload import WhatIf
from tests.conftest import RUNNER, write
from tests.fixture_prices import FIXTURE_PRICES

ROOT = Path(__file__).resolve().parent.parent
SMALL_APP = ROOT / "examples" / "small-app.yaml"


def test_estimate_takes_a_path_a_model_or_nothing() -> None:
    from_path = estimate(SMALL_APP, "eu-west-1", pricing=FIXTURE_PRICES)
    from_model = estimate(load_workload(SMALL_APP), "eu-west-1", pricing=FIXTURE_PRICES)
    default = estimate(None, "eu-west-1", pricing=FIXTURE_PRICES)
    assert isinstance(from_path, Report)
    assert from_path.model_dump() == from_model.model_dump() == default.model_dump()
    names = [o.name for o in from_path.options]
    assert names == ["serverless-v1", "serverless-v2", "serverless-v2-auto-pause", "provisioned"]


def test_estimate_all_regions_sorted_by_cheapest() -> None:
    multi = estimate(SMALL_APP, all_regions=True, pricing=FIXTURE_PRICES)
    assert isinstance(multi, MultiRegionReport)
    assert len(multi.reports) == len({r.region for r in multi.reports}) > 1
    costs = [r.option(r.cheapest).monthly_cost for r in multi.reports if r.cheapest]
    assert costs == sorted(costs)


def test_estimate_rejects_region_with_all_regions() -> None:
    with pytest.raises(InputError, match="--region and --all-regions"):
        estimate(SMALL_APP, "eu-west-1", all_regions=True, pricing=FIXTURE_PRICES)


def test_estimate_region_from_the_file_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "w.yaml", "version: 1\nregion: eu-west-9\nusage: {constant: 1}\n")
    with pytest.raises(UnknownRegionError) as caught:
        estimate(path, pricing=FIXTURE_PRICES)
    assert str(caught.value).startswith(f"{path}: region: unknown region 'eu-west-9'")


def test_estimate_unknown_class_names_the_file_and_option(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "w.yaml",
        "version: 1\nusage: {constant: 1}\noptions:\n"
        "  - {kind: provisioned, instance_class: db.r6g.hugeish}\n",
    )
    with pytest.raises(InputError) as caught:
        estimate(path, "eu-west-1", pricing=FIXTURE_PRICES)
    message = str(caught.value)
    assert message.startswith(f"{path}: options[0].instance_class: 'db.r6g.hugeish'")
    assert "did you mean" in message


def test_estimate_applies_what_if_and_reports_its_notes() -> None:
    # --min-acu 3 is not a v1 step: the v1 option uses 4 and the report says so.
    report = estimate(
        SMALL_APP, "eu-west-1", what_if=WhatIf(min_acu=3, max_acu=16), pricing=FIXTURE_PRICES
    )
    v1 = report.option("serverless-v1")
    assert "4-16 ACU" in v1.settings
    what_if = [d for d in report.diagnostics if d.code == "what-if"]
    assert [d.message for d in what_if] == [
        "serverless-v1: --min-acu 3 is not a v1 step; used 4",
    ]
    assert report.warnings == [d.message for d in report.diagnostics]


def test_every_warning_is_a_diagnostic_with_a_code(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "w.yaml",
        "version: 1\nusage: {constant: 12}\nbacktrack_change_records_per_month: 1000000\n"
        "data_api_requests_per_month: 1000\noptions:\n"
        "  - {name: v1, kind: serverless-v1, min_acu: 1, max_acu: 8}\n"
        "  - {name: v2, kind: serverless-v2, engine: postgresql, min_acu: 0.5, max_acu: 8}\n"
        "  - {name: t, kind: provisioned, instance_class: db.t4g.medium}\n",
    )
    report = estimate(path, "eu-west-1", pricing=FIXTURE_PRICES)
    codes = {o.name: [d.code for d in o.diagnostics] for o in report.options}
    assert codes == {
        "v1": [
            "v1-end-of-life",
            "throttled",
            "data-api-wakes-v1",
            "feature-unsupported",
            "incomplete",
        ],
        "v2": ["throttled", "feature-unsupported", "incomplete"],
        "t": ["undersized", "feature-unsupported", "incomplete"],
    }
    # backtrack is Aurora MySQL only (not v1); the Data API does not run on T classes
    missing = {o.name: o.missing for o in report.options}
    assert missing == {"v1": ["backtrack"], "v2": ["backtrack"], "t": ["data_api"]}
    fits = {o.name: o.fit.status for o in report.options if o.fit}
    assert fits == {"v1": "throttled", "v2": "throttled", "t": "undersized"}
    assert report.cheapest is None
    # the fixture prices have no Reserved Instance rates: one note, then the passed-over ones
    assert [d.code for d in report.diagnostics] == ["reserved-rates-missing"] + [
        "passed-over"
    ] * 3 + ["no-cheapest"]
    for option in report.options:
        assert option.warnings == [d.message for d in option.diagnostics]
        assert all(d.option == option.name for d in option.diagnostics)


def test_not_sold_is_a_diagnostic(tmp_path: Path) -> None:
    # Serverless v1 is sold in 14 regions only; eu-north-1 is not one of them.
    report = estimate(SMALL_APP, "eu-north-1", pricing=FIXTURE_PRICES)
    v1 = report.option("serverless-v1")
    assert not v1.available
    assert [d.code for d in v1.diagnostics] == ["not-sold", "v1-end-of-life"]


def test_pricing_env_is_blamed_by_name(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    monkeypatch.setenv("AURORA_COST_PRICING", str(missing))
    with pytest.raises(PricingError, match=r"^AURORA_COST_PRICING: price directory"):
        estimate(SMALL_APP, "eu-west-1")
    result = RUNNER.invoke(app, ["compare", "-r", "eu-west-1", "-f", "json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Error: AURORA_COST_PRICING: price directory")
    flag = RUNNER.invoke(app, ["compare", "-r", "eu-west-1", "--pricing", str(missing)])
    assert flag.exit_code == 2
    assert flag.stderr.startswith("Error: --pricing: price directory")


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv"])
def test_user_text_is_never_markup(tmp_path: Path, fmt: str) -> None:
    path = write(
        tmp_path,
        "w.yaml",
        "version: 1\nusage: {constant: 1}\noptions:\n"
        '  - {name: "v2 [/]", kind: serverless-v2, min_acu: 0.5, max_acu: 8}\n'
        '  - {name: "[red]v2", kind: serverless-v2, min_acu: 0.5, max_acu: 4}\n',
    )
    args = [
        "compare",
        "-w",
        str(path),
        "-r",
        "eu-west-1",
        "-f",
        fmt,
        "--pricing",
        str(FIXTURE_PRICES),
    ]
    result = RUNNER.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    if fmt == "markdown":  # escaped, so that markdown shows the brackets as written
        assert "v2 \\[/\\]" in result.stdout
        assert "\\[red\\]v2" in result.stdout
    else:
        assert "v2 [/]" in result.stdout
        assert "[red]v2" in result.stdout


@pytest.mark.parametrize("statistic", ["Maximum", "p99", "p99.9", "p50", "p100"])
def test_a_trace_may_name_an_extended_statistic(statistic: str) -> None:
    from aurora_cost.workload import parse_workload

    document = {"version": 1, "usage": {"trace": {"path": "t.json", "statistic": statistic}}}
    workload = parse_workload(document, "w.yaml")
    assert workload.usage.trace is not None and workload.usage.trace.statistic == statistic


@pytest.mark.parametrize(
    ("statistic", "message"),
    [
        ("P99", "'P99' is not allowed; write it as 'p99'"),
        ("maximum", "'maximum' is not allowed; write it as 'Maximum'"),
        ("p101", "'p101' is not allowed; (expected 'Average'"),
    ],
)
def test_a_bad_statistic_says_what_is_allowed(statistic: str, message: str) -> None:
    from aurora_cost.workload import parse_workload

    document = {"version": 1, "usage": {"trace": {"path": "t.json", "statistic": statistic}}}
    with pytest.raises(InputError) as caught:
        parse_workload(document, "w.yaml")
    assert f"w.yaml: usage.trace.statistic: {message}" in str(caught.value)


def test_a_short_burst_in_a_wide_chart_bucket_is_not_drawn_as_idle() -> None:
    from aurora_cost.engine import _average

    # 1 minute at 0.5 ACU in a 2-hour bucket averages 0.5 / 120 = 0.004: shown as 0.01
    assert _average(0.5, 120) == 0.01
    assert _average(0.0, 120) == 0.0
    assert _average(120.0, 60) == 2.0  # 2 ACU for the whole hour
