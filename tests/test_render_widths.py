"""Tables never cut a number, an amount or a region code, at any width from 40 to 200.

Every example workload is rendered at each width, one region and `--all-regions`; every
`monthly_cost` of the report (formatted as money, `$1,234.56`) must appear as a whole token,
every region code whole, no line wider than the terminal, no `…` beside a digit. The amounts
come from the report being rendered, never from the bundled prices.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from aurora_cost import estimate
from aurora_cost.render import OutputFormat, render
from aurora_cost.render.layout import Column, fit_columns, pack, wrap
from aurora_cost.render.listing import render_rows
from aurora_cost.report import MultiRegionReport, Report

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
WIDTHS = (40, 60, 80, 100, 120, 200)
REGION = "eu-west-1"


@cache
def one_region(example: Path) -> Report:
    return estimate(example, REGION)


@cache
def all_regions(example: Path) -> MultiRegionReport:
    report = estimate(example, all_regions=True)
    assert isinstance(report, MultiRegionReport)
    return report


def money(value: Decimal) -> str:
    return f"${value:,.2f}"


def whole(token: str, text: str) -> bool:
    """`token` occurs in `text` with nothing number-like glued to either side (looked for
    only in the lines that hold it: a listing has thousands of lines)."""
    pattern = re.compile(rf"(?<![\w$.,-]){re.escape(token)}(?![\w-]|[.,]\d)")
    return any(pattern.search(line) for line in text.splitlines() if token in line)


def monthly_costs(document: Any) -> list[Decimal]:
    """Every `monthly_cost` anywhere in a JSON document (options and line items)."""
    found: list[Decimal] = []
    if isinstance(document, dict):
        for key, value in document.items():
            if key == "monthly_cost" and value is not None:
                found.append(Decimal(value))
            else:
                found += monthly_costs(value)
    elif isinstance(document, list):
        for value in document:
            found += monthly_costs(value)
    return found


def assert_fits(text: str, width: int) -> None:
    for line in text.splitlines():
        assert cell_len(line) <= width, (width, line)
    assert not re.search(r"\d…|…\d", text), text
    assert "…" not in text  # nothing is ever ellipsized


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_one_region_shows_every_amount_whole(example: Path, width: int) -> None:
    report = one_region(example)
    text = render(report, OutputFormat.table, width=width)
    assert_fits(text, width)
    # every monthly_cost of the JSON: each option's total and each line item
    for amount in monthly_costs(report.model_dump(mode="json")):
        assert whole(money(amount), text), (example.name, width, money(amount), text)
    assert whole(report.region, text)
    for option in report.options:
        assert option.name in text


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_all_regions_shows_every_total_and_region_whole(example: Path, width: int) -> None:
    multi = all_regions(example)
    text = render(multi, OutputFormat.table, width=width)
    assert_fits(text, width)
    for report in multi.reports:
        assert whole(report.region, text), (width, report.region)
        for option in report.options:
            if option.monthly_cost is not None:
                assert whole(money(option.monthly_cost), text), (width, option.name)
    # the symptom: a cut region code shown twice as the same prefix
    assert not re.search(r"[a-z]{2}-[a-z]*…", text)


@pytest.mark.parametrize("width", WIDTHS)
def test_wide_or_stacked_never_loses_a_region_row(width: int) -> None:
    multi = all_regions(EXAMPLES[0])
    text = render(multi, OutputFormat.table, width=width)
    lines = text.splitlines()
    for report in multi.reports:
        # exactly one row or block per region: its code starts a line (after a table edge)
        starts = [ln for ln in lines if re.match(rf"^(│ )?{re.escape(report.region)}\b", ln)]
        assert len(starts) == 1, (width, report.region)


def test_wide_when_it_fits_and_stacked_when_it_does_not() -> None:
    report = one_region(ROOT / "examples" / "small-app.yaml")
    wide = render(report, OutputFormat.table, width=200)
    narrow = render(report, OutputFormat.table, width=40)
    assert "┃ option (settings)" in wide
    assert "┃" not in narrow
    for option in report.options:
        assert option.monthly_cost is not None
        assert f"  monthly {money(option.monthly_cost)}" in narrow


def test_stacked_layout_keeps_each_label_with_its_amount() -> None:
    report = one_region(ROOT / "examples" / "io-heavy.yaml")
    text = render(report, OutputFormat.table, width=40)
    for line in text.splitlines():
        # a group name never ends a line without its amount
        assert not re.search(r"\b(compute|storage|I/O|backup|other|monthly)$", line), line


def test_user_text_is_printed_literally_never_as_markup(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(
        "version: 1\nusage: {constant: 1}\noptions:\n"
        '  - {name: "v2 [/]", kind: serverless-v2, min_acu: 0.5, max_acu: 8}\n'
        '  - {name: "[red]v2", kind: serverless-v2, min_acu: 0.5, max_acu: 4}\n'
        '  - {name: "[bold]x[/bold]", kind: serverless-v2, min_acu: 0.5, max_acu: 2}\n'
    )
    report = estimate(path, REGION)
    for width in WIDTHS:
        for color in (False, True):
            text = render(report, OutputFormat.table, width=width, color=color)
            plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
            for name in ("v2 [/]", "[red]v2", "[bold]x[/bold]"):
                assert name in plain, (width, color, name)


def test_no_colour_unless_asked() -> None:
    report = one_region(ROOT / "examples" / "small-app.yaml")
    for width in WIDTHS:
        assert "\x1b[" not in render(report, OutputFormat.table, width=width)
    assert "\x1b[" in render(report, OutputFormat.table, width=100, color=True)


# ---- listings: `regions` and `pricing show` ----------------------------------------------


def region_rows() -> list[dict[str, Any]]:
    """Rows shaped like `aurora-cost regions`' (values as the command gives them)."""
    from aurora_cost.cli.regions import region_row
    from aurora_cost.pricing.store import load_all, pricing_dir

    return [region_row(p) for p in load_all(pricing_dir(None))]


def rate_rows() -> list[dict[str, Any]]:
    from aurora_cost.cli.pricing_cmd import price_rows
    from aurora_cost.pricing.store import load_region, pricing_dir

    prices = load_region(REGION, pricing_dir(None))
    return price_rows(prices)


def shown_as(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def listing_text(rows: list[dict[str, Any]], width: int) -> str:
    return render_rows(
        rows, OutputFormat.table, title="a listing, with a title", json_document={}, width=width
    )


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("rows", [region_rows, rate_rows], ids=["regions", "pricing-show"])
def test_listings_never_cut_a_value(rows: Any, width: int) -> None:
    data = rows()
    text = listing_text(data, width)
    assert_fits(text, width)
    # every word of every value, each distinct word checked once (they repeat a lot)
    words = {word for row in data for value in row.values() for word in shown_as(value).split()}
    for word in words:  # prose may wrap at spaces, never inside a word
        if "_" in word and len(word) > width:  # an identifier wider than the screen
            assert all(p in text for p in re.findall(r"[^_]+_?", word)), word
        elif re.search(r"\d", word):  # a number or a region code: a whole token
            assert whole(word, text), (width, word)
        else:
            assert word in text, (width, word)
    keys = list(data[0]) if "┃" in text else list(data[0])[1:]  # stacked: the first is a heading
    for key in keys:  # headers whole, or broken only after an underscore
        pieces = re.findall(r"[^_]+_?", key)
        assert all(piece in text for piece in pieces), (width, key)


def test_a_narrow_listing_stacks_key_value_lines() -> None:
    text = listing_text(region_rows(), 40)
    assert "┃" not in text
    assert "  v2_io_optimized_acu_hour: " in text


# ---- the width arithmetic -------------------------------------------------------------


def test_fit_columns_prefers_natural_widths_then_minimums_then_gives_up() -> None:
    columns = [Column(natural=30, minimum=10), Column(natural=8, minimum=8)]
    assert fit_columns(columns, 100) == [30, 8]
    squeezed = fit_columns(columns, 30)
    assert squeezed is not None and sum(squeezed) + 7 == 30 and squeezed[1] == 8
    assert fit_columns(columns, 20) is None


def test_pack_never_splits_an_item_and_wrap_never_splits_at_hyphens() -> None:
    items = ["compute $1,234.56", "storage $2.20", "I/O $0.44", "backup $0.00"]
    for width in range(20, 60):
        lines = pack(items, width, "  ")
        assert all(len(line) <= width for line in lines)
        assert " ".join(" ".join(lines).split()) == " ".join(" ".join(items).split())
        for item in items:
            assert any(item in line for line in lines)
    assert wrap("end of life 2025-03-31 and 0.5-8 ACU", 12) == [
        "end of life",
        "2025-03-31",
        "and 0.5-8",
        "ACU",
    ]
