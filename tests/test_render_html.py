"""`--format html`: one self-contained page per document kind, its numbers the JSON's.

The pages are checked as text (structure, escaping, no script or network) and as a person
sees them: rendered by headless Chromium (Debian's `chromium`), whose DOM must show every
monthly cost of the JSON, and whose screenshot is a real picture.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from aurora_cost.money import signed_usd, usd
from tests.conftest import invoke
from tests.html_pages import KINDS, PRICES, document_and_page

MONEY = ("monthly_cost", "before", "after", "low", "high", "savings_vs_current", "cost",
         "covered_cost", "billed", "computed", "amount")  # fmt: skip
# what a page of that kind leaves to its JSON (the all-regions page shows each option's total)
NOT_SHOWN = {"report-all-regions": ("line_items", "savings_plan", "usage")}


def amounts(node: Any, kind: str, key: str = "") -> list[tuple[str, str]]:
    """(key, amount) of every monthly cost in a JSON document the page must show."""
    if key in NOT_SHOWN.get(kind, ()) or key in ("curve", "breakeven", "workload", "chart"):
        return []
    if isinstance(node, dict):
        return [a for k, v in node.items() for a in amounts(v, kind, k)]
    if isinstance(node, list):
        return [a for v in node for a in amounts(v, kind, key)]
    if key in MONEY and isinstance(node, str) and re.fullmatch(r"-?\d+(\.\d+)?", node):
        return [(key, node)]
    return []


def shown(key: str, amount: str) -> str:
    value = Decimal(amount)
    return signed_usd(value) if key in ("delta", "savings_vs_current", "amount") else usd(value)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(page: str) -> _Text:
    parser = _Text()
    parser.feed(page)
    return parser


@pytest.fixture(scope="module")
def pages() -> dict[str, tuple[Any, str]]:
    return {kind: document_and_page(kind) for kind in KINDS}


@pytest.mark.parametrize("kind", KINDS)
def test_every_monthly_cost_of_the_json_is_on_the_page(pages: dict[str, Any], kind: str) -> None:
    document, page = pages[kind]
    text = " ".join(parsed(page).text)
    wanted = amounts(document, kind)
    assert wanted or kind == "listing"
    missing = [(k, a) for k, a in wanted if shown(k, a) not in text]
    assert not missing, missing
    # the cells keep the JSON's own strings
    values = {attrs.get("data-value") for _, attrs in parsed(page).tags}
    assert {a for k, a in wanted if k == "monthly_cost"} <= values | {None} or kind == "listing"


@pytest.mark.parametrize("kind", KINDS)
def test_self_contained_no_script_no_network(pages: dict[str, Any], kind: str) -> None:
    _, page = pages[kind]
    tags = parsed(page).tags
    names = {tag for tag, _ in tags}
    assert page.startswith("<!DOCTYPE html>") and "<title>" in page
    assert not names & {"script", "link", "iframe", "object", "embed", "img", "base", "form"}
    assert not [a for _, attrs in tags for a in attrs if a.startswith("on")]  # no handlers
    assert "url(" not in page and "@import" not in page and " src=" not in page
    assert not re.search(r'href="(https?:)?//', page)
    assert ("<svg" in page) == (kind != "listing")  # every document but a listing has charts
    assert f'data-kind="{kind.replace("check", "report")}"' in page


def test_a_check_page_shows_the_verdict(pages: dict[str, Any]) -> None:
    document, page = pages["check"]
    assert document["budget"]["status"] == "over"
    assert 'class="verdict bad"' in page and "Budget: over." in page


def test_user_text_is_escaped(tmp_path: Path) -> None:
    hostile = '<img src=x onerror=alert(1)>&"'
    folder = tmp_path / "tf"
    folder.mkdir()
    (folder / "main.tf").write_text(
        'provider "aws" {\n  region = "eu-west-1"\n}\n'
        'resource "aws_rds_cluster" "c" {\n  for_each = toset(["'
        + hostile.replace('"', '\\"')
        + '"])\n'
        '  engine = "aurora-mysql"\n}\n'
        'resource "aws_rds_cluster_instance" "i" {\n  for_each = aws_rds_cluster.c\n'
        '  cluster_identifier = each.value.id\n  instance_class = "db.r6g.large"\n}\n',
        encoding="utf-8",
    )
    result = invoke("compare", "--infra", str(folder), "--pricing", PRICES, "--format", "html")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    page = result.stdout
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;&amp;" in page
    assert [t for t, _ in parsed(page).tags].count("img") == 0


# --- as a person sees it: headless Chromium ------------------------------------------------

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--hide-scrollbars"]  # fmt: skip


def chromium() -> str:
    """Debian's chromium; installed here when missing and the test may (as root, with apt)."""
    for name in ("chromium", "chromium-browser"):
        if shutil.which(name):
            return name
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-q", "chromium"], capture_output=True, timeout=600)  # fmt: skip
        if shutil.which("chromium"):
            return "chromium"
    pytest.skip("chromium is not installed and cannot be installed here (.ci/run installs it)")


SEEN = ["report", "advice", "infrastructure", "diff", "scan", "reconciliation"]


@pytest.fixture(scope="module")
def seen(
    pages: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[subprocess.CompletedProcess[str], Path]]:
    """Each page of SEEN as Chromium shows it: its DOM and a 900x1400 screenshot, from one
    Chromium each, all started at once (a browser's start-up is most of the time)."""
    browser = chromium()
    folder = tmp_path_factory.mktemp("chromium")
    running: dict[str, tuple[list[str], subprocess.Popen[str], Path]] = {}
    for kind in SEEN:
        page = folder / f"{kind}.html"
        page.write_text(pages[kind][1], encoding="utf-8")
        shot = folder / f"{kind}.png"
        command = [browser, *CHROMIUM_FLAGS, f"--user-data-dir={folder / kind}", "--dump-dom",
                   "--window-size=900,1400", f"--screenshot={shot}", page.as_uri()]  # fmt: skip
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        running[kind] = (command, process, shot)
    done: dict[str, tuple[subprocess.CompletedProcess[str], Path]] = {}
    for kind, (command, process, shot) in running.items():
        stdout, stderr = process.communicate(timeout=180)
        done[kind] = (
            subprocess.CompletedProcess(command, process.returncode, stdout, stderr),
            shot,
        )
    return done


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


@pytest.mark.parametrize("kind", SEEN)
def test_chromium_shows_every_monthly_cost(
    pages: dict[str, Any], seen: dict[str, tuple[subprocess.CompletedProcess[str], Path]], kind: str
) -> None:
    document, page = pages[kind]
    dom, shot = seen[kind]
    assert dom.returncode == 0, dom.stderr[-2000:]
    text = " ".join(parsed(dom.stdout).text)
    missing = [(k, a) for k, a in amounts(document, kind) if shown(k, a) not in text]
    assert not missing, missing
    assert dom.stdout.count("<svg") == page.count("<svg")  # every chart made it into the DOM
    assert shot.exists(), dom.stderr[-2000:]
    assert png_size(shot) == (900, 1400)
    assert shot.stat().st_size > 20_000  # a page of text and charts, not a blank one
