"""The cost diff of a change: per cluster the action, before, after, delta and what moved it.

`diff --infra PLAN.json`: before is the plan's prior state (`change.before`), after its
planned values (`change.after`). `diff OLD NEW`: two infrastructure files (cluster by
address, the total their sum), or two workload files: each option against the option of
the same name, and the total between the option each side is judged by (`--option`, else
its cheapest), since a workload's options are alternatives. Every side is priced through
the engine, with one price book.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from aurora_cost.engine import PriceBook, price
from aurora_cost.errors import InputError, did_you_mean
from aurora_cost.estimator import load_inputs
from aurora_cost.infra.estimate import PathLike, checked_month, price_side
from aurora_cost.infra.estimate import matched_usage as load_usage_for
from aurora_cost.infra.hcl import TfVariables
from aurora_cost.infra.load import Infra, load_infra
from aurora_cost.infra.model import InfraCluster
from aurora_cost.infra.price import month_priced, sources
from aurora_cost.infra.report import (
    ClusterCost,
    ClusterDiff,
    DiffBudget,
    DiffReport,
    DiffTotal,
    IncreaseBudget,
    Judged,
    Source,
)
from aurora_cost.infra.usage import Usage
from aurora_cost.money import tidy
from aurora_cost.report import PricingInfo, Report
from aurora_cost.workload.whatif import WhatIf

_ZERO = Decimal("0.00")  # a total of nothing is still money: "0.00"


@dataclass(frozen=True)
class Side:
    """One cluster on one side: its monthly cost, region, and definition (if from infra)."""

    cost: Decimal
    region: str
    cluster: InfraCluster | None = None
    settings: str = ""


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "(unset)"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def changes_of(before: Side | None, after: Side | None) -> list[str]:
    """The pricing-relevant attributes that differ, `name: old -> new`, in a stable order."""
    if before is None or after is None:
        return []
    old, new = before.cluster, after.cluster
    if old is None or new is None:
        if before.settings != after.settings:
            return [f"settings: {before.settings} -> {after.settings}"]
        return []
    out = []
    for key in dict.fromkeys([*new.attributes, *old.attributes]):
        name, was = old.attributes.get(key, (key, None))
        name, now = new.attributes.get(key, (name, None))
        if _shown(was) != _shown(now):
            out.append(f"{name}: {_shown(was)} -> {_shown(now)}")
    olds = {i.address: i for i in old.instances}
    news = {i.address: i for i in new.instances}
    for address in dict.fromkeys([*olds, *news]):
        a, b = olds.get(address), news.get(address)
        if a is None and b is not None:
            out.append(f"{address}: added ({b.instance_class}, promotion tier {b.promotion_tier})")
        elif b is None and a is not None:
            out.append(
                f"{address}: removed ({a.instance_class}, promotion tier {a.promotion_tier})"
            )
        elif a is not None and b is not None:
            if a.instance_class != b.instance_class:
                out.append(f"{address}: instance class {a.instance_class} -> {b.instance_class}")
            if a.promotion_tier != b.promotion_tier:
                out.append(f"{address}: promotion tier {a.promotion_tier} -> {b.promotion_tier}")
    return out


def _action(address: str, before: Side | None, after: Side | None, actions: dict[str, str]) -> str:
    if before is None:
        return "create"
    if after is None:
        return "delete"
    own = actions.get(address)
    if own in ("replace", "update", "create", "delete"):
        return "replace" if own in ("replace", "create", "delete") else "update"
    if changes_of(before, after) or before.cost != after.cost:
        return "update"
    return "no-op"


def build_diff(
    before: dict[str, Side],
    after: dict[str, Side],
    actions: dict[str, str],
    source_list: list[Source],
    warnings: list[str],
    *,
    pricing: list[PricingInfo] | None = None,
    judged: tuple[str, str] | None = None,
    as_of: str | None = None,
) -> DiffReport:
    """The rows, one per cluster (or option) with its own before and after, and the total:
    the sum of every cluster, or with `judged` (two workload files) the judged option of
    each side, since a workload's options are alternatives, not clusters that add up."""
    rows = []
    for address in dict.fromkeys([*before, *after]):
        old, new = before.get(address), after.get(address)
        delta = (new.cost if new else _ZERO) - (old.cost if old else _ZERO)
        rows.append(
            ClusterDiff(
                address=address,
                action=_action(address, old, new, actions),
                region=(new or old).region,  # type: ignore[union-attr]
                before=old.cost if old else None,
                after=new.cost if new else None,
                delta=delta,
                changes=changes_of(old, new),
            )
        )
    if judged is None:
        total_before = sum((s.cost for s in before.values()), _ZERO)
        total_after = sum((s.cost for s in after.values()), _ZERO)
    else:
        total_before, total_after = before[judged[0]].cost, after[judged[1]].cost
    delta = total_after - total_before
    percent = tidy(delta / total_before * 100, 2) if total_before else None
    return DiffReport(
        as_of=as_of,
        sources=source_list,
        pricing=_distinct(pricing or []),
        clusters=rows,
        total=DiffTotal(
            before=total_before,
            after=total_after,
            delta=delta,
            delta_percent=percent,
        ),
        judged=Judged(before=judged[0], after=judged[1]) if judged else None,
        warnings=warnings,
    )


def _distinct(infos: list[PricingInfo]) -> list[PricingInfo]:
    return list({(i.source, i.published): i for i in infos}.values())


def _sides_of_infra(
    infra: Infra, book: PriceBook, usage: Usage | None, which: str, as_of: str | None
) -> tuple[dict[str, Side], list[str], list[ClusterCost]]:
    clusters = infra.before if which == "before" else infra.after
    costs, warnings = price_side(clusters, book, usage, as_of)
    by_address = {c.address: c for c in clusters}
    out = {}
    for cost in costs:
        if cost.monthly_cost is None:
            warnings.append(f"{cost.address} is not sold in {cost.region}; left out of the diff")
            continue
        out[cost.address] = Side(cost.monthly_cost, cost.region, by_address[cost.address])
    return out, warnings, costs


def diff_plan(
    plan: PathLike,
    *,
    usage: PathLike | None = None,
    region: str | None = None,
    pricing: PathLike | None = None,
    as_of: str | None = None,
) -> DiffReport:
    """A plan's before against its after, both priced for the month `as_of` (YYYY-MM;
    default: each usage entry's, else this month)."""
    as_of = checked_month(as_of)
    infra = load_infra([Path(plan)], "terraform")
    if any(found == "terraform-hcl" for _, found in infra.sources):
        raise InputError(
            f"{plan}: a before and an after are needed, and Terraform source has only the "
            "after; give a plan (terraform show -json PLANFILE), or compare two "
            "configurations: aurora-cost diff OLD_DIR NEW_DIR"
        )
    loaded, warnings = load_usage_for(usage, infra)
    book = PriceBook(pricing, region)
    before, w1, c1 = _sides_of_infra(infra, book, loaded, "before", as_of)
    after, w2, c2 = _sides_of_infra(infra, book, loaded, "after", as_of)
    return build_diff(
        before, after, infra.actions, sources(infra.sources),
        list(dict.fromkeys([*infra.warnings, *warnings, *w1, *w2])), pricing=book.used(),
        as_of=month_priced([*c1, *c2], as_of),
    )  # fmt: skip


def _is_workload(path: Path) -> bool:
    return path.suffix in (".yaml", ".yml") and not _looks_like_template(path)


def _looks_like_template(path: Path) -> bool:
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:65536]
    except OSError:
        return False  # the reader says why
    return "Resources:" in head or "AWSTemplateFormatVersion" in head


def _workload_side(
    path: Path, book: PriceBook, option: str | None, as_of: str | None
) -> tuple[Report, str]:
    """A workload file's report (for the month `as_of`, else its own `as_of:`) and the
    option its side of the total is: `option`, else its cheapest."""
    inputs = load_inputs(path, WhatIf(as_of=as_of) if as_of is not None else None)
    report = price(inputs.simulate(), book)
    names = [o.name for o in report.options]
    if option is not None and option not in names:
        hint = did_you_mean(option, names) or f"; its options: {', '.join(names)}"
        raise InputError(f"--option: {path} has no option named '{option}'{hint}")
    judged = option or report.cheapest
    if judged is None:
        raise InputError(
            f"{path}: no option qualifies as cheapest in {report.region} (see `aurora-cost "
            "compare`); name the option to compare with --option NAME"
        )
    if report.option(judged).monthly_cost is None:
        raise InputError(f"--option: {judged} in {path} is not sold in {report.region}")
    return report, judged


def _options_of(report: Report) -> dict[str, Side]:
    return {
        o.name: Side(o.monthly_cost, report.region, None, o.settings)
        for o in report.options
        if o.monthly_cost is not None
    }


def diff_files(
    old: PathLike,
    new: PathLike,
    *,
    usage: PathLike | None = None,
    region: str | None = None,
    pricing: PathLike | None = None,
    option: str | None = None,
    variables: TfVariables | None = None,
    as_of: str | None = None,
) -> DiffReport:
    """Two workload files (each option against the option of the same name; the total
    between the judged options) or two infrastructure files (cluster by address), both
    priced for the month `as_of` (YYYY-MM; default: each file's own, else this month)."""
    as_of = checked_month(as_of)
    paths = (Path(old), Path(new))
    kinds = ["workload" if _is_workload(p) else "infrastructure" for p in paths]
    if kinds[0] != kinds[1]:
        article = {"workload": "a", "infrastructure": "an"}
        raise InputError(
            f"{paths[0]} is {article[kinds[0]]} {kinds[0]} file and {paths[1]} "
            f"{article[kinds[1]]} {kinds[1]} file; diff compares two workload files or two "
            "infrastructure files (a Terraform plan's own change: diff --infra PLAN.json)"
        )
    book = PriceBook(pricing, region)
    if kinds[0] == "workload":
        if usage is not None or variables is not None:
            raise InputError(
                "--usage, --var and --var-file go with infrastructure files, not workload files"
            )
        (before, first), (after, second) = (_workload_side(p, book, option, as_of) for p in paths)
        months = {before.as_of, after.as_of}
        return build_diff(
            _options_of(before), _options_of(after), {},
            [Source(path=str(p), format="workload") for p in paths],
            [*before.warnings, *after.warnings],
            pricing=[before.pricing, after.pricing], judged=(first, second),
            as_of=months.pop() if len(months) == 1 else None,
        )  # fmt: skip
    if option is not None:
        raise InputError("--option goes with two workload files; infrastructure files "
                         "compare every cluster")  # fmt: skip
    sides, found, notes, costs = [], [], [], []
    for path in paths:
        infra = load_infra([path], variables=variables)
        loaded, warnings = load_usage_for(usage, infra)
        side, more, priced = _sides_of_infra(infra, book, loaded, "after", as_of)
        sides.append(side)
        costs += priced
        found += sources(infra.sources)
        notes += [*infra.warnings, *warnings, *more]
    return build_diff(sides[0], sides[1], {}, found, list(dict.fromkeys(notes)), pricing=book.used(),
                      as_of=month_priced(costs, as_of))  # fmt: skip


def judge_increase(
    report: DiffReport, max_increase: Decimal | None, max_percent: Decimal | None
) -> DiffReport:
    total = report.total
    over = []
    if max_increase is not None and total.delta > max_increase:
        over.append(f"the change adds ${total.delta:,} a month, more than ${max_increase:,}")
    if (
        max_percent is not None
        and total.delta_percent is not None
        and total.delta_percent > max_percent
    ):
        over.append(f"the change adds {total.delta_percent}%, more than {max_percent}%")
    if max_percent is not None and total.delta_percent is None and total.delta > 0:
        over.append(f"the change adds ${total.delta:,} a month to nothing (no percentage)")
    if over:
        status, reason = "over", "; ".join(over)
    else:
        status = "within"
        reason = (
            f"the change moves the monthly cost by ${total.delta:,} ({total.delta_percent or 0}%)"
        )
    increase = IncreaseBudget(
        max_increase=max_increase,
        max_increase_percent=max_percent,
        delta=total.delta,
        delta_percent=total.delta_percent,
        status=status,
        reason=reason,
    )
    budget = report.budget or DiffBudget()
    return report.model_copy(update={"budget": budget.model_copy(update={"increase": increase})})
