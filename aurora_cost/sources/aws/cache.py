"""The metric cache: one small JSON file per series, in the user's cache directory.

A series is keyed by region, resource (instance or cluster), metric, statistic, period and
time window; the window is fixed to whole hours, so a scan repeated within the hour asks
CloudWatch nothing. `AURORA_COST_CACHE_DIR` moves the cache; `--refresh` ignores it.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from aurora_cost.atomic import write_text_atomic

MAX_CACHE_FILE = 64 * 1024 * 1024  # a year of minutes is a few MB; larger is not ours


def cache_root() -> Path:
    """$AURORA_COST_CACHE_DIR, else the platform's user cache directory for aurora-cost."""
    given = os.environ.get("AURORA_COST_CACHE_DIR", "").strip()
    if given:
        return Path(given)
    import platformdirs

    return Path(platformdirs.user_cache_dir("aurora-cost", appauthor=False))


class SeriesCache:
    """Samples by key; a file that is missing, unreadable or not ours is a miss."""

    def __init__(self, region: str, *, refresh: bool = False, root: Path | None = None) -> None:
        self.directory = (root or cache_root()) / "scan" / _safe(region)
        self.refresh = refresh
        self.hits = 0

    def path(self, key: str) -> Path:
        return self.directory / (hashlib.sha256(key.encode()).hexdigest()[:32] + ".json")

    def get(self, key: str) -> dict[int, float] | None:
        if self.refresh:
            return None
        path = self.path(key)
        try:
            if path.stat().st_size > MAX_CACHE_FILE:
                return None
            document = json.loads(path.read_text(encoding="utf-8"))
            if document.get("key") != key:
                return None
            times, values = document["t"], document["v"]
            series = {int(t): float(v) for t, v in zip(times, values, strict=True)}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        self.hits += 1
        return series

    def put(self, key: str, series: dict[int, float]) -> None:
        times = sorted(series)
        document = {"key": key, "t": times, "v": [series[t] for t in times]}
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            write_text_atomic(self.path(key), json.dumps(document, separators=(",", ":")))
        except OSError:
            pass  # a cache that cannot be written only costs the next scan its calls


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name) or "_"
