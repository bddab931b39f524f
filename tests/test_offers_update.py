"""`pricing update` end to end against a local Price List server, and the CLI of both commands."""

from __future__ import annotations

import json
import re
import shutil
import threading
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import typer

from aurora_cost.pricing.aws import download
from aurora_cost.pricing.store import load_region
from tests.conftest import RUNNER
from tests.fixture_prices import FIXTURE_PRICES

OFFERS = Path(__file__).parent / "data" / "offers"
SHIPPED = FIXTURE_PRICES  # the price files the offer fixtures were made from
VERSION = "20250617161103"
INDEX = "/offers/v1.0/aws/AmazonRDS/current/region_index.json"
SP_INDEX = "/savingsPlan/v1.0/aws/AWSDatabaseSavingsPlans/current/region_index.json"
SP_VERSION = "20260422194203"
SP_REGIONS = ("eu-west-1", "ap-south-2")  # the Savings Plans index lists these (a list)


class PriceList(BaseHTTPRequestHandler):
    """Serves both region indexes and the per-region CSV fixtures; `fail` breaks one region.

    The Savings Plans region index has AWS's other shape (a list of `regionCode` and
    `versionUrl`) and lists eu-west-1, whose AWSDatabaseSavingsPlans fixture it serves,
    and ap-south-2; not us-east-1 or the others."""

    fail: dict[str, str] = {}  # noqa: RUF012  # region -> "500" | "drop"; set per server
    serve: dict[str, str] = {}  # noqa: RUF012  # region -> another fixture file to serve
    requests: list[str] = []  # noqa: RUF012

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self.requests.append(self.path)
        if self.path == INDEX:
            regions = {
                code: {
                    "regionCode": code,
                    "currentVersionUrl": f"/offers/v1.0/aws/AmazonRDS/{VERSION}/{code}/index.json",
                }
                for code in (
                    "eu-north-1",
                    "eu-west-1",
                    "us-east-1",
                    "us-gov-west-1",
                    "us-east-1-mia-1",
                )
            }
            body = json.dumps({"formatVersion": "v1.0", "regions": regions}).encode()
            return self._send(body)
        if self.path == SP_INDEX:
            listed = [
                {
                    "regionCode": code,
                    "versionUrl": "/savingsPlan/v1.0/aws/AWSDatabaseSavingsPlans/"
                    f"{SP_VERSION}/{code}/index.json",
                }
                for code in SP_REGIONS
            ]
            return self._send(json.dumps({"publicationDate": "x", "regions": listed}).encode())
        parts = self.path.strip("/").split("/")
        if len(parts) == 7 and parts[3] == "AWSDatabaseSavingsPlans" and parts[-1] == "index.csv":
            path = OFFERS / f"AWSDatabaseSavingsPlans-{parts[5]}.csv"
            if parts[4] == SP_VERSION and path.exists():
                if self.fail.get(f"{parts[5]} SP") == "500":
                    self.send_error(500, "Internal Server Error")
                    return None
                return self._send(path.read_bytes())
        if len(parts) == 7 and parts[-1] == "index.csv" and parts[4] == VERSION:
            region = parts[5]
            path = OFFERS / self.serve.get(region, f"AmazonRDS-{region}.csv")
            if path.exists():
                mode = self.fail.get(region)
                if mode == "500":
                    self.send_error(500, "Internal Server Error")
                    return None
                body = path.read_bytes()
                if mode == "drop":
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body[: len(body) // 2])
                    self.close_connection = True
                    return None
                return self._send(body)
        self.send_error(404, "Not Found")
        return None

    def _send(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server() -> Iterator[tuple[str, type[PriceList]]]:
    handler = type("Handler", (PriceList,), {"fail": {}, "requests": [], "serve": {}})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", handler
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    real = download.Fetcher
    monkeypatch.setattr(download, "Fetcher", lambda: real(timeout=10, retry_delays=(0.0, 0.0)))


def app() -> typer.Typer:
    from aurora_cost.cli import app as root

    return root


runner = RUNNER


OLDER_V2_RATE = {"0.1": "0.09", "0.08": "0.07"}  # fixture eu-west-1, us-east-1


def old_files(tmp_path: Path, regions: list[str]) -> Path:
    out = tmp_path / "pricing"
    out.mkdir()
    for region in regions:
        text = (SHIPPED / f"{region}.yaml").read_text()
        # an older v2 rate: the base 0.1 (eu-west-1) or 0.08 (us-east-1) becomes 0.09 / 0.07
        old = re.sub(
            r"(?m)^(  serverless_v2_acu_hour: )(0\.1|0\.08)$",
            lambda m: m.group(1) + OLDER_V2_RATE[m.group(2)],
            text,
        )
        assert old != text
        (out / f"{region}.yaml").write_text(old)
    return out


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def test_update_downloads_and_writes_the_regions_in_the_out_dir(
    tmp_path: Path, server: tuple[str, type[PriceList]]
) -> None:
    url, handler = server
    out = old_files(tmp_path, ["eu-west-1", "us-east-1"])
    result = runner.invoke(app(), ["pricing", "update", "--out", str(out), "--endpoint", url])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "Wrote 2 price file(s)" in result.stderr
    for region in ("eu-west-1", "us-east-1"):
        pricing = load_region(region, out)
        assert pricing.rates == load_region(region, SHIPPED).rates
        assert pricing.source.url == f"{url}/offers/v1.0/aws/AmazonRDS/{VERSION}/{region}/index.csv"
        assert pricing.source.offer_version == VERSION
    assert sorted(p.name for p in out.iterdir()) == ["eu-west-1.yaml", "us-east-1.yaml"]
    assert handler.requests[0] == INDEX


def test_update_with_regions_into_an_empty_dir(
    tmp_path: Path, server: tuple[str, type[PriceList]]
) -> None:
    url, _ = server
    out = tmp_path / "new"
    args = ["pricing", "update", "--region", "eu-north-1", "--region", "us-gov-west-1"]
    result = runner.invoke(app(), [*args, "--out", str(out), "--endpoint", url])
    assert result.exit_code == 0, result.stderr
    assert load_region("us-gov-west-1", out).partition == "aws-us-gov"
    assert load_region("eu-north-1", out).rates.serverless_v1_acu_hour is None


@pytest.mark.parametrize("mode", ["500", "drop"])
def test_a_server_failing_on_the_second_region_changes_nothing(
    tmp_path: Path, server: tuple[str, type[PriceList]], mode: str
) -> None:
    url, handler = server
    handler.fail["us-east-1"] = mode  # eu-west-1 downloads fine first
    out = old_files(tmp_path, ["eu-west-1", "us-east-1"])
    before = snapshot(out)
    result = runner.invoke(app(), ["pricing", "update", "--out", str(out), "--endpoint", url])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ")
    assert "us-east-1/index.csv" in result.stderr and "nothing was changed" in result.stderr
    assert snapshot(out) == before  # byte-identical, no temp files left
    assert handler.requests.count(f"/offers/v1.0/aws/AmazonRDS/{VERSION}/us-east-1/index.csv") == 3


def test_update_unknown_region_and_unreachable_endpoint(
    tmp_path: Path, server: tuple[str, type[PriceList]]
) -> None:
    url, _ = server
    out = old_files(tmp_path, ["eu-west-1"])
    result = runner.invoke(
        app(), ["pricing", "update", "--region", "eu-west-9", "--out", str(out), "--endpoint", url]
    )
    assert result.exit_code == 2
    assert "Error: --region: AWS publishes no AmazonRDS prices for 'eu-west-9'" in result.stderr
    assert "did you mean 'eu-west-1'?" in result.stderr
    result = runner.invoke(
        app(), ["pricing", "update", "--out", str(out), "--endpoint", url + "/nowhere"]
    )
    assert result.exit_code == 2
    assert "HTTP 404" in result.stderr


def test_import_cli_writes_and_diff_previews(tmp_path: Path) -> None:
    out = old_files(tmp_path, ["eu-west-1"])
    before = snapshot(out)
    files = [
        str(OFFERS / "AmazonRDS-eu-west-1.json"),
        str(OFFERS / "AWSDatabaseSavingsPlans-eu-west-1.json"),  # its fixture has savings_plans
        str(OFFERS / "AmazonRDS-eu-north-1.csv"),
    ]
    result = runner.invoke(app(), ["pricing", "import", *files, "--out", str(out), "--diff"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        # 11 rates (no Serverless v1) + 7 classes x 2 storage configurations + 2 rds_proxy = 27
        "eu-north-1: new price file (27 rates)",
        "eu-west-1: serverless_v2_acu_hour 0.09 -> 0.1",
    ]
    assert "nothing written" in result.stderr
    assert snapshot(out) == before
    result = runner.invoke(app(), ["pricing", "import", *files, "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "Wrote 2 price file(s)" in result.stderr
    assert load_region("eu-west-1", out).rates == load_region("eu-west-1", SHIPPED).rates


def test_import_cli_defaults_to_the_active_pricing_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    active = tmp_path / "active"
    shutil.copytree(SHIPPED, active)
    monkeypatch.setenv("AURORA_COST_PRICING", str(active))
    result = runner.invoke(app(), ["pricing", "import", str(OFFERS / "AmazonRDS-eu-west-1.csv")])
    assert result.exit_code == 0, result.stderr
    assert f"to {active}" in result.stderr.replace("\n", "")
    assert "pricing import" in (active / "eu-west-1.yaml").read_text()


def test_import_cli_bad_file_exits_2_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "index.csv"
    bad.write_text('"FormatVersion","v1.0"\n"OfferCode","AmazonEC2"\n"SKU","x"\n')
    result = runner.invoke(app(), ["pricing", "import", str(bad), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Error: " in result.stderr and "AmazonEC2" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "eu-west-1.yaml").exists()


def test_update_fetches_savings_plans_through_their_own_region_index(
    tmp_path: Path, server: tuple[str, type[PriceList]]
) -> None:
    url, handler = server
    out = old_files(tmp_path, ["eu-west-1", "us-east-1"])
    result = runner.invoke(app(), ["pricing", "update", "--out", str(out), "--endpoint", url])
    assert result.exit_code == 0, result.stderr
    sp_csv = f"/savingsPlan/v1.0/aws/AWSDatabaseSavingsPlans/{SP_VERSION}/eu-west-1/index.csv"
    assert handler.requests[:2] == [INDEX, SP_INDEX]
    assert sp_csv in handler.requests
    assert not any("AWSDatabaseSavingsPlans" in r and "us-east-1" in r for r in handler.requests)
    eu = load_region("eu-west-1", out)
    assert eu.schema_version == 2
    assert eu.savings_plans is not None and eu.savings_plans.rates == "offer-file"
    assert eu.savings_plans.source.endswith(url + sp_csv)
    # the eu-west-1 fixture: v2 0.10 x 0.65 = 0.065; db.r7g.large 0.25 x 0.80 = 0.20
    assert eu.savings_plans.serverless_v2("postgresql", io_optimized=False) == Decimal("0.065")
    assert eu.savings_plans.instance("db.r7g.large", "mysql", io_optimized=False) == Decimal("0.2")
    us = load_region("us-east-1", out)
    assert us.savings_plans is None
    assert any("Savings Plans region index lists no file for it" in n for n in us.source.notes)
    assert (
        "Note: no Database Savings Plans rates for us-east-1 (the Savings Plans region index "
        "lists no file for it); their files have no savings_plans." in result.stderr
    )
    # RDS Proxy from the us-east-1 fixture rows: the base 0.01 x 0.8 = 0.008, both rates
    assert us.rds_proxy is not None
    assert us.rds_proxy.provisioned_vcpu_hour.postgresql == Decimal("0.008")
    assert us.rds_proxy.serverless_v2_acu_hour.mysql == Decimal("0.008")
    assert us.rds_proxy == load_region("us-east-1", SHIPPED).rds_proxy


def test_a_failing_savings_plans_download_changes_nothing(
    tmp_path: Path, server: tuple[str, type[PriceList]]
) -> None:
    url, handler = server
    handler.fail["eu-west-1 SP"] = "500"
    out = old_files(tmp_path, ["eu-west-1"])
    before = snapshot(out)
    result = runner.invoke(app(), ["pricing", "update", "--out", str(out), "--endpoint", url])
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "HTTP 500" in errors[0] and "nothing was changed" in errors[0]
    assert snapshot(out) == before


class FakeFetcher:
    """Serves fixed bytes by URL path instead of the network."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files
        self.fetched: list[str] = []

    def fetch(self, url: str, dest: Path, label: str, progress: object) -> None:
        path = url.removeprefix("https://pricing.example.test")
        self.fetched.append(path)
        dest.write_bytes(self.files[path])


def fake_price_list(sp_index: object) -> FakeFetcher:
    rds = f"/offers/v1.0/aws/AmazonRDS/{VERSION}/eu-west-1/index"
    return FakeFetcher(
        {
            INDEX: json.dumps(
                {"regions": {"eu-west-1": {"currentVersionUrl": rds + ".json"}}}
            ).encode(),
            SP_INDEX: json.dumps(sp_index).encode(),
            rds + ".csv": (OFFERS / "AmazonRDS-eu-west-1.csv").read_bytes(),
            "/sp/eu-west-1/index.csv": (
                OFFERS / "AWSDatabaseSavingsPlans-eu-west-1.csv"
            ).read_bytes(),
        }
    )


def test_update_with_a_fake_fetcher_reads_the_list_shaped_index() -> None:
    fetcher = fake_price_list(
        {"regions": [{"regionCode": "eu-west-1", "versionUrl": "/sp/eu-west-1/index.json"}]}
    )
    result = download.update_regions(
        regions=["eu-west-1"],
        existing=[],
        endpoint="https://pricing.example.test",
        fetcher=fetcher,  # type: ignore[arg-type]
    )
    assert fetcher.fetched[-1] == "/sp/eu-west-1/index.csv"  # .json -> .csv, like AmazonRDS
    plans = result.regions["eu-west-1"].savings_plans
    assert plans is not None and plans.published is not None
    assert plans.published.isoformat() == "2026-04-22"


@pytest.mark.parametrize(
    "sp_index",
    [
        # the AmazonRDS shape (a map) is not the Savings Plans one (a list)
        {"regions": {"eu-west-1": {"currentVersionUrl": "/sp/eu-west-1/index.json"}}},
        {"regions": [{"regionCode": "eu-west-1"}]},
        ["not", "an", "index"],
    ],
)
def test_a_savings_plans_index_of_the_wrong_shape_is_one_clear_error(sp_index: object) -> None:
    from aurora_cost.errors import DownloadError

    with pytest.raises(DownloadError, match=r"not a Savings Plans region index \(expected"):
        download.update_regions(
            regions=["eu-west-1"],
            existing=[],
            endpoint="https://pricing.example.test",
            fetcher=fake_price_list(sp_index),  # type: ignore[arg-type]
        )


def test_update_brings_the_reserved_rates_the_note_asks_for(
    tmp_path: Path, server: tuple[str, type[PriceList]]
) -> None:
    # eu-west-1's offer file with Reserved terms (tests/test_offers_reserved.py works them out)
    url, handler = server
    handler.serve["eu-west-1"] = "AmazonRDS-reserved-eu-west-1.csv"
    out = old_files(tmp_path, ["eu-west-1"])
    workload = tmp_path / "w.yaml"
    workload.write_text(
        "version: 1\nusage: {constant: 1}\nstorage_gb: 10\noptions:\n"
        "  - {name: p, kind: provisioned, instance_class: db.r6g.large, instances: 2}\n"
    )
    env = {"AURORA_COST_PRICING": str(out)}
    compare = ["compare", "-w", str(workload), "-r", "eu-west-1", "-f", "json"]
    before = json.loads(runner.invoke(app(), compare, env=env).stdout)
    assert before["options"][0]["reserved_instance"] is None
    [note] = [d for d in before["diagnostics"] if d["code"] == "reserved-rates-missing"]
    assert "`aurora-cost pricing update`" in note["message"]
    result = runner.invoke(app(), ["pricing", "update", "--out", str(out), "--endpoint", url])
    assert result.exit_code == 0, result.stderr
    after = json.loads(runner.invoke(app(), compare, env=env).stdout)
    # 2 x 2500 / 36 = 138.89 (3yr All Upfront) + storage $1.00
    assert after["options"][0]["reserved_instance"]["monthly_cost"] == "139.89"
    assert "reserved-rates-missing" not in [d["code"] for d in after["diagnostics"]]
