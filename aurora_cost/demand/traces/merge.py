"""Several trace files as one series: the days of a `get-metric-statistics` loop (one call
returns at most 1,440 datapoints, a day at a 60 s period) or the pages of `get-metric-data`.

The rules, as the README states them:

- every file is read and checked on its own, and all must be of one format and one
  timestamp style (all with a time zone, or all without);
- files may be given in any order: they are put in time order by their first sample
  (files that start at the same time keep the order they were given in);
- where files overlap, a timestamp found in several of them with the same value is one
  sample; with different values, the file that comes later in that order wins (a later
  export overrides an earlier one), and the conflicts are counted in a note;
- within one file the reader's rules hold (`resample`: the row last in the file wins).

Files that do not overlap (the usual case) are joined run by run, with no pass per sample.
"""

from __future__ import annotations

from array import array
from dataclasses import replace
from itertools import compress
from operator import not_
from pathlib import Path

from aurora_cost.demand.traces.samples import Samples, Trace
from aurora_cost.errors import InputError

Part = tuple[Path, str, Samples]  # a file, its format, its samples

# Notes that a file is one page of several (cloudwatch.py): moot when the last page is given.
PAGING = ("the output has a NextToken", "CloudWatch marked the result PartialData")


def merge(parts: list[Part]) -> tuple[str, Samples, list[str]]:
    """(format, the merged samples, the files in time order) of several read files."""
    _same_kind(parts)
    empty = [f"{path}: no samples in this file" for path, _, samples in parts if not samples.total]
    parts = [part for part in parts if part[2].total] or parts[:1]
    if not parts[0][2].total:
        return parts[0][1], parts[0][2], [str(parts[0][0])]  # resample says so
    firsts = [min(samples.starts) for _, _, samples in parts]
    order = sorted(range(len(parts)), key=lambda i: (firsts[i], i))
    ordered = [parts[i] for i in order]
    merged = Samples(
        naive=ordered[0][2].naive,
        ordered_source=all(samples.ordered_source for _, _, samples in ordered),
        statistic=ordered[0][2].statistic,
        series=", ".join(dict.fromkeys(s.series for _, _, s in ordered if s.series)) or None,
        notes=_notes(ordered) + empty,
    )
    overlap, reach = False, None  # reach: the last sample time of the files so far
    for _, _, samples in ordered:
        overlap = overlap or (reach is not None and min(samples.starts) <= reach)
        last = max(samples.ends())
        reach = last if reach is None else max(reach, last)
    if not overlap:
        for _, _, samples in ordered:  # runs as they are: no pass per sample
            merged.starts.extend(samples.starts)
            merged.spacings.extend(samples.spacings)
            merged.counts.extend(samples.counts)
            merged.values.extend(samples.values)
        return ordered[0][1], merged, [str(path) for path, _, _ in ordered]
    merged.ordered_source = False  # overlapping files are sorted anyway: no note on order
    kept, same, conflicts = _without_overridden(ordered)
    for times, values in kept:
        merged.add_each(times, values)
    if same:
        merged.notes.append(
            f"{same} sample{'s' if same > 1 else ''} found in more than one file with the "
            "same value: counted once"
        )
    if conflicts:
        merged.notes.append(
            f"{conflicts} timestamp{'s' if conflicts > 1 else ''} found in more than one file "
            "with different values: kept the value of the file that starts later"
        )
    return ordered[0][1], merged, [str(path) for path, _, _ in ordered]


def merged_info(trace: Trace, files: list[str]) -> Trace:
    """The trace, its info naming every file (`path` the first, in time order)."""
    return Trace(trace.demand, replace(trace.info, path=files[0], files=tuple(files)))


def _same_kind(parts: list[Part]) -> None:
    (first, fmt, samples), *others = parts
    for path, other_fmt, other in others:
        if other_fmt != fmt:
            raise InputError(
                f"{path}: this file is {other_fmt} but {first} is {fmt}; merge files of one "
                "format (give the others separately)"
            )
        if other.naive != samples.naive:
            zoned, naive = (first, path) if other.naive else (path, first)
            raise InputError(
                f"{naive}: its timestamps have no time zone but those of {zoned} have one; "
                "give every timestamp an offset such as Z or +00:00"
            )


def _notes(ordered: list[Part]) -> list[str]:
    """Each file's notes: once if every file has it, else naming the file.

    Notes that a file is one page of several (a NextToken, PartialData) are dropped when
    some file has no NextToken: the pages given include the last one.
    """
    every = [samples.notes for _, _, samples in ordered]
    last_page = any(not any(n.startswith(PAGING[0]) for n in notes) for notes in every)
    out: list[str] = []
    for (path, _, _), notes in zip(ordered, every):
        for note in notes:
            shared = all(note in others for others in every)
            if note.startswith(PAGING) and last_page:
                continue
            text = note if shared else f"{path}: {note}"
            if text not in out:
                out.append(text)
    return out


def _without_overridden(
    ordered: list[Part],
) -> tuple[list[tuple[array[int], array[float]]], int, int]:
    """Each file's samples without the times a later file also has; and how many of those
    times had the same value there (`same`) or another (`conflicts`)."""
    later: dict[int, float] = {}  # time -> the value that wins, from the files after
    kept: list[tuple[array[int], array[float]]] = []
    same = conflicts = 0
    for _, _, samples in reversed(ordered):
        times, values = samples.one_by_one()
        own = dict(zip(times, values))  # of repeats in one file, the last wins
        if later:
            shared = list(map(later.__contains__, times))
            for time in {t for t, s in zip(times, shared) if s}:
                if own[time] == later[time]:
                    same += 1
                else:
                    conflicts += 1
            keep = list(map(not_, shared))
            times = array("q", compress(times, keep))
            values = array("d", compress(values, keep))
        own.update(later)
        later = own
        kept.append((array("q", times), array("d", values)))
    kept.reverse()
    return kept, same, conflicts
