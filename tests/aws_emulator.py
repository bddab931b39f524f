"""A local AWS for the scan tests: moto's server mode on a free loopback port, and helpers
that create clusters and put CloudWatch datapoints through boto3, as a user's account has
them. Never real AWS: every client goes to the emulator's URL with dummy credentials."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

PASSWORD = "not-a-secret-1234"  # the emulator wants one; nothing is stored anywhere real


@dataclass
class Emulator:
    url: str
    region: str = "eu-west-1"

    def client(self, service: str, **extra: Any) -> Any:
        import boto3

        return boto3.client(
            service,
            region_name=self.region,
            endpoint_url=self.url,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            **extra,
        )

    def reset(self) -> None:
        request = urllib.request.Request(f"{self.url}/moto-api/reset", method="POST", data=b"")
        with urllib.request.urlopen(request, timeout=10):
            pass

    # ---- the account -------------------------------------------------------------------

    def cluster(
        self,
        name: str,
        engine: str = "aurora-postgresql",
        version: str = "16.4",
        *,
        instances: list[tuple[str, int]] | None = None,  # (class, promotion tier), writer first
        scaling: dict[str, Any] | None = None,
        storage: str | None = None,
        parameter_group: str | None = None,
        global_cluster: str | None = None,
    ) -> None:
        rds = self.client("rds")
        params: dict[str, Any] = {
            "DBClusterIdentifier": name,
            "Engine": engine,
            "EngineVersion": version,
            "MasterUsername": "admin",
            "MasterUserPassword": PASSWORD,
        }
        if scaling is not None:
            params["ServerlessV2ScalingConfiguration"] = scaling
        if storage is not None:
            params["StorageType"] = storage
            params["AllocatedStorage"] = 10  # the emulator needs it for aurora-iopt1
        if parameter_group is not None:
            params["DBClusterParameterGroupName"] = parameter_group
        if global_cluster is not None:
            params["GlobalClusterIdentifier"] = global_cluster
        rds.create_db_cluster(**params)
        for index, (cls, tier) in enumerate(instances or [("db.serverless", 1)]):
            rds.create_db_instance(
                DBInstanceIdentifier=f"{name}-{index + 1}",
                DBClusterIdentifier=name,
                Engine=engine,
                DBInstanceClass=cls,
                PromotionTier=tier,
            )

    def parameter_group(self, name: str, family: str, values: dict[str, str]) -> None:
        rds = self.client("rds")
        rds.create_db_cluster_parameter_group(
            DBClusterParameterGroupName=name, DBParameterGroupFamily=family, Description=name
        )
        rds.modify_db_cluster_parameter_group(
            DBClusterParameterGroupName=name,
            Parameters=[
                {"ParameterName": k, "ParameterValue": v, "ApplyMethod": "pending-reboot"}
                for k, v in values.items()
            ],
        )

    # ---- metrics -----------------------------------------------------------------------

    def minutes(
        self, dimension: str, resource: str, metric: str, values: list[float], start: datetime
    ) -> None:
        """One datapoint a minute from `start` (the scan window's first minute)."""
        cloudwatch = self.client("cloudwatch")
        data = [
            {
                "MetricName": metric,
                "Dimensions": [{"Name": dimension, "Value": resource}],
                "Timestamp": start + timedelta(minutes=m),
                "Value": value,
            }
            for m, value in enumerate(values)
        ]
        for at in range(0, len(data), 1000):  # PutMetricData takes 1,000 values a call
            cloudwatch.put_metric_data(Namespace="AWS/RDS", MetricData=data[at : at + 1000])

    def instance(self, name: str, metric: str, values: list[float], start: datetime) -> None:
        self.minutes("DBInstanceIdentifier", name, metric, values, start)

    def cluster_metric(self, name: str, metric: str, value: float, at: datetime) -> None:
        self.minutes("DBClusterIdentifier", name, metric, [value], at)


def window_start(days: int = 1) -> datetime:
    """The first minute of the window `scan --days N` reads now (it ends at the last whole hour)."""
    end = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0)
    return end - timedelta(days=days)


@pytest.fixture(scope="session")
def _moto_server() -> Iterator[str]:
    pytest.importorskip(
        "boto3", reason="the scan tests need boto3 and moto[server] (pip install -e '.[test]')"
    )
    server_module = pytest.importorskip("moto.server", reason="the scan tests need moto[server]")
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def aws(_moto_server: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> Iterator[Emulator]:
    """A fresh emulated account, reached through AWS_ENDPOINT_URL with dummy credentials."""
    emulator = Emulator(_moto_server)
    emulator.reset()
    monkeypatch.setenv("AWS_ENDPOINT_URL", _moto_server)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AURORA_COST_CACHE_DIR", str(tmp_path / "cache"))
    yield emulator


def as_json(text: str) -> Any:
    return json.loads(text)
