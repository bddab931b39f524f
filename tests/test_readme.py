"""Every `aurora-cost` command shown in README.md runs and exits as documented.

Each command runs twice: with the fixture prices (tests/data/prices/, through
AURORA_COST_PRICING), where the budgets of the `check` examples are judged against the
fixture costs, and with the bundled prices (marked `bundled_prices`), where every exit
code is the one README.md shows.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from aurora_cost.cli import app
from tests.conftest import RUNNER
from tests.fixture_prices import FIXTURE_PRICES

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")

# Commands that need the network or files the reader supplies; each is covered elsewhere.
NOT_RUN = {
    "pricing import index.csv": "the reader's own offer file (tests/test_offers_import.py)",
    "pricing update": "downloads from AWS (tests/test_offers_update.py runs a local server)",
    "./my-prices": "the reader's own price directory (tests/test_pricing.py)",
    "--trace capacity.json": "the reader's own CloudWatch export (tests/test_traces.py)",
    "--trace day-*.json": "the reader's own daily exports (tests/test_traces_merge.py)",
    "--trace week.json": "the reader's own get-metric-data export (tests/test_traces.py)",
    "--install-completion": "changes the shell's start-up files",
    "--workload db.yaml": "the reader's own workload",
    "--infra infra/": "the reader's own Terraform directory (tests/test_hcl.py)",
    "diff infra-before/ infra/": "the reader's own Terraform directories (tests/test_hcl.py)",
    "aurora-cost scan": "reads an AWS account (tests/test_scan.py runs an emulator)",
    "--cluster": "reads an AWS account (tests/test_scan.py runs an emulator)",
}


def readme_commands() -> list[str]:
    commands: list[str] = []
    for block in re.findall(r"```(?:sh|console)\n(.*?)```", README, flags=re.S):
        for line in block.splitlines():
            line = line.strip().removeprefix("$ ")
            if line.startswith("aurora-cost "):
                commands.append(line.split("  #")[0].strip())
    return commands


def test_the_readme_shows_every_command() -> None:
    shown = " ".join(readme_commands())
    for command in ("compare", "check", "regions", "pricing show", "pricing validate",
                    "pricing import", "pricing update", "schema"):  # fmt: skip
        assert f"aurora-cost {command}" in shown


def expected_exit(command: str, bundled: bool) -> int:
    """0, or 1 for a `check` example over its budget."""
    if bundled:  # README.md: serverless-v2-auto-pause costs $51.43 in eu-west-1, over 50
        return 1 if "check --max-monthly 50" in command else 0
    # fixture prices: the default workload's cheapest, serverless-v2-auto-pause in eu-west-1,
    # is 37.25 (test_cli_check.py), within 50 and 60; steady-api's serverless-v2 is
    # (3 ACU writer + 3 ACU reader) x 730 h = 4380 ACU-h x 0.10 = 438.00 + storage 50 GB x 0.10
    # = 5.00 + I/O 20 million x 0.20 = 4.00
    # + backup (80 - 50) GB x 0.02 = 0.60, 447.60 in all, within 700
    return 0


@pytest.mark.parametrize(
    "bundled", [False, pytest.param(True, marks=pytest.mark.bundled_prices)],
    ids=["fixture-prices", "bundled-prices"],
)  # fmt: skip
@pytest.mark.parametrize("line", readme_commands())
def test_readme_command_runs(line: str, bundled: bool) -> None:
    for marker, reason in NOT_RUN.items():
        if marker in line:
            pytest.skip(reason)
    command, _, pipe = line.partition(" | ")
    command, _, redirect = command.partition(" > ")
    args = shlex.split(command)[1:]
    prices = None if bundled else str(FIXTURE_PRICES)
    result = RUNNER.invoke(app, args, env={"AURORA_COST_PRICING": prices},
                                catch_exceptions=False)  # fmt: skip
    expected = expected_exit(command, bundled)
    assert result.exit_code == expected, (line, result.stderr)
    assert "Traceback" not in result.stderr
    if pipe and pipe.startswith("jq"):
        jq = shutil.which("jq")
        if jq is None:
            pytest.skip("jq is not installed")
        done = subprocess.run(
            [jq, *shlex.split(pipe)[1:]], input=result.stdout, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip()
    del redirect  # the README's `> file` only names where a user would save the output
