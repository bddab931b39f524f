"""The project's own exceptions and exit codes (the README's "Exit codes").

The core raises `AuroraCostError` subclasses whose message a user can act on; the
CLI catches the base class in one place and prints `Error: <message>`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0
    OVER_BUDGET = 1
    BAD_INPUT = 2
    INTERNAL_ERROR = 70
    INTERRUPTED = 130


class AuroraCostError(Exception):
    """A problem the user can fix; `str(error)` says what and how."""

    exit_status = ExitStatus.BAD_INPUT


class InputError(AuroraCostError):
    """A bad file, flag or value."""


class PricingError(AuroraCostError):
    """Price data that is missing, broken, or lacks a rate."""


class UnknownRegionError(InputError):
    """A region with no price file."""


class DownloadError(AuroraCostError):
    """A price download that failed; nothing was written."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`; did you mean 'x'?` for the closest choice, or an empty string.

    A word that is one of the choices (in any case) is not a typo: no suggestion, so
    that a message never asks "did you mean 'win8'?" about 'win8'.
    """
    choices = sorted(choices)  # ties go to the first in order: eu-west-9 -> eu-west-1
    if any(choice.lower() == word.lower() for choice in choices):
        return ""
    best, best_score = "", 0.6
    matcher = difflib.SequenceMatcher(None, word.lower(), "")
    for choice in choices:
        matcher.set_seq2(choice.lower())  # (word, choice): ratio() is not symmetric
        # the quick upper bounds first: most choices are ruled out without the full ratio
        if matcher.real_quick_ratio() <= best_score or matcher.quick_ratio() <= best_score:
            continue
        score = matcher.ratio()
        if score > best_score:
            best, best_score = choice, score
    return f"; did you mean '{best}'?" if best else ""
