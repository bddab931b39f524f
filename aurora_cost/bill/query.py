"""The one aggregation query: an export's Aurora usage rows summed by resource and usage type,
and, for Serverless v2 capacity, by the period each row covers (an hour in an hourly export).

The query is plain SQL (DuckDB and Amazon Athena/Trino both run it): `aurora-cost reconcile
--print-query` prints it for an export that lives in S3, and `--bill-aggregated FILE` reads
its result back. Amounts are summed as DECIMAL(38, 10), never as floating point.
"""

from __future__ import annotations

from aurora_cost.bill.columns import ExportFormat, present
from aurora_cost.bill.usage_types import AURORA_OPERATION_SUFFIXES, AURORA_USAGE_PATTERNS

AMOUNT = "DECIMAL(38, 10)"
# The columns of the query's result, in order (also the header --bill-aggregated reads).
RESULT_COLUMNS = (
    "resource",
    "region",
    "usage_type",
    "operation",
    "unit",
    "coverage",
    "currency",
    "span_start",
    "span_end",
    "quantity",
    "cost",
    "first_start",
    "last_end",
    "line_items",
    "problem",
)


def quote(name: str) -> str:
    """A column name as an SQL identifier (`lineItem/UsageType` needs quoting)."""
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _text(fmt: ExportFormat, names: list[str], field: str) -> str:
    column = fmt.columns[field]
    if not present(column, names):
        return "CAST(NULL AS VARCHAR)"
    return f"TRIM(CAST({quote(column)} AS VARCHAR))"


def _raw(fmt: ExportFormat, names: list[str], column: str) -> str | None:
    return quote(column) if present(column, names) else None


def _cost(fmt: ExportFormat, names: list[str]) -> tuple[str, str, list[str]]:
    """The cost expression, the coverage expression, and the raw cost columns to check."""
    cost = quote(fmt.columns["cost"])
    charge = f"CAST({quote(fmt.columns['charge_type'])} AS VARCHAR)"
    checked = [fmt.columns["cost"]]
    if fmt.name == "focus":
        effective = _raw(fmt, names, fmt.covered["effective"])
        commitment = _raw(fmt, names, fmt.covered["commitment"])
        kind = _raw(fmt, names, fmt.covered["commitment_type"])
        if effective is None or commitment is None:
            return cost, "'on-demand'", checked
        checked.append(fmt.covered["effective"])
        covered = f"NULLIF(TRIM(CAST({commitment} AS VARCHAR)), '') IS NOT NULL"
        reserved = (
            f"LOWER(CAST({kind} AS VARCHAR)) LIKE '%reserv%'" if kind is not None else "FALSE"
        )
        coverage = (
            f"CASE WHEN NOT ({covered}) THEN 'on-demand' WHEN {reserved} THEN 'reserved' "
            "ELSE 'savings-plan' END"
        )
        return f"CASE WHEN {covered} THEN {effective} ELSE {cost} END", coverage, checked
    cases: list[str] = []
    labels = ["CASE"]
    for key, charge_type, label in (
        ("savings_plan", fmt.savings_plan_charge, "savings-plan"),
        ("reserved", fmt.reserved_charge, "reserved"),
    ):
        column = _raw(fmt, names, fmt.covered[key])
        labels.append(f"WHEN {charge} = {literal(charge_type)} THEN {literal(label)}")
        if column is not None:
            cases.append(f"WHEN {charge} = {literal(charge_type)} THEN {column}")
            checked.append(fmt.covered[key])
    labels.append("ELSE 'on-demand' END")
    expression = f"CASE {' '.join(cases)} ELSE {cost} END" if cases else cost
    return expression, " ".join(labels), checked


def build_query(
    fmt: ExportFormat,
    names: list[str],
    source: str,
    file_column: str,
    typed: frozenset[str] = frozenset(),
) -> str:
    """The aggregation over `source` (a table, or DuckDB's read_parquet/read_csv call).

    `file_column` names each row's file (DuckDB: `filename`; Athena: `"$path"`), so that a
    value that is not a number or a timestamp is reported with its file and column.
    `typed`: columns (lower case) every file stores as numbers or timestamps already
    (Parquet); they cannot hold a bad value and are not checked row by row.
    """
    cost, coverage, cost_columns = _cost(fmt, names)
    quantity_column = fmt.columns["quantity"]
    start_column = fmt.columns["start"]
    end = _raw(fmt, names, fmt.columns["end"])
    start = f"TRY_CAST({quote(start_column)} AS TIMESTAMP)"
    end_value = f"TRY_CAST({end} AS TIMESTAMP)" if end else f"{start} + INTERVAL '1' HOUR"
    usage = _text(fmt, names, "usage_type")
    operation = f"COALESCE({_text(fmt, names, 'operation')}, '')"
    aurora = " OR ".join(
        [f"{usage} LIKE {literal(p)}" for p in AURORA_USAGE_PATTERNS]
        + [f"{operation} LIKE {literal('%' + s)}" for s in AURORA_OPERATION_SUFFIXES]
    )
    checks = [
        (f"TRY_CAST({quote(c)} AS {AMOUNT}) IS NULL AND {quote(c)} IS NOT NULL", c)
        for c in [quantity_column, *cost_columns]
        if c.lower() not in typed
    ]
    if start_column.lower() not in typed:
        checks.append((f"{start} IS NULL", start_column))
    if end and fmt.columns["end"].lower() not in typed:
        checks.append((f"{end_value} IS NULL AND {end} IS NOT NULL", fmt.columns["end"]))
    problem = (
        "CAST(NULL AS VARCHAR)"
        if not checks
        else (
            "CASE "
            + " ".join(
                f"WHEN {test} THEN CAST({file_column} AS VARCHAR) || {literal(' | ' + column)}"
                for test, column in checks
            )
            + " END"
        )
    )
    charges = ", ".join(literal(c) for c in fmt.usage_charges)
    return f"""WITH usage_rows AS (
  SELECT
    {_text(fmt, names, "resource")} AS resource,
    {_text(fmt, names, "region")} AS region,
    {usage} AS usage_type,
    {operation} AS operation,
    COALESCE({_text(fmt, names, "unit")}, '') AS unit,
    {coverage} AS coverage,
    COALESCE({_text(fmt, names, "currency")}, 'USD') AS currency,
    {start} AS usage_start,
    {end_value} AS usage_end,
    TRY_CAST({quote(quantity_column)} AS {AMOUNT}) AS quantity,
    TRY_CAST({cost} AS {AMOUNT}) AS cost,
    {problem} AS problem
  FROM {source}
  WHERE CAST({quote(fmt.columns["service"])} AS VARCHAR) = {literal(fmt.service_code)}
    AND CAST({quote(fmt.columns["charge_type"])} AS VARCHAR) IN ({charges})
    AND ({aurora})
)
SELECT
  resource, region, usage_type, operation, unit, coverage, currency,
  CASE WHEN usage_type LIKE '%ServerlessV2%' THEN usage_start END AS span_start,
  CASE WHEN usage_type LIKE '%ServerlessV2%' THEN usage_end END AS span_end,
  SUM(quantity) AS quantity,
  SUM(cost) AS cost,
  MIN(usage_start) AS first_start,
  MAX(usage_end) AS last_end,
  COUNT(*) AS line_items,
  MIN(problem) AS problem
FROM usage_rows
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9"""
