"""The garbage collector during start-up: paused, then told to leave start-up's objects be.

Starting a command makes objects that live until the program exits: modules, classes,
Pydantic schemas, the command itself. Python's collector walks them again and again while
they are made (about a hundred passes for `compare`) and once more at exit, and finds no
garbage among them. `aurora-cost` (`cli.main`, not a test's `CliRunner`) pauses the
collector until the command starts (`Command.invoke`), then freezes what exists (moved out
of every later collection, as `gc.freeze` documents) and collects as usual from there: the
command's own garbage, a trace or a bill, is collected as before. About 40 ms of `compare`.
"""

from __future__ import annotations

import gc

_STATE = {"paused": False}


def pause() -> None:
    """Pause the collector until `command_starts` (the program's start, not a test's)."""
    if gc.isenabled():
        gc.disable()
        _STATE["paused"] = True


def command_starts() -> None:
    """Everything made so far lives until exit: freeze it, and collect as usual again."""
    if _STATE["paused"]:
        _STATE["paused"] = False
        gc.freeze()
        gc.enable()
