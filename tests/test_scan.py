"""`aurora-cost scan` against an emulated AWS account (moto's server mode, never real AWS).

Every cost is hand-computed on the fixture prices (tests/data/prices/eu-west-1.yaml):
Serverless v2 $0.10 an ACU-hour (I/O-Optimized $0.13), storage $0.10 a GB-month, I/O $0.20
a million, db.r6g.large $0.20 an hour. A day of minute datapoints stands for the month:
monthly = the day's cost x 730 / 24.
"""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from aurora_cost.cli import app
from tests.aws_emulator import Emulator, _moto_server, aws, window_start
from tests.conftest import DATA, RUNNER

__all__ = ["_moto_server", "aws"]  # the fixtures, used by name

PRICES = str(DATA / "prices")
MINUTES = 1440  # --days 1
GIB = 1024**3


def scan(*args: str) -> Any:
    result = RUNNER.invoke(
        app, ["scan", "--region", "eu-west-1", "--days", "1", "--pricing", PRICES, *args]
    )
    return result


def scanned(*args: str) -> dict[str, Any]:
    result = scan("--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def only(document: dict[str, Any], name: str) -> dict[str, Any]:
    (found,) = [c for c in document["clusters"] if c["id"] == name]
    return found


def cost(cluster: dict[str, Any]) -> Decimal:
    return Decimal(cluster["report"]["options"][0]["monthly_cost"])


def findings(cluster: dict[str, Any]) -> dict[str, Any]:
    return {f["code"]: f for f in cluster["findings"]}


def test_serverless_v2_priced_from_its_capacity_storage_and_io(aws: Emulator) -> None:
    start = window_start()
    aws.cluster("steady", scaling={"MinCapacity": 0.5, "MaxCapacity": 8})
    aws.instance("steady-1", "ServerlessDatabaseCapacity", [2.0] * MINUTES, start)
    aws.instance("steady-1", "DatabaseConnections", [5.0] * MINUTES, start)
    day = start + timedelta(hours=1)  # inside the window's one daily datapoint
    aws.cluster_metric("steady", "VolumeBytesUsed", 10 * GIB, day)
    aws.cluster_metric("steady", "VolumeReadIOPs", 1_000_000, day)
    aws.cluster_metric("steady", "VolumeWriteIOPs", 500_000, day)
    document = scanned()
    assert document["kind"] == "scan" and document["schema_version"] == 1
    assert document["window"]["days"] == 1 and document["window"]["period_seconds"] == 60
    cluster = only(document, "steady")
    assert cluster["engine"] == "aurora-postgresql" and cluster["engine_version"] == "16.4"
    assert cluster["configuration"]["kind"] == "serverless-v2"
    assert cluster["configuration"]["min_acu"] == 0.5
    assert cluster["demand"]["source"] == "ServerlessDatabaseCapacity"
    assert cluster["demand"]["samples"] == MINUTES
    assert Decimal(cluster["demand"]["peak_acu"]) == 2
    items = {
        i["name"]: Decimal(i["monthly_cost"]) for i in cluster["report"]["options"][0]["line_items"]
    }
    # compute: 2 ACU x 730 h x 0.10 = 146.00; storage: 10 GB x 0.10 = 1.00;
    # I/O: 1.5 million a day x 730 / 24 = 45.625 million x 0.20 = 9.125 -> 9.13
    assert items["compute"] == Decimal("146.00")
    assert items["storage"] == Decimal("1.00")
    assert items["io"] == Decimal("9.13")
    assert cost(cluster) == Decimal("156.13")
    assert Decimal(document["total"]["monthly_cost"]) == Decimal("156.13")
    assert cluster["advice"]["kind"] == "advice"
    assert cluster["advice"]["current"]["monthly_cost"] == "156.13"


def test_pause_configured_but_blocked_by_binlog_is_priced_as_it_ran(aws: Emulator) -> None:
    start = window_start()
    aws.parameter_group("replicated", "aurora-mysql8.0", {"binlog_format": "ROW"})
    aws.cluster(
        "sleepless",
        "aurora-mysql",
        "8.0.mysql_aurora.3.08.0",
        scaling={"MinCapacity": 0, "MaxCapacity": 4, "SecondsUntilAutoPause": 300},
        parameter_group="replicated",
    )
    # busy at 1 ACU for 12 hours, then 12 hours at the 0.5 floor with no connection
    aws.instance("sleepless-1", "ServerlessDatabaseCapacity", [1.0] * 720 + [0.5] * 720, start)
    aws.instance("sleepless-1", "DatabaseConnections", [3.0] * 720 + [0.0] * 720, start)
    cluster = only(scanned(), "sleepless")
    assert cluster["as_read"]["parameters"] == {"binlog_format": "ROW"}
    assert cluster["as_read"]["pause_blockers"] == ["binlog-replication"]
    assert cluster["configuration"]["min_acu"] == 0  # as configured
    assert Decimal(cluster["demand"]["idle_hours"]) == 12
    assert Decimal(cluster["demand"]["paused_hours"]) == 0
    # as it ran: 12 h at 1 ACU + 12 h at 0.5 = 18 ACU-hours a day
    # x 730 / 24 = 547.5 ACU-hours x 0.10 = 54.75
    assert cost(cluster) == Decimal("54.75")
    never = findings(cluster)["never-paused"]
    assert "binlog-replication" in never["message"]
    # pausing as configured: 12 h at 1 ACU + 5 minutes at 0.5 before the pause
    # = 12.041667 ACU-hours a day x 730 / 24 = 366.267 ACU-hours x 0.10 = 36.63;
    # at stake: 54.75 - 36.63 = 18.12
    assert Decimal(never["monthly_cost"]) == Decimal("18.12")
    # advice keeps the floor above 0 where pause is blocked
    for recommendation in cluster["advice"]["recommendations"]:
        assert recommendation["option"].get("min_acu") != 0


def test_provisioned_demand_by_the_cpu_rule(aws: Emulator) -> None:
    start = window_start()
    aws.cluster("fixed", "aurora-mysql", "8.0.mysql_aurora.3.08.0",
                instances=[("db.r6g.large", 1), ("db.r6g.large", 1)])  # fmt: skip
    for name in ("fixed-1", "fixed-2"):
        aws.instance(name, "CPUUtilization", [25.0] * MINUTES, start)
        aws.instance(name, "DatabaseConnections", [10.0] * MINUTES, start)
    aws.instance("fixed-1", "FreeableMemory", [4.0 * GIB] * MINUTES, start)
    cluster = only(scanned(), "fixed")
    assert cluster["configuration"] == {
        "name": "fixed", "engine": "mysql", "storage": "standard", "kind": "provisioned",
        "instance_class": "db.r6g.large", "instances": 2, "existing": True,
        "engine_version": "8.0.mysql_aurora.3.08.0",
    }  # fmt: skip
    # db.r6g.large: 2 vCPUs, 16 GiB -> 8 GiB a vCPU / 2 GiB = 4 ACUs a vCPU;
    # 25% CPU x 2 vCPUs x 4 = 2 ACUs of demand
    assert Decimal(cluster["demand"]["peak_acu"]) == 2
    assert "CPU rule" in cluster["demand"]["source"]
    assert Decimal(cluster["demand"]["memory_in_use_gib"]) == 12  # 16 GiB - 4 free
    # 2 instances x 730 h x 0.20 = 292.00
    assert cost(cluster) == Decimal("292.00")
    # A steady 2 ACUs on each of 2 instances: Serverless v2 with a reader following the
    # writer costs the same (2 x 2 ACU x 730 h x 0.10 = 292.00); db.t4g.medium x 2 would be
    # cheaper but its CPU baseline (2 vCPUs x 20% x 4 = 1.6 ACU) does not sustain 2 ACUs
    recommendations = cluster["advice"]["recommendations"]
    assert min(Decimal(r["monthly_cost"]) for r in recommendations) == Decimal("292.00")
    assert all(r["option"].get("instance_class") != "db.t4g.medium" for r in recommendations)


def test_io_optimized_chosen_wrongly(aws: Emulator) -> None:
    start = window_start()
    aws.cluster("quiet", scaling={"MinCapacity": 1, "MaxCapacity": 4}, storage="aurora-iopt1")
    aws.instance("quiet-1", "ServerlessDatabaseCapacity", [1.0] * MINUTES, start)
    aws.instance("quiet-1", "DatabaseConnections", [1.0] * MINUTES, start)
    aws.cluster_metric("quiet", "VolumeReadIOPs", 100_000, start + timedelta(hours=1))
    cluster = only(scanned(), "quiet")
    assert cluster["configuration"]["storage"] == "io-optimized"
    # I/O-Optimized: 1 ACU x 730 h x 0.13 = 94.90 (I/O included)
    assert cost(cluster) == Decimal("94.90")
    # Standard: 730 x 0.10 = 73.00, I/O 100,000 a day x 730 / 24 = 3.041667 million
    # x 0.20 = 0.608 -> 0.61; 73.61; at stake 94.90 - 73.61 = 21.29
    found = findings(cluster)["storage-configuration"]
    assert Decimal(found["monthly_cost"]) == Decimal("21.29")


def test_gp2_from_an_emulator_is_aurora_standard(aws: Emulator) -> None:
    aws.cluster("plain", scaling={"MinCapacity": 0.5, "MaxCapacity": 2}, storage="gp2")
    aws.instance("plain-1", "ServerlessDatabaseCapacity", [0.5] * 60, window_start())
    cluster = only(scanned(), "plain")
    assert cluster["configuration"]["storage"] == "standard"
    assert cluster["as_read"]["storage_type"] == "gp2"


def test_idle_floor_and_throttling(aws: Emulator) -> None:
    start = window_start()
    aws.cluster("floor", scaling={"MinCapacity": 2, "MaxCapacity": 4})
    # 2 hours at max_acu 4, 22 hours at the 2 ACU minimum with no connection
    aws.instance("floor-1", "ServerlessDatabaseCapacity", [4.0] * 120 + [2.0] * 1320, start)
    aws.instance("floor-1", "DatabaseConnections", [9.0] * 120 + [0.0] * 1320, start)
    cluster = only(scanned(), "floor")
    # as configured: 2 h x 4 + 22 h x 2 = 52 ACU-hours a day x 730 / 24 x 0.10 = 158.17
    assert cost(cluster) == Decimal("158.17")
    found = findings(cluster)
    # at a 0.5 minimum: 2 h x 4 + 22 h x 0.5 = 19 ACU-hours a day -> 57.79; 158.17 - 57.79
    assert Decimal(found["idle-floor"]["monthly_cost"]) == Decimal("100.38")
    assert found["throttled"]["monthly_cost"] is None
    assert "2 hours" in found["throttled"]["message"]
    assert Decimal(cluster["demand"]["at_max_hours"]) == 2


def test_mixed_cluster_provisioned_writer_serverless_reader(aws: Emulator) -> None:
    start = window_start()
    aws.cluster("mixed", scaling={"MinCapacity": 0.5, "MaxCapacity": 8},
                instances=[("db.r6g.large", 1), ("db.serverless", 2)])  # fmt: skip
    aws.instance("mixed-1", "CPUUtilization", [50.0] * MINUTES, start)
    aws.instance("mixed-2", "ServerlessDatabaseCapacity", [1.0] * MINUTES, start)
    cluster = only(scanned(), "mixed")
    assert cluster["configuration"]["kind"] == "cluster"
    # writer: 730 x 0.20 = 146.00; tier-2 reader at its own 1 ACU: 730 x 0.10 = 73.00
    assert cost(cluster) == Decimal("219.00")
    # 50% x 2 vCPUs x 4 ACUs a vCPU = 4 ACUs
    assert Decimal(cluster["demand"]["peak_acu"]) == 4


def test_empty_account(aws: Emulator) -> None:
    result = scan("--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["clusters"] == []
    assert document["total"] == {"monthly_cost": "0", "savings_available": "0"}
    assert "no Aurora clusters in eu-west-1" in result.stderr


def test_integrations_not_answered_is_a_note_not_a_failure(aws: Emulator) -> None:
    # moto's server does not implement DescribeIntegrations: the scan goes on and says so
    aws.cluster("lonely", scaling={"MinCapacity": 0.5, "MaxCapacity": 2})
    result = scan("--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "zero-ETL integrations not read" in result.stderr
    cluster = only(json.loads(result.stdout), "lonely")
    assert cluster["demand"]["samples"] == 0  # no datapoints: priced idle, and said so
    assert any("no demand datapoints" in w for w in cluster["report"]["warnings"])


def test_global_database_member_is_a_pause_blocker(aws: Emulator) -> None:
    aws.client("rds").create_global_cluster(GlobalClusterIdentifier="world", Engine="aurora-mysql")
    aws.cluster("primary", "aurora-mysql", "8.0.mysql_aurora.3.08.0", global_cluster="world",
                scaling={"MinCapacity": 0, "MaxCapacity": 2})  # fmt: skip
    cluster = only(scanned(), "primary")
    assert cluster["as_read"]["global_cluster"] == "world"
    assert "global-database" in cluster["as_read"]["pause_blockers"]


def test_second_scan_reads_the_cache_and_refresh_reads_again(aws: Emulator) -> None:
    start = window_start()
    aws.cluster("cached", scaling={"MinCapacity": 0.5, "MaxCapacity": 2})
    aws.instance("cached-1", "ServerlessDatabaseCapacity", [1.0] * 120, start)
    first = scanned()
    assert first["requests"]["cloudwatch_calls"] >= 1
    assert first["requests"]["series_cached"] == 0
    second = scanned()
    assert second["requests"]["cloudwatch_calls"] == 0  # no GetMetricData request at all
    assert second["requests"]["series_queried"] == 0
    assert second["requests"]["series_cached"] == first["requests"]["series_queried"]
    assert cost(only(second, "cached")) == cost(only(first, "cached"))
    refreshed = scanned("--refresh")
    assert refreshed["requests"]["cloudwatch_calls"] == first["requests"]["cloudwatch_calls"]


def test_unknown_cluster_is_one_line_exit_2(aws: Emulator) -> None:
    result = scan("--cluster", "nope")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: no Aurora cluster 'nope' in eu-west-1 (aws rds describe-db-clusters lists them)"
    )


def test_one_cluster_by_name(aws: Emulator) -> None:
    aws.cluster("one", scaling={"MinCapacity": 0.5, "MaxCapacity": 2})
    aws.cluster("other", scaling={"MinCapacity": 0.5, "MaxCapacity": 2})
    document = scanned("--cluster", "one")
    assert [c["id"] for c in document["clusters"]] == ["one"]


def test_no_credentials(aws: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    result = scan()
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: no AWS credentials found;")
    assert len(result.stderr.strip().splitlines()) == 1


def test_unknown_profile(aws: Emulator) -> None:
    result = scan("--profile", "ghost")
    assert result.exit_code == 2
    assert "--profile ghost: no such profile" in result.stderr


def test_unreachable_endpoint(aws: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    result = scan()
    assert result.exit_code == 2
    assert "rds:DescribeDBClusters in eu-west-1: could not reach the AWS endpoint" in result.stderr
    assert "Traceback" not in result.stderr


def test_without_boto3_scan_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "boto3", None)  # import boto3 -> ImportError
    result = scan()
    assert result.exit_code == 2
    assert "pip install 'aurora-cost[aws]'" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--days", "0"], "--days: 0 is out of range"),
        (["--days", "64"], "--days: 64 is out of range"),
        (["--as-of", "2027-13"], "--as-of: '2027-13' is not a month"),
    ],
)
def test_bad_flags(args: list[str], message: str) -> None:
    result = scan(*args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_unknown_region_before_any_call() -> None:
    result = RUNNER.invoke(app, ["scan", "--region", "eu-west-9", "--pricing", PRICES])
    assert result.exit_code == 2
    assert "eu-west-9" in result.stderr


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv"])
def test_every_format_shows_the_clusters(aws: Emulator, fmt: str) -> None:
    start = window_start()
    aws.cluster("shown", scaling={"MinCapacity": 2, "MaxCapacity": 4})
    aws.instance("shown-1", "ServerlessDatabaseCapacity", [2.0] * 60, start)
    aws.instance("shown-1", "DatabaseConnections", [0.0] * 60, start)
    document = scanned()
    total = only(document, "shown")["report"]["options"][0]["monthly_cost"]
    result = scan("--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert "shown" in result.stdout
    if fmt == "csv":
        header, row = result.stdout.strip().splitlines()
        assert header.split(",")[0] == "cluster"
        assert row.split(",")[0] == "shown" and total in row
    else:
        assert f"${Decimal(total):,.2f}" in result.stdout
        assert "idle-floor" in result.stdout


def test_access_denied_names_the_action(aws: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    import moto.settings

    aws.cluster("guarded", scaling={"MinCapacity": 0.5, "MaxCapacity": 2})
    iam = aws.client("iam")
    iam.create_user(UserName="half-reader")
    policy = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["rds:DescribeDBClusters"], "Resource": "*"}]}  # fmt: skip
    iam.put_user_policy(UserName="half-reader", PolicyName="p", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName="half-reader")["AccessKey"]
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", key["AccessKeyId"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", key["SecretAccessKey"])
    monkeypatch.setattr(moto.settings, "INITIAL_NO_AUTH_ACTION_COUNT", 0)  # IAM enforced
    result = scan()
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: access denied to rds:DescribeDBInstances (")


class _Throttling:
    """A local endpoint that answers every request as AWS does when it throttles."""

    BODY = (
        b'<ErrorResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><Error>'
        b"<Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message>"
        b"</Error><RequestId>1</RequestId></ErrorResponse>"
    )

    def __enter__(self) -> _Throttling:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        owner = self
        self.requests = 0

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                owner.requests += 1
                self.send_response(400)
                self.send_header("Content-Type", "text/xml")
                self.send_header("Content-Length", str(len(owner.BODY)))
                self.end_headers()
                self.wfile.write(owner.BODY)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_throttling_is_retried_then_one_line(
    aws: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    from botocore.retries.bucket import TokenBucket
    from botocore.retries.standard import ExponentialBackoff

    # botocore's own waits between attempts and for a send token (seconds, at random): not
    # what is tested here
    monkeypatch.setattr(ExponentialBackoff, "delay_amount", lambda self, context: 0)
    monkeypatch.setattr(TokenBucket, "acquire", lambda self, amount=1, block=True: True)
    with _Throttling() as endpoint:
        monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint.url)
        monkeypatch.setenv("AWS_MAX_ATTEMPTS", "3")
        result = scan()
    assert result.exit_code == 2
    assert endpoint.requests == 3  # retried by botocore before giving up
    assert result.stderr.strip() == (
        "Error: rds:DescribeDBClusters in eu-west-1: AWS kept throttling the request after "
        "3 attempts; try again later, or scan fewer clusters with --cluster"
    )


def _steady(aws: Emulator) -> None:
    start = window_start(14)
    aws.cluster("live", scaling={"MinCapacity": 0.5, "MaxCapacity": 8})
    aws.instance("live-1", "ServerlessDatabaseCapacity", [2.0] * 120, start)
    aws.instance("live-1", "DatabaseConnections", [4.0] * 120, start)


def test_compare_cluster_prices_one_live_cluster(aws: Emulator) -> None:
    _steady(aws)
    result = RUNNER.invoke(app, ["compare", "--cluster", "live", "--region", "eu-west-1",
                                      "--pricing", PRICES, "--format", "json"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    (option,) = report["options"]
    assert option["name"] == "live" and option["kind"] == "serverless-v2"
    # 2 ACU x 730 h x 0.10 = 146.00 (two hours of minute datapoints at 2 ACU)
    assert option["monthly_cost"] == "146.00"
    assert report["period"]["usage"] == "trace"


def test_check_cluster_judges_the_live_cluster(aws: Emulator) -> None:
    _steady(aws)
    args = ["check", "--cluster", "live", "--region", "eu-west-1", "--pricing", PRICES]
    within = RUNNER.invoke(app, [*args, "--max-monthly", "150", "--format", "json"])
    assert within.exit_code == 0, within.stderr
    assert json.loads(within.stdout)["budget"]["status"] == "within"
    over = RUNNER.invoke(app, [*args, "--max-monthly", "100", "--format", "json"])
    assert over.exit_code == 1
    assert json.loads(over.stdout)["budget"]["over_by"] == "46.00"  # 146.00 - 100


def test_advise_cluster_advises_on_the_live_demand(aws: Emulator) -> None:
    _steady(aws)
    result = RUNNER.invoke(app, ["advise", "--cluster", "live", "--region", "eu-west-1",
                                      "--pricing", PRICES, "--format", "json"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    advice = json.loads(result.stdout)
    assert advice["current"] == {"option": "live", "monthly_cost": "146.00"}
    assert advice["recommendations"]


def test_cluster_flag_conflicts_and_needs_boto3(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    both = RUNNER.invoke(app, ["compare", "--cluster", "x", "--region", "eu-west-1",
                                    "--workload", "examples/small-app.yaml"])  # fmt: skip
    assert both.exit_code == 2
    assert "--cluster: not with --workload" in both.stderr
    monkeypatch.setitem(sys.modules, "boto3", None)
    missing = RUNNER.invoke(app, ["advise", "--cluster", "x", "--region", "eu-west-1"])
    assert missing.exit_code == 2
    assert "pip install 'aurora-cost[aws]'" in missing.stderr


def test_aurora_mysql_2_in_extended_support(aws: Emulator) -> None:
    start = window_start()
    aws.cluster("legacy", "aurora-mysql", "5.7.mysql_aurora.2.11.2",
                instances=[("db.r6g.large", 1)])  # fmt: skip
    aws.instance("legacy-1", "CPUUtilization", [10.0] * 120, start)
    cluster = only(scanned("--as-of", "2026-12"), "legacy")
    assert cluster["engine_version"] == "5.7.mysql_aurora.2.11.2"
    items = {i["name"]: Decimal(i["monthly_cost"]) for i in cluster["report"]["options"][0]["line_items"]}  # fmt: skip
    # instance: 730 h x 0.20 = 146.00; Extended Support (Aurora MySQL 2, past 2024-10-31,
    # eu-west-1 year 1-2 rate 0.112 a vCPU-hour): 2 vCPUs x 730 h x 0.112 = 163.52
    assert items["compute"] == Decimal("146.00")
    assert items["extended_support"] == Decimal("163.52")
    found = findings(cluster)["extended-support"]
    assert Decimal(found["monthly_cost"]) == Decimal("163.52")
    assert "5.7.mysql_aurora.2.11.2" in found["message"]


def test_independent_serverless_reader_follows_its_own_demand(aws: Emulator) -> None:
    start = window_start()
    aws.cluster("split", scaling={"MinCapacity": 0.5, "MaxCapacity": 8},
                instances=[("db.serverless", 1), ("db.serverless", 2)])  # fmt: skip
    aws.instance("split-1", "ServerlessDatabaseCapacity", [2.0] * MINUTES, start)
    aws.instance("split-2", "ServerlessDatabaseCapacity", [1.0] * MINUTES, start)
    cluster = only(scanned(), "split")
    # writer 2 ACU x 730 x 0.10 = 146.00; the tier-2 reader at its own 1 ACU: 73.00
    assert cost(cluster) == Decimal("219.00")


def test_rds_proxy_target_blocks_pause_and_is_billed(aws: Emulator) -> None:
    start = window_start()
    aws.cluster("proxied", "aurora-mysql", "8.0.mysql_aurora.3.08.0",
                scaling={"MinCapacity": 0, "MaxCapacity": 4})  # fmt: skip
    aws.instance("proxied-1", "ServerlessDatabaseCapacity", [1.0] * 60 + [0.5] * 60, start)
    aws.instance("proxied-1", "DatabaseConnections", [2.0] * 60 + [0.0] * 60, start)
    ec2 = aws.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{n}.0/24")["Subnet"]["SubnetId"]
        for n in (1, 2)
    ]
    rds = aws.client("rds")
    rds.create_db_proxy(
        DBProxyName="front", EngineFamily="MYSQL", VpcSubnetIds=subnets,
        RoleArn="arn:aws:iam::123456789012:role/proxy",
        Auth=[{"AuthScheme": "SECRETS",
               "SecretArn": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db"}],
    )  # fmt: skip
    rds.register_db_proxy_targets(DBProxyName="front", DBClusterIdentifiers=["proxied"])
    cluster = only(scanned(), "proxied")
    assert cluster["as_read"]["rds_proxies"] == ["front"]
    assert cluster["configuration"]["rds_proxy"] is True
    names = [i["name"] for i in cluster["report"]["options"][0]["line_items"]]
    assert "rds_proxy" in names
    never = findings(cluster)["never-paused"]
    assert "RDS Proxy front" in never["message"]
    # compute as it ran: 1 h at 1 ACU + 1 h at the 0.5 floor = 1.5 ACU-hours in 2 hours
    # traced -> x 730 / 2 = 547.5 ACU-hours x 0.10 = 54.75; pausing after 5 minutes:
    # 1 + 0.5 x 5 / 60 = 1.041667 -> x 365 = 380.21 ACU-hours x 0.10 = 38.02; 16.73 at stake
    assert Decimal(never["monthly_cost"]) == Decimal("16.73")


def test_the_scan_document_follows_its_schema(aws: Emulator) -> None:
    import jsonschema

    start = window_start()
    aws.cluster("schema", scaling={"MinCapacity": 0, "MaxCapacity": 4})
    aws.instance("schema-1", "ServerlessDatabaseCapacity", [1.0] * 30 + [0.0] * 30, start)
    document = scanned()
    printed = RUNNER.invoke(app, ["schema", "scan"])
    assert printed.exit_code == 0, printed.stderr
    jsonschema.validate(document, json.loads(printed.stdout))
    cluster = only(document, "schema")
    assert Decimal(cluster["demand"]["paused_hours"]) == Decimal("0.5")  # it did pause
    assert "never-paused" not in findings(cluster)


def test_serverless_instance_without_scaling_names_the_cluster(aws: Emulator) -> None:
    aws.cluster("unscaled")  # db.serverless, but no ServerlessV2ScalingConfiguration
    result = scan()
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: cluster unscaled: instance unscaled-1 is db.serverless, but the cluster has no "
        "ServerlessV2ScalingConfiguration (MinCapacity, MaxCapacity) in its describe output"
    )


def test_a_version_past_standard_support_from_the_emulators_default(aws: Emulator) -> None:
    # moto gives Aurora PostgreSQL 12.7 when no version is asked for: past its end of
    # standard support (2025-02-28), so in Extended Support in 2026-12 (year 1-2)
    aws.client("rds").create_db_cluster(
        DBClusterIdentifier="pg12", Engine="aurora-postgresql", MasterUsername="admin",
        MasterUserPassword="not-a-secret-1234",
        ServerlessV2ScalingConfiguration={"MinCapacity": 0.5, "MaxCapacity": 4},
    )  # fmt: skip
    aws.client("rds").create_db_instance(
        DBInstanceIdentifier="pg12-1", DBClusterIdentifier="pg12",
        Engine="aurora-postgresql", DBInstanceClass="db.serverless",
    )  # fmt: skip
    aws.instance("pg12-1", "ServerlessDatabaseCapacity", [1.0] * 60, window_start())
    cluster = only(scanned("--as-of", "2026-12"), "pg12")
    assert cluster["engine_version"] == "12.7"
    found = findings(cluster)["extended-support"]
    # 1 ACU x 730 h x the eu-west-1 Serverless v2 year 1-2 rate 0.095 = 69.35
    assert Decimal(found["monthly_cost"]) == Decimal("69.35")


def test_never_paused_because_connections_never_stopped(aws: Emulator) -> None:
    start = window_start()
    aws.cluster("chatty", "aurora-mysql", "8.0.mysql_aurora.3.08.0",
                scaling={"MinCapacity": 0, "MaxCapacity": 4})  # fmt: skip
    # a monitoring agent keeps one connection open; the work comes and goes
    aws.instance("chatty-1", "ServerlessDatabaseCapacity", [1.0] * 60 + [0.5] * 60, start)
    aws.instance("chatty-1", "DatabaseConnections", [1.0] * 120, start)
    cluster = only(scanned(), "chatty")
    assert cluster["as_read"]["pause_blockers"] == []
    never = findings(cluster)["never-paused"]
    assert "connections never dropped to 0 for 300 seconds" in never["message"]
    # with a connection open the demand never falls to 0, so pausing changes nothing
    assert Decimal(never["monthly_cost"]) == 0
    # as it ran: 1 h at 1 ACU + 1 h at 0.5 = 1.5 ACU-hours in 2 hours -> x 365 = 547.5
    # ACU-hours x 0.10 = 54.75
    assert cost(cluster) == Decimal("54.75")
    assert any("never paused in the window" in w for w in cluster["report"]["warnings"])


def test_a_serverless_v1_cluster_is_read_and_priced_as_migrated(aws: Emulator) -> None:
    # A v1 cluster (no DB instances): its ServerlessDatabaseCapacity is the cluster's. AWS
    # migrated it to Serverless v2 (Aurora MySQL 3, the same 1-8 ACU range): a constant
    # 2 ACU is 2 x 730 h x $0.10 = $146.00 a month (at v1's $0.05 it was $73.00).
    start = window_start()
    aws.client("rds").create_db_cluster(
        DBClusterIdentifier="old", Engine="aurora-mysql", EngineMode="serverless",
        EngineVersion="5.7.mysql_aurora.2.11.2", MasterUsername="admin",
        MasterUserPassword="not-a-secret-1234",
        ScalingConfiguration={"MinCapacity": 1, "MaxCapacity": 8, "AutoPause": True},
    )  # fmt: skip
    aws.minutes("DBClusterIdentifier", "old", "ServerlessDatabaseCapacity", [2.0] * MINUTES, start)
    aws.minutes("DBClusterIdentifier", "old", "DatabaseConnections", [3.0] * MINUTES, start)
    cluster = only(scanned(), "old")
    assert cluster["engine_version"] == "5.7.mysql_aurora.2.11.2"  # as read
    assert cluster["as_read"]["instances"] == []
    assert cluster["configuration"]["kind"] == "serverless-v2"
    assert cluster["configuration"]["engine_version"] == "3"
    assert (cluster["configuration"]["min_acu"], cluster["configuration"]["max_acu"]) == (1, 8)
    assert cluster["demand"]["source"] == "ServerlessDatabaseCapacity"
    assert cluster["demand"]["samples"] == MINUTES and Decimal(cluster["demand"]["peak_acu"]) == 2
    items = {i["name"]: i["monthly_cost"] for i in cluster["report"]["options"][0]["line_items"]}
    assert items["compute"] == "146.00"
    codes = [d["code"] for d in cluster["report"]["diagnostics"]]
    assert "v1-migrated" in codes
    assert any("doubling steps" in d["message"] for d in cluster["report"]["diagnostics"])
    # compare --cluster prices the same migrated cluster and says so on stderr
    result = RUNNER.invoke(app, ["compare", "--cluster", "old", "--region", "eu-west-1",
                                 "--pricing", PRICES, "--format", "json"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    (option,) = json.loads(result.stdout)["options"]
    assert option["kind"] == "serverless-v2"
    assert "Aurora Serverless v1" in result.stderr and "doubling steps" in result.stderr


def test_a_global_database_primary_leaves_its_replicated_writes_out(aws: Emulator) -> None:
    """CloudWatch is not asked for the replicated writes: the primary's bill lists them as
    missing (a lower bound, never cheapest) rather than billing none."""
    aws.client("rds").create_global_cluster(GlobalClusterIdentifier="world", Engine="aurora-mysql")
    aws.cluster("primary", "aurora-mysql", "8.0.mysql_aurora.3.08.0", global_cluster="world",
                scaling={"MinCapacity": 0.5, "MaxCapacity": 2})  # fmt: skip
    option = only(scanned(), "primary")["report"]["options"][0]
    assert option["missing"] == ["global_database"]
    assert option["complete"] is False
