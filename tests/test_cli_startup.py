"""Start-up: only the command that runs is imported and built, the collector is paused
until it starts, and none of this changes what any command shows."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from typing import Any

import pytest
import typer

from tests.conftest import ROOT, invoke


def _in_fresh_python(code: str) -> Any:
    """What `code` prints as JSON, run in a new interpreter (a fresh `sys.modules`)."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return json.loads(done.stdout)


def _eager_app() -> typer.Typer:
    """The root app as it was before commands were built lazily: every module's
    `register(app)` called on a plain group, so Typer builds every command up front."""
    import importlib

    from aurora_cost.cli import COMMANDS, _root, app
    from aurora_cost.cli.boundary import new_app

    eager = new_app("aurora-cost", str(app.info.help))
    eager.callback()(_root)
    for module in dict.fromkeys(COMMANDS.values()):
        importlib.import_module(f"aurora_cost.cli.{module}").register(eager)
    return eager


def test_compare_imports_no_other_command() -> None:
    modules = _in_fresh_python(
        "import json, sys\n"
        "from typer.testing import CliRunner\n"
        "from aurora_cost.cli import app\n"
        "result = CliRunner().invoke(app, ['compare', '--region', 'eu-west-1', '-f', 'json'])\n"
        "assert result.exit_code == 0, result.output\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('aurora_cost.cli.'))))\n"
    )
    assert "aurora_cost.cli.compare" in modules
    for other in ("advise_cmd", "infra_cmd", "reconcile_cmd", "scan_cmd", "pricing_cmd"):
        assert f"aurora_cost.cli.{other}" not in modules


def test_every_command_is_listed_in_the_order_typer_lists_them() -> None:
    from typer.main import get_command

    from aurora_cost.cli import app

    lazy = get_command(app)
    eager = get_command(_eager_app())
    ctx = lazy.make_context("aurora-cost", ["--help"], resilient_parsing=True)
    assert lazy.list_commands(ctx) == eager.list_commands(ctx)  # type: ignore[attr-defined]
    assert lazy.list_commands(ctx)[:3] == ["compare", "check", "advise"]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["pricing", "--help"],
        ["compare", "--help"],
        ["advise", "--help"],
        ["compre"],  # did you mean 'compare'?
        ["pricing", "shw"],
        ["compare", "--bogus"],
        ["compare", "--acu", "abc"],
        ["compare", "--format", "xml"],
        ["regions", "--format", "json"],
    ],
)
def test_a_lazy_command_shows_what_the_eager_one_shows(args: list[str]) -> None:
    from tests.conftest import FIXTURE_ENV, RUNNER

    lazy = invoke(*args)
    eager = RUNNER.invoke(_eager_app(), args, env=FIXTURE_ENV)
    assert (lazy.exit_code, lazy.stdout, lazy.stderr) == (
        eager.exit_code,
        eager.stdout,
        eager.stderr,
    )


def test_a_flag_left_out_is_never_converted_and_a_given_one_is() -> None:
    from typer.main import get_command

    from aurora_cost.cli import app

    compare = get_command(app).commands["compare"]  # type: ignore[attr-defined]
    acu = next(p for p in compare.params if p.name == "acu")
    assert acu._runtime_param.built == []  # nothing built for a flag not given
    totals = []
    for acu in ("4", "8"):
        result = invoke("compare", "-r", "eu-west-1", "--acu", acu, "--format", "json")
        assert result.exit_code == 0, result.stderr
        totals.append(json.loads(result.stdout)["options"][0]["monthly_cost"])
    assert totals[0] != totals[1]  # the value given was converted and used
    refused = invoke("compare", "-r", "eu-west-1", "--acu", "four")
    assert refused.exit_code == 2
    assert "--acu: 'four' is not" in refused.stderr


def test_the_collector_is_paused_until_the_command_starts_then_as_before() -> None:
    from aurora_cost.cli import startup

    assert gc.isenabled()
    try:
        startup.pause()
        assert not gc.isenabled()
        startup.command_starts()
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # start-up's objects: out of later collections
        startup.command_starts()  # once only
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()


def test_a_collector_the_caller_disabled_stays_disabled() -> None:
    from aurora_cost.cli import startup

    gc.disable()
    try:
        startup.pause()
        startup.command_starts()
        assert not gc.isenabled()
        assert gc.get_freeze_count() == 0
    finally:
        gc.enable()


def test_the_program_runs_with_the_collector_back_on() -> None:
    code = (
        "import gc, json, sys\n"
        "sys.argv = ['aurora-cost', 'regions', '--format', 'json']\n"
        "import aurora_cost.cli.boundary as boundary\n"
        "seen = {}\n"
        "invoke = boundary.Command.invoke\n"
        "def spy(self, ctx):\n"
        "    seen['before'] = gc.isenabled()\n"
        "    try:\n"
        "        return invoke(self, ctx)\n"
        "    finally:\n"
        "        seen['during'] = gc.isenabled()\n"
        "boundary.Command.invoke = spy\n"
        "from aurora_cost.cli import main\n"
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit as exc:\n"
        "        seen['status'] = exc.code\n"
        "print(json.dumps(seen))\n"
    )
    assert _in_fresh_python(code) == {"before": False, "during": True, "status": 0}


def test_a_typer_without_its_conversion_layer_runs_every_flag_as_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Typer 0.26 to 0.28 (pyproject allows them) have no `typer._coercion` (checked by
    hand against 0.28): nothing is deferred there, and Typer converts as it always did."""
    from aurora_cost.cli import conversion

    monkeypatch.setattr(conversion, "RUNTIME_PARAMS", False)
    ok = invoke("compare", "-r", "eu-west-1", "--acu", "4", "-f", "json")
    assert ok.exit_code == 0, ok.stderr
    bad = invoke("compare", "-r", "eu-west-1", "--acu", "four")
    assert bad.exit_code == 2
    assert "--acu: 'four' is not" in bad.stderr
