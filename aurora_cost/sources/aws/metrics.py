"""CloudWatch `GetMetricData`, batched and paged, with the cache in front.

Limits respected (CloudWatch API reference, GetMetricData,
https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html):
at most 500 queries a call and 100,800 datapoints a response, every `NextToken` page read.
Queries are packed so that each call asks for at most 100,800 datapoints, so a scan makes
about as few calls as the limits allow. CloudWatch keeps 60-second datapoints for 15 days
and 300-second ones for 63 days: the window's last 15 days are read at 60 seconds, anything
older at 300.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from aurora_cost.sources.aws.cache import SeriesCache
from aurora_cost.sources.aws.client import Aws

MAX_QUERIES = 500
MAX_DATAPOINTS = 100_800
FINE_PERIOD, COARSE_PERIOD = 60, 300
FINE_RETENTION = timedelta(days=15)
NAMESPACE = "AWS/RDS"


@dataclass(frozen=True)
class Window:
    """The scanned stretch of time: whole hours, ending at the last whole hour; `split` is
    where CloudWatch's 60-second datapoints begin (15 days ago, plus an hour's margin)."""

    start: datetime
    end: datetime
    split: datetime

    @classmethod
    def last_days(cls, days: int, now: datetime | None = None) -> Window:
        now = now or datetime.now(timezone.utc)
        end = now.replace(minute=0, second=0, microsecond=0)
        split = (now - FINE_RETENTION).replace(minute=0, second=0, microsecond=0)
        return cls(end - timedelta(days=days), end, split + timedelta(hours=1))

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds()) // 60

    def parts(self) -> list[tuple[datetime, datetime, int]]:
        """(start, end, period): 60 seconds where CloudWatch still holds them, else 300."""
        if self.start >= self.split:
            return [(self.start, self.end, FINE_PERIOD)]
        if self.end <= self.split:
            return [(self.start, self.end, COARSE_PERIOD)]
        return [(self.start, self.split, COARSE_PERIOD), (self.split, self.end, FINE_PERIOD)]

    @property
    def period(self) -> int:
        """The finest period read (what the report shows)."""
        return min(p for _, _, p in self.parts())


@dataclass(frozen=True)
class Series:
    """One metric of one instance or cluster, as a statistic over a period."""

    dimension: str  # DBInstanceIdentifier or DBClusterIdentifier
    resource: str
    metric: str
    stat: str
    period: int | None = None  # None: the window's own (60 / 300); else fixed (e.g. a day)

    def key(self, region: str, start: datetime, end: datetime, period: int) -> str:
        return "|".join(
            [
                region,
                f"{self.dimension}={self.resource}",
                self.metric,
                self.stat,
                str(period),
                start.isoformat(),
                end.isoformat(),
            ]
        )


@dataclass(frozen=True)
class _Query:
    series: Series
    start: datetime
    end: datetime
    period: int
    key: str

    @property
    def datapoints(self) -> int:
        return max(1, int((self.end - self.start).total_seconds()) // self.period)

    def request(self, qid: str) -> dict[str, Any]:
        return {
            "Id": qid,
            "ReturnData": True,
            "MetricStat": {
                "Metric": {
                    "Namespace": NAMESPACE,
                    "MetricName": self.series.metric,
                    "Dimensions": [{"Name": self.series.dimension, "Value": self.series.resource}],
                },
                "Period": self.period,
                "Stat": self.series.stat,
            },
        }


@dataclass
class Fetched:
    """What a fetch did: the values by series (epoch second -> value) and how."""

    values: dict[Series, dict[int, float]]
    calls: int = 0  # GetMetricData calls (pages included)
    cached: int = 0  # series answered by the cache
    queried: int = 0  # series asked of CloudWatch
    minimum_calls: int = 0  # the fewest calls the limits allow for what was asked


def fetch(
    aws: Aws,
    cache: SeriesCache,
    window: Window,
    wanted: list[Series],
    progress: Callable[[int, int], None] | None = None,
) -> Fetched:
    """Every wanted series over the window, from the cache where it holds them."""
    queries: list[_Query] = []
    for series in dict.fromkeys(wanted):
        parts = (
            window.parts() if series.period is None else [(window.start, window.end, series.period)]
        )
        for start, end, period in parts:
            queries.append(
                _Query(series, start, end, period, series.key(aws.region, start, end, period))
            )
    result = Fetched({s: {} for s in wanted})
    missing = []
    for query in queries:
        found = cache.get(query.key)
        if found is None:
            missing.append(query)
        else:
            result.values[query.series].update(found)
            result.cached += 1
    result.queried = len(missing)
    total_points = sum(q.datapoints for q in missing)
    result.minimum_calls = max(-(-total_points // MAX_DATAPOINTS), -(-len(missing) // MAX_QUERIES))
    batches = _batches(missing)
    for done, batch in enumerate(batches, start=1):
        answers, calls = _call(aws, batch)
        result.calls += calls
        for query, series_values in zip(batch, answers):
            cache.put(query.key, series_values)
            result.values[query.series].update(series_values)
        if progress is not None:
            progress(done, len(batches))
    return result


def _batches(queries: list[_Query]) -> list[list[_Query]]:
    """Queries of one time range per call, at most 500 and 100,800 datapoints each."""
    by_range: dict[tuple[datetime, datetime], list[_Query]] = {}
    for query in queries:
        by_range.setdefault((query.start, query.end), []).append(query)
    batches: list[list[_Query]] = []
    for group in by_range.values():
        current: list[_Query] = []
        points = 0
        for query in sorted(group, key=lambda q: -q.datapoints):
            if current and (
                len(current) >= MAX_QUERIES or points + query.datapoints > MAX_DATAPOINTS
            ):
                batches.append(current)
                current, points = [], 0
            current.append(query)
            points += query.datapoints
        if current:
            batches.append(current)
    return batches


def _call(aws: Aws, batch: list[_Query]) -> tuple[list[dict[int, float]], int]:
    """One batch through every NextToken page: the values of each query, and the calls made."""
    ids = {f"q{i}": i for i in range(len(batch))}
    answers: list[dict[int, float]] = [{} for _ in batch]
    params: dict[str, Any] = {
        "MetricDataQueries": [q.request(qid) for qid, q in zip(ids, batch)],
        "StartTime": batch[0].start,
        "EndTime": batch[0].end,
        "ScanBy": "TimestampAscending",
        "MaxDatapoints": MAX_DATAPOINTS,
    }
    calls = 0
    while True:
        page = aws.call(aws.cloudwatch, "GetMetricData", **params)
        calls += 1
        for item in page.get("MetricDataResults") or []:
            index = ids.get(str(item.get("Id")))
            if index is None:
                continue
            for stamp, value in zip(item.get("Timestamps") or [], item.get("Values") or []):
                if isinstance(stamp, datetime) and isinstance(value, (int, float)):
                    answers[index][int(stamp.timestamp())] = float(value)
        token = page.get("NextToken")
        if not token:
            return answers, calls
        params["NextToken"] = token
