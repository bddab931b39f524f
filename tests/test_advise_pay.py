"""advise and the pricing engine: every candidate priced by `engine.price_one` (the path
`compare` takes for each option), the three ways to pay of each recommendation (on demand,
Savings Plan, Reserved), and kinds registered by a plugin searched by default.

Fixture eu-west-1 (tests/data/prices): Serverless v2 $0.10 per ACU-hour, Savings Plan
$0.065 (derived); storage $0.10 per GB-month; db.t4g.medium $0.10 an hour, db.r6g.large
$0.20, db.r7g.large $0.25 (Savings Plan $0.20); no Reserved rates. RESERVED (of
tests/test_reserved_report.py: db.r6g.large 1yr no upfront $0.14 an hour, 1yr all upfront
$1,100, 3yr partial upfront $1,200 and $0.05 an hour) is appended to a copy of that file.
"""

from __future__ import annotations

import ast
import json
import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar, Literal

import pytest
import yaml
from pydantic import Field

from aurora_cost import engine, options
from aurora_cost.advise import Constraints, advise
from aurora_cost.charges.base import line_item
from aurora_cost.engine import PriceBook, price, price_one, qualify, simulate
from aurora_cost.money import HOURS_PER_MONTH
from aurora_cost.options.advice import AdviceAsk, AdviceSpace
from aurora_cost.options.base import ComputeBill, OptionBase, OptionRun
from aurora_cost.report import Fit, Metered
from aurora_cost.workload import parse_workload
from tests.conftest import ROOT, invoke, write
from tests.fixture_prices import FIXTURE_PRICES
from tests.test_reserved_report import RESERVED  # db.r6g.large, Aurora MySQL, Standard

STEADY = """\
version: 1
usage: {constant: 3}
storage_gb: 10
options:
  - {name: now, kind: provisioned, instance_class: db.r6g.large}
"""


@pytest.fixture
def reserved_prices(tmp_path: Path) -> Path:
    prices = tmp_path / "prices"
    shutil.copytree(FIXTURE_PRICES, prices)
    region = prices / "eu-west-1.yaml"
    region.write_text(region.read_text(encoding="utf-8") + RESERVED, encoding="utf-8")
    return prices


def _by_kind(document: dict[str, Any]) -> dict[str, Any]:
    return {r["option"]["kind"]: r for r in document["recommendations"]}


# --- the three ways to pay --------------------------------------------------------------


def test_each_recommendation_compares_on_demand_savings_plan_and_reserved(
    reserved_prices: Path, tmp_path: Path
) -> None:
    workload = write(tmp_path, "steady.yaml", STEADY)
    result = invoke("advise", "-w", str(workload), "-r", "eu-west-1", "-f", "json",
                    env={"AURORA_COST_PRICING": str(reserved_prices)})  # fmt: skip
    assert result.exit_code == 0, result.stderr
    best = _by_kind(json.loads(result.stdout))
    provisioned, v2 = best["provisioned"], best["serverless-v2"]
    # A steady 3 ACU: db.r6g.large (16 GiB, 2 vCPUs: 8 ACU) is the cheapest class that holds
    # it. On demand 730 h x $0.20 = $146.00 + storage 10 GB x $0.10 = $1.00 -> $147.00.
    # Reserved, per instance a month: 1yr no upfront 0.14 x 730 = 102.20; 1yr all upfront
    # 1100 / 12 = 91.67; 3yr partial 1200 / 36 + 0.05 x 730 = 33.3333 + 36.50 = 69.83 (the
    # cheapest) -> 69.83 + 1.00 storage = $70.83, saving 147.00 - 70.83 = $76.17.
    # No Savings Plan covers db.r6g (the fixture, like AWS, has no plan rate for it).
    assert provisioned["option"]["instance_class"] == "db.r6g.large"
    assert provisioned["monthly_cost"] == "147.00"
    assert provisioned["savings_plan"] is None
    assert provisioned["reserved_instance"] == {
        "term": "3yr",
        "payment": "partial-upfront",
        "instances": 1,
        "upfront": "1200.00",
        "monthly_cost": "70.83",
        "savings": "76.17",
    }
    assert provisioned["ways_to_pay"] == {
        "on_demand": "147.00",
        "savings_plan": None,
        "reserved": "70.83",
        "cheapest": "reserved",
    }
    # Serverless v2, never idle: min 0.5, max 3; 3 ACU x 730 h x $0.10 = $219.00 + $1.00
    # storage = $220.00. Savings Plan: the steady 3 ACU-hours an hour at $0.065 = $0.195 an
    # hour committed, x 730 = $142.35 + $1.00 = $143.35. No Reserved Instances for it.
    assert v2["monthly_cost"] == "220.00"
    assert v2["savings_plan"]["hourly_commitment"] == "0.195"
    assert v2["reserved_instance"] is None
    assert v2["ways_to_pay"] == {
        "on_demand": "220.00",
        "savings_plan": "143.35",
        "reserved": None,
        "cheapest": "savings-plan",
    }


def test_a_tie_goes_to_the_way_that_commits_less() -> None:
    # The default workload's Serverless v2 recommendation pauses most of the week: no
    # Savings Plan commitment pays (its bill with the plan is the on-demand $37.25), and the
    # fixture has no Reserved rates: on demand is the cheapest way to pay.
    result = invoke("advise", "-r", "eu-west-1", "-f", "json")
    assert result.exit_code == 0, result.stderr
    best = _by_kind(json.loads(result.stdout))
    v2 = best["serverless-v2"]
    assert v2["savings_plan"]["hourly_commitment"] == "0"
    assert v2["ways_to_pay"] == {
        "on_demand": "37.25",
        "savings_plan": "37.25",
        "reserved": None,
        "cheapest": "on-demand",
    }
    # db.t4g.medium: no plan covers T classes, no Reserved rates
    assert best["provisioned"]["ways_to_pay"] == {
        "on_demand": "75.40",
        "savings_plan": None,
        "reserved": None,
        "cheapest": "on-demand",
    }


def test_every_format_shows_the_ways_to_pay(reserved_prices: Path, tmp_path: Path) -> None:
    workload = write(tmp_path, "steady.yaml", STEADY)
    env = {"AURORA_COST_PRICING": str(reserved_prices)}

    def shown(fmt: str) -> str:
        result = invoke("advise", "-w", str(workload), "-r", "eu-west-1", "-f", fmt, env=env)
        assert result.exit_code == 0, result.stderr
        return str(result.stdout).replace("\n   ", " ")  # table lines wrap

    table = shown("table")
    assert "pay: on demand $147.00; no Savings Plan covers it; Reserved 3yr partial-upfront " \
        "$70.83 ($1,200.00 upfront): cheapest Reserved" in table  # fmt: skip
    assert "Savings Plan of $0.195/hour $143.35 (derived rates); no Reserved rates for it: " \
        "cheapest with the Savings Plan" in table  # fmt: skip
    markdown = shown("markdown")
    assert "| with a Savings Plan | with Reserved |" in markdown
    assert "| $147.00 | $0.00 | - | **$70.83** |" in markdown
    assert "| $220.00 | $-73.00 | **$143.35** | - |" in markdown
    rows = shown("csv").splitlines()
    assert rows[0].endswith(",reserved_monthly_cost,cheapest_way_to_pay")
    assert rows[1].startswith("recommendation,1,provisioned,")
    assert rows[1].endswith(",70.83,reserved")
    assert rows[2].endswith(",,savings-plan")
    html = shown("html")
    assert "Three ways to pay" in html and "with Reserved Instances" in html
    assert "3yr partial-upfront, $1,200.00 upfront" in html and "$70.83" in html


def test_the_advice_schema_has_the_ways_to_pay(reserved_prices: Path, tmp_path: Path) -> None:
    import jsonschema

    schema = json.loads(invoke("schema", "advice").stdout)
    recommendation = schema["$defs"]["Recommendation"]
    assert {"reserved_instance", "ways_to_pay"} <= set(recommendation["properties"])
    workload = write(tmp_path, "steady.yaml", STEADY)
    document = json.loads(invoke("advise", "-w", str(workload), "-r", "eu-west-1", "-f", "json",
                                 env={"AURORA_COST_PRICING": str(reserved_prices)}).stdout)  # fmt: skip
    jsonschema.validate(document, schema)
    broken = json.loads(json.dumps(document))
    broken["recommendations"][0]["ways_to_pay"]["cheapest"] = "leasing"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


# --- one pricing path ---------------------------------------------------------------------


def test_price_one_is_what_price_does_for_each_option() -> None:
    workload = parse_workload(
        yaml.safe_load((ROOT / "examples" / "small-app.yaml").read_text(encoding="utf-8"))
        | {"storage_gb": 30},
        "small-app",
    )
    sim = simulate(workload)
    report = price(sim, PriceBook(FIXTURE_PRICES), "eu-west-1")
    pricing = PriceBook(FIXTURE_PRICES).prices("eu-west-1")
    for (option, run), shown in zip(sim.runs, report.options, strict=True):
        one = price_one(option, run, workload, pricing)
        assert one.report == shown
        assert one.qualification == qualify(shown)
    cheapest = [o for o in report.options if o.name == report.cheapest]
    assert cheapest and all(qualify(o).status == "qualifies" for o in cheapest)


def test_advice_prices_every_candidate_through_the_engine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The engine's own reference to the bill of one option is wrapped: a candidate priced
    # any other way would not be seen here.
    seen: list[str] = []
    bill = engine.price_option

    def counted(option: Any, *args: Any) -> Any:
        seen.append(option.name)
        return bill(option, *args)

    monkeypatch.setattr(engine, "price_option", counted)
    advice = advise(ROOT / "examples" / "small-app.yaml", "eu-west-1", pricing=FIXTURE_PRICES,
                    constraints=Constraints(kinds=("provisioned",)))  # fmt: skip
    assert advice.recommendations[0].option["instance_class"] == "db.t4g.medium"
    # the workload's own options (as compare), then every fitting class and storage: the
    # "why" counts the 14 priced
    assert seen.count("advised-provisioned") == 14
    assert "of 14 class and storage choices" in advice.recommendations[0].why


def test_the_advise_package_prices_nothing_itself() -> None:
    for path in sorted((ROOT / "aurora_cost" / "advise").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module is not None
        } | {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
             for alias in node.names}  # fmt: skip
        assert "aurora_cost.billing" not in imported, path.name
        assert "aurora_cost.charges" not in imported, path.name


# --- a kind registered by a plugin is advised by default ------------------------------------


class FlatOption(OptionBase):
    """A database billed a flat $0.06 per ACU an hour for a fixed capacity."""

    product: ClassVar[str] = "a flat database"
    advised: ClassVar[bool] = True

    kind: Literal["flat"]
    capacity_acu: float = Field(gt=0)

    def bill_compute(self, run: OptionRun, pricing: Any, cluster: Any) -> ComputeBill:
        rate = Decimal("0.06") * Decimal(repr(self.capacity_acu))
        item = line_item("compute", "flat fee", Decimal(HOURS_PER_MONTH), "hours", rate)
        zero = Decimal(0)
        return ComputeBill([item], Metered(acu_hours=zero, paused_hours=zero,
                                           peak_acu=zero, throttled_hours=zero))  # fmt: skip

    def fit(self, run: OptionRun) -> Fit:
        holds = run.peak_demand <= self.capacity_acu
        return Fit(status="fits" if holds else "undersized",
                   peak_demand_acu=Decimal(repr(run.peak_demand)),
                   capacity_acu=Decimal(repr(self.capacity_acu)), throttled_hours=Decimal(0),
                   detail=f"{self.capacity_acu:g} ACU")  # fmt: skip

    def settings(self) -> str:
        return f"flat {self.capacity_acu:g} ACU"

    @classmethod
    def advice_space(cls, ask: AdviceAsk) -> AdviceSpace | str:
        def candidates() -> Iterator[tuple[OptionBase, OptionRun]]:
            for size in (2, 4, 8):
                option = cls(kind="flat", name=ask.name, capacity_acu=size)
                yield option, option.simulate(ask.demand)

        return AdviceSpace(candidates(), why=lambda chosen, report, priced: "smallest flat size",
                           nothing=lambda reasons: "no flat size holds it")  # fmt: skip


@pytest.fixture
def flat() -> Iterator[type[OptionBase]]:
    with options.registered_kind(FlatOption) as kind:
        yield kind
    assert "flat" not in options.KINDS


def test_advise_searches_a_registered_kind_by_default(
    flat: type[OptionBase], tmp_path: Path
) -> None:
    workload = write(tmp_path, "w.yaml", STEADY)
    result = invoke("advise", "-w", str(workload), "-r", "eu-west-1", "-f", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    best = _by_kind(document)
    assert set(best) == {"serverless-v2", "provisioned", "flat"}
    # peak 3 ACU: the 4 ACU size, 4 x $0.06 = $0.24 an hour x 730 = $175.20 + $1.00 storage
    assert best["flat"]["option"]["capacity_acu"] == 4
    assert best["flat"]["monthly_cost"] == "176.20"
    assert best["flat"]["ways_to_pay"] == {
        "on_demand": "176.20", "savings_plan": None, "reserved": None, "cheapest": "on-demand"
    }  # fmt: skip
    # ranked with the built-in kinds: 147.00 (provisioned), 176.20, 220.00 (Serverless v2)
    assert [r["option"]["kind"] for r in document["recommendations"]] == [
        "provisioned", "flat", "serverless-v2"
    ]  # fmt: skip
    assert len(document["breakeven"]) == 2  # the built-in sides are still compared
    refused = invoke("advise", "-w", str(workload), "-r", "eu-west-1", "--kinds", "flats")
    assert refused.exit_code == 2
    assert "use serverless-v2 and/or provisioned and/or flat" in refused.stderr
