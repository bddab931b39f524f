"""Every `aurora-cost` command shown in README.md runs and exits as documented."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aurora_cost.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")

# Commands that need the network or files the reader supplies; each is covered elsewhere.
NOT_RUN = {
    "pricing import index.csv": "the reader's own offer file (tests/test_offers_import.py)",
    "pricing update": "downloads from AWS (tests/test_offers_update.py runs a local server)",
    "./my-prices": "the reader's own price directory (tests/test_pricing.py)",
    "--trace capacity.json": "the reader's own CloudWatch export (tests/test_traces.py)",
    "--install-completion": "changes the shell's start-up files",
    "--workload db.yaml": "the reader's own workload",
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


@pytest.mark.parametrize("line", readme_commands())
def test_readme_command_runs(line: str) -> None:
    for marker, reason in NOT_RUN.items():
        if marker in line:
            pytest.skip(reason)
    command, _, pipe = line.partition(" | ")
    command, _, redirect = command.partition(" > ")
    args = shlex.split(command)[1:]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    expected = 1 if "check --max-monthly 50" in command else 0
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
