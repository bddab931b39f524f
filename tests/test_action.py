"""The GitHub Action's shell steps (scripts/action.sh), run here with a fake `gh` on PATH.

The fake records every call (its arguments and the JSON body it was given) so the tests
can see whether the one pull-request comment was created or updated, and with what.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA, ROOT

SCRIPT = ROOT / "scripts" / "action.sh"
PLAN = ROOT / "examples" / "infra" / "plan.json"
USAGE = ROOT / "examples" / "infra" / "usage.yaml"
MARKER = "<!-- aurora-cost-comment: aurora-cost -->"

FAKE_GH = """#!{python}
import json, os, sys
args = sys.argv[1:]
body = None
if "--input" in args:
    with open(args[args.index("--input") + 1], encoding="utf-8") as f:
        body = json.load(f)["body"]
with open(os.environ["FAKE_GH_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps({{"args": args, "body": body}}) + "\\n")
if os.environ.get("FAKE_GH_FAIL"):
    sys.exit(1)
if "--paginate" in args:  # the listing, as `--jq '.[] | [.id, .body] | @json'` prints it
    for comment in json.loads(os.environ.get("FAKE_GH_COMMENTS", "[]")):
        print(json.dumps(comment))
"""


def _run(
    tmp_path: Path, comments: list[Any] | None = None, **inputs: str
) -> tuple[int, list[dict[str, Any]], str, Path]:
    bin_dir = tmp_path / "fake-bin"
    bin_dir.mkdir(exist_ok=True)
    gh = bin_dir / "gh"
    gh.write_text(FAKE_GH.format(python=sys.executable), encoding="utf-8")
    gh.chmod(0o755)
    log = tmp_path / "gh.log"
    log.write_text("", encoding="utf-8")
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir(exist_ok=True)
    out, summary = tmp_path / "github-output", tmp_path / "summary.md"
    env = {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(tmp_path),
        "RUNNER_TEMP": str(runner_temp),
        "GITHUB_ACTION_PATH": str(ROOT),
        "GITHUB_REPOSITORY": "octo/infra",
        "GITHUB_OUTPUT": str(out),
        "GITHUB_STEP_SUMMARY": str(summary),
        "AURORA_COST_BIN": str(Path(sys.executable).parent / "aurora-cost"),
        "AURORA_COST_PYTHON": sys.executable,
        "AURORA_COST_PRICING": str(DATA / "prices"),
        "FAKE_GH_LOG": str(log),
        "FAKE_GH_COMMENTS": json.dumps(comments or []),
        "PR_NUMBER": "7",
        "GH_TOKEN": "not-a-token",
    }
    env.update({"INPUT_" + k.upper(): v for k, v in inputs.items() if not k.startswith("_")})
    env.update({k[1:]: v for k, v in inputs.items() if k.startswith("_")})
    done = subprocess.run(
        ["bash", str(SCRIPT), "run"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    calls = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    return done.returncode, calls, done.stdout + done.stderr, tmp_path


def _outputs(tmp_path: Path) -> dict[str, str]:
    text = (tmp_path / "github-output").read_text(encoding="utf-8")
    return dict(line.split("=", 1) for line in text.splitlines())


def test_first_push_creates_the_comment_and_fails_over_budget(tmp_path: Path) -> None:
    # with the fixture prices the plan adds $978.70 a month (README's diff example)
    status, calls, log, _ = _run(tmp_path, infra=str(PLAN), usage=str(USAGE), max_increase="100")
    assert status == 1, log
    assert "::error title=aurora-cost::over budget (exit 1)" in log
    listing, create = calls
    assert listing["args"][:3] == ["api", "--paginate", "repos/octo/infra/issues/7/comments"]
    assert create["args"] == [
        "api", "--method", "POST", "repos/octo/infra/issues/7/comments", "--input",
        str(tmp_path / "runner-temp" / "aurora-cost-comment.json"),
    ]  # fmt: skip
    assert create["body"].startswith(MARKER + "\n### Aurora cost change: +$978.70 a month")
    assert "**over budget**" in create["body"] or "over" in create["body"]
    assert _outputs(tmp_path)["exit-code"] == "1"
    assert "+$978.70" in (tmp_path / "summary.md").read_text(encoding="utf-8")


def test_a_later_push_updates_the_comment_with_the_marker(tmp_path: Path) -> None:
    others = [[11, "LGTM"], [42, MARKER + "\nold figures"], [43, MARKER + "\na duplicate"]]
    status, calls, log, _ = _run(
        tmp_path, comments=others, infra=str(PLAN), usage=str(USAGE), max_increase="2000"
    )
    assert status == 0, log
    assert [c["args"][:3] for c in calls][1] == ["api", "--method", "PATCH"]
    assert calls[1]["args"][3] == "repos/octo/infra/issues/comments/42"  # the first, only
    assert len(calls) == 2
    assert "+$978.70" in calls[1]["body"] and "within" in calls[1]["body"].lower()
    assert _outputs(tmp_path)["exit-code"] == "0"


def test_a_comment_id_keeps_two_jobs_apart(tmp_path: Path) -> None:
    others = [[42, MARKER + "\nthe other job"]]
    _, calls, log, _ = _run(
        tmp_path, comments=others, infra=str(PLAN), usage=str(USAGE), comment_id="staging"
    )
    assert calls[1]["args"][2] == "POST", log
    assert calls[1]["body"].startswith("<!-- aurora-cost-comment: staging -->\n")


def test_bad_input_exits_2_and_says_so_in_the_comment(tmp_path: Path) -> None:
    bad = tmp_path / "<b>broken<i>.json"
    bad.write_text("{not json", encoding="utf-8")
    status, calls, log, _ = _run(tmp_path, infra=str(bad), max_monthly="10")
    assert status == 2, log
    assert "Error: " in log and "not valid JSON" in log
    body = calls[1]["body"]
    assert "could not price this change (exit 2)" in body
    assert "&lt;b&gt;broken&lt;i&gt;.json" in body and "<b>" not in body  # escaped in <pre>
    assert _outputs(tmp_path)["exit-code"] == "2"


def test_hostile_file_names_stay_file_names(tmp_path: Path) -> None:
    folder = tmp_path / "a b; $(touch PWNED) `touch PWNED2`"
    folder.mkdir()
    plan = folder / '-it\'s "plan" $HOME.json'
    plan.write_bytes(PLAN.read_bytes())
    usage = folder / "--usage=x.yaml"
    usage.write_bytes(USAGE.read_bytes())
    status, calls, log, _ = _run(
        tmp_path, infra=f"\n{plan}\r\n\n", usage=str(usage), max_increase="2000"
    )
    assert status == 0, log
    assert not list(tmp_path.rglob("PWNED*"))
    assert "+$978.70" in calls[1]["body"]


def test_several_infra_files_one_per_line(tmp_path: Path) -> None:
    clusters = ROOT / "examples" / "infra" / "describe-db-clusters.json"
    instances = ROOT / "examples" / "infra" / "describe-db-instances.json"
    status, calls, log, _ = _run(
        tmp_path, infra=f"{clusters}\n{instances}", max_monthly="100000", comment="false"
    )
    assert status == 0, log
    assert calls == []  # comment: false
    assert "Budget" in (tmp_path / "summary.md").read_text(encoding="utf-8")


def test_outside_a_pull_request_nothing_is_posted(tmp_path: Path) -> None:
    status, calls, log, _ = _run(tmp_path, workload=str(ROOT / "examples" / "small-app.yaml"),
                                 region="eu-west-1", _PR_NUMBER="")  # fmt: skip
    assert status == 0, log
    assert calls == [] and "not a pull request" in log


def test_a_failing_gh_warns_but_keeps_the_verdict(tmp_path: Path) -> None:
    status, _, log, _ = _run(
        tmp_path, infra=str(PLAN), usage=str(USAGE), max_increase="1", _FAKE_GH_FAIL="1"
    )
    assert status == 1
    assert "::warning title=aurora-cost::could not list" in log


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({}, "give infra"),
        ({"infra": str(PLAN), "workload": "w.yaml"}, "not both"),
        ({"infra": str(PLAN), "command": "check"}, "check needs max-monthly"),
        ({"infra": str(PLAN), "command": "rm"}, "is not auto, check, compare or diff"),
        ({"infra": str(PLAN), "comment_id": "x --><script>"}, "comment-id"),
    ],
)
def test_unusable_inputs_exit_2(tmp_path: Path, inputs: dict[str, str], message: str) -> None:
    status, _, log, _ = _run(tmp_path, **inputs)
    assert status == 2
    assert message in log


def test_diff_command_on_a_plan(tmp_path: Path) -> None:
    status, calls, log, _ = _run(tmp_path, infra=str(PLAN), usage=str(USAGE), command="diff")
    assert status == 0, log
    assert "| **total** | | $126.34 | $1,105.04 | **+$978.70** |" in calls[1]["body"]


def test_as_of_prices_the_month_given(tmp_path: Path) -> None:
    # an Aurora MySQL 2 db.r6g.large in us-east-1: 730 h x $0.16 = $116.80, and in 2026-12
    # 2 vCPU x 730 h x $0.10 = $146.00 of Extended Support more: $262.80, over a $200 budget
    from tests.test_as_of_infra import _plan

    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(_plan("db.r6g.large", "db.r6g.large")), encoding="utf-8")
    common = {"infra": str(plan), "region": "us-east-1", "max_monthly": "200"}
    status, calls, log, _ = _run(tmp_path, as_of="2026-12", **common)
    assert status == 1, log
    assert "**$262.80**" in calls[1]["body"]
    status, calls, log, _ = _run(tmp_path, as_of="2024-11", **common)
    assert status == 0, log
    assert "**$116.80**" in calls[-1]["body"]
