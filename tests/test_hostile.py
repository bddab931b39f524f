"""Hostile input: every file may come from a pull request (issue 20).

Each case runs the real CLI through CliRunner and asserts the boundary's promise: exit 2
with one `Error:` line naming the file (and the field), nothing on stdout, no traceback,
no raw control character anywhere in the output, or the right answer. Time and memory are
bounded by limits the cases can check (a read cap, a refusal before reading), never timed.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import Result

from tests.conftest import invoke

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"
PLAN = ROOT / "examples" / "infra" / "plan.json"
USAGE = ROOT / "examples" / "infra" / "usage.yaml"
TRACE = Path(__file__).resolve().parent / "data" / "traces" / "statistics.json"
OFFER = Path(__file__).resolve().parent / "data" / "offers" / "AmazonRDS-eu-west-1.csv"
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def assert_clean(result: Result) -> None:
    """No traceback and no raw control character, on either stream."""
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert not RAW_CONTROL.search(result.stdout), repr(result.stdout[:300])
    assert not RAW_CONTROL.search(result.stderr), repr(result.stderr[:300])


def refused(result: Result, *expected: str) -> str:
    """Exit 2, empty stdout, one `Error:` line holding every expected string."""
    assert_clean(result)
    assert result.exit_code == 2, (result.exit_code, result.stdout[:300], result.stderr)
    assert result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr
    assert "internal error" not in errors[0]
    for text in expected:
        assert text in errors[0], f"{text!r} not in {errors[0]!r}"
    return errors[0]


@pytest.fixture
def pipe_of() -> Iterator[object]:
    """`pipe_of(data)`: a path like bash's `<(cat file)` (/dev/fd/N of a pipe being written)."""
    opened: list[int] = []

    def make(data: bytes) -> str:
        read, write = os.pipe()
        opened.append(read)

        def feed() -> None:
            with os.fdopen(write, "wb") as out, contextlib.suppress(BrokenPipeError):
                out.write(data)

        threading.Thread(target=feed, daemon=True).start()
        return f"/dev/fd/{read}"

    yield make
    for fd in opened:
        with contextlib.suppress(OSError):
            os.close(fd)


# ---- special files: devices, directories, pipes, standard input ---------------------

DEVICE_ARGS = {
    "workload": ["compare", "-r", "eu-west-1", "-w", "{dev}"],
    "infra": ["compare", "-r", "eu-west-1", "--infra", "{dev}"],
    "usage": ["compare", "--infra", str(PLAN), "--usage", "{dev}"],
    "diff": ["diff", "--infra", "{dev}"],
    "trace": ["compare", "-r", "eu-west-1", "--trace", "{dev}"],
    "offer": ["pricing", "import", "{dev}", "--out", "{out}"],
}


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
@pytest.mark.parametrize("kind", sorted(DEVICE_ARGS))
def test_a_device_is_refused_before_it_is_read(kind: str, device: str, tmp_path: Path) -> None:
    args = [a.format(dev=device, out=tmp_path / "out") for a in DEVICE_ARGS[kind]]
    refused(invoke(*args), device, "is a device, not a file")
    assert not (tmp_path / "out").exists()  # nothing written


@pytest.mark.parametrize("kind", sorted(DEVICE_ARGS))
def test_a_directory_is_refused(kind: str, tmp_path: Path) -> None:
    args = [a.format(dev=tmp_path, out=tmp_path / "out") for a in DEVICE_ARGS[kind]]
    # --infra DIR reads a Terraform module's directory: an empty one says so
    expected = "no .tf files" if kind in ("infra", "diff") else "is a directory"
    refused(invoke(*args), str(tmp_path), expected)


def test_process_substitution_of_a_trace_is_read_once(pipe_of: object) -> None:
    path = pipe_of(TRACE.read_bytes())  # type: ignore[operator]
    result = invoke("compare", "-r", "eu-west-1", "--trace", path, "-f", "json")
    assert_clean(result)
    assert result.exit_code == 0, result.stderr
    via_file = invoke("compare", "-r", "eu-west-1", "--trace", str(TRACE), "-f", "json")
    assert json.loads(result.stdout)["options"] == json.loads(via_file.stdout)["options"]


def test_process_substitution_of_a_gzip_trace(pipe_of: object) -> None:
    path = pipe_of(gzip.compress(TRACE.read_bytes()))  # type: ignore[operator]
    result = invoke("compare", "-r", "eu-west-1", "--trace", path, "-f", "json")
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("offer", ["AmazonRDS-eu-west-1.csv", "AmazonRDS-eu-west-1.json"])
def test_process_substitution_of_an_offer_file(offer: str, pipe_of: object, tmp_path: Path) -> None:
    path = pipe_of((OFFER.parent / offer).read_bytes())  # type: ignore[operator]
    result = invoke("pricing", "import", path, "--out", str(tmp_path / "out"))
    assert_clean(result)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out" / "eu-west-1.yaml").exists()


def test_process_substitution_of_a_plan_and_a_usage_file(pipe_of: object) -> None:
    plan = pipe_of(PLAN.read_bytes())  # type: ignore[operator]
    usage = pipe_of(USAGE.read_bytes())  # type: ignore[operator]
    result = invoke("compare", "--infra", plan, "--usage", usage, "-f", "json")
    # the usage file names its traces relative to itself: a pipe has no directory of its own
    assert_clean(result)
    assert result.exit_code in (0, 2), result.stderr


def test_standard_input_as_the_workload() -> None:
    text = (ROOT / "examples" / "steady-api.yaml").read_text(encoding="utf-8")
    result = invoke("compare", "-r", "eu-west-1", "-w", "-", "-f", "json", input=text)
    assert_clean(result)
    assert result.exit_code == 0, result.stderr
    direct = invoke("compare", "-r", "eu-west-1", "-w", str(ROOT / "examples" / "steady-api.yaml"))
    assert json.loads(result.stdout)["options"] == json.loads(direct.stdout)["options"]


def test_standard_input_as_the_plan() -> None:
    result = invoke(
        "compare", "--infra", "-", "-r", "eu-west-1", "-f", "json", input=PLAN.read_bytes()
    )
    assert_clean(result)
    assert result.exit_code in (0, 2), result.stderr  # 2 only for the missing usage traces
    assert "is a device" not in result.stderr


def test_a_named_pipe_nobody_writes_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import aurora_cost.inputs

    monkeypatch.setattr(aurora_cost.inputs, "_PIPE_GRACE_SECONDS", 0.2)  # not 1 s a file
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    refused(invoke("compare", "-r", "eu-west-1", "--trace", str(fifo)), str(fifo), "empty")
    refused(invoke("compare", "-r", "eu-west-1", "-w", str(fifo)), str(fifo), "empty")


# ---- size limits and decompression bombs --------------------------------------------


@pytest.mark.large_inputs
def test_a_gzip_bomb_stops_at_the_documented_limit(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.csv.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as out:
        out.write(b"timestamp,acu\n")
        chunk = b"\n" * (1 << 20)
        for _ in range(3):
            out.write(chunk)
    assert bomb.stat().st_size < 20_000
    result = invoke(
        "compare", "-r", "eu-west-1", "--trace", str(bomb), env={"AURORA_COST_MAX_INPUT_MB": "1"}
    )
    refused(
        result, str(bomb), "decompresses to more than 1,048,576 bytes", "AURORA_COST_MAX_INPUT_MB"
    )


@pytest.mark.large_inputs
def test_a_file_over_its_limit_is_refused_by_its_size(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as out:
        out.truncate(6 * 1024 * 1024)  # sparse: the size is refused before a byte is read
    refused(
        invoke("compare", "-r", "eu-west-1", "-w", str(big)),
        str(big),
        "too large for a workload file",
    )


def test_the_limit_variable_must_be_a_number() -> None:
    result = invoke(
        "compare",
        "-r",
        "eu-west-1",
        "--trace",
        str(TRACE),
        env={"AURORA_COST_MAX_INPUT_MB": "lots"},
    )
    refused(result, "AURORA_COST_MAX_INPUT_MB")


# ---- control characters never reach the terminal -------------------------------------


def test_an_option_name_with_escapes_is_shown_escaped(tmp_path: Path) -> None:
    workload = tmp_path / "w.yaml"
    workload.write_text(
        "version: 1\nusage: {constant: 1}\noptions:\n"
        '  - {name: "evil\\e]0;pwned\\a\\e[2J", kind: serverless-v2, min_acu: 0.5, max_acu: 8}\n',
        encoding="utf-8",
    )
    for fmt in ("table", "markdown", "csv", "json"):
        result = invoke("compare", "-r", "eu-west-1", "-w", str(workload), "-f", fmt)
        assert_clean(result)
        assert result.exit_code == 0, result.stderr
        assert "\\u001b" in result.stdout
    doc = json.loads(invoke("compare", "-r", "eu-west-1", "-w", str(workload), "-f", "json").stdout)
    assert doc["options"][0]["name"] == "evil\x1b]0;pwned\x07\x1b[2J"  # the data is kept


def test_an_error_about_a_key_with_escapes_is_escaped(tmp_path: Path) -> None:
    workload = tmp_path / "w.yaml"
    workload.write_text(
        'version: 1\nusage: {constant: 1}\n"bad\\e[31mkey\\a": 1\n', encoding="utf-8"
    )
    refused(invoke("compare", "-r", "eu-west-1", "-w", str(workload)), str(workload), "\\u001b")


def test_a_bidirectional_override_is_escaped(tmp_path: Path) -> None:
    workload = tmp_path / "w.yaml"
    workload.write_text(
        "version: 1\nusage: {constant: 1}\noptions:\n"
        '  - {name: "cheap\\u202eevil", kind: serverless-v2, min_acu: 0.5, max_acu: 8}\n',
        encoding="utf-8",
    )
    result = invoke("compare", "-r", "eu-west-1", "-w", str(workload), "-f", "table")
    assert_clean(result)
    assert "\\u202e" in result.stdout


def test_an_environment_region_with_escapes_is_escaped() -> None:
    result = invoke("compare", env={"AWS_REGION": "eu\x1b[2J\x07"})
    refused(result, "\\u001b")


def test_markdown_cannot_be_injected(tmp_path: Path) -> None:
    workload = tmp_path / "w.yaml"
    workload.write_text(
        "version: 1\nusage: {constant: 1}\noptions:\n"
        '  - {name: "<img src=x onerror=alert(1)>|[link](http://e)", kind: serverless-v2,'
        " min_acu: 0.5, max_acu: 8}\n",
        encoding="utf-8",
    )
    result = invoke("compare", "-r", "eu-west-1", "-w", str(workload), "-f", "markdown")
    assert result.exit_code == 0, result.stderr
    assert "<img" not in result.stdout
    assert "&lt;img" in result.stdout
    assert "\\[link\\]" in result.stdout
    row = next(line for line in result.stdout.splitlines() if "img" in line)
    assert row.count(" | ") == row.replace("\\|", "").count(" | ")  # no extra cell


# ---- paths inside files stay in the file's tree; nothing of another file leaks -------


def _usage_with_trace(tmp_path: Path, written: str) -> Path:
    usage = tmp_path / "repo" / "usage.yaml"
    usage.parent.mkdir(exist_ok=True)
    usage.write_text(
        f"version: 1\nclusters:\n  aws_rds_cluster.orders:\n    usage: {{trace: {{path: {written!r}}}}}\n",
        encoding="utf-8",
    )
    return usage


@pytest.mark.parametrize(
    "written", ["/etc/passwd", "../../../../../../etc/passwd", "../secret.csv"]
)
def test_a_trace_path_may_not_leave_the_usage_files_tree(tmp_path: Path, written: str) -> None:
    (tmp_path / "secret.csv").write_text("SECRET-TOKEN-123,x\n", encoding="utf-8")
    usage = _usage_with_trace(tmp_path, written)
    result = invoke("compare", "--infra", str(PLAN), "--usage", str(usage))
    line = refused(
        result, str(usage), "outside the directory tree", "AURORA_COST_ALLOW_PATHS_OUTSIDE"
    )
    assert "root:" not in result.stderr and "SECRET-TOKEN" not in result.stderr
    assert "clusters.aws_rds_cluster.orders.usage.trace.path" in line


def test_a_symbolic_link_out_of_the_tree_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.csv").write_text(
        "timestamp,acu\n2024-01-01T00:00:00Z,1\n", encoding="utf-8"
    )
    workload = tmp_path / "repo" / "w.yaml"
    workload.parent.mkdir()
    (workload.parent / "trace.csv").symlink_to(tmp_path / "secret.csv")
    workload.write_text("version: 1\nusage: {trace: {path: trace.csv}}\n", encoding="utf-8")
    refused(invoke("compare", "-r", "eu-west-1", "-w", str(workload)), "outside the directory tree")


def test_paths_outside_are_read_when_the_user_allows_it(tmp_path: Path) -> None:
    shared = tmp_path / "outside.json"
    shared.write_bytes(TRACE.read_bytes())
    workload = tmp_path / "repo" / "w.yaml"
    workload.parent.mkdir()
    workload.write_text("version: 1\nusage: {trace: {path: ../outside.json}}\n", encoding="utf-8")
    args = ["compare", "-r", "eu-west-1", "-w", str(workload), "-f", "json"]
    refused(invoke(*args), "../outside.json")
    allowed = invoke(*args, env={"AURORA_COST_ALLOW_PATHS_OUTSIDE": "1"})
    assert allowed.exit_code == 0, allowed.stderr


def test_a_trace_inside_the_tree_is_read(tmp_path: Path) -> None:
    workload = tmp_path / "w.yaml"
    (tmp_path / "traces").mkdir()
    (tmp_path / "traces" / "t.json").write_bytes(TRACE.read_bytes())
    workload.write_text("version: 1\nusage: {trace: {path: traces/t.json}}\n", encoding="utf-8")
    result = invoke("compare", "-r", "eu-west-1", "-w", str(workload), "-f", "json")
    assert result.exit_code == 0, result.stderr


def test_a_file_that_is_no_csv_is_never_quoted(tmp_path: Path) -> None:
    secret = tmp_path / "key.txt"
    secret.write_text("AKIAEXAMPLESECRETKEYVALUE0123456789\nsecond line\n", encoding="utf-8")
    result = invoke("compare", "-r", "eu-west-1", "--trace", str(secret))
    refused(result, str(secret))
    assert "AKIA" not in result.stderr


# ---- crashes: wrong shapes, numbers, nesting, aliases, duplicates --------------------

WRONG = [None, "text", [1, "a"], 7, 1e300, True]


def _json_case(tmp_path: Path, document: object, name: str = "plan.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _plan() -> dict[str, object]:
    loaded: dict[str, object] = json.loads(PLAN.read_text(encoding="utf-8"))
    return loaded


def _put(document: object, where: tuple[object, ...], value: object) -> object:
    target = document
    for key in where[:-1]:
        target = target[key]  # type: ignore[index]
    target[where[-1]] = value  # type: ignore[index]
    return document


PLAN_PLACES = [
    ("planned_values",),
    ("planned_values", "root_module"),
    ("planned_values", "root_module", "child_modules"),
    ("resource_changes",),
    ("resource_changes", 0),
    ("resource_changes", 0, "change"),
    ("resource_changes", 0, "change", "actions"),
    ("configuration",),
    ("configuration", "root_module"),
    ("configuration", "root_module", "module_calls"),
    ("configuration", "provider_config"),
    ("prior_state",),
]


@pytest.mark.parametrize("where", PLAN_PLACES, ids=lambda w: ".".join(map(str, w)))
@pytest.mark.parametrize("value", WRONG, ids=lambda v: type(v).__name__)
def test_a_plan_with_a_wrong_shape_never_crashes(
    tmp_path: Path, where: tuple[object, ...], value: object
) -> None:
    path = _json_case(tmp_path, _put(_plan(), where, value))
    result = invoke("compare", "--infra", str(path), "-r", "eu-west-1", "-f", "json")
    assert_clean(result)
    assert result.exit_code in (0, 2), result.stderr
    if result.exit_code == 2:
        refused(result, str(path))


@pytest.mark.parametrize(
    "document",
    [
        None,
        "text",
        [],
        3,
        {"DBClusters": "x"},
        {"DBClusters": [None]},
        {"DBClusters": [{"Engine": "aurora-mysql", "ServerlessV2ScalingConfiguration": "x"}]},
        {"DBClusters": [{"Engine": "aurora-mysql", "DBClusterMembers": [None]}]},
        {"DBInstances": [7]},
    ],
    ids=lambda d: json.dumps(d)[:30],
)
def test_describe_output_with_a_wrong_shape_is_refused(tmp_path: Path, document: object) -> None:
    path = _json_case(tmp_path, document, "describe.json")
    refused(invoke("compare", "--infra", str(path), "-r", "eu-west-1"), str(path))


@pytest.mark.parametrize(
    "text",
    [
        "Resources: x\n",
        "Resources:\n  C: x\n",
        "Resources:\n  C: {Type: AWS::RDS::DBCluster, Properties: [1]}\n",
        "Resources:\n  I: {Type: AWS::RDS::DBInstance, Properties: 7}\n",
        "Resources:\n  C: {Type: [AWS::RDS::DBCluster]}\n",
        "Resources:\n  C: {Type: AWS::RDS::DBCluster, Properties: {Engine: aurora-mysql, ServerlessV2ScalingConfiguration: {MinCapacity: .nan, MaxCapacity: 4}}}\n",
        "Resources:\n  C: {Type: AWS::RDS::DBCluster, Properties: {Engine: aurora-mysql, ServerlessV2ScalingConfiguration: {MinCapacity: 1e400, MaxCapacity: 4}}}\n",
        "Resources:\n  C: {Type: AWS::RDS::DBCluster, Properties: {Engine: aurora-mysql, BacktrackWindow: " + "9" * 400 + "}}\n",
        "Resources:\n  C: !!python/object:os.system {}\n",
        "Resources:\n  C: {Type: AWS::RDS::DBCluster}\n  C: {Type: AWS::RDS::DBCluster}\n",
    ],
    ids=["resources-text", "resource-text", "properties-list", "properties-number", "type-list",
         "nan", "1e400", "400-digits", "python-tag", "duplicate-key"],
)  # fmt: skip
def test_a_template_with_a_wrong_shape_or_number_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "template.yaml"
    path.write_text(text, encoding="utf-8")
    refused(invoke("compare", "--infra", str(path), "-r", "eu-west-1"), str(path))


@pytest.mark.parametrize(
    "text",
    ['{"format_version": "1.2", "planned_values": NaN}', '{"format_version": "1.2", "x": Infinity}',
     '{"format_version": "1.2", "x": 1e400}', '{"format_version": "1.2", "x": ' + "9" * 400 + "}",
     '{"format_version": "1.2", "values": {}, "values": {}}', "[" * 500 + "]" * 500,
     '{"a": ' * 500 + "1" + "}" * 500, "[" * 100_000],
    ids=["nan", "infinity", "1e400", "400-digits", "duplicate-key", "500-deep-list", "500-deep-object", "100000-deep"],
)  # fmt: skip
def test_json_numbers_and_nesting_are_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "plan.json"
    path.write_text(text, encoding="utf-8")
    refused(invoke("compare", "--infra", str(path), "-r", "eu-west-1"), str(path))


@pytest.mark.large_inputs
def test_a_flood_of_empty_objects_is_refused_before_it_is_built(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text("[" + "{}," * 4_000_000 + "{}]", encoding="utf-8")  # 12 MB, 4 M objects
    result = invoke("compare", "--infra", str(path), "-r", "eu-west-1", env={"AURORA_COST_MAX_INPUT_MB": "64"})  # fmt: skip
    refused(result, str(path), "objects and lists")


@pytest.mark.large_inputs
def test_an_alias_bomb_in_a_priced_value_is_never_expanded(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 9)]  # fmt: skip
    lines += [
        "Resources:",
        "  C:",
        "    Type: AWS::RDS::DBCluster",
        "    Properties: {Engine: aurora-mysql, ServerlessV2ScalingConfiguration: {MinCapacity: *a8, MaxCapacity: 4}}",
    ]
    path = tmp_path / "template.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    line = refused(invoke("compare", "--infra", str(path), "-r", "eu-west-1"), str(path))
    assert len(line) < 500


def test_a_utf16_plan_is_read(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(PLAN.read_text(encoding="utf-8").encode("utf-16"))  # PowerShell 5's >
    result = invoke("compare", "--infra", str(path), "--usage", str(USAGE), "-f", "json")
    utf8 = invoke("compare", "--infra", str(PLAN), "--usage", str(USAGE), "-f", "json")
    assert result.exit_code == utf8.exit_code, result.stderr


# ---- time: linear matcher, linking and blank traces (bench/hostile_bench.py measures) -


@pytest.mark.large_inputs
def test_a_usage_key_of_many_stars_matches_in_linear_time(tmp_path: Path) -> None:
    usage = tmp_path / "usage.yaml"
    key = "*a" * 120 + "*b"  # 242 bytes: a backtracking matcher never returned
    usage.write_text(f"version: 1\nclusters:\n  {key!r}: {{storage_gb: 1}}\n", encoding="utf-8")
    from aurora_cost.infra.address_pattern import AddressPattern

    assert not AddressPattern(key).match("a" * 5000)
    assert AddressPattern("module.*.aws_rds_cluster.*").match("module.x.aws_rds_cluster.y")
    assert AddressPattern("**.orders").match("aws_rds_cluster.orders")  # a run of * is one *
    result = invoke("compare", "--infra", str(PLAN), "--usage", str(usage), "-f", "json")
    assert_clean(result)
    assert result.exit_code in (0, 2), result.stderr


@pytest.mark.large_inputs
def test_a_gzip_trace_of_blank_lines_is_refused_quickly(tmp_path: Path) -> None:
    bomb = tmp_path / "blank.csv.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as out:
        out.write(b"timestamp,acu\n")
        for _ in range(64):
            out.write(b"\n" * (1 << 20))  # 64 MB of blank lines, about 64 KB compressed
    refused(invoke("compare", "-r", "eu-west-1", "--trace", str(bomb)), str(bomb), "no samples")


def test_a_trace_file_that_is_all_blank_is_empty(tmp_path: Path) -> None:
    blank = tmp_path / "blank.csv.gz"
    blank.write_bytes(gzip.compress(b"\n" * (8 << 20)))
    refused(invoke("compare", "-r", "eu-west-1", "--trace", str(blank)), str(blank), "empty")


# ---- silent wrong answers ------------------------------------------------------------


def test_a_forgotten_instance_keeps_billing(tmp_path: Path) -> None:
    plan = _plan()
    changes = plan["resource_changes"]
    gone = next(c for c in changes if c["change"]["actions"] == ["delete"])  # type: ignore[union-attr,index]
    args = ["diff", "--infra", "{plan}", "--usage", str(USAGE), "-f", "json"]
    deleted = invoke(*[a.format(plan=_json_case(tmp_path, plan, "deleted.json")) for a in args])
    gone["change"]["actions"] = ["forget"]  # type: ignore[index]
    forgot = invoke(*[a.format(plan=_json_case(tmp_path, plan, "forgot.json")) for a in args])
    assert deleted.exit_code == forgot.exit_code == 0, forgot.stderr
    delta = lambda r: float(json.loads(r.stdout)["total"]["delta"])  # noqa: E731
    assert delta(forgot) > delta(deleted)  # Terraform forgets it; AWS still bills it


def test_the_same_infrastructure_file_twice_is_refused(tmp_path: Path) -> None:
    # A silent wrong answer before: each cluster of the plan was priced twice (double total).
    link = tmp_path / "same-plan.json"
    link.symlink_to(PLAN)
    for second in (str(PLAN), str(link)):
        refused(
            invoke("compare", "--infra", str(PLAN), "--infra", second, "--region", "eu-west-1"),
            "given twice as --infra",
            "give it once",
        )


def test_two_files_of_one_terraform_directory_are_one_configuration(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('variable "a" {\n  default = 1\n}\n', encoding="utf-8")
    (tmp_path / "other.tf").write_text('variable "b" {\n  default = 2\n}\n', encoding="utf-8")
    refused(
        invoke(
            "compare", "--infra", str(tmp_path / "main.tf"), "--infra", str(tmp_path / "other.tf")
        ),
        "the same Terraform directory",
    )


def test_one_file_on_each_side_of_a_diff_is_not_twice() -> None:
    result = invoke("diff", str(PLAN), str(PLAN), "--region", "eu-west-1", "--format", "json")
    assert_clean(result)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["total"]["delta"] in ("0.00", "0")
