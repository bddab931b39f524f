"""`aurora-cost validate` and the pre-commit hook that runs it (.pre-commit-hooks.yaml)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from aurora_cost.cli import app
from tests.conftest import ROOT, RUNNER

HOOKS = ROOT / ".pre-commit-hooks.yaml"


def _validate(*args: str) -> tuple[int, str, str]:
    result = RUNNER.invoke(app, ["validate", *args])
    return result.exit_code, result.stdout, result.stderr


def test_valid_workload_and_usage_files() -> None:
    code, out, err = _validate(
        str(ROOT / "examples" / "small-app.yaml"), str(ROOT / "examples" / "infra" / "usage.yaml")
    )
    assert code == 0, err
    assert out.splitlines() == [
        f"{ROOT / 'examples' / 'small-app.yaml'}: valid workload file",
        f"{ROOT / 'examples' / 'infra' / 'usage.yaml'}: valid usage file",
    ]
    assert err == ""


def test_every_bad_file_gets_its_error_and_exit_2(tmp_path: Path) -> None:
    workload = tmp_path / "w.yaml"
    workload.write_text("version: 1\nusage: {constant: 1}\noptions:\n  - {name: a, kind: serverless-v2, min_acu: 0.7, max_acu: 4}\n", encoding="utf-8")  # fmt: skip
    usage = tmp_path / "u.yaml"
    usage.write_text(
        "version: 1\nclusters:\n  aws_rds_cluster.a: {storge_gb: 3}\n", encoding="utf-8"
    )
    trace = tmp_path / "t.yaml"
    trace.write_text("version: 1\nusage: {trace: {path: missing.csv}}\n", encoding="utf-8")
    good = ROOT / "examples" / "steady-api.yaml"
    code, out, err = _validate(str(workload), str(good), str(usage), str(trace))
    assert code == 2
    assert out == f"{good}: valid workload file\n"
    errors = [line for line in err.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 3
    assert errors[0].startswith(f"Error: {workload}: options[0]") and "0.5" in err
    assert errors[1].startswith(f"Error: {usage}: clusters") and "storage_gb" in errors[1]
    assert errors[2].startswith(f"Error: {tmp_path / 'missing.csv'}: no such file")
    assert "Traceback" not in err


def test_kind_flag_and_non_yaml(tmp_path: Path) -> None:
    usage = tmp_path / "u.yaml"
    usage.write_text("version: 1\n", encoding="utf-8")
    assert _validate("--kind", "usage", str(usage))[1] == f"{usage}: valid usage file\n"
    code, _, err = _validate("--kind", "bill", str(usage))
    assert code == 2 and "--kind: 'bill' is not one of workload, usage" in err
    tf = tmp_path / "main.tf"
    tf.write_text('resource "aws_rds_cluster" "a" {}\n', encoding="utf-8")
    code, _, err = _validate(str(tf))
    assert code == 2 and "aurora-cost compare --infra" in err and "YAML" in err
    assert _validate()[0] == 2


def test_the_hook_is_what_pre_commit_expects() -> None:
    from pre_commit.clientlib import load_manifest

    (hook,) = load_manifest(str(HOOKS))
    assert hook["id"] == "aurora-cost-validate"
    assert hook["language"] == "python" and hook["entry"] == "aurora-cost validate"
    files = re.compile(hook["files"])
    for name in ("aurora.yaml", "infra/aurora-usage.yml", "aurora/small.yaml", "ops/aurora-cost/x.yaml"):  # fmt: skip
        assert files.search(name), name
    for name in (".github/workflows/ci.yml", "docker-compose.yaml", "aurora/notes.md"):
        assert not files.search(name), name
    # the documented example in the file's header is valid YAML of a .pre-commit-config
    header = "\n".join(
        line[4:] for line in HOOKS.read_text(encoding="utf-8").splitlines()
        if line.startswith("#   ")
    )  # fmt: skip
    assert yaml.safe_load(header)[0]["hooks"][0]["id"] == "aurora-cost-validate"


def _copy_of_the_repository(dest: Path) -> Path:
    """A committed copy (pre-commit installs a hook repository from its commits)."""
    for name in ("aurora_cost", "pricing"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "examples/small-app.yaml"):  # fmt: skip
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, dest / name)
    _git(dest, "init", "-q")
    _git(dest, "add", ".")
    _git(dest, "commit", "-q", "-m", "copy")
    return dest


def _git(where: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=where, check=True, capture_output=True,
    )  # fmt: skip


def test_pre_commit_runs_the_hook(tmp_path: Path) -> None:
    """The real pre-commit installs the hook from a copy of this repository and runs it."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    hook_repo = _copy_of_the_repository(tmp_path / "hook-repo")
    user = tmp_path / "user-repo"
    (user / "aurora").mkdir(parents=True)
    shutil.copy(ROOT / "examples" / "small-app.yaml", user / "aurora" / "small-app.yaml")
    (user / "aurora" / "bad.yaml").write_text("version: 1\nusage: {constant: -1}\n", encoding="utf-8")  # fmt: skip
    (user / "ci.yml").write_text("on: push\n", encoding="utf-8")  # not matched, not checked
    _git(user, "init", "-q")
    _git(user, "add", ".")
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo)]
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    done = subprocess.run(
        [*command, "aurora-cost-validate", "--all-files"],
        cwd=user,
        capture_output=True,
        text=True,
        timeout=540,
        env=env,
    )
    assert done.returncode == 1, done.stdout + done.stderr  # pre-commit's "a hook failed"
    assert "exit code: 2" in done.stdout
    assert "aurora/small-app.yaml: valid workload file" in done.stdout
    assert "Error: aurora/bad.yaml: usage.constant: -1 must be at least 0" in done.stdout
    assert "ci.yml" not in done.stdout
