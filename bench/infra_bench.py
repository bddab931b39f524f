"""Infrastructure pricing: a plan of 500 clusters (two instances each) against a plan of one.

Both plans are written here in the shape of `terraform show -json` output (format_version
1.2), then priced through the CLI as subprocesses (`compare --infra PLAN --format json`,
fixture prices, no usage: every cluster is a low-high range, so each is simulated and
priced twice), median of several runs, in one run of this script. Target: 500 clusters in
at most 8x the time of one.

    python bench/infra_bench.py
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
PRICES = REPO / "tests" / "data" / "prices"
RUNS = 5


def _resource(
    address: str, kind: str, name: str, index: int | None, values: dict[str, Any]
) -> dict[str, Any]:
    found = {"address": address, "mode": "managed", "type": kind, "name": name,
             "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0,
             "values": values, "sensitive_values": {}}  # fmt: skip
    if index is not None:
        found["index"] = index
    return found


def plan(clusters: int) -> dict[str, Any]:
    """`clusters` tenants of a module, each an Aurora cluster with a writer and a reader."""
    modules, changes = [], []
    for n in range(clusters):
        module = f'module.tenant["t{n:04d}"]'
        identifier = f"tenant-{n:04d}"
        scaling = [
            {
                "min_capacity": 0.5 + (n % 4) * 0.5,
                "max_capacity": 8 + n % 3 * 8,
                "seconds_until_auto_pause": None,
            }
        ]
        cluster = _resource(f"{module}.aws_rds_cluster.this", "aws_rds_cluster", "this", None,
                            {"cluster_identifier": identifier, "engine": "aurora-mysql", "engine_mode": "provisioned",
                             "storage_type": "aurora-iopt1" if n % 2 else "", "serverlessv2_scaling_configuration": scaling})  # fmt: skip
        writer_class = "db.serverless" if n % 5 else "db.r6g.large"
        instances = [
            _resource(f"{module}.aws_rds_cluster_instance.this[{i}]", "aws_rds_cluster_instance", "this", i,
                      {"cluster_identifier": identifier, "instance_class": cls, "promotion_tier": tier})
            for i, (cls, tier) in enumerate(((writer_class, 0), ("db.serverless", 1 + (n % 3) * 2)))
        ]  # fmt: skip
        modules.append({"address": module, "resources": [cluster, *instances]})
        for res in (cluster, *instances):
            changes.append({"address": res["address"], "module_address": module, "mode": "managed",
                            "type": res["type"], "name": res["name"], "provider_name": res["provider_name"],
                            "change": {"actions": ["create"], "before": None, "after": res["values"],
                                       "after_unknown": {"id": True}, "before_sensitive": False,
                                       "after_sensitive": {}}})  # fmt: skip
    return {
        "format_version": "1.2",
        "terraform_version": "1.9.8",
        "planned_values": {"root_module": {"child_modules": modules}},
        "resource_changes": changes,
        "configuration": {"provider_config": {"aws": {"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws",
                                                      "expressions": {"region": {"constant_value": "eu-west-1"}}}},
                          "root_module": {}},
    }  # fmt: skip


def timed(path: Path) -> float:
    env = {**os.environ, "AURORA_COST_PRICING": str(PRICES)}
    command = [
        sys.executable,
        "-m",
        "aurora_cost",
        "compare",
        "--infra",
        str(path),
        "--format",
        "json",
    ]
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"aurora-cost failed: {done.stderr}")
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        one, many = Path(tmp) / "one.json", Path(tmp) / "many.json"
        one.write_text(json.dumps(plan(1)))
        many.write_text(json.dumps(plan(500)))
        base, big = timed(one), timed(many)
    ratio = big / base
    print(f"1 cluster: {base * 1000:.0f} ms; 500 clusters (1000 instances): {big * 1000:.0f} ms")
    print(f"ratio {ratio:.2f}x (target <= 8x): {'met' if ratio <= 8 else 'MISSED'}")


if __name__ == "__main__":
    main()
