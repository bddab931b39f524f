"""The examples/ folder is documentation that runs: every workload prices in every region,
and every `aurora-cost` command line shown in the examples works (and, for jq.md, still
prints the output pasted under it).

Prices: the fixture files of tests/data/prices/ (round numbers, roughly in AWS's
proportions, so each example still tells its story), through AURORA_COST_PRICING. The
output pasted in jq.md is that of the bundled prices: that comparison is marked
`bundled_prices`, as is the run of every workload through every bundled region.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from aurora_cost.engine import PriceBook, price, qualifies, simulate
from aurora_cost.pricing.model import RegionPricing
from aurora_cost.pricing.store import load_all
from aurora_cost.workload.model import load_workload
from tests.conftest import ROOT, invoke
from tests.fixture_prices import BUNDLED_PRICES, FIXTURE_PRICES

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
WORKLOADS = sorted(EXAMPLES.glob("*.yaml"))
SHELL_OPERATORS = {"|", ">", ">>", "2>", "2>&1", "&&", "||", ";"}

FIXTURE_ENV = {"AURORA_COST_PRICING": str(FIXTURE_PRICES)}


@pytest.fixture(
    scope="module",
    params=[FIXTURE_PRICES, pytest.param(BUNDLED_PRICES, marks=pytest.mark.bundled_prices)],
    ids=["fixture-prices", "bundled-prices"],
)
def all_prices(request: pytest.FixtureRequest) -> list[RegionPricing]:
    directory: Path = request.param
    return load_all(directory)


# ---- the workload files -------------------------------------------------------------


def test_the_expected_examples_are_shipped() -> None:
    names = {p.name for p in EXAMPLES.iterdir()}
    assert {"small-app.yaml", "steady-api.yaml", "nightly-batch.yaml", "read-heavy.yaml",
            "io-heavy.yaml", "ci-budget-check.yml", "jq.md", "infra"} <= names  # fmt: skip


@pytest.mark.parametrize("path", WORKLOADS, ids=lambda p: p.name)
def test_workload_prices_in_every_region(path: Path, all_prices: list[RegionPricing]) -> None:
    workload = load_workload(path)
    simulation = simulate(workload, path.parent)  # once; prices do not affect it
    # every file of the directory: 13 fixture regions, or the 35 bundled ones
    assert len(all_prices) in (13, 35)
    for regional in all_prices:
        report = price(simulation, PriceBook.of(regional))
        assert report.region == regional.region
        assert [o.name for o in report.options] == [o.name for o in workload.options]
        for opt in report.options:
            if opt.monthly_cost is None:
                assert not opt.available and opt.warnings, (regional.region, opt.name)
                continue
            assert opt.monthly_cost >= 0
            assert opt.monthly_cost == sum(i.monthly_cost for i in opt.line_items)
        if report.cheapest is None:  # every option passed over (a bill that leaves
            # something out, say), and the report says why
            assert not any(qualifies(o) for o in report.options), regional.region
            assert "no-cheapest" in [d.code for d in report.diagnostics]
        else:
            assert qualifies(report.option(report.cheapest)), regional.region


KEY_LINE = re.compile(r"^\s*(?:- )?([a-z_]+):")


@pytest.mark.parametrize("path", WORKLOADS, ids=lambda p: p.name)
def test_workload_is_commented(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#"), "open with a comment that tells the workload's story"
    lines = text.splitlines()
    for key in yaml.safe_load(text):  # every top-level key says what its value means
        line = next(line for line in lines if line.startswith(f"{key}:"))
        assert "#" in line, f"{path.name}: {key} has no comment"
    if path.name == "small-app.yaml":  # the default workload: the full key reference
        return
    commented: dict[str, bool] = {}
    for line in lines:
        match = KEY_LINE.match(line)
        if match:  # a repeated key need only be explained once per file
            commented[match.group(1)] = commented.get(match.group(1), False) or "#" in line
    assert [key for key, ok in commented.items() if not ok] == []


def _costs(path: Path, region: str = "eu-west-1") -> dict[str, Decimal]:
    workload = load_workload(path)
    report = price(simulate(workload, path.parent), PriceBook(FIXTURE_PRICES), region)
    return {o.name: o.monthly_cost for o in report.options if o.monthly_cost is not None}


def test_io_heavy_io_optimized_options_beat_their_standard_twins() -> None:
    workload = load_workload(EXAMPLES / "io-heavy.yaml")
    costs = _costs(EXAMPLES / "io-heavy.yaml")
    twins = [("v2-standard", "v2-io-optimized"), ("r6g-large-standard", "r6g-large-io-optimized")]
    by_name = {o.name: o for o in workload.options}
    for standard, optimized in twins:
        assert by_name[standard].storage == "standard"
        assert by_name[optimized].storage == "io-optimized"
        plain = by_name[standard].model_dump(exclude={"name", "storage"})
        assert by_name[optimized].model_dump(exclude={"name", "storage"}) == plain
        assert costs[optimized] < costs[standard], (optimized, costs)


def test_steady_api_provisioned_beats_serverless_v2() -> None:
    costs = _costs(EXAMPLES / "steady-api.yaml")
    assert costs["r6g-large"] < costs["serverless-v2"]


def test_nightly_batch_auto_pause_beats_always_on_and_provisioned() -> None:
    costs = _costs(EXAMPLES / "nightly-batch.yaml")
    assert costs["v2-auto-pause"] < costs["v2-always-on"] < costs["r6g-xlarge"]


def test_read_heavy_independent_readers_cost_less_than_with_writer() -> None:
    costs = _costs(EXAMPLES / "read-heavy.yaml")
    assert costs["v2-readers-independent"] < costs["v2-readers-with-writer"]
    workload = load_workload(EXAMPLES / "read-heavy.yaml")
    provisioned = next(o for o in workload.options if o.kind == "provisioned")
    assert provisioned.instances == 3


# ---- command lines in the examples --------------------------------------------------


def _split(line: str) -> tuple[list[str], list[str]]:
    """`aurora-cost ...` arguments (repo paths made absolute) and the jq arguments after `|`."""
    tokens = shlex.split(line)
    assert tokens[0] == "aurora-cost", line
    end = next((i for i, t in enumerate(tokens) if t in SHELL_OPERATORS), len(tokens))
    args = [str(REPO / t) if "/" in t and (REPO / t).exists() else t for t in tokens[1:end]]
    rest = tokens[end + 1 :] if end < len(tokens) and tokens[end] == "|" else []
    return args, rest


def _workflow() -> dict[Any, Any]:
    loaded: dict[Any, Any] = yaml.safe_load((EXAMPLES / "ci-budget-check.yml").read_text())
    return loaded


def test_ci_workflow_is_a_github_actions_job() -> None:
    workflow = _workflow()
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers and "pull_request" in triggers
    assert workflow["permissions"]["pull-requests"] == "write"  # for the one comment
    (job,) = workflow["jobs"].values()
    assert job["runs-on"] == "ubuntu-latest"
    steps = job["steps"]
    uses = [s["uses"] for s in steps if "uses" in s]
    assert any(u.startswith("actions/checkout@") for u in uses)
    assert any(u.startswith("hashicorp/setup-terraform@") for u in uses)
    for step in steps:
        assert ("uses" in step) != ("run" in step), step
    runs = "\n".join(s.get("run", "") for s in steps)
    assert "show -json plan.tfplan > plan.json" in runs  # the plan as JSON
    assert "pip install" not in runs  # the action installs aurora-cost from its own checkout
    action = _action_step()
    assert action["with"]["infra"] == "plan.json" and Decimal(action["with"]["max-increase"]) > 0


def _action_step() -> dict[str, Any]:
    steps = next(iter(_workflow()["jobs"].values()))["steps"]
    (step,) = [s for s in steps if str(s.get("uses", "")).startswith("OWNER/aurora-cost@")]
    return step  # type: ignore[no-any-return]


# The files the workflow's steps would produce or the user would keep, as in examples/infra/.
WORKFLOW_FILES = {
    "plan.json": "examples/infra/plan.json",  # what `terraform show -json` writes
    "infra/aurora-usage.yaml": "examples/infra/usage.yaml",
}


def test_ci_workflow_action_runs(tmp_path: Path) -> None:
    """The action's shell step with the example's inputs: the example budget fits the plan."""
    import sys

    inputs = {k: WORKFLOW_FILES.get(v, v) for k, v in _action_step()["with"].items()}
    env = {
        **os.environ,
        **{"INPUT_" + k.upper().replace("-", "_"): v for k, v in inputs.items()},
        "AURORA_COST_BIN": str(Path(sys.executable).parent / "aurora-cost"),
        "AURORA_COST_PYTHON": sys.executable,
        "AURORA_COST_PRICING": str(ROOT / "tests" / "data" / "prices"),
        "RUNNER_TEMP": str(tmp_path),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "PR_NUMBER": "",
    }
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / "action.sh"), "run"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith("### Aurora cost change: +$978.70 a month")
    assert "**within**" in summary and "Within budget" in done.stderr


def _jq_examples() -> list[tuple[str, str | None]]:
    """(command line, the output block pasted after its code block) from jq.md."""
    text = (EXAMPLES / "jq.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```(\w*)\n(.*?)^```", text, flags=re.S | re.M)
    found: list[tuple[str, str | None]] = []
    for i, (lang, body) in enumerate(blocks):
        if lang not in ("sh", "bash", "console", "shell"):
            continue
        after = blocks[i + 1] if i + 1 < len(blocks) else None
        output = after[1] if after and after[0] in ("text", "") else None
        for line in body.splitlines():
            if line.strip().startswith("aurora-cost"):
                found.append((line.strip(), output))
    return found


def test_jq_md_shows_at_least_two_pipelines_with_output() -> None:
    examples = _jq_examples()
    assert len(examples) >= 2
    assert all(" | jq " in line and output for line, output in examples)


@pytest.mark.parametrize(
    "bundled", [False, pytest.param(True, marks=pytest.mark.bundled_prices)],
    ids=["fixture-prices", "bundled-prices"],
)  # fmt: skip
@pytest.mark.parametrize(("line", "output"), _jq_examples(), ids=lambda v: str(v)[:40])
def test_jq_md_pipeline_prints_what_the_page_shows(
    line: str, output: str | None, bundled: bool
) -> None:
    """Every pipeline runs; with the bundled prices it prints exactly what the page shows."""
    args, jq_args = _split(line)
    result = invoke(*args, fixture_prices=not bundled)
    assert result.exit_code in (0, 1), result.stderr  # 1: a `check` over its budget
    jq = shutil.which("jq")
    if not jq_args:
        return
    if jq is None:
        pytest.skip("the jq binary is not installed; ran the aurora-cost part only")
    assert jq_args[0] == "jq"
    done = subprocess.run(
        [jq, *jq_args[1:]], input=result.stdout, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    if bundled:
        assert done.stdout == output
    else:  # the fixture prices give other numbers, in the same shape
        assert output is not None
        assert len(done.stdout.splitlines()) == len(output.splitlines())


def _try_lines() -> list[str]:
    """The `Try: aurora-cost ...` lines in the workload files' opening comments."""
    found = []
    for path in WORKLOADS:
        for line in path.read_text(encoding="utf-8").splitlines():
            match = re.match(r"#\s*(?:Try:)?\s*(aurora-cost .*?)(?:\s{2,}\(.*\))?$", line)
            if match:
                found.append(match.group(1).strip())
    return found


@pytest.mark.parametrize("line", _try_lines())
def test_try_lines_in_the_workload_comments_run(line: str) -> None:
    args, _ = _split(line)
    result = invoke(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
