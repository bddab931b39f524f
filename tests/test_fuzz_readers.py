"""Hypothesis, through the CLI: arbitrary JSON/YAML values in every reader (issue 20).

Every input file aurora-cost reads comes in: a Terraform plan, a CloudFormation template
(JSON and YAML), `aws rds describe-db-*` output, a workload file, a usage file, a trace
(CSV and CloudWatch JSON) and an AWS offer file (CSV and JSON, through `pricing import`).
Each case starts from a real file of its kind and puts an arbitrary value (text with
control characters, huge or non-finite numbers, null, lists, nested objects) at a place
drawn from the file's own structure, or replaces the whole document. Whatever comes in,
`aurora-cost` run through CliRunner:

- exits 0 with a valid JSON document on stdout, or 2 with one `Error:` line and nothing
  on stdout; never another exit code (70 would be a crash), never a traceback;
- shows no raw control character on stdout or stderr;
- writes nothing outside its temporary directory (the working directory and the price
  directories are unchanged; a failed `pricing import` writes nothing at all).

Examples are bounded (a few dozen per reader) to keep the suite fast; the large-file cases
are in tests/test_hostile.py.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import DATA, ROOT, invoke

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# ---- values ----------------------------------------------------------------------------

NASTY_TEXT = ["", "\x1b[31mred\x1b[0m", "\x07", "a\u202eb", "\x00", "line\nbreak", "\r",
              "@org/team", "#12", "<img src=x>", "|", "*a*", "../../etc/passwd", "/dev/zero",
              "-", "nan", "1e400", "-1", "0", "aurora-mysql", "db.serverless", "serverless",
              "provisioned", "aws_rds_cluster.x", "Ref", "Fn::GetAtt", "eu-west-1"]  # fmt: skip
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([10**400, -(10**40), 2**63, 0]),
    st.floats(),  # NaN and infinities included
    st.sampled_from([1e308, -1e308, 5e-324]),
    st.sampled_from(NASTY_TEXT),
    st.text(max_size=12),  # control characters included
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(NASTY_TEXT) | st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)


def _places(document: Any) -> list[tuple[Any, ...]]:
    """Every path into a document (keys and indexes), the top level included."""
    out: list[tuple[Any, ...]] = [()]
    stack: list[tuple[Any, tuple[Any, ...]]] = [(document, ())]
    while stack:
        value, path = stack.pop()
        items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()  # fmt: skip
        for key, child in items:
            out.append((*path, key))
            stack.append((child, (*path, key)))
    return out


def _put(document: Any, place: tuple[Any, ...], value: Any, delete: bool) -> Any:
    if not place:
        return value
    target = document
    for key in place[:-1]:
        target = target[key]
    if delete:
        del target[place[-1]]
    else:
        target[place[-1]] = value
    return document


def mutations(base: Any) -> st.SearchStrategy[Any]:
    """`base` (parsed) with an arbitrary value at one of its places, or one removed."""
    places = _places(base)

    @st.composite
    def mutate(draw: st.DrawFn) -> Any:
        place = draw(st.sampled_from(places))
        delete = bool(place) and draw(st.booleans()) and draw(st.booleans())
        return _put(json.loads(json.dumps(base)), place, draw(values), delete)

    return mutate()


# ---- how each reader is run -------------------------------------------------------------


def _json(value: Any) -> bytes:
    return json.dumps(value, allow_nan=True).encode("utf-8")


def _yaml(value: Any) -> bytes:
    return yaml.safe_dump(value, allow_unicode=False).encode("utf-8")


def _load(path: Path) -> Any:
    from aurora_cost.infra.cloudformation import parse_yaml_template  # !Ref: its long form

    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else parse_yaml_template(text, str(path))


PLAN = ROOT / "examples" / "infra" / "plan.json"
TEMPLATE = ROOT / "examples" / "infra" / "template.yaml"
DESCRIBE = ROOT / "examples" / "infra" / "describe-db-clusters.json"
INSTANCES = ROOT / "examples" / "infra" / "describe-db-instances.json"
WORKLOAD = ROOT / "examples" / "small-app.yaml"
STATISTICS = DATA / "traces" / "statistics.json"
METRIC_DATA = DATA / "traces" / "metric-data.json"
OFFER_JSON = DATA / "offers" / "AmazonRDS-eu-west-1.json"
OFFER_CSV = DATA / "offers" / "AmazonRDS-eu-west-1.csv"
USAGE = {"version": 1, "defaults": {"storage_gb": 10},
         "clusters": {"aws_rds_cluster.small": {"usage": {"constant": 2}, "storage_gb": 5},
                      'module.tenant["*"].aws_rds_cluster.this': {
                          "usage": {"schedule": {"default_acu": 0, "windows": [
                              {"days": ["mon"], "start": "09:00", "end": "17:00", "acu": 2}]}},
                          "reader_acu": {"constant": 1}}}}  # fmt: skip


def _compare(*flags: str) -> Callable[[Path, Path], list[str]]:
    return lambda file, tmp: ["compare", *[f.format(file=file, tmp=tmp) for f in flags],
                              "-f", "json"]  # fmt: skip


_INFRA = ("--infra", "{file}", "-r", "eu-west-1")
_TRACE = ("--trace", "{file}", "-r", "eu-west-1")
_IMPORT: Callable[[Path, Path], list[str]] = lambda f, t: [  # noqa: E731
    "pricing",
    "import",
    str(f),
    "--out",
    str(t / "out"),
]
_DIFF: Callable[[Path, Path], list[str]] = lambda f, t: [  # noqa: E731
    "diff",
    "--infra",
    str(f),
    "-f",
    "json",
]
Reader = tuple[Any, Callable[[Any], bytes], str, Callable[[Path, Path], list[str]]]
# name: (base document, serialiser, file name, command line)
READERS: dict[str, Reader] = {
    "plan": (_load(PLAN), _json, "plan.json", _compare(*_INFRA)),
    "diff-plan": (_load(PLAN), _json, "plan.json", _DIFF),
    "template-yaml": (_load(TEMPLATE), _yaml, "template.yaml", _compare(*_INFRA)),
    "template-json": (_load(TEMPLATE), _json, "template.json", _compare(*_INFRA)),
    "describe-clusters": (
        _load(DESCRIBE),
        _json,
        "clusters.json",
        _compare(*_INFRA, "--infra", str(INSTANCES)),
    ),
    "describe-instances": (
        _load(INSTANCES),
        _json,
        "instances.json",
        _compare(*_INFRA, "--infra", str(DESCRIBE)),
    ),
    "workload": (_load(WORKLOAD), _yaml, "w.yaml", _compare("-w", "{file}", "-r", "eu-west-1")),
    "usage": (USAGE, _yaml, "usage.yaml", _compare("--infra", str(PLAN), "--usage", "{file}")),
    "trace-statistics": (_load(STATISTICS), _json, "trace.json", _compare(*_TRACE)),
    "trace-metric-data": (_load(METRIC_DATA), _json, "trace.json", _compare(*_TRACE)),
    "offer-json": (_load(OFFER_JSON), _json, "offer.json", _IMPORT),
}


def _snapshot(*directories: Path) -> dict[str, float | None]:
    """What the run could write outside its own tmp: every entry of the watched directories,
    with the modification time of the files (a directory's own changes with any edit)."""
    out: dict[str, float | None] = {}
    for directory in directories:
        for entry in os.scandir(directory):
            if entry.name in _CACHES:
                continue
            out[entry.path] = None if entry.is_dir() else entry.stat().st_mtime
    return out


_CACHES = {".hypothesis", ".pytest_cache", "__pycache__", ".mypy_cache", ".ruff_cache"}


WATCHED = (Path.cwd(), ROOT, ROOT / "examples", ROOT / "examples" / "infra", DATA / "prices")


def _run_case(name: str, document: Any = None, raw: bytes | None = None) -> None:
    _, serialise, file_name, command = READERS.get(name, (None, None, "f", None))
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        path = tmp / file_name
        if raw is not None:
            path.write_bytes(raw)
        else:
            try:
                path.write_bytes(serialise(document))  # type: ignore[misc]
            except (ValueError, OverflowError, yaml.YAMLError):
                return  # a value the serialiser itself cannot write: no file to give
        args = command(path, tmp) if command is not None else _command_for(name, path, tmp)
        before = _snapshot(*WATCHED)
        env = {"XDG_DATA_HOME": str(tmp / "data"), "AURORA_COST_CACHE_DIR": str(tmp / "cache"),
               "HOME": str(tmp / "home")}  # fmt: skip
        result = invoke(*args, env=env)
        assert _snapshot(*WATCHED) == before, "something was written outside the temp dir"
        _assert_contract(result, args, tmp)


def _command_for(name: str, path: Path, tmp: Path) -> list[str]:
    if name == "trace-csv":
        return ["compare", "--trace", str(path), "-r", "eu-west-1", "-f", "json"]
    if name == "bill-csv":
        return ["reconcile", "--bill", str(path), "-f", "json"]
    return ["pricing", "import", str(path), "--out", str(tmp / "out")]  # offer CSV


def _assert_contract(result: Any, args: list[str], tmp: Path) -> None:
    shown = f"{args}: exit {result.exit_code}\nstdout: {result.stdout[:500]}\nstderr: {result.stderr[:800]}"  # fmt: skip
    assert result.exit_code in (0, 2), shown
    assert "Traceback" not in result.stdout + result.stderr, shown
    assert "internal error" not in result.stderr, shown
    assert not RAW_CONTROL.search(result.stdout), shown
    assert not RAW_CONTROL.search(result.stderr), shown
    importing = args[:2] == ["pricing", "import"]
    if result.exit_code == 2:
        assert result.stdout == "", shown
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
        assert len(errors) == 1, shown
        if importing:
            assert not (tmp / "out").exists() or not any((tmp / "out").iterdir()), shown
        return
    if importing:
        from aurora_cost.pricing.store import load_all

        assert load_all(tmp / "out")  # what was written is a valid price directory
        return
    document = json.loads(result.stdout)  # a valid document ...
    assert isinstance(document, dict) and document.get("schema_version") == 1, shown
    _finite(document)  # ... whose numbers are all finite


def _finite(document: Any) -> None:
    stack = [document]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, float):
            assert math.isfinite(value), document
        elif isinstance(value, str) and re.fullmatch(r"-?(nan|inf(inity)?)", value.lower()):
            raise AssertionError(f"a non-finite amount in the output: {value!r}")


# ---- the properties -----------------------------------------------------------------------


def _property(name: str) -> Any:
    base = READERS[name][0]

    @FUZZ
    @given(document=mutations(base) | values)
    def test(document: Any) -> None:
        _run_case(name, document)

    test.__name__ = f"test_{name.replace('-', '_')}_accepts_or_refuses_any_value"
    return test


for _name in READERS:
    _test = _property(_name)
    globals()[_test.__name__] = _test
del _name, _test

# CSV files: arbitrary cells in a real file's rows (a trace; an AWS offer file).
cells = scalars.map(lambda v: v if isinstance(v, str) else json.dumps(v, allow_nan=True))


def _csv(rows: list[list[str]]) -> bytes:
    try:
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        text = out.getvalue()
    except csv.Error:  # Python 3.10's writer cannot write a NUL: quote every cell by hand
        text = "".join(",".join(_quoted(cell) for cell in row) + "\n" for row in rows)
    return text.encode("utf-8", "surrogatepass")


def _quoted(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'


TRACE_ROWS = [["timestamp", "acu"], ["2024-01-01T00:00:00Z", "1"],
              ["2024-01-01T00:01:00Z", "2"], ["2024-01-01T00:02:00Z", "0.5"]]  # fmt: skip
OFFER_ROWS = list(csv.reader(io.StringIO(OFFER_CSV.read_text(encoding="utf-8"))))


@st.composite
def changed_cells(draw: st.DrawFn, rows: list[list[str]]) -> list[list[str]]:
    rows = [list(row) for row in rows]
    for _ in range(draw(st.integers(1, 3))):
        row = draw(st.integers(0, len(rows) - 1))
        if draw(st.booleans()) and rows[row]:
            rows[row][draw(st.integers(0, len(rows[row]) - 1))] = draw(cells)
        else:
            rows[row] = draw(st.lists(cells, max_size=5))
    return rows


@FUZZ
@given(rows=changed_cells(TRACE_ROWS) | st.lists(st.lists(cells, max_size=4), max_size=6))
@example(rows=[["\x00"]])  # a NUL: Python 3.10's csv module refuses to write or read it
@example(rows=[["timestamp", "acu"], ["2024-01-01T00:00:00Z", "1\x00"]])
def test_trace_csv_accepts_or_refuses_any_cells(rows: list[list[str]]) -> None:
    _run_case("trace-csv", raw=_csv(rows))


@FUZZ
@given(rows=changed_cells(OFFER_ROWS))
def test_offer_csv_accepts_or_refuses_any_cells(rows: list[list[str]]) -> None:
    _run_case("offer-csv", raw=_csv(rows))


def _bill_rows() -> list[list[str]]:
    """The header and 20 Aurora rows of the CUR 2.0 fixture (a real export's columns)."""
    with gzip.open(DATA / "bills" / "cur2.csv.gz", "rt", encoding="utf-8", newline="") as f:
        rows = csv.reader(f)
        header = next(rows)
        return [header, *[row for row in rows if "Aurora" in ",".join(row)][:20]]


@settings(FUZZ, max_examples=10)  # DuckDB takes a second or two a run
@given(rows=changed_cells(_bill_rows()))
def test_bill_csv_accepts_or_refuses_any_cells(rows: list[list[str]]) -> None:
    _run_case("bill-csv", raw=_csv(rows))


def test_every_reader_is_fuzzed() -> None:
    """A reader added to the infrastructure formats is added here too."""
    from aurora_cost.infra import formats

    covered = {
        "terraform": "plan",
        "cloudformation": "template-yaml",
        "aws-cli": "describe-clusters",
    }
    missing = set(formats.FORMATS) - set(covered) - {"terraform-hcl"}  # HCL: test_hcl.py
    assert not missing, f"no property test feeds {sorted(missing)}"
