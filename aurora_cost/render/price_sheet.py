"""`pricing show` for people: a region's rates grouped so that they read at a glance.

The rows are `pricing show`'s CSV rows (one per rate, engine and storage configuration,
built from the charge registry); here they are regrouped, never recomputed:

- the plain rates, one line each: name, USD, unit;
- the rates that differ by engine (RDS Proxy, Savings Plans ACU-hours), one line each;
- instance classes, one line per class with its vCPUs, memory and a price per engine and
  storage configuration (`-`: not sold), under the unit of their group (on-demand, Savings
  Plans). Narrower than that table, each class gets a block of its own lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from aurora_cost.render.cells import md_row, plain
from aurora_cost.render.layout import pack, wrap
from aurora_cost.render.listing import Listing

STORAGE_SHORT = {"standard": "standard", "io-optimized": "io-opt."}


@dataclass
class _Class:
    vcpu: Any = None
    memory_gib: Any = None
    usd: dict[tuple[str, str], Any] = field(default_factory=dict)


@dataclass
class _Sheet:
    plain_rates: list[dict[str, Any]] = field(default_factory=list)
    engine_rates: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    classes: dict[str, dict[str, _Class]] = field(default_factory=dict)  # unit -> class -> rates
    engines: list[str] = field(default_factory=list)
    storages: list[str] = field(default_factory=list)


def _sheet(rows: Sequence[dict[str, Any]]) -> _Sheet:
    sheet = _Sheet()
    for row in rows:
        engine, storage = row.get("engine"), row.get("storage")
        if engine is None:
            sheet.plain_rates.append(row)
            continue
        if engine not in sheet.engines:
            sheet.engines.append(engine)
        if storage is None:
            _, per_engine = sheet.engine_rates.setdefault(row["rate"], (row["unit"], {}))
            per_engine[engine] = row["usd"]
            continue
        if storage not in sheet.storages:
            sheet.storages.append(storage)
        name = row["rate"]
        name = name[name.index("db.") :] if "db." in name else name
        entry = sheet.classes.setdefault(row["unit"], {}).setdefault(name, _Class())
        entry.vcpu, entry.memory_gib = row.get("vcpu"), row.get("memory_gib")
        entry.usd[(engine, storage)] = row["usd"]
    return sheet


def _price(value: Any) -> str:
    return "-" if value in (None, "not sold") else plain(value)


def _engine_text(per_engine: dict[str, Any]) -> str:
    return ", ".join(f"{engine} {_price(value)}" for engine, value in per_engine.items())


def price_sheet_table(listing: Listing, width: int = 100, color: bool = False) -> str:
    width = max(40, width)
    sheet = _sheet(listing.rows)
    lines = wrap(listing.title, width)
    if sheet.plain_rates:
        lines += ["", "Rates (USD)"]
        name_width = max(len(r["rate"]) for r in sheet.plain_rates)
        usd_width = max(len(_price(r["usd"])) for r in sheet.plain_rates)
        for row in sheet.plain_rates:
            head = f"  {row['rate']:<{name_width}}  {_price(row['usd']):>{usd_width}}  "
            if len(head) + 40 <= width:  # room for the unit beside it
                lines += wrap(row["unit"], width, indent=" " * len(head), first=head)
                continue
            if len(head.rstrip()) <= width:  # narrow: the unit on lines of its own
                lines.append(head.rstrip())
            else:
                lines += wrap(f"{row['rate']} {_price(row['usd'])}", width, "    ", "  ")
            lines += wrap(row["unit"], width, indent="    ")
    if sheet.engine_rates:
        lines += ["", "Rates per engine (USD)"]
        for rate, (unit, per_engine) in sheet.engine_rates.items():
            lines += wrap(f"{rate}: {_engine_text(per_engine)}", width, indent="    ", first="  ")
            lines += wrap(unit, width, indent="    ")
    for unit, classes in sheet.classes.items():
        lines += ["", *wrap(f"{unit} (- = not sold)", width)]
        lines += _class_table(sheet, classes, width)
    return "\n".join(lines) + "\n"


def _class_table(sheet: _Sheet, classes: dict[str, _Class], width: int) -> list[str]:
    keys = [(engine, storage) for engine in sheet.engines for storage in sheet.storages]
    names = list(classes)
    cells = [
        [
            name,
            plain(entry.vcpu),
            plain(entry.memory_gib),
            *(_price(entry.usd.get(key)) for key in keys),
        ]
        for name, entry in classes.items()
    ]
    headers = ["class", "vCPU", "GiB", *(STORAGE_SHORT.get(s, s) for _, s in keys)]
    widths = [max([len(h), *(len(row[i]) for row in cells)]) for i, h in enumerate(headers)]
    group = sum(widths[3 : 3 + len(sheet.storages)]) + 2 * (len(sheet.storages) - 1)
    group = max([group, *(len(e) for e in sheet.engines)])
    per_engine = len(sheet.storages)
    for i in range(len(sheet.engines)):  # each engine's label spans its storage columns
        spanned = widths[3 + i * per_engine : 3 + (i + 1) * per_engine]
        extra = group - (sum(spanned) + 2 * (per_engine - 1))
        if extra > 0:
            widths[3 + (i + 1) * per_engine - 1] += extra
    total = 2 + sum(widths) + 2 * (len(widths) - 1)
    if total > width:  # too narrow for the table: a block per class
        return _class_blocks(sheet, names, classes, width)
    lead = 2 + sum(widths[:3]) + 2 * 3
    label = "".join(f"{engine:<{group}}  " for engine in sheet.engines).rstrip()
    out = [" " * lead + label]
    for row in [headers, *cells]:
        parts = [f"{row[0]:<{widths[0]}}"]
        parts += [f"{value:>{w}}" for value, w in zip(row[1:], widths[1:])]
        out.append(("  " + "  ".join(parts)).rstrip())
    return out


def _class_blocks(
    sheet: _Sheet, names: list[str], classes: dict[str, _Class], width: int
) -> list[str]:
    out: list[str] = []
    for name in names:
        entry = classes[name]
        out += wrap(
            f"{name} ({plain(entry.vcpu)} vCPU, {plain(entry.memory_gib)} GiB)", width, "  ", "  "
        )
        items = [
            f"{engine} {STORAGE_SHORT.get(storage, storage)} {_price(entry.usd.get((engine, storage)))}"
            for engine in sheet.engines
            for storage in sheet.storages
        ]
        out += pack(items, width, indent="    ", sep="; ")
    return out


def price_sheet_markdown(listing: Listing, width: int = 0, color: bool = False) -> str:
    sheet = _sheet(listing.rows)
    lines = [f"### {listing.title}", ""]
    if sheet.plain_rates:
        lines += [md_row(["rate", "USD", "unit"]), "|---|---:|---|"]
        lines += [md_row([r["rate"], _price(r["usd"]), r["unit"]]) for r in sheet.plain_rates]
        lines.append("")
    if sheet.engine_rates:
        lines += [
            md_row(["rate", *sheet.engines, "unit"]),
            "|---|" + "---:|" * len(sheet.engines) + "---|",
        ]
        for rate, (unit, per_engine) in sheet.engine_rates.items():
            lines.append(md_row([rate, *(_price(per_engine.get(e)) for e in sheet.engines), unit]))
        lines.append("")
    keys = [(engine, storage) for engine in sheet.engines for storage in sheet.storages]
    for unit, classes in sheet.classes.items():
        lines += [f"**{unit}** (- = not sold)", ""]
        lines.append(md_row(["class", "vCPU", "GiB", *(f"{e} {s}" for e, s in keys)]))
        lines.append("|---|---:|---:|" + "---:|" * len(keys))
        for name, entry in classes.items():
            cells = [plain(entry.vcpu), plain(entry.memory_gib)]
            lines.append(md_row([name, *cells, *(_price(entry.usd.get(k)) for k in keys)]))
        lines.append("")
    return "\n".join(lines)
