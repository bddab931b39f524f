"""The cost diff of a change: per cluster the action, before, after, delta and what moved it.

`diff --infra PLAN.json`: before is the plan's prior state (`change.before`), after its
planned values (`change.after`). `diff OLD NEW`: two workload or infrastructure files;
a workload file's options stand for clusters, by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from aurora_cost.engine import PriceBook
from aurora_cost.errors import InputError
from aurora_cost.infra.estimate import PathLike, price_side
from aurora_cost.infra.estimate import matched_usage as load_usage_for
from aurora_cost.infra.hcl import TfVariables
from aurora_cost.infra.load import Infra, load_infra
from aurora_cost.infra.model import InfraCluster
from aurora_cost.infra.price import sources
from aurora_cost.infra.report import (
    ClusterDiff,
    DiffBudget,
    DiffReport,
    DiffTotal,
    IncreaseBudget,
    Source,
)
from aurora_cost.infra.usage import Usage
from aurora_cost.money import tidy


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
) -> DiffReport:
    rows = []
    for address in dict.fromkeys([*before, *after]):
        old, new = before.get(address), after.get(address)
        delta = (new.cost if new else Decimal(0)) - (old.cost if old else Decimal(0))
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
    total_before = sum((s.cost for s in before.values()), Decimal(0))
    total_after = sum((s.cost for s in after.values()), Decimal(0))
    delta = total_after - total_before
    percent = tidy(delta / total_before * 100, 2) if total_before else None
    return DiffReport(
        sources=source_list,
        clusters=rows,
        total=DiffTotal(before=total_before, after=total_after, delta=delta, delta_percent=percent),
        warnings=warnings,
    )


def _sides_of_infra(
    infra: Infra, book: PriceBook, usage: Usage | None, which: str
) -> tuple[dict[str, Side], list[str]]:
    clusters = infra.before if which == "before" else infra.after
    costs, warnings = price_side(clusters, book, usage)
    by_address = {c.address: c for c in clusters}
    out = {}
    for cost in costs:
        if cost.monthly_cost is None:
            warnings.append(f"{cost.address} is not sold in {cost.region}; left out of the diff")
            continue
        out[cost.address] = Side(cost.monthly_cost, cost.region, by_address[cost.address])
    return out, warnings


def diff_plan(
    plan: PathLike,
    *,
    usage: PathLike | None = None,
    region: str | None = None,
    pricing: PathLike | None = None,
) -> DiffReport:
    infra = load_infra([Path(plan)], "terraform")
    if any(found == "terraform-hcl" for _, found in infra.sources):
        raise InputError(
            f"{plan}: a before and an after are needed, and Terraform source has only the "
            "after; give a plan (terraform show -json PLANFILE), or compare two "
            "configurations: aurora-cost diff OLD_DIR NEW_DIR"
        )
    loaded, warnings = load_usage_for(usage, infra)
    book = PriceBook(pricing, region)
    before, w1 = _sides_of_infra(infra, book, loaded, "before")
    after, w2 = _sides_of_infra(infra, book, loaded, "after")
    return build_diff(
        before, after, infra.actions, sources(infra.sources), [*infra.warnings, *warnings, *w1, *w2]
    )


def _is_workload(path: Path) -> bool:
    return path.suffix in (".yaml", ".yml") and not _looks_like_template(path)


def _looks_like_template(path: Path) -> bool:
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:65536]
    except OSError:
        return False  # the reader says why
    return "Resources:" in head or "AWSTemplateFormatVersion" in head


def _side_of_file(
    path: Path,
    usage: PathLike | None,
    region: str | None,
    pricing: PathLike | None,
    variables: TfVariables | None = None,
) -> tuple[dict[str, Side], list[Source], list[str]]:
    if _is_workload(path):
        from aurora_cost.estimator import estimate

        report = estimate(path, region, pricing=None if pricing is None else Path(pricing))
        out = {
            o.name: Side(o.monthly_cost, report.region, None, o.settings)
            for o in report.options
            if o.monthly_cost is not None
        }
        return out, [Source(path=str(path), format="workload")], list(report.warnings)
    infra = load_infra([path], variables=variables)
    loaded, warnings = load_usage_for(usage, infra)
    side, more = _sides_of_infra(infra, PriceBook(pricing, region), loaded, "after")
    return side, sources(infra.sources), [*infra.warnings, *warnings, *more]


def diff_files(
    old: PathLike,
    new: PathLike,
    *,
    usage: PathLike | None = None,
    region: str | None = None,
    pricing: PathLike | None = None,
    variables: TfVariables | None = None,
) -> DiffReport:
    before, s1, w1 = _side_of_file(Path(old), usage, region, pricing, variables)
    after, s2, w2 = _side_of_file(Path(new), usage, region, pricing, variables)
    return build_diff(before, after, {}, [*s1, *s2], [*w1, *w2])


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
