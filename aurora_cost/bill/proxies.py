"""Which cluster an RDS Proxy fronts, from a Terraform plan or state (`terraform show -json`).

A bill names a proxy by its ARN (`arn:aws:rds:<region>:<account>:db-proxy:prx-...`), not its
name nor its target. Terraform knows both (Terraform JSON output format,
https://developer.hashicorp.com/terraform/internals/json-format): an `aws_db_proxy` has its
`name` and, once created, its `arn`; an `aws_db_proxy_target` joins `db_proxy_name` to
`db_cluster_identifier`. Only an existing proxy has its ARN in a plan (a new one has none yet,
and no bill either).
"""

from __future__ import annotations

from typing import Any

MAX_MODULES = 10_000  # a plan's modules walked at most (hostile input stays bounded)


def _at(value: Any, *keys: str) -> Any:
    """value[k1][k2]..., None where a step is not a mapping (input is not trusted)."""
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _list(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _resources(document: dict[str, Any]) -> list[dict[str, Any]]:
    roots = [
        _at(document, "planned_values", "root_module"),
        _at(document, "prior_state", "values", "root_module"),
        _at(document, "values", "root_module"),
    ]
    stack = [root for root in roots if isinstance(root, dict)]
    found: list[dict[str, Any]] = []
    walked = 0
    while stack and walked < MAX_MODULES:
        module = stack.pop()
        walked += 1
        found += _list(module.get("resources"))
        stack += _list(module.get("child_modules"))
    return found


def proxy_clusters(document: dict[str, Any]) -> dict[str, str]:
    """Each proxy's id in its ARN (`prx-...`) -> the cluster its target names."""
    arns: dict[str, str] = {}
    targets: dict[str, str] = {}
    for resource in _resources(document):
        values = resource.get("values")
        if not isinstance(values, dict):
            continue
        if resource.get("type") == "aws_db_proxy":
            name, arn = values.get("name"), values.get("arn")
            if isinstance(name, str) and isinstance(arn, str) and ":db-proxy:" in arn:
                arns[name] = arn.rsplit(":", 1)[1]
        elif resource.get("type") == "aws_db_proxy_target":
            proxy, cluster = values.get("db_proxy_name"), values.get("db_cluster_identifier")
            if isinstance(proxy, str) and isinstance(cluster, str) and cluster:
                targets[proxy] = cluster
    return {arns[name]: cluster for name, cluster in targets.items() if name in arns}
