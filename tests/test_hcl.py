"""Terraform source without a plan (--infra DIR / main.tf): the same clusters as a plan.

Fixtures: examples/infra/terraform/ is the configuration whose plan is
examples/infra/plan.json; tests/data/terraform/rds-aurora/ is modelled on
terraform-aws-modules/terraform-aws-rds-aurora (its module and its examples' idioms).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from aurora_cost.errors import InputError
from aurora_cost.infra.hcl import TfVariables, read_hcl
from aurora_cost.infra.load import load_infra
from tests.conftest import DATA, ROOT, invoke

EXAMPLE = ROOT / "examples" / "infra"
AURORA = DATA / "terraform" / "rds-aurora" / "examples"
PRICES = str(DATA / "prices")


def _run(*args: str) -> tuple[int, str, str]:
    result = invoke(*args, "--pricing", PRICES)  # (never a traceback: invoke)
    return result.exit_code, result.stdout, result.stderr


def _json(*args: str) -> dict:  # type: ignore[type-arg]
    code, out, err = _run(*args, "--format", "json")
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def _plain(clusters: list) -> list:  # type: ignore[type-arg]
    return [dataclasses.replace(c, source="", format="terraform") for c in clusters]


def test_the_example_configuration_gives_the_plans_clusters() -> None:
    source = load_infra([EXAMPLE / "terraform"])
    plan = load_infra([EXAMPLE / "plan.json"])
    assert _plain(source.after) == _plain(plan.after)
    assert [c.address for c in source.after] == [
        "aws_rds_cluster.small",
        'module.tenant["acme"].aws_rds_cluster.this',
    ]
    assert source.before == [] and source.sources == [(str(EXAMPLE / "terraform"), "terraform-hcl")]
    # and so the same document, to the cent: README's 1105.04 with the fixture prices
    usage = str(EXAMPLE / "usage.yaml")
    from_source = _json("compare", "--infra", str(EXAMPLE / "terraform"), "--usage", usage)
    from_plan = _json("compare", "--infra", str(EXAMPLE / "plan.json"), "--usage", usage)
    assert from_source["total"] == from_plan["total"] == {
        "monthly_cost": "1105.04", "by_region": {"eu-west-1": "1105.04"},
    }  # fmt: skip
    assert from_source["clusters"] == from_plan["clusters"]
    assert from_source["sources"] == [
        {"path": str(EXAMPLE / "terraform"), "format": "terraform-hcl"}
    ]


def test_a_tf_file_reads_its_module_directory() -> None:
    by_file = load_infra([EXAMPLE / "terraform" / "main.tf"])
    by_dir = load_infra([EXAMPLE / "terraform"])
    assert _plain(by_file.after) == _plain(by_dir.after)


def test_the_aurora_module_serverless_example() -> None:
    sides = read_hcl(AURORA / "serverless")
    clusters = {c.address: c for c in sides.after}
    assert list(clusters) == [
        "module.aurora_postgresql.aws_rds_cluster.this[0]",
        "module.aurora_mysql.aws_rds_cluster.this[0]",
        "module.aurora_mysql_v2.aws_rds_cluster.this[0]",
        "module.aurora_postgresql_v2.aws_rds_cluster.this[0]",
    ]
    v1 = clusters["module.aurora_postgresql.aws_rds_cluster.this[0]"]
    # dynamic "scaling_configuration" filled by try() from the module's map input
    assert (v1.v1, v1.engine, v1.min_acu, v1.max_acu, v1.v1_auto_pause, v1.seconds_until_auto_pause) == (True, "postgresql", 2, 16, True, 300)  # fmt: skip
    assert v1.instances == ()  # the module's for_each leaves v1 without instances
    mysql_v2 = clusters["module.aurora_mysql_v2.aws_rds_cluster.this[0]"]
    assert (mysql_v2.v1, mysql_v2.engine, mysql_v2.min_acu, mysql_v2.max_acu) == (False, "mysql", 2, 10)  # fmt: skip
    # for_each over { for k, v in var.instances : k => v if ... }, class from try(..., var.x)
    assert [(i.address, i.instance_class) for i in mysql_v2.instances] == [
        ('module.aurora_mysql_v2.aws_rds_cluster_instance.this["one"]', "db.serverless"),
        ('module.aurora_mysql_v2.aws_rds_cluster_instance.this["two"]', "db.serverless"),
    ]
    pg_v2 = clusters["module.aurora_postgresql_v2.aws_rds_cluster.this[0]"]
    assert (pg_v2.min_acu, pg_v2.seconds_until_auto_pause, pg_v2.data_api) == (0, 3600, True)
    assert {c.region for c in sides.after} == {"eu-west-1"}  # provider region = local.region
    # the registry VPC module is named, with the way to the full picture
    (vpc,) = [w for w in sides.warnings if "module.vpc" in w]
    assert "registry or git module" in vpc and "terraform show -json" in vpc


def test_the_aurora_module_global_cluster_example() -> None:
    clusters = read_hcl(AURORA / "global-cluster").after
    assert [
        (c.address, c.region, c.engine, [i.instance_class for i in c.instances]) for c in clusters
    ] == [
        (
            "module.aurora_primary.aws_rds_cluster.this[0]",
            "eu-west-1",
            "postgresql",
            ["db.r6g.large"] * 2,
        ),
        (
            "module.aurora_secondary.aws_rds_cluster.this[0]",
            "us-east-1",
            "postgresql",
            ["db.r6g.large"] * 2,
        ),
    ]
    # members of a Global Database do not pause, even where its identifier is known only later
    assert [c.pause_blockers for c in clusters] == [("global-database",), ("global-database",)]
    # the global cluster's identifier reaches the member (a reference between resources)
    assert clusters[0].attributes["engine"] == ("engine", "aurora-postgresql")


def test_a_priced_value_from_a_data_source_is_an_error_with_the_full_picture() -> None:
    code, _, err = _run("compare", "--infra", str(AURORA / "data-engine"))
    assert code == 2
    assert err.startswith("Error: ") and err.count("Error: ") == 1
    assert "module.aurora_postgresql_v2.aws_rds_cluster.this[0]: engine:" in err
    assert "data.aws_rds_engine_version.postgresql" in err and "terraform show -json" in err


def _write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


CLUSTER = """
variable "max" {
  type = number
}
variable "env" {
  default = "dev"
}
provider "aws" {
  region = "eu-west-1"
}
resource "aws_rds_cluster" "db" {
  cluster_identifier = "app-${var.env}"
  engine             = "aurora-postgresql"
  storage_type       = var.env == "prod" ? "aurora-iopt1" : null
  serverlessv2_scaling_configuration {
    min_capacity = 0.5
    max_capacity = var.max
  }
}
resource "aws_rds_cluster_instance" "writer" {
  cluster_identifier = aws_rds_cluster.db.id
  instance_class     = "db.serverless"
}
"""


def test_variables_defaults_tfvars_and_the_command_line(tmp_path: Path) -> None:
    folder = _write(tmp_path / "tf", {"main.tf": CLUSTER})
    # no value for max: an error that says how to give one
    with pytest.raises(InputError, match=r"max_capacity: .*var\.max has no value.*--var NAME=VALUE"):  # fmt: skip
        read_hcl(folder)
    _write(folder, {"terraform.tfvars": "max = 4\n", "b.auto.tfvars": "max = 6\n"})
    (cluster,) = read_hcl(folder).after
    assert cluster.max_acu == 6  # *.auto.tfvars after terraform.tfvars
    prod = _write(tmp_path, {"prod.tfvars": 'env = "prod"\nmax = 8\n'}) / "prod.tfvars"
    (cluster,) = read_hcl(folder, TfVariables(files=(prod,))).after
    assert (cluster.max_acu, cluster.storage) == (8, "io-optimized")
    (cluster,) = read_hcl(folder, TfVariables(("max=12", "max=16"), (prod,))).after
    assert cluster.max_acu == 16  # -var after -var-file, the last one wins
    doc = _json("compare", "--infra", str(folder / "main.tf"), "--var", "max=2", "--var", "env=prod")  # fmt: skip
    assert doc["clusters"][0]["report"]["options"][0]["settings"] == "0.5-2 ACU, io-optimized"


def test_bad_variables(tmp_path: Path) -> None:
    folder = _write(tmp_path / "tf", {"main.tf": CLUSTER})
    code, _, err = _run("compare", "--infra", str(folder), "--var", "maxx=4")
    assert code == 2 and "--var maxx: no variable 'maxx' is declared" in err and "'max'" in err
    code, _, err = _run("compare", "--infra", str(folder), "--var", "max")
    assert code == 2 and "--var: 'max' is not NAME=VALUE" in err
    code, _, err = _run("compare", "--var", "max=4", "--region", "eu-west-1")
    assert code == 2 and "--var and --var-file go with --infra" in err
    code, _, err = _run("compare", "--infra", str(folder / "none.tfvars"))
    assert code == 2 and "give it with --var-file" in err


def test_count_for_each_locals_functions_and_references(tmp_path: Path) -> None:
    folder = _write(tmp_path / "tf", {"main.tf": """
locals {
  tenants = { acme = 2, globex = 1 }
  classes = ["db.r6g.large", "db.r6g.xlarge"]
  prefix  = lower(format("%s-%s", "Shop", "EU"))
}
provider "aws" {
  region = "eu-west-1"
}
provider "aws" {
  alias  = "us"
  region = "us-east-1"
}
resource "aws_rds_cluster" "tenant" {
  for_each           = local.tenants
  cluster_identifier = "${local.prefix}-${each.key}"
  engine             = "aurora-mysql"
  backtrack_window   = each.value > 1 ? 3600 : 0
}
resource "aws_rds_cluster_instance" "tenant" {
  for_each           = { for pair in flatten([for t, n in local.tenants : [for i in range(n) : { key = "${t}-${i}", tenant = t, i = i }]]) : pair.key => pair }
  cluster_identifier = aws_rds_cluster.tenant[each.value.tenant].id
  instance_class     = element(local.classes, each.value.i)
  promotion_tier     = each.value.i
}
resource "aws_rds_cluster" "us" {
  provider = aws.us
  engine   = "aurora-postgresql"
}
resource "aws_rds_cluster_instance" "us" {
  count              = length(local.classes)
  cluster_identifier = aws_rds_cluster.us.id
  instance_class     = local.classes[count.index]
}
"""})  # fmt: skip
    clusters = {c.address: c for c in read_hcl(folder).after}
    acme = clusters['aws_rds_cluster.tenant["acme"]']
    assert acme.backtrack_window == 3600 and acme.attributes["engine"][1] == "aurora-mysql"
    assert [(i.instance_class, i.promotion_tier) for i in acme.instances] == [("db.r6g.large", 0), ("db.r6g.xlarge", 1)]  # fmt: skip
    assert clusters['aws_rds_cluster.tenant["globex"]'].backtrack_window == 0
    us = clusters["aws_rds_cluster.us"]  # no identifier: linked through the reference
    assert us.region == "us-east-1" and len(us.instances) == 2
    assert clusters['aws_rds_cluster.tenant["acme"]'].region == "eu-west-1"


def test_what_only_apply_knows_is_a_diagnostic(tmp_path: Path) -> None:
    folder = _write(tmp_path / "tf", {"main.tf": """
provider "aws" {
  region = "eu-west-1"
}
data "aws_ssm_parameter" "count" {
  name = "clusters"
}
resource "aws_rds_cluster" "many" {
  count  = tonumber(data.aws_ssm_parameter.count.value)
  engine = "aurora-mysql"
}
resource "aws_rds_cluster" "one" {
  engine = "aurora-mysql"
}
resource "aws_rds_cluster_instance" "one" {
  cluster_identifier = aws_rds_cluster.one.id
  instance_class     = "db.r6g.large"
}
module "remote" {
  source = "git::https://example.com/aurora.git"
}
"""})  # fmt: skip
    sides = read_hcl(folder)
    assert [c.address for c in sides.after] == ["aws_rds_cluster.one"]
    (many,) = [w for w in sides.warnings if "aws_rds_cluster.many" in w]
    assert "data.aws_ssm_parameter.count" in many and "terraform show -json" in many
    assert any("module.remote" in w and "registry or git" in w for w in sides.warnings)


def test_local_modules_stay_in_the_tree(tmp_path: Path) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    outside = _write(tmp_path / "outside", {"main.tf": 'resource "aws_rds_cluster" "x" {\n  engine = "aurora-mysql"\n}\n'})  # fmt: skip
    root = _write(tmp_path / "repo" / "live", {"main.tf": 'module "m" {\n  source = "../../outside"\n}\n'})  # fmt: skip
    with pytest.raises(InputError, match=r"module\.m: source .* is outside .*repo"):
        read_hcl(root)
    (root / "link").symlink_to(outside)
    (root / "main.tf").write_text('module "m" {\n  source = "./link"\n}\n', encoding="utf-8")
    with pytest.raises(InputError, match="is outside"):
        read_hcl(root)
    # within the repository, ../ is fine
    _write(tmp_path / "repo", {"modules/db/main.tf": 'variable "e" {}\nresource "aws_rds_cluster" "x" {\n  engine = var.e\n  region = "eu-west-1"\n}\n'})  # fmt: skip
    (root / "main.tf").write_text('module "m" {\n  source = "../modules/db"\n  e = "aurora-mysql"\n}\n', encoding="utf-8")  # fmt: skip
    assert [c.address for c in read_hcl(root).after] == ["module.m.aws_rds_cluster.x"]


def test_broken_and_misnamed_source_is_never_malformed_yaml(tmp_path: Path) -> None:
    folder = _write(tmp_path / "tf", {"main.tf": 'resource "aws_rds_cluster" "x" {\n  engine = \n}\n'})  # fmt: skip
    code, _, err = _run("compare", "--infra", str(folder / "main.tf"))
    assert code == 2 and "line 2, column 12: not valid HCL" in err and "YAML" not in err
    misnamed = tmp_path / "main.hcl"
    misnamed.write_text(CLUSTER, encoding="utf-8")
    code, _, err = _run("compare", "--infra", str(misnamed))
    assert code == 2 and "this is Terraform source (HCL)" in err and "YAML" not in err
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = _run("compare", "--infra", str(empty))
    assert code == 2 and "is a directory with no .tf files" in err


def test_without_the_parser_the_error_names_the_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "hcl2" else real(name, *a))  # fmt: skip
    code, _, err = _run("compare", "--infra", str(EXAMPLE / "terraform"))
    assert code == 2 and "pip install 'aurora-cost[hcl]'" in err and "terraform show -json" in err


def test_diff_of_two_configurations_and_no_increase_without_a_plan(tmp_path: Path) -> None:
    old = _write(tmp_path / "old", {"main.tf": CLUSTER, "terraform.tfvars": "max = 4\n"})
    new = _write(tmp_path / "new", {"main.tf": CLUSTER, "terraform.tfvars": "max = 8\n"})
    doc = _json("diff", str(old), str(new))
    (cluster,) = doc["clusters"]
    assert cluster["action"] == "update"
    assert "serverlessv2_scaling_configuration.max_capacity: 4 -> 8" in cluster["changes"]
    code, _, err = _run("check", "--infra", str(new), "--max-increase", "10")
    assert code == 2 and "Terraform source has only the after" in err


def test_a_version_only_terraform_knows_is_priced_as_the_default_with_a_note(
    tmp_path: Path,
) -> None:
    folder = _write(
        tmp_path / "tf",
        {
            "main.tf": """
provider "aws" {
  region = "eu-west-1"
}
data "aws_rds_engine_version" "pg" {
  engine = "aurora-postgresql"
}
resource "aws_rds_cluster" "db" {
  engine         = "aurora-postgresql"
  engine_version = data.aws_rds_engine_version.pg.version
}
resource "aws_rds_cluster_instance" "w" {
  cluster_identifier = aws_rds_cluster.db.id
  instance_class     = "db.r6g.large"
}
"""
        },
    )
    sides = read_hcl(folder)
    (cluster,) = sides.after
    assert cluster.engine_version is None  # AWS's default, as for a plan that leaves it unset
    (note,) = [w for w in sides.warnings if "engine_version" in w]
    assert "data.aws_rds_engine_version.pg" in note and "terraform show -json" in note
