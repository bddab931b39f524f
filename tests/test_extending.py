"""Extending aurora-cost from outside its code: a charge registered from this file alone
reaches the price model, the importer and its writer, `pricing show`, the workload file
(a new amount), the bill and every output format; an option kind reaches the workload
schema, compare and advice; an infrastructure format is read by `--infra`, and a trace
format by `--trace` and a workload file's `format:`. Unregistering puts everything back
(README, "Extending aurora-cost").
"""

from __future__ import annotations

import csv
import io
import json
from array import array
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import pytest
from pydantic import Field, ValidationError

from aurora_cost import charges, options
from aurora_cost.charges.base import (
    GB_MONTH,
    Amount,
    Charge,
    Charged,
    Offer,
    Rate,
    line_item,
    metered,
)
from aurora_cost.demand.traces import formats as trace_formats
from aurora_cost.demand.traces.formats import Options as TraceOptions
from aurora_cost.demand.traces.formats import TraceFormat
from aurora_cost.demand.traces.samples import Samples
from aurora_cost.demand.traces.source import Source as TraceSource
from aurora_cost.infra import formats as infra_formats
from aurora_cost.infra.formats import InfraFormat, Read, Reading
from aurora_cost.infra.model import InfraCluster, InfraInstance, engine_of, instance_class
from aurora_cost.infra.usage import UsageFile
from aurora_cost.money import HOURS_PER_MONTH
from aurora_cost.options.advice import AdviceAsk, AdviceSpace
from aurora_cost.options.base import ComputeBill, OptionBase, OptionRun
from aurora_cost.pricing.model import RATE_UNITS, Rates
from aurora_cost.report import Fit, LineItem, Metered
from aurora_cost.workload.model import Workload
from tests.conftest import invoke, write
from tests.fixture_prices import FIXTURE_PRICES

if TYPE_CHECKING:
    from aurora_cost.charges.base import ClusterQuantities
    from aurora_cost.pricing.model import RegionPricing

OFFERS = Path(__file__).parent / "data" / "offers"
# --- a charge: archived storage, per GB-month archived (a workload amount of its own) ------

ARCHIVE_RATE = "archive_gb_month"
ARCHIVED_GB = Amount("archived_gb", "GB-months", "archived storage, GB-months", le=1e6)


def bill_archive(
    option: OptionBase, run: OptionRun, cluster: ClusterQuantities, pricing: RegionPricing
) -> Charged:
    return metered(
        option,
        pricing,
        "archive",
        cluster.amount(ARCHIVED_GB.key),
        pricing.rate(ARCHIVE_RATE),
        "archived storage",
        "GB-months",
        "archived storage",
    )


ARCHIVE = Charge(
    name="archive",
    bill=bill_archive,
    bill_order=66,  # after the Global Database, before RDS Proxy
    amounts=(ARCHIVED_GB,),
    rates=(
        Rate(
            ARCHIVE_RATE,
            "USD per GB-month of archived storage",
            Offer(GB_MONTH, "Aurora:ArchiveUsage", "Database Storage"),
        ),
    ),
)


@pytest.fixture
def archive() -> Iterator[Charge]:
    with charges.registered(ARCHIVE) as charge:
        yield charge
    assert "archive" not in charges.line_item_names()  # the registry is as it was


def offer_with_archive(tmp_path: Path) -> Path:
    """The eu-west-1 offer fixture plus one row that prices archived storage at $0.05."""
    rows = list(csv.reader((OFFERS / "AmazonRDS-eu-west-1.csv").open(encoding="utf-8")))
    storage = next(r for r in rows if "EU-Aurora:StorageUsage" in r and "Any" in r)
    archive = [cell.replace("StorageUsage", "ArchiveUsage") for cell in storage]
    archive[0], archive[2] = "ARCHIVE00000001", "ARCHIVE00000001.JRTCKXETXF.6YS6EN2CT7"
    archive[archive.index("0.1000000000")] = "0.0500000000"
    path = tmp_path / "offer.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, quoting=csv.QUOTE_ALL).writerows([*rows, archive])
    return path


WORKLOAD = """\
version: 1
usage: {constant: 2}
storage_gb: 20
archived_gb: 200
snapshot_export_gb: 10
options:
  - {kind: provisioned, name: steady, instance_class: db.r6g.large}
"""


def test_a_charge_registered_here_is_imported_written_shown_and_billed(
    archive: Charge, tmp_path: Path
) -> None:
    prices = tmp_path / "prices"
    result = invoke("pricing", "import", str(offer_with_archive(tmp_path)), "--out", str(prices))
    assert result.exit_code == 0, result.output
    written = (prices / "eu-west-1.yaml").read_text(encoding="utf-8")
    assert "  archive_gb_month: 0.05\n" in written  # the importer's writer lays it out
    assert "  archive_gb_month: USD per GB-month of archived storage\n" in written

    shown = invoke("pricing", "show", "eu-west-1", "--pricing", str(prices), "--format", "json")
    assert shown.exit_code == 0, shown.output
    document = json.loads(shown.stdout)
    assert document["rates"]["archive_gb_month"] == "0.05"

    workload = tmp_path / "workload.yaml"
    workload.write_text(WORKLOAD, encoding="utf-8")
    common = ("-w", str(workload), "--region", "eu-west-1", "--pricing", str(prices))
    report = json.loads(invoke("compare", *common, "--format", "json").stdout)
    assert report["workload"]["archived_gb"] == 200  # the workload file's new key
    option = report["regions"][0]["options"][0] if "regions" in report else report["options"][0]
    items = {item["name"]: item for item in option["line_items"]}
    # archived_gb 200 GB x $0.05 = $10.00; snapshot export 10 GB x $0.01 = $0.10
    assert items["archive"]["monthly_cost"] == "10.00"
    assert items["archive"]["unit_price"] == "0.05"
    assert items["archive"]["quantity"] == "200"
    assert list(items) == ["compute", "storage", "snapshot_export", "archive"]  # bill order
    total = sum(Decimal(item["monthly_cost"]) for item in option["line_items"])
    assert Decimal(option["monthly_cost"]) == total

    table = invoke("compare", *common, "--format", "table").stdout
    assert "other = snapshot export to S3 $0.10; archived storage $10.00" in table
    markdown = invoke("compare", *common, "--format", "markdown").stdout
    row = next(line for line in markdown.splitlines() if line.startswith("| **steady**"))
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert cells[6] == "$10.10"  # the `other` column: archived storage $10.00 + export $0.10
    assert cells[7] == f"${total:,.2f}"
    rows = list(csv.DictReader(io.StringIO(invoke("compare", *common, "--format", "csv").stdout)))
    archived = [row for row in rows if row["line_item"] == "archive"]
    assert [row["monthly_cost"] for row in archived] == ["10.00"]


def test_a_charges_amount_is_in_the_schema_bounded_and_a_usage_file_key(
    archive: Charge, inventory: InfraFormat, tmp_path: Path
) -> None:
    schema = json.loads(invoke("schema", "workload").stdout)
    keys = list(schema["properties"])
    assert (
        keys.index("archived_gb") == keys.index("global_database_replicated_writes_per_month") + 1
    )
    field = schema["properties"]["archived_gb"]
    assert (field["description"], field["maximum"], field["default"]) == (
        "archived storage, GB-months",
        1e6,
        0.0,
    )
    too_much = tmp_path / "too-much.yaml"
    too_much.write_text(WORKLOAD.replace("archived_gb: 200", "archived_gb: 2000000"), "utf-8")
    refused = invoke("compare", "-w", str(too_much), "--pricing", str(FIXTURE_PRICES))
    assert refused.exit_code == 2
    assert "archived_gb: 2e+06 must be at most 1e+06" in refused.stderr

    prices = tmp_path / "prices"
    result = invoke("pricing", "import", str(offer_with_archive(tmp_path)), "--out", str(prices))
    assert result.exit_code == 0, result.output
    path = tmp_path / "inventory.json"
    document = {"AuroraInventory": [
        {"name": "orders", "engine": "aurora-mysql", "class": "db.r6g.large", "instances": 1}
    ]}  # fmt: skip
    path.write_text(json.dumps(document), encoding="utf-8")
    usage = tmp_path / "usage.yaml"
    usage.write_text(
        "version: 1\ndefaults: {usage: {constant: 1}}\n"
        "clusters:\n  inventory.orders: {archived_gb: 40}\n",
        encoding="utf-8",
    )
    result = invoke(
        "compare", "--infra", str(path), "--usage", str(usage), "--region", "eu-west-1",
        "--pricing", str(prices), "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    (cluster,) = json.loads(result.stdout)["clusters"]
    (option,) = cluster["report"]["options"]
    archived = [i for i in option["line_items"] if i["name"] == "archive"]
    # 40 GB x $0.05 = $2.00
    assert [(i["quantity"], i["monthly_cost"]) for i in archived] == [("40", "2.00")]


def test_unregistering_puts_the_price_model_back(tmp_path: Path) -> None:
    before = (list(Rates.model_fields), dict(RATE_UNITS), charges.line_item_names())
    amounts = list(Workload.model_fields)
    archived = {"version": 1, "clusters": {"a.b": {"archived_gb": 4}}}
    UsageFile.model_validate({"version": 1})  # built before the charge is registered
    with charges.registered(ARCHIVE):
        assert ARCHIVE_RATE in Rates.model_fields
        assert "archive" in charges.line_item_names()
        assert "archived_gb" in Workload.model_fields
        assert UsageFile.model_validate(archived).clusters["a.b"].archived_gb == 4  # type: ignore[attr-defined]
        LineItem(name="archive", description="", quantity=1, unit="", unit_price=1, monthly_cost=1)
    assert (list(Rates.model_fields), dict(RATE_UNITS), charges.line_item_names()) == before
    assert list(Workload.model_fields) == amounts
    with pytest.raises(ValidationError, match="archived_gb"):
        UsageFile.model_validate(archived)
    workload = tmp_path / "workload.yaml"
    workload.write_text(WORKLOAD, encoding="utf-8")
    refused = invoke("compare", "-w", str(workload), "--pricing", str(FIXTURE_PRICES))
    assert refused.exit_code == 2
    assert "archived_gb" in refused.stderr  # no charge declares it any more
    assert "archived_gb" not in invoke("schema", "workload").stdout
    with pytest.raises(ValueError, match="not a registered charge"):
        LineItem(name="archive", description="", quantity=1, unit="", unit_price=1, monthly_cost=1)


def test_a_charge_name_or_rate_is_registered_once() -> None:
    with pytest.raises(ValueError, match="already registered"):
        charges.register(Charge(name="storage", rates=()))
    taken = Rate("storage_gb_month", "USD")
    with pytest.raises(ValueError, match="already declared"):
        charges.register(Charge(name="storage2", rates=(taken,)))
    amount = Amount("storage_gb", "GB-months", "storage again")
    with pytest.raises(ValueError, match="workload amount 'storage_gb' is already declared"):
        charges.register(Charge(name="storage2", rates=(), amounts=(amount,)))


# --- an option kind: a flat hourly fee for a fixed capacity --------------------------------


class FlatRateOption(OptionBase):
    """A database billed a flat fee an hour for a fixed capacity, whatever the load."""

    product: ClassVar[str] = "a flat-rate database"
    advised: ClassVar[bool] = True

    kind: Literal["flat-rate"]
    hourly_usd: Decimal = Field(gt=0)
    capacity_acu: float = Field(gt=0)

    def bill_compute(
        self, run: OptionRun, pricing: RegionPricing, cluster: ClusterQuantities
    ) -> ComputeBill:
        hours = Decimal(HOURS_PER_MONTH)
        item = line_item("compute", "flat fee", hours, "hours", self.hourly_usd)
        zero = Decimal(0)
        return ComputeBill([item], Metered(acu_hours=zero, paused_hours=zero,
                                           peak_acu=zero, throttled_hours=zero))  # fmt: skip

    def fit(self, run: OptionRun) -> Fit:
        holds = run.peak_demand <= self.capacity_acu
        return Fit(
            status="fits" if holds else "undersized",
            peak_demand_acu=Decimal(repr(run.peak_demand)),
            capacity_acu=Decimal(repr(self.capacity_acu)),
            throttled_hours=Decimal(0),
            detail=f"{self.capacity_acu:g} ACU",
        )

    def settings(self) -> str:
        return f"{self.capacity_acu:g} ACU at ${self.hourly_usd}/hour"

    @classmethod
    def advice_space(cls, ask: AdviceAsk) -> AdviceSpace | str:
        def candidates() -> Iterator[tuple[OptionBase, OptionRun]]:
            for size in (2, 4, 8, 16):  # $0.06 per ACU an hour
                option = cls(kind="flat-rate", name=ask.name, capacity_acu=size,
                             hourly_usd=Decimal("0.06") * size)  # fmt: skip
                yield option, option.simulate(ask.demand)

        return AdviceSpace(
            candidates(),
            why=lambda chosen, report, priced: f"the smallest of {priced} sizes that holds it",
            nothing=lambda reasons: "no flat-rate size holds the peak",
        )


@pytest.fixture
def flat_rate() -> Iterator[type[OptionBase]]:
    with options.registered_kind(FlatRateOption) as kind:
        yield kind
    assert "flat-rate" not in options.KINDS


FLAT_WORKLOAD = """\
version: 1
usage: {constant: 3}
storage_gb: 100
options:
  - {kind: flat-rate, name: flat, hourly_usd: 0.5, capacity_acu: 4}
  - {kind: serverless-v2, name: v2, min_acu: 0.5, max_acu: 8}
"""


def test_an_option_kind_registered_here_is_in_the_schema_compare_and_advice(
    flat_rate: type[OptionBase], tmp_path: Path
) -> None:
    schema = json.loads(invoke("schema", "workload").stdout)
    assert "FlatRateOption" in schema["$defs"]
    assert "flat-rate" in json.dumps(schema["properties"]["options"])

    workload = tmp_path / "workload.yaml"
    workload.write_text(FLAT_WORKLOAD, encoding="utf-8")
    common = ("-w", str(workload), "--region", "eu-west-1", "--pricing", str(FIXTURE_PRICES))
    result = invoke("compare", *common, "--format", "json")
    assert result.exit_code == 0, result.output
    flat = next(o for o in json.loads(result.stdout)["options"] if o["name"] == "flat")
    assert flat["kind"] == "flat-rate"
    # 730 hours x $0.50 = $365.00; storage 100 GB x $0.10 = $10.00
    assert [(i["name"], i["monthly_cost"]) for i in flat["line_items"]] == [
        ("compute", "365.00"),
        ("storage", "10.00"),
    ]
    assert flat["monthly_cost"] == "375.00"
    assert flat["fit"]["status"] == "fits"
    table = invoke("compare", *common, "--format", "table").stdout
    assert "4 ACU at $0.5/hour" in table

    advice = invoke("advise", *common, "--kinds", "flat-rate", "--format", "json")
    assert advice.exit_code == 0, advice.output
    best = json.loads(advice.stdout)["recommendations"][0]
    # the peak is 3 ACU: 4 ACU at 4 x $0.06 = $0.24 an hour x 730 = $175.20, + $10.00 storage
    assert best["option"]["kind"] == "flat-rate"
    assert best["option"]["capacity_acu"] == 4
    assert best["monthly_cost"] == "185.20"
    assert best["why"] == "the smallest of 4 sizes that holds it"


def test_a_kind_unregistered_is_refused_again(tmp_path: Path) -> None:
    with options.registered_kind(FlatRateOption):
        pass
    workload = tmp_path / "workload.yaml"
    workload.write_text(FLAT_WORKLOAD, encoding="utf-8")
    result = invoke("compare", "-w", str(workload), "--pricing", str(FIXTURE_PRICES))
    assert result.exit_code == 2
    assert "flat-rate" in result.stderr
    schema = invoke("schema", "workload").stdout
    assert "flat-rate" not in schema


# --- an input format: a JSON inventory of clusters ----------------------------------------


def is_inventory(document: dict[str, object]) -> bool:
    return isinstance(document.get("AuroraInventory"), list)


def read_inventory(document: Any, path: str, reading: Reading) -> Read:
    clusters = []
    for entry in document["AuroraInventory"]:
        address = f"inventory.{entry['name']}"
        members = tuple(
            InfraInstance(f"{address}[{i}]", instance_class(entry["class"], path, address, "class"))
            for i in range(entry["instances"])
        )
        engine = engine_of(entry["engine"], path, address, "engine")
        assert engine is not None
        clusters.append(InfraCluster(address, path, "inventory", None, engine, instances=members))
    return Read(clusters)


INVENTORY = InfraFormat("inventory", "an Aurora inventory", read_inventory, recognise=is_inventory)


@pytest.fixture
def inventory() -> Iterator[InfraFormat]:
    with infra_formats.FORMATS.registered(INVENTORY) as row:
        yield row
    assert "inventory" not in infra_formats.FORMATS


def test_an_input_format_registered_here_is_recognised_read_and_priced(
    inventory: InfraFormat, tmp_path: Path
) -> None:
    path = tmp_path / "inventory.json"
    document = {"AuroraInventory": [
        {"name": "orders", "engine": "aurora-postgresql", "class": "db.r6g.large", "instances": 2}
    ]}  # fmt: skip
    path.write_text(json.dumps(document), encoding="utf-8")
    for extra in ((), ("--infra-format", "inventory")):  # recognised, or named
        result = invoke(
            "compare", "--infra", str(path), *extra, "--region", "eu-west-1",
            "--pricing", str(FIXTURE_PRICES), "--format", "json",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        infra = json.loads(result.stdout)
        assert infra["sources"] == [{"path": str(path), "format": "inventory"}]
        (cluster,) = infra["clusters"]
        assert cluster["address"] == "inventory.orders"
        # 2 x db.r6g.large at $0.20 an hour x 730 hours = $292.00 (no usage: no storage)
        assert cluster["report"]["options"][0]["monthly_cost"] == "292.00"


def test_an_unregistered_input_format_is_not_recognised(tmp_path: Path) -> None:
    with infra_formats.FORMATS.registered(INVENTORY):
        pass
    path = tmp_path / "inventory.json"
    path.write_text(json.dumps({"AuroraInventory": []}), encoding="utf-8")
    result = invoke("compare", "--infra", str(path), "--pricing", str(FIXTURE_PRICES))
    assert result.exit_code == 2
    assert "not a Terraform plan" in result.stderr
    assert "an Aurora inventory" not in result.stderr  # the table no longer lists it


# --- a trace format: one ACU figure a line after a `@start/step` header ---------------------


def read_acu_lines(
    source: TraceSource, format: str | None, options: TraceOptions
) -> tuple[str, Samples]:
    """`@<epoch seconds>/<seconds between samples>`, then one ACU figure a line."""
    header, *figures = source.read_text().split()
    first, step = (int(part) for part in header.removeprefix("@").split("/"))
    samples = Samples()
    times = array("q", ((first + i * step) * 1_000_000 for i in range(len(figures))))
    samples.add_each(times, [float(figure) for figure in figures])
    return "acu-lines", samples


ACU_LINES = TraceFormat(
    "acu-lines",
    ("acu-lines",),
    "ACU lines",
    recognise=lambda source: source.first == "@",
    read=read_acu_lines,
    options={},
)
# 2026-01-05T00:00Z, a sample a minute: 60 minutes at 2 ACU, then 60 at 4 ACU
ACU_TEXT = "@1767571200/60\n" + "2\n" * 60 + "4\n" * 60


@pytest.fixture
def acu_lines() -> Iterator[TraceFormat]:
    with trace_formats.FORMATS.registered(ACU_LINES) as row:
        yield row
    assert "acu-lines" not in trace_formats.FORMATS


def test_a_trace_format_registered_here_is_read_from_trace_and_from_a_workload_file(
    acu_lines: TraceFormat, tmp_path: Path
) -> None:
    trace = write(tmp_path, "demand.acu", ACU_TEXT)
    workload = write(tmp_path, "workload.yaml", f"""\
version: 1
usage: {{trace: {{path: {trace.name}, format: acu-lines}}}}
options:
  - {{kind: serverless-v2, name: v2, min_acu: 0.5, max_acu: 8}}
""")  # fmt: skip
    for given in (("--trace", str(trace)), ("-w", str(workload))):  # recognised, or named
        result = invoke(
            "compare", *given, "--region", "eu-west-1",
            "--pricing", str(FIXTURE_PRICES), "--format", "json",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        report = json.loads(result.stdout)
        traced = report["period"]["trace"]
        assert (traced["format"], traced["samples"], traced["duration_hours"]) == (
            "acu-lines", 120, 2.0,
        )  # fmt: skip
        assert traced["start"] == "2026-01-05T00:00:00+00:00"
        v2 = next(o for o in report["options"] if o["kind"] == "serverless-v2")
        # mean demand (60 x 2 + 60 x 4) / 120 = 3 ACU, x 730 h = 2,190 ACU-hours x $0.10
        compute = next(i for i in v2["line_items"] if i["name"] == "compute")
        assert (compute["quantity"], compute["monthly_cost"]) == ("2190", "219.00")
    schema = json.loads(invoke("schema", "workload").stdout)
    assert "acu-lines" in schema["$defs"]["TraceSpec"]["properties"]["format"]["anyOf"][0]["enum"]


def test_an_unregistered_trace_format_is_refused_by_name_and_not_recognised(
    tmp_path: Path,
) -> None:
    with trace_formats.FORMATS.registered(ACU_LINES):
        pass
    trace = write(tmp_path, "demand.acu", ACU_TEXT)
    workload = write(
        tmp_path, "workload.yaml",
        f"version: 1\nusage: {{trace: {{path: {trace.name}, format: acu-lines}}}}\n",
    )  # fmt: skip
    result = invoke("compare", "-w", str(workload), "--pricing", str(FIXTURE_PRICES))
    assert result.exit_code == 2
    assert "usage.trace.format: 'acu-lines' is not allowed" in result.stderr
    assert "'csv', 'cloudwatch-statistics' or 'cloudwatch-metric-data'" in result.stderr
    # no longer recognised: read as CSV, the catch-all, and refused
    result = invoke("compare", "--trace", str(trace), "--pricing", str(FIXTURE_PRICES))
    assert result.exit_code == 2
    assert "acu-lines" not in result.stderr
    schema = invoke("schema", "workload").stdout
    assert "acu-lines" not in schema
