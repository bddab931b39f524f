"""Hostile input, part two (issue 20): no silent wrong answer, paths relative to their file,
markdown that pings nobody, price-directory entries named for what they are.

Prices are the fixture's (tests/data/prices/eu-west-1.yaml): Serverless v2 $0.10 an
ACU-hour, db.r6g.large $0.20 an hour; a cluster with no usage is priced at its maximum
capacity all month (730 hours).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import invoke, write
from tests.test_hostile import PLAN, USAGE, assert_clean, pipe_of, refused

__all__ = ["pipe_of"]  # the fixture, shared with test_hostile

ROOT = Path(__file__).resolve().parent.parent


def _json(result: object) -> dict[str, object]:
    assert_clean(result)  # type: ignore[arg-type]
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    loaded: dict[str, object] = json.loads(result.stdout)  # type: ignore[attr-defined]
    return loaded


# ---- Terraform: an address that cannot be read is an error, never a dropped resource ----


def _plan_with(tmp_path: Path, change: object) -> Path:
    plan = json.loads(PLAN.read_text(encoding="utf-8"))
    change(plan["planned_values"]["root_module"]["resources"])  # type: ignore[operator]
    return write(tmp_path, "plan.json", json.dumps(plan))


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("aws_rds_cluster.small x", "aws_rds_cluster.small x: address: cannot be read"),
        ("aws_rds_cluster.small[", "aws_rds_cluster.small[: address: cannot be read"),
        ("module..aws_rds_cluster.small", "address: cannot be read"),
        ("aws_rds_cluster_instance.small", "address: cannot be read"),  # another type
        ("", "address: cannot be read"),
    ],
)
def test_an_unreadable_address_is_an_error_naming_file_and_address(
    tmp_path: Path, address: str, expected: str
) -> None:
    # Before: the resource was skipped, its cluster left out, and the total was short.
    plan = _plan_with(tmp_path, lambda rs: rs[0].__setitem__("address", address))
    refused(invoke("compare", "--infra", str(plan), "--usage", str(USAGE)), str(plan), expected)


def test_a_cluster_marked_as_a_data_source_is_not_dropped(tmp_path: Path) -> None:
    plan = _plan_with(tmp_path, lambda rs: rs[0].__setitem__("mode", "data"))
    refused(invoke("compare", "--infra", str(plan), "--usage", str(USAGE)), "mode", "data")


def test_a_resource_twice_is_not_priced_twice(tmp_path: Path) -> None:
    plan = _plan_with(tmp_path, lambda rs: rs.append(dict(rs[0])))
    refused(
        invoke("compare", "--infra", str(plan), "--usage", str(USAGE)),
        "aws_rds_cluster.small",
        "appears twice",
    )


def test_a_real_data_source_is_read_past(tmp_path: Path) -> None:
    data = {"address": "data.aws_rds_cluster.other", "mode": "data", "type": "aws_rds_cluster",
            "name": "other", "values": {"engine": "aurora-mysql"}}  # fmt: skip
    plan = _plan_with(tmp_path, lambda rs: rs.append(data))
    with_data = _json(invoke("compare", "--infra", str(plan), "--usage", str(USAGE), "-f", "json"))
    plain = _json(invoke("compare", "--infra", str(PLAN), "--usage", str(USAGE), "-f", "json"))
    assert with_data["total"] == plain["total"]


# ---- CloudFormation: a resource under a Condition ---------------------------------------

TEMPLATE = """\
Parameters:
  Env: {Type: String, Default: dev}
  Owner: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
  OwnerSet: !Not [!Equals [!Ref Owner, ""]]
Resources:
  Prod:
    Type: AWS::RDS::DBCluster
    Condition: IsProd
    Properties: {Engine: aurora-mysql, ServerlessV2ScalingConfiguration: {MinCapacity: 1, MaxCapacity: 4}}
  ProdWriter:
    Type: AWS::RDS::DBInstance
    Condition: IsProd
    Properties: {DBClusterIdentifier: !Ref Prod, DBInstanceClass: db.serverless}
  Dev:
    Type: AWS::RDS::DBCluster
    Condition: NotProd
    Properties: {Engine: aurora-mysql, ServerlessV2ScalingConfiguration: {MinCapacity: 0.5, MaxCapacity: 2}}
  DevWriter:
    Type: AWS::RDS::DBInstance
    Condition: NotProd
    Properties: {DBClusterIdentifier: !Ref Dev, DBInstanceClass: db.serverless}
  Audit:
    Type: AWS::RDS::DBCluster
    Condition: OwnerSet
    Properties: {Engine: aurora-mysql, ServerlessV2ScalingConfiguration: {MinCapacity: 0.5, MaxCapacity: 1}}
  AuditWriter:
    Type: AWS::RDS::DBInstance
    Condition: OwnerSet
    Properties: {DBClusterIdentifier: !Ref Audit, DBInstanceClass: db.serverless}
"""


def _template(tmp_path: Path, text: str = TEMPLATE) -> Path:
    return write(tmp_path, "template.yaml", text)


def test_conditions_are_decided_by_the_parameter_defaults(tmp_path: Path) -> None:
    path = _template(tmp_path)
    doc = _json(invoke("compare", "--infra", str(path), "-r", "eu-west-1", "-f", "json"))
    # Env defaults to dev: Dev at its max 2 ACU x 730 h x $0.10 = $146.00; Prod is not
    # deployed. Owner has no default: Audit is priced as if OwnerSet held, 1 x 730 x 0.10
    # = $73.00, and said. Total 146 + 73 = $219.00.
    assert [c["address"] for c in doc["clusters"]] == ["Dev", "Audit"]  # type: ignore[attr-defined]
    assert doc["total"]["monthly_cost"] == "219.00"  # type: ignore[index]
    warnings = "\n".join(doc["warnings"])  # type: ignore[arg-type]
    assert (
        "Prod: Condition IsProd is false with the parameters' default values; not priced"
        in warnings
    )
    assert (
        "Audit: Condition OwnerSet depends on Owner, known only at deploy; priced as if it holds"
        in warnings
    )
    assert "the cost applies only when it does" in warnings


def test_var_gives_a_parameter_as_a_deploy_would(tmp_path: Path) -> None:
    path = _template(tmp_path)
    args = ["compare", "--infra", str(path), "-r", "eu-west-1", "-f", "json"]
    doc = _json(invoke(*args, "--var", "Env=prod", "--var", "Owner="))
    # Prod at 4 ACU x 730 x 0.10 = $292.00; Dev false; Owner "" makes OwnerSet false.
    assert [c["address"] for c in doc["clusters"]] == ["Prod"]  # type: ignore[attr-defined]
    assert doc["total"]["monthly_cost"] == "292.00"  # type: ignore[index]
    assert any("IsProd holds with --var Env=prod" in w for w in doc["warnings"])  # type: ignore[attr-defined]


def test_var_must_name_a_parameter_of_the_template(tmp_path: Path) -> None:
    path = _template(tmp_path)
    refused(
        invoke("compare", "--infra", str(path), "-r", "eu-west-1", "--var", "Envv=prod"),
        "--var Envv",
        "no parameter 'Envv'",
        "Env, Owner",
    )


@pytest.mark.parametrize(
    ("conditions", "expected"),
    [
        ("IsProd: !Equals [!Ref Env, prod]\n  Loop: !Condition Loop", "Conditions.IsProd"),
        ("IsProd: !And [!Condition Other]\n  Other: !Or [!Condition IsProd]", "refers to itself"),
        ("IsProd: !Condition Missing", "Condition 'Missing' is not defined"),
        ("IsProd: !Equals [!Ref Env]", "Fn::Equals takes a list of two values"),
        ("IsProd: !Equals [!Ref Nope, x]", "Ref 'Nope' is not a parameter"),
        ("IsProd: !Sub x", "'Fn::Sub' is not a condition function"),
        ("IsProd: [x]", "a condition is one Fn::Equals"),
    ],
    ids=["self", "cycle", "undefined", "equals-one", "unknown-ref", "sub", "list"],
)
def test_a_broken_condition_is_an_error(tmp_path: Path, conditions: str, expected: str) -> None:
    text = (
        "Parameters:\n  Env: {Type: String, Default: dev}\nConditions:\n  " + conditions + "\n"
        "Resources:\n  C:\n    Type: AWS::RDS::DBCluster\n    Condition: IsProd\n"
        "    Properties: {Engine: aurora-mysql}\n"
    )
    if "Loop" in conditions:
        text = text.replace("Condition: IsProd", "Condition: Loop")
        expected = "refers to itself"
    path = _template(tmp_path, text)
    refused(invoke("compare", "--infra", str(path), "-r", "eu-west-1"), str(path), expected)


def test_a_pseudo_parameter_leaves_the_condition_unknown(tmp_path: Path) -> None:
    text = TEMPLATE.replace("!Equals [!Ref Env, prod]", "!Equals [!Ref 'AWS::Region', us-east-1]")
    doc = _json(invoke("compare", "--infra", str(_template(tmp_path, text)), "-r", "eu-west-1",
                       "-f", "json"))  # fmt: skip
    # IsProd unknown: Prod priced as if it held (4 x 730 x 0.10 = 292); NotProd unknown
    # too: Dev priced (146); Audit (73). 292 + 146 + 73 = $511.00, each one said.
    assert doc["total"]["monthly_cost"] == "511.00"  # type: ignore[index]
    assert any("IsProd depends on AWS::Region" in w for w in doc["warnings"])  # type: ignore[attr-defined]


# ---- validate reads each file once -------------------------------------------------------


def test_validate_reads_a_pipe_once(pipe_of: object) -> None:
    usage = pipe_of(USAGE.read_bytes())  # type: ignore[operator]
    workload = pipe_of((ROOT / "examples" / "small-app.yaml").read_bytes())  # type: ignore[operator]
    result = invoke("validate", usage, workload)
    assert_clean(result)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{usage}: valid usage file\n{workload}: valid workload file\n"


def test_validate_reads_standard_input() -> None:
    result = invoke("validate", "-", input=USAGE.read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "-: valid usage file\n"


# ---- a reader_acu trace is relative to its file, and stays in its tree ------------------

READER_TEMPLATE = """\
Resources:
  C:
    Type: AWS::RDS::DBCluster
    Properties: {Engine: aurora-mysql, ServerlessV2ScalingConfiguration: {MinCapacity: 0.5, MaxCapacity: 8}}
  W:
    Type: AWS::RDS::DBInstance
    Properties: {DBClusterIdentifier: !Ref C, DBInstanceClass: db.r6g.large, PromotionTier: 0}
  R:
    Type: AWS::RDS::DBInstance
    Properties: {DBClusterIdentifier: !Ref C, DBInstanceClass: db.serverless, PromotionTier: 2}
"""
TWO_ACU = "timestamp,acu\n2024-01-01T00:00:00Z,2\n2024-01-01T01:00:00Z,2\n2024-01-01T02:00:00Z,2\n"


def _reader_case(tmp_path: Path, written: str) -> tuple[Path, Path]:
    repo = tmp_path / "repo"
    template = write(repo, "t.yaml", READER_TEMPLATE)
    write(repo, "traces/two.csv", TWO_ACU)
    write(tmp_path, "elsewhere/two.csv", TWO_ACU)
    usage = write(repo, "usage.yaml", "version: 1\nclusters:\n  C:\n    usage: {constant: 1}\n"
                  f"    reader_acu: {{trace: {{path: {written}}}}}\n")  # fmt: skip
    return template, usage


def test_a_reader_trace_is_read_relative_to_the_usage_file(tmp_path: Path) -> None:
    template, usage = _reader_case(tmp_path, "traces/two.csv")
    assert Path.cwd() != usage.parent  # the working directory is elsewhere
    doc = _json(invoke("compare", "--infra", str(template), "--usage", str(usage),
                       "-r", "eu-west-1", "-f", "json"))  # fmt: skip
    # writer db.r6g.large 730 h x $0.20 = $146.00; the tier-2 db.serverless reader at the
    # trace's 2 ACU, 2 x 730 x $0.10 = $146.00: $292.00
    assert doc["total"]["monthly_cost"] == "292.00"  # type: ignore[index]


def test_a_reader_trace_may_not_leave_the_tree_unless_allowed(tmp_path: Path) -> None:
    template, usage = _reader_case(tmp_path, "../elsewhere/two.csv")
    args = ["compare", "--infra", str(template), "--usage", str(usage), "-r", "eu-west-1"]
    refused(invoke(*args), str(usage), "clusters.C.reader_acu.trace.path",
            "outside the directory tree", "--allow-paths-outside")  # fmt: skip
    doc = _json(invoke(*args, "-f", "json", "--allow-paths-outside"))
    assert doc["total"]["monthly_cost"] == "292.00"  # type: ignore[index]
    refused(invoke(*args), "outside the directory tree")  # the flag held for its command only


def test_a_workload_reader_trace_is_relative_to_the_workload(tmp_path: Path) -> None:
    write(tmp_path, "traces/two.csv", TWO_ACU)
    workload = write(tmp_path, "w.yaml", (
        "version: 1\nusage: {constant: 1}\noptions:\n"
        "  - kind: cluster\n    min_acu: 0.5\n    max_acu: 8\n"
        "    reader_acu: {trace: {path: traces/two.csv}}\n"
        "    instances:\n      - {instance_class: db.r6g.large}\n"
        "      - {instance_class: db.serverless, promotion_tier: 2}\n"
    ))  # fmt: skip
    doc = _json(invoke("compare", "-w", str(workload), "-r", "eu-west-1", "-f", "json"))
    assert doc["options"][0]["monthly_cost"] == "292.00"  # type: ignore[index]  # as above


@pytest.mark.parametrize("command", ["compare", "check", "advise", "diff", "validate", "reconcile"])
def test_every_command_that_reads_input_files_takes_the_flag(command: str) -> None:
    result = invoke(command, "--help")
    assert "--allow-paths-outside" in result.stdout


def test_a_workload_trace_outside_is_read_with_the_flag(tmp_path: Path) -> None:
    write(tmp_path, "outside.csv", TWO_ACU)
    workload = write(
        tmp_path, "repo/w.yaml", "version: 1\nusage: {trace: {path: ../outside.csv}}\n"
    )
    args = ["compare", "-r", "eu-west-1", "-w", str(workload), "-f", "json"]
    refused(invoke(*args), "../outside.csv", "--allow-paths-outside")
    assert invoke(*args, "--allow-paths-outside").exit_code == 0
    assert invoke("validate", str(workload), "--allow-paths-outside").exit_code == 0


# ---- markdown pings nobody --------------------------------------------------------------


def test_markdown_neutralises_mentions_and_issue_references(tmp_path: Path) -> None:
    workload = write(tmp_path, "w.yaml", (
        "version: 1\nusage: {constant: 1}\noptions:\n"
        '  - {name: "@org/team fixes #12", kind: serverless-v2, min_acu: 0.5, max_acu: 8}\n'
        '  - {name: "cc @alice", kind: serverless-v2, min_acu: 1, max_acu: 8}\n'
    ))  # fmt: skip
    result = invoke("compare", "-r", "eu-west-1", "-w", str(workload), "-f", "markdown")
    assert_clean(result)
    assert result.exit_code == 0, result.stderr
    assert "@org" not in result.stdout and "@alice" not in result.stdout
    assert "#12" not in result.stdout
    assert "@&#8203;org/team fixes #&#8203;12" in result.stdout  # shows as written
    # the JSON keeps the name as it is
    doc = _json(invoke("compare", "-r", "eu-west-1", "-w", str(workload), "-f", "json"))
    assert doc["options"][0]["name"] == "@org/team fixes #12"  # type: ignore[index]


def test_markdown_warnings_of_an_infrastructure_report_ping_nobody(tmp_path: Path) -> None:
    usage = write(tmp_path, "usage.yaml", (
        "version: 1\nclusters:\n  'module.x[\"@org/team\"].aws_rds_cluster.*': {storage_gb: 1}\n"
    ))  # fmt: skip
    result = invoke("compare", "--infra", str(PLAN), "--usage", str(usage), "-f", "markdown")
    assert_clean(result)
    assert result.exit_code == 0, result.stderr
    assert "@org" not in result.stdout
    assert "@&#8203;org/team" in result.stdout  # the warning about the unmatched key


def test_one_escaper_for_markdown() -> None:
    from aurora_cost.render.cells import md_cell

    assert md_cell("@a #1 a@b.com #x") == "@&#8203;a #&#8203;1 a@&#8203;b.com #x"
    assert md_cell("&#8203;") == "&amp;#&#8203;8203;"  # an entity in the text is shown


# ---- a price directory's entries are named for what they are -----------------------------


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: p.symlink_to("/dev/zero"), "is a device (through a symbolic link), not a price file"),
        (lambda p: p.symlink_to(p.name), "is a symbolic link that leads back to itself (a loop)"),
        (lambda p: p.symlink_to("/nonexistent/x.yaml"), "is a symbolic link to /nonexistent/x.yaml, which does not exist"),
        (lambda p: os.mkfifo(p), "is a named pipe, not a price file"),
        (lambda p: p.mkdir(), "is a directory, not a price file"),
    ],
    ids=["device", "loop", "dangling", "fifo", "directory"],
)  # fmt: skip
def test_a_price_directory_entry_says_what_it_is(
    tmp_path: Path, make: object, expected: str
) -> None:
    prices = tmp_path / "prices"
    prices.mkdir()
    source = Path(__file__).resolve().parent / "data" / "prices" / "eu-west-1.yaml"
    (prices / "eu-west-1.yaml").write_bytes(source.read_bytes())
    make(prices / "us-east-1.yaml")  # type: ignore[operator]
    result = invoke("compare", "--pricing", str(prices), "-r", "us-east-1", fixture_prices=False)
    refused(result, "us-east-1.yaml", expected)


# ---- CSV output a spreadsheet shows as written, never runs -----------------------------


def test_csv_cells_that_a_spreadsheet_would_run_are_written_inert(tmp_path: Path) -> None:
    workload = write(tmp_path, "w.yaml", (
        "version: 1\nusage: {constant: 1}\noptions:\n"
        '  - {name: "=HYPERLINK(\\"http://e\\",\\"x\\")", kind: serverless-v2, min_acu: 0.5, max_acu: 8}\n'
        '  - {name: "+cmd|calc", kind: serverless-v2, min_acu: 1, max_acu: 8}\n'
        '  - {name: "-db", kind: serverless-v2, min_acu: 1, max_acu: 8}\n'
        '  - {name: "@SUM(A1)", kind: serverless-v2, min_acu: 1, max_acu: 8}\n'
    ))  # fmt: skip
    result = invoke("compare", "-r", "eu-west-1", "-w", str(workload), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    import csv
    import io

    names = {row[1] for row in list(csv.reader(io.StringIO(result.stdout)))[1:]}
    assert names == {'\'=HYPERLINK("http://e","x")', "'+cmd|calc", "'-db", "'@SUM(A1)"}


def test_csv_numbers_stay_numbers() -> None:
    from aurora_cost.render.cells import csv_cell

    assert csv_cell("-90.20") == "-90.20"  # a diff's negative delta
    assert csv_cell("-1e3") == "-1e3"
    assert csv_cell("-x") == "'-x"
    assert csv_cell("\t=1") == "'\t=1"
    assert csv_cell("a=b") == "a=b"


def test_a_diff_csv_keeps_its_negative_deltas() -> None:
    result = invoke("diff", "--infra", str(PLAN), "--usage", str(USAGE), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    small = next(
        line for line in result.stdout.splitlines() if line.startswith("aws_rds_cluster.small")
    )
    assert ",-" in small and ",'-" not in small


def test_a_yaml_file_of_too_many_values_says_so_not_aliases(tmp_path: Path) -> None:
    window = '      - {days: [mon, tue, wed, thu, fri, sat, sun], start: "00:00", end: "24:00", acu: 1}\n'
    workload = write(
        tmp_path, "w.yaml", "version: 1\nusage:\n  schedule:\n    windows:\n" + window * 12_000
    )
    line = refused(invoke("compare", "-r", "eu-west-1", "-w", str(workload)), str(workload),
                   "holds over 100,000 values")  # fmt: skip
    assert "aliases" not in line


def test_a_long_chain_of_conditions_stays_small(tmp_path: Path) -> None:
    # Each condition reads its own parameter and the next condition: the parameters a
    # message names are bounded, so memory stays linear (it grew with the square).
    n = 3000
    lines = ["Parameters:", *[f"  P{i}: {{Type: String, Default: a}}" for i in range(n)]]
    lines += ["Conditions:"]
    lines += [f"  C{i}: !And [!Equals [!Ref P{i}, a], !Condition C{i + 1}]" for i in range(n - 1)]
    lines += [f"  C{n - 1}: !Equals [!Ref P{n - 1}, a]", "Resources:", "  X:",
              "    Type: AWS::RDS::DBCluster", "    Condition: C0",
              "    Properties: {Engine: aurora-mysql}"]  # fmt: skip
    from aurora_cost.infra import cfn_conditions
    from aurora_cost.infra.cloudformation import parse_yaml_template, read_template

    path = write(tmp_path, "t.yaml", "\n".join(lines) + "\n")
    document = parse_yaml_template(path.read_text(encoding="utf-8"), str(path))
    _, warnings = read_template(document, str(path))
    assert "Condition C0 holds" in warnings[0]
    conditions = cfn_conditions.Conditions(
        str(path), document["Conditions"], document["Parameters"], {}
    )
    assert conditions.value("C0") is True
    assert len(conditions.reads("C0")) == cfn_conditions.MAX_READS


IF_TEMPLATE = """\
Parameters:
  Env: {Type: String, Default: dev}
  MaxAcu: {Type: Number, Default: 4}
  Cls: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  C:
    Type: AWS::RDS::DBCluster
    Properties:
      Engine: aurora-mysql
      ServerlessV2ScalingConfiguration:
        MinCapacity: !If [IsProd, 2, 0.5]
        MaxCapacity: !If [IsProd, 16, !Ref MaxAcu]
      BacktrackWindow: !If [IsProd, 3600, !Ref "AWS::NoValue"]
  W:
    Type: AWS::RDS::DBInstance
    Properties: {DBClusterIdentifier: !Ref C, DBInstanceClass: db.serverless}
"""


@pytest.mark.parametrize(
    ("flags", "total", "settings"),
    [
        ((), "292.00", "0.5-4 ACU"),  # dev: MaxAcu's default 4 x 730 h x $0.10
        (("--var", "Env=prod"), "1168.00", "2-16 ACU"),  # 16 x 730 x 0.10
        (("--var", "MaxAcu=8"), "584.00", "0.5-8 ACU"),  # 8 x 730 x 0.10
    ],
)
def test_fn_if_and_a_parameter_are_read_as_a_deploy_gets_them(
    tmp_path: Path, flags: tuple[str, ...], total: str, settings: str
) -> None:
    path = _template(tmp_path, IF_TEMPLATE)
    doc = _json(invoke("compare", "--infra", str(path), "-r", "eu-west-1", "-f", "json", *flags))
    assert doc["total"]["monthly_cost"] == total  # type: ignore[index]
    assert doc["clusters"][0]["report"]["options"][0]["settings"].startswith(settings)  # type: ignore[index]


def test_a_parameter_without_a_value_is_still_an_error(tmp_path: Path) -> None:
    path = _template(
        tmp_path, IF_TEMPLATE.replace("DBInstanceClass: db.serverless", "DBInstanceClass: !Ref Cls")
    )
    args = ["compare", "--infra", str(path), "-r", "eu-west-1"]
    refused(
        invoke(*args), "W: DBInstanceClass: the value is given by Ref (Cls)", "--var NAME=VALUE"
    )
    doc = _json(invoke(*args, "-f", "json", "--var", "Cls=db.r6g.large"))
    assert doc["total"]["monthly_cost"] == "146.00"  # type: ignore[index]  # 730 x $0.20


def test_a_cloudwatch_file_with_a_key_twice_is_refused(tmp_path: Path) -> None:
    # json.loads keeps the last: the first Datapoints would be dropped without a word.
    text = (Path(__file__).parent / "data" / "traces" / "statistics.json").read_text(
        encoding="utf-8"
    )
    doubled = text.replace('"Datapoints"', '"Datapoints": [], "Datapoints"', 1)
    path = write(tmp_path, "trace.json", doubled)
    refused(invoke("compare", "--trace", str(path), "-r", "eu-west-1"), str(path),
            "the key 'Datapoints' appears twice")  # fmt: skip
