"""`RegionPricing` -> YAML text in the layout of the shipped `pricing/<region>.yaml` files.

The layout is `schema_version: 2`. Absent rates are written as comments (`# key: absent
(...)`), never as 0. Instance classes take one flow-style line each, per engine (`mysql` =
Aurora MySQL, `postgresql` = Aurora PostgreSQL) and storage configuration, with a comment
naming any engine or configuration the class is not sold for:

    db.r6g.large: {mysql: {standard: 0.26, io_optimized: 0.338}, postgresql: {standard: 0.26}}  # absent (not sold in xx-east-1): postgresql io_optimized

A region without instance prices gets `instances: {}` with the common classes listed as
absent comments, exactly like the bundled files. Each charge's section of rates per engine
(`rds_proxy`, from the charge registry) and the Database Savings Plans rates
(`savings_plans`) follow when the prices have them.
"""

from __future__ import annotations

import json
from decimal import Decimal

import yaml

from aurora_cost import charges
from aurora_cost.pricing.model import (
    ENGINES,
    ClassRates,
    EngineRate,
    InstanceRates,
    Rates,
    RegionPricing,
    SavingsPlanRates,
)

# Classes a reader looks for first: listed as absent comments when a region lacks them.
LISTED_WHEN_ABSENT = (
    "db.t4g.medium",
    "db.r6g.large",
    "db.r7g.large",
    "db.r6g.xlarge",
    "db.r6g.2xlarge",
    "db.r7g.xlarge",
    "db.r7g.2xlarge",
)
CONFIGS = ("standard", "io_optimized")
INSTANCES_COMMENT = (
    "# USD per instance-hour, per engine (mysql: Aurora MySQL, postgresql: Aurora PostgreSQL) "
    "and storage configuration"
)


def number(value: Decimal) -> str:
    """A price as YAML reads it back exactly: 0.1000 -> 0.1, 2E+1 -> 20."""
    text = format(value.normalize(), "f")
    return text


def scalar(text: str) -> str:
    """A YAML scalar for `text`: plain when that reads back as the same string."""
    plain_ok = (
        text == text.strip()
        and text
        and not text.startswith(("'", '"', "#", "&", "*", "!", "|", ">", "%", "@", "`", "-", "?"))
        and ": " not in text
        and " #" not in text
        and "\n" not in text
    )
    if plain_ok:
        try:
            if yaml.safe_load(text) == text:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text)  # a JSON string is a valid YAML double-quoted scalar


def _flow(pairs: list[tuple[str, str]]) -> str:
    return "{" + ", ".join(f"{key}: {value}" for key, value in pairs) + "}"


def _configs(rates: InstanceRates) -> str:
    return _flow([(c, number(v)) for c in CONFIGS if (v := getattr(rates, c)) is not None])


def _absent_note(region: str, missing: list[str]) -> str:
    return f"  # absent (not sold in {region}): {', '.join(missing)}" if missing else ""


def class_line(name: str, per_class: ClassRates, region: str, indent: str = "  ") -> str:
    """One class on one line, with a comment naming what it is not sold for."""
    pairs: list[tuple[str, str]] = []
    missing: list[str] = []
    for engine in ENGINES:
        rates = per_class.engine(engine)
        if rates is None:
            missing.append(engine)
            continue
        pairs.append((engine, _configs(rates)))
        missing += [f"{engine} {c}" for c in CONFIGS if getattr(rates, c) is None]
    return f"{indent}{name}: {_flow(pairs)}{_absent_note(region, missing)}"


def engine_line(key: str, rate: EngineRate, region: str, indent: str = "  ") -> str:
    """A rate per engine on one line, e.g. `key: {mysql: 0.015, postgresql: 0.015}`."""
    pairs = [(e, number(v)) for e in ENGINES if (v := rate.engine(e)) is not None]
    missing = [e for e in ENGINES if rate.engine(e) is None]
    return f"{indent}{key}: {_flow(pairs)}{_absent_note(region, missing)}"


def _instances(pricing: RegionPricing) -> list[str]:
    region = pricing.region
    absent = [c for c in LISTED_WHEN_ABSENT if c not in pricing.instances]
    if not pricing.instances:
        out = ["instances: {}  # no Aurora instance prices in the offer file for this region"]
        return out + [f"  # {c}: absent (not sold in {region})" for c in absent]
    out = [f"instances:  {INSTANCES_COMMENT}"]
    out += [class_line(name, rates, region) for name, rates in pricing.instances.items()]
    return out + [f"  # {c}: absent (not sold in {region})" for c in absent]


def _sections(pricing: RegionPricing) -> list[str]:
    """Each charge's own section (`rds_proxy:`), or a comment where the region has none."""
    out: list[str] = []
    for charge in charges.charges():
        if not charge.section:
            continue
        section = pricing.section(charge.section)
        if section is None:
            region = pricing.region
            out.append(f"# {charge.section}: absent (no {charge.title} prices for {region})")
            continue
        out.append(f"{charge.section}:")
        for rate in charge.engine_rates:
            out.append(engine_line(rate.key, getattr(section, rate.key), pricing.region))
    return out


def _savings_plans(plans: SavingsPlanRates | None, region: str) -> list[str]:
    if plans is None:
        return [f"# savings_plans: absent (no Database Savings Plans rates for {region})"]
    out = ["savings_plans:  # Database Savings Plans, 1 year, No Upfront: discounted rates"]
    out += [f"  rates: {plans.rates}", f"  source: {scalar(plans.source)}"]
    if plans.published is not None:
        out.append(f"  published: {plans.published.isoformat()}")
    out.append(engine_line("serverless_v2_acu_hour", plans.serverless_v2_acu_hour, region))
    out.append(
        engine_line(
            "serverless_v2_io_optimized_acu_hour", plans.serverless_v2_io_optimized_acu_hour, region
        )
    )
    if not plans.instances:
        return [*out, "  instances: {}  # no instance class is eligible here"]
    out.append("  instances:")
    out += [class_line(n, r, region, "    ") for n, r in plans.instances.items()]
    return out


RESERVED_COMMENT = (
    "# Reserved Instances (the offer file's Reserved terms), per class, engine and storage "
    "configuration: upfront USD per instance, hourly USD per instance-hour"
)


def _reserved(pricing: RegionPricing) -> list[str]:
    """One offer per line: `- {term: 1yr, payment: no-upfront, upfront: 0, hourly: 0.14}`."""
    if pricing.reserved is None:
        return []  # the notes say why (the bundled files: no public copy for their date)
    out = [f"reserved:  {RESERVED_COMMENT}"]
    for name, per_engine in pricing.reserved.items():
        out.append(f"  {name}:")
        for engine, per_storage in per_engine.items():
            out.append(f"    {engine}:")
            for storage, offers in per_storage.items():
                out.append(f"      {storage}:")
                out += [
                    "        - "
                    + _flow(
                        [
                            ("term", o.term),
                            ("payment", o.payment),
                            ("upfront", number(o.upfront)),
                            ("hourly", number(o.hourly)),
                        ]
                    )
                    for o in offers
                ]
    return out


def _extended_support(pricing: RegionPricing) -> list[str]:
    rates = pricing.extended_support
    if rates is None:
        return []  # the bundled engine catalogue's rates apply
    out = [
        "extended_support:  # RDS Extended Support, USD per vCPU-hour (provisioned) or per "
        "ACU-hour (Serverless v2), by pricing year"
    ]
    for name in ("provisioned_vcpu_hour", "serverless_v2_acu_hour"):
        years = getattr(rates, name)
        pairs = [(y, number(v)) for y in ("yr1_yr2", "yr3") if (v := getattr(years, y)) is not None]
        missing = [y for y in ("yr1_yr2", "yr3") if getattr(years, y) is None]
        note = (
            f"  # absent (no row; the bundled rate applies): {', '.join(missing)}"
            if missing
            else ""
        )
        out.append(f"  {name}: {_flow(pairs)}{note}")
    return out


def header(pricing: RegionPricing) -> list[str]:
    """The comment lines above `schema_version:`."""
    src = pricing.source
    lines = [
        f"# Amazon Aurora prices for {pricing.region} ({pricing.name}), USD, on-demand.",
        f"# Generated by `aurora-cost pricing import` from the AWS Price List (AmazonRDS, "
        f"version {src.offer_version or 'unknown'}).",
    ]
    if pricing.savings_plans is not None:
        rates = pricing.savings_plans.rates
        lines.append(f"# Database Savings Plans rates ({rates}): see savings_plans.source.")
    if pricing.reserved is not None:
        lines.append("# Reserved Instance rates: see reserved.")
    lines.append("# Refresh with `aurora-cost pricing update` or `aurora-cost pricing import`.")
    return lines


def render(pricing: RegionPricing) -> str:
    """The full file text for one region."""
    src = pricing.source
    out: list[str] = [
        *header(pricing),
        "schema_version: 2",
        f"region: {scalar(pricing.region)}",
        f"name: {scalar(pricing.name)}",
        f"partition: {pricing.partition}",
        f"currency: {pricing.currency}",
        "source:",
        f"  name: {scalar(src.name)}",
        f"  url: {scalar(src.url)}",
        f"  published: {src.published.isoformat()}",
    ]
    if src.retrieved is not None:
        out.append(f"  retrieved: {src.retrieved.isoformat()}")
    if src.offer_version is not None:
        out.append(f"  offer_version: {json.dumps(src.offer_version)}")
    if src.notes:
        out.append("  notes:")
        out += [f"    - {json.dumps(note)}" for note in src.notes]
    if src.skus:
        out.append("  skus:")
        out += [f"    {scalar(key)}: {scalar(sku)}" for key, sku in src.skus.items()]
    out.append("units:")
    out += [f"  {key}: {scalar(unit)}" for key, unit in pricing.units.items()]
    out.append("rates:")
    for key in Rates.model_fields:
        value = getattr(pricing.rates, key)
        if value is None:
            out.append(f"  # {key}: absent (not sold in {pricing.region})")
        else:
            out.append(f"  {key}: {number(value)}")
    out += _instances(pricing)
    out += _sections(pricing)
    out += _savings_plans(pricing.savings_plans, pricing.region)
    out += _reserved(pricing)
    out += _extended_support(pricing)
    return "\n".join(out) + "\n"
