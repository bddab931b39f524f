"""`pricing import` reads the Reserved terms of Aurora instance classes into `reserved:`,
and the report then picks the best term and payment from them.

tests/data/offers/AmazonRDS-reserved-eu-west-1.{csv,json} (written by make_fixtures.py):
the eu-west-1 fixture's on-demand rows (db.r6g.large $0.20 an hour, I/O-Optimized $0.26;
storage $0.10 per GB-month) with Reserved terms on the same SKUs, as AWS writes them: an
"Upfront Fee" dimension (unit Quantity, no range) and an hourly one (unit Hrs), the term
attributes LeaseContractLength, PurchaseOption and OfferingClass. Plus four terms to skip
(convertible, a 5-year lease, Partial Upfront without its fee, No Upfront with a fee) and
an RDS for MySQL term (not Aurora, ignored).
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aurora_cost.errors import PricingError
from aurora_cost.options.reserved import ReservedOffer, best_offer
from aurora_cost.pricing.aws import diff_lines, import_offer_files, write_pricing
from aurora_cost.pricing.model import ReservedTerm, parse_pricing
from aurora_cost.yamlio import read_yaml_mapping
from tests.conftest import invoke

OFFERS = Path(__file__).parent / "data" / "offers"
CSV = OFFERS / "AmazonRDS-reserved-eu-west-1.csv"
JSON = OFFERS / "AmazonRDS-reserved-eu-west-1.json"
D = Decimal


def term(term: str, payment: str, upfront: str, hourly: str) -> ReservedTerm:
    return ReservedTerm.model_validate(
        {"term": term, "payment": payment, "upfront": upfront, "hourly": hourly}
    )


EXPECTED = {
    "db.r6g.large": {
        "mysql": {
            "standard": [
                term("1yr", "no-upfront", "0", "0.14"),
                term("1yr", "partial-upfront", "500", "0.06"),
                term("1yr", "all-upfront", "1000", "0"),
                term("3yr", "partial-upfront", "1200", "0.05"),
                term("3yr", "all-upfront", "2500", "0"),
            ],
            "io_optimized": [
                term("1yr", "no-upfront", "0", "0.18"),
                term("3yr", "all-upfront", "3000", "0"),
            ],
        },
        "postgresql": {
            "standard": [
                term("1yr", "no-upfront", "0", "0.15"),  # its $0 upfront fee row
                term("1yr", "all-upfront", "1100", "0"),  # no hourly row at all
            ]
        },
    }
}


@pytest.mark.parametrize("offer", [CSV, JSON], ids=["csv", "json"])
def test_reserved_terms_import_per_class_engine_and_storage(offer: Path) -> None:
    result = import_offer_files([offer], retrieved=date(2026, 1, 2))
    pricing = result.regions["eu-west-1"]
    assert pricing.reserved == EXPECTED
    skus = pricing.source.skus
    # each offer's SKU and offer term code, on the class's on-demand SKU
    sku, code = skus["reserved.db.r6g.large.mysql.standard.1yr.partial-upfront"].split(".")
    assert code == "HU7G6KETJZ"
    assert sku == skus["instances.db.r6g.large.mysql.standard"]
    # the four bad terms are skipped and counted, each named by a reason
    skipped = [n for n in pricing.source.notes if "Reserved term(s) skipped" in n]
    assert len(skipped) == 4 and all(n.startswith("1 Reserved term(s) skipped: ") for n in skipped)
    reasons = " ".join(skipped)
    for reason in (
        "offering class 'convertible'",
        "term length '5yr'",
        "no upfront fee ('Quantity') on a partial-upfront term",
        "an upfront fee on a No Upfront term",
    ):
        assert reason in reasons
    assert [w for w in result.warnings if "Reserved" in w] == [f"eu-west-1: {n}" for n in skipped]


def test_csv_and_json_agree_and_the_written_file_is_stable(tmp_path: Path) -> None:
    by_csv = import_offer_files([CSV], retrieved=date(2026, 1, 2))
    by_json = import_offer_files([JSON], retrieved=date(2026, 1, 2))
    same = {"source": {"url", "notes", "name"}}
    csv_pricing, json_pricing = by_csv.regions["eu-west-1"], by_json.regions["eu-west-1"]
    assert csv_pricing.model_dump(exclude=same) == json_pricing.model_dump(exclude=same)
    again = import_offer_files([CSV], retrieved=date(2026, 1, 2))
    assert again.texts == by_csv.texts  # deterministic
    text = by_csv.texts["eu-west-1"]
    assert (
        "  db.r6g.large:\n    mysql:\n      standard:\n"
        "        - {term: 1yr, payment: no-upfront, upfront: 0, hourly: 0.14}\n"
        "        - {term: 1yr, payment: partial-upfront, upfront: 500, hourly: 0.06}\n"
    ) in text
    [written] = write_pricing(by_csv, tmp_path)
    assert parse_pricing(written, read_yaml_mapping(written)) == csv_pricing
    lines = diff_lines(by_csv, tmp_path)
    assert lines == []
    bare = written.read_text().split("reserved:  #")[0]
    written.write_text(bare)
    lines = diff_lines(by_csv, tmp_path)
    # against a file without them: a line per offer's upfront and hourly (9 offers x 2 = 18),
    # one for both engines where they agree (1yr no-upfront upfront 0, 1yr all-upfront
    # hourly 0): 16 (and the extended_support rates written after them: 3)
    assert len([line for line in lines if ": reserved." in line]) == 16
    assert (
        "eu-west-1: reserved.db.r6g.large.mysql.standard.3yr.all-upfront.upfront absent -> 2500"
        in lines
    )


def test_a_file_without_reserved_terms_writes_none() -> None:
    result = import_offer_files([OFFERS / "AmazonRDS-eu-west-1.csv"], retrieved=date(2026, 1, 2))
    pricing = result.regions["eu-west-1"]
    assert pricing.reserved is None  # the RDS for MySQL Reserved term is not Aurora
    assert result.warnings == [w for w in result.warnings if "Reserved" not in w]
    assert "\nreserved:" not in result.texts["eu-west-1"]
    assert any("No Reserved terms for Aurora instance classes" in n for n in pricing.source.notes)


WORKLOAD = (
    "version: 1\nusage: {constant: 1}\nstorage_gb: 10\noptions:\n"
    "  - {name: mysql, kind: provisioned, instance_class: db.r6g.large, instances: 2}\n"
    "  - {name: pg, kind: provisioned, engine: postgresql, instance_class: db.r6g.large}\n"
    "  - {name: io, kind: provisioned, instance_class: db.r6g.large, storage: io-optimized}\n"
    "  - {name: other, kind: provisioned, instance_class: db.r7g.large}\n"
)


@pytest.mark.parametrize("offer", [CSV, JSON], ids=["csv", "json"])
def test_imported_rates_give_the_best_term_and_payment_exactly(tmp_path: Path, offer: Path) -> None:
    prices = tmp_path / "prices"
    imported = invoke("pricing", "import", str(offer), "--out", str(prices), fixture_prices=False)
    assert imported.exit_code == 0, imported.stderr
    assert "Note: eu-west-1: 1 Reserved term(s) skipped: offering class" in imported.stderr
    workload = tmp_path / "w.yaml"
    workload.write_text(WORKLOAD)
    result = invoke(
        "compare", "-w", str(workload), "-r", "eu-west-1", "-f", "json",
        env={"AURORA_COST_PRICING": str(prices)},
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    mysql, pg, io, other = report["options"]
    # Effective month per instance = upfront / term months + hourly x 730.
    # db.r6g.large Aurora MySQL, on demand 2 x 730 h x $0.20 = $292.00, + storage
    # 10 GB x $0.10 = $1.00 -> $293.00. Per instance:
    #   1yr no upfront       0.14 x 730                  = 102.20
    #   1yr partial upfront  500 / 12 + 0.06 x 730       =  41.6667 + 43.80 = 85.4667
    #   1yr all upfront      1000 / 12                   =  83.3333
    #   3yr partial upfront  1200 / 36 + 0.05 x 730      =  33.3333 + 36.50 = 69.8333
    #   3yr all upfront      2500 / 36                   =  69.4444  <- the cheapest
    # x 2 instances = 138.8889 -> 138.89; bill 138.89 + 1.00 = 139.89; saving 293.00 - 139.89
    assert mysql["monthly_cost"] == "293.00"
    assert mysql["reserved_instance"] == {
        "term": "3yr",
        "payment": "all-upfront",
        "instances": 2,
        "upfront": "5000.00",
        "monthly_cost": "139.89",
        "savings": "153.11",
    }
    # Aurora PostgreSQL: on demand 730 x 0.20 = 146.00 + 1.00 = 147.00;
    #   1yr no upfront 0.15 x 730 = 109.50; 1yr all upfront 1100 / 12 = 91.6667 <- cheapest
    # bill 91.67 + 1.00 = 92.67, saving 54.33
    assert pg["monthly_cost"] == "147.00"
    assert pg["reserved_instance"] == {
        "term": "1yr",
        "payment": "all-upfront",
        "instances": 1,
        "upfront": "1100.00",
        "monthly_cost": "92.67",
        "savings": "54.33",
    }
    # I/O-Optimized Aurora MySQL (its own usage type InstanceUsageIOOptimized): on demand
    # 730 x 0.26 = 189.80 + I/O-Optimized storage; 1yr no upfront 0.18 x 730 = 131.40;
    # 3yr all upfront 3000 / 36 = 83.3333 <- cheapest; saving 189.80 - 83.33 = 106.47
    reserved = io["reserved_instance"]
    assert (reserved["term"], reserved["payment"], reserved["upfront"]) == (
        "3yr",
        "all-upfront",
        "3000.00",
    )
    assert D(reserved["savings"]) == D("106.47")
    assert D(io["monthly_cost"]) - D(reserved["monthly_cost"]) == D("106.47")
    # db.r7g.large: only bad terms, all skipped -> no Reserved rates for it
    assert other["reserved_instance"] is None
    assert "reserved-rates-missing" not in [d["code"] for d in report["diagnostics"]]


def _csv_with(tmp_path: Path, old: str, new: str) -> Path:
    text = CSV.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "index.csv"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_hostile_reserved_rows(tmp_path: Path) -> None:
    # a price that is not a number: a clear error naming the file, line and SKU
    bad = _csv_with(tmp_path, '"Quantity","500"', '"Quantity","5OO"')
    with pytest.raises(PricingError, match=r"index\.csv: line \d+ \(SKU \w+\).*'5OO'"):
        import_offer_files([bad])
    # a fee out of range: that term is skipped and counted, the others import
    huge = _csv_with(tmp_path, '"Quantity","500"', '"Quantity","1E+12"')
    pricing = import_offer_files([huge]).regions["eu-west-1"]
    assert any("price out of range" in n for n in pricing.source.notes)
    assert pricing.reserved is not None
    offers = pricing.reserved["db.r6g.large"]["mysql"]["standard"]
    assert ("1yr", "partial-upfront") not in [(o.term, o.payment) for o in offers]
    assert len(offers) == 4
    # a header without the term columns: Reserved rows cannot be read, on-demand still is
    text = CSV.read_text(encoding="utf-8").replace('"LeaseContractLength"', '"Lease"', 1)
    headless = tmp_path / "no-lease.csv"
    headless.write_text(text, encoding="utf-8")
    pricing = import_offer_files([headless]).regions["eu-west-1"]
    assert pricing.reserved is None and pricing.instances


def test_hostile_reserved_json(tmp_path: Path) -> None:
    doc = json.loads(JSON.read_text(encoding="utf-8"))
    engine = {sku: p["attributes"].get("databaseEngine") for sku, p in doc["products"].items()}
    sku = next(s for s in doc["terms"]["Reserved"] if engine[s] == "Aurora MySQL")
    doc["terms"]["Reserved"][sku] = ["not", "a", "term"]
    path = tmp_path / "index.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(PricingError, match=rf"terms\.Reserved\.{sku} is not an object"):
        import_offer_files([path])
    doc = json.loads(JSON.read_text(encoding="utf-8"))
    code = next(iter(doc["terms"]["Reserved"][sku]))
    doc["terms"]["Reserved"][sku][code]["priceDimensions"] = {"x": {"unit": "Hrs"}}
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(
        PricingError, match=rf"terms\.Reserved\.{sku}\.{code} rate x: no pricePerUnit"
    ):
        import_offer_files([path])


def test_on_demand_terms_that_are_not_objects(tmp_path: Path) -> None:
    doc = json.loads(JSON.read_text(encoding="utf-8"))
    sku = next(iter(doc["terms"]["OnDemand"]))
    doc["terms"]["OnDemand"][sku] = [1, 2]
    path = tmp_path / "index.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(PricingError, match=rf"terms\.OnDemand\.{sku}: not an object of terms"):
        import_offer_files([path])


def test_pricing_show_lists_the_reserved_offers(tmp_path: Path) -> None:
    prices = tmp_path / "prices"
    imported = invoke("pricing", "import", str(CSV), "--out", str(prices), fixture_prices=False)
    assert imported.exit_code == 0, imported.stderr
    shown = invoke(
        "pricing", "show", "eu-west-1", "-f", "csv", env={"AURORA_COST_PRICING": str(prices)}
    )
    assert shown.exit_code == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert any(
        line.startswith("reserved.db.r6g.large.3yr.all-upfront.upfront,mysql,standard,2500,")
        for line in lines
    ), lines[-30:]
    assert any(
        line.startswith("extended_support.provisioned_vcpu_hour.yr3,,,0.4,") for line in lines
    )


def _rows() -> tuple[list[list[str]], list[str]]:
    """The reserved fixture's rows without its Reserved terms, and one Aurora MySQL db.r6g.large
    Reserved row to copy."""
    rows = list(csv.reader(io.StringIO(CSV.read_text(encoding="utf-8"))))
    header = rows[5]
    col = {name: i for i, name in enumerate(header)}
    template = next(
        r
        for r in rows[6:]
        if r[col["TermType"]] == "Reserved"
        and r[col["Database Engine"]] == "Aurora MySQL"
        and r[col["usageType"]] == "EU-InstanceUsage:db.r6g.large"
    )
    kept = rows[:6] + [r for r in rows[6:] if r[col["TermType"]] != "Reserved"]
    return kept, template


PAYMENT_OPTION = {"no-upfront": "No Upfront", "partial-upfront": "Partial Upfront"}
PAYMENT_OPTION["all-upfront"] = "All Upfront"


@settings(max_examples=25, deadline=None)
@given(
    st.dictionaries(
        st.tuples(st.sampled_from(["1yr", "3yr"]), st.sampled_from(list(PAYMENT_OPTION))),
        st.tuples(st.integers(1, 10**6), st.integers(1, 10**5)),  # upfront USD, hourly 1/10000 USD
        min_size=1,
    )
)
def test_any_set_of_terms_imports_exactly_and_the_best_is_the_cheapest(
    offers: dict[tuple[str, str], tuple[int, int]],
) -> None:
    """Whatever terms a class has: the import keeps each one's upfront fee and hourly rate
    exactly (All Upfront has no hourly rate, No Upfront no fee), in term and payment order,
    and the report's choice is the one with the lowest upfront / months + hourly x 730."""
    kept, template = _rows()
    col = {name: i for i, name in enumerate(kept[5])}
    expected = []
    for (length, payment), (fee, tenths) in sorted(
        offers.items(), key=lambda o: (o[0][0], list(PAYMENT_OPTION).index(o[0][1]))
    ):
        upfront = D(0) if payment == "no-upfront" else D(fee)
        hourly = D(0) if payment == "all-upfront" else D(tenths) / 10000
        expected.append(term(length, payment, str(upfront), str(hourly)))
        code = f"{length}{payment}"
        for unit, price in (("Quantity", upfront), ("Hrs", hourly)):
            if price == 0:
                continue
            row = list(template)
            row[col["OfferTermCode"]], row[col["Unit"]] = code, unit
            row[col["PricePerUnit"]] = str(price)
            row[col["LeaseContractLength"]] = length
            row[col["PurchaseOption"]] = PAYMENT_OPTION[payment]
            kept.append(row)
    text = io.StringIO()
    csv.writer(text, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(kept)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "index.csv"
        path.write_text(text.getvalue(), encoding="utf-8")
        pricing = import_offer_files([path]).regions["eu-west-1"]
    assert pricing.reserved is not None
    offers_read = pricing.reserved["db.r6g.large"]["mysql"]["standard"]
    assert offers_read == [o for o in expected if o.upfront or o.hourly]
    choice = best_offer(
        [ReservedOffer(o.term, o.payment, o.upfront, o.hourly) for o in offers_read], 1
    )
    months = {"1yr": 12, "3yr": 36}
    cheapest = min(o.upfront / months[o.term] + o.hourly * 730 for o in offers_read)
    assert choice is not None and choice.monthly_compute == cheapest


def test_a_term_with_endless_dimensions_is_skipped(tmp_path: Path) -> None:
    # the 1yr Partial Upfront fee row of db.r6g.large Aurora MySQL, repeated 1,000 times:
    # at most 5 dimensions are kept (memory stays bounded) and the term is skipped
    text = CSV.read_text(encoding="utf-8")
    [row] = [line for line in text.splitlines() if '"Quantity","500"' in line]
    path = tmp_path / "index.csv"
    path.write_text(text + (row + "\n") * 1000, encoding="utf-8")
    pricing = import_offer_files([path]).regions["eu-west-1"]
    assert any("more than 4 price dimensions in one term" in n for n in pricing.source.notes)
    assert pricing.reserved is not None
    offers = pricing.reserved["db.r6g.large"]["mysql"]["standard"]
    assert [(o.term, o.payment) for o in offers] == [
        ("1yr", "no-upfront"),
        ("1yr", "all-upfront"),
        ("3yr", "partial-upfront"),
        ("3yr", "all-upfront"),
    ]
