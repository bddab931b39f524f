"""`aurora-cost validate FILE...`: workload and usage files checked, as a pre-commit hook runs it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aurora_cost.cli.boundary import Command
from aurora_cost.cli.common import emit, say
from aurora_cost.cli.options import INPUT_PATHS, with_options
from aurora_cost.errors import ExitStatus, InputError


@with_options(INPUT_PATHS)
def validate_command(
    files: Annotated[
        list[Path] | None,
        typer.Argument(metavar="FILE", help="Workload or usage files (YAML).", show_default=False),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            metavar="KIND",
            help="workload or usage. Default: a file with clusters: or defaults: is a usage "
            "file, any other a workload file.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check workload and usage files: every field, and a workload's trace files.

    Prints one line per valid file; an `Error:` per invalid one, then exits 2.

    Examples:

    \b
      aurora-cost validate examples/small-app.yaml examples/infra/usage.yaml
      aurora-cost validate --kind usage infra/aurora-usage.yaml
    """
    from aurora_cost.validate import KINDS, check_files

    kind = kind.lower() if kind is not None else None  # choices: any case
    if kind is not None and kind not in KINDS:
        raise InputError(f"--kind: {kind!r} is not one of {', '.join(KINDS)}")
    if not files:
        raise InputError("give the workload or usage files to check")
    results = check_files(list(files), kind)
    emit("".join(f"{r.path}: valid {r.kind} file\n" for r in results if r.error is None))
    bad = [r for r in results if r.error is not None]
    for result in bad:
        say(f"Error: {result.error}")
    if bad:
        raise typer.Exit(int(ExitStatus.BAD_INPUT))


def register(app: typer.Typer) -> None:
    app.command("validate", cls=Command)(validate_command)
