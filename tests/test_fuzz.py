"""Hypothesis: whatever the document, the loaders either succeed or raise AuroraCostError.

Random YAML-ish text, random nested values under the workload's own keys, and random
bytes go to the workload loader, the price-file loader and the trace reader. A crash of
any other type would be an exit 70 ("internal error") for a user with a bad file.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from aurora_cost.demand.traces import load_trace
from aurora_cost.errors import AuroraCostError
from aurora_cost.pricing.model import parse_pricing
from aurora_cost.workload.model import load_workload, parse_workload
from aurora_cost.yamlio import read_yaml_mapping
from tests.strategies import (
    FUZZ,
    documents,
    near_valid_documents,
    price_documents,
    values,
    yamlish,
)


def _loads_or_refuses(action: Any) -> None:
    try:
        action()
    except AuroraCostError as exc:
        assert str(exc)  # a message the user can read
        assert "Traceback" not in str(exc)


def _workload_file(tmp: Path, data: bytes) -> Path:
    path = tmp / "w.yaml"
    path.write_bytes(data)
    return path


@FUZZ
@given(document=documents)
def test_parse_workload_accepts_or_refuses_any_document(document: dict[str, Any]) -> None:
    _loads_or_refuses(lambda: parse_workload(document, "fuzz.yaml"))


@FUZZ
@given(document=near_valid_documents)
def test_parse_workload_near_valid_documents(document: dict[str, Any]) -> None:
    _loads_or_refuses(lambda: parse_workload(document, "fuzz.yaml"))


@FUZZ
@given(text=yamlish)
def test_load_workload_on_yamlish_text(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = _workload_file(Path(tmp), text.encode("utf-8", "surrogatepass"))
        _loads_or_refuses(lambda: load_workload(path))


@FUZZ
@given(data=st.binary(max_size=300))
def test_load_workload_on_random_bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = _workload_file(Path(tmp), data)
        _loads_or_refuses(lambda: load_workload(path))


@FUZZ
@given(document=price_documents)
def test_parse_pricing_accepts_or_refuses_any_document(document: dict[str, Any]) -> None:
    _loads_or_refuses(lambda: parse_pricing(Path("eu-west-1.yaml"), document))


@FUZZ
@given(text=yamlish)
def test_price_file_on_yamlish_text(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "eu-west-1.yaml"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))

        def load() -> None:
            from aurora_cost.errors import PricingError

            parse_pricing(path, read_yaml_mapping(path, error=PricingError))

        _loads_or_refuses(load)


stamps = st.one_of(
    st.datetimes().map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.isoformat() + "Z"),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**12), max_value=10**13).map(str),
    st.text(max_size=6),
)
demands = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["", "nan", "-1", "1e308", "0", "0.5", "x"]),
)
csv_rows = st.lists(st.tuples(stamps, demands), max_size=8).map(
    lambda rows: "timestamp,acu\n" + "".join(f"{t},{d}\n" for t, d in rows)
)


@FUZZ
@given(text=csv_rows)
def test_load_trace_on_random_csv(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "trace.csv"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        _loads_or_refuses(lambda: _check_trace(load_trace(path)))


cloudwatch = st.lists(
    st.fixed_dictionaries(
        {"Timestamp": stamps, "Average": st.floats(allow_nan=False) | st.text(max_size=3)}
    ),
    max_size=6,
).map(lambda points: {"Label": "ServerlessDatabaseCapacity", "Datapoints": points})


@FUZZ
@given(document=cloudwatch | st.dictionaries(st.text(max_size=10), values, max_size=4))
def test_load_trace_on_random_json(document: dict[str, Any]) -> None:
    import json

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "trace.json"
        path.write_text(json.dumps(document, default=str), encoding="utf-8")  # dates as text
        _loads_or_refuses(lambda: _check_trace(load_trace(path)))


@FUZZ
@given(data=st.binary(max_size=300))
def test_load_trace_on_random_bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "trace.dat"
        path.write_bytes(data)
        _loads_or_refuses(lambda: _check_trace(load_trace(path)))


def _check_trace(trace: Any) -> None:
    """A trace that loads is usable: finite, non-negative demand."""
    levels = list(trace.demand.levels)
    assert all(math.isfinite(v) and v >= 0 for v in levels)
