"""Hypothesis strategies for hostile documents, shared by the fuzz and message tests.

Values are built from the workload's and the price file's own keys and from words that
are nearly right (a misspelt kind, a time written "9am"), so the loaders see documents
that reach deep into their models, not only ones refused at the first key.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

WORKLOAD_KEYS = [
    "version", "region", "usage", "constant", "schedule", "trace", "path", "format",
    "statistic", "scale", "default_acu", "windows", "days", "start", "end", "acu",
    "storage_gb", "io_requests_per_month", "backup_storage_gb", "options", "name", "kind",
    "engine", "min_acu", "max_acu", "readers", "reader_scaling", "reader_acu", "storage",
    "instance_class", "instances", "seconds_until_auto_pause", "auto_pause", "min_acus",
    "storge",
]  # fmt: skip
WORDS = [
    "serverless-v1", "serverless-v2", "provisioned", "provisoned", "mysql", "MySQL",
    "postgresql", "standard", "io-optimized", "io-optimised", "with-writer", "independent",
    "db.serverless", "db.r6g", "db.r6g.large", "db.r6g.hugeish", "eu-west-1", "mon",
    "monday", "09:00", "9am", "24:00", "csv", "Average", "average", "nan", ".inf", "-.inf",
    "1e400", "", "x",
]  # fmt: skip
PRICE_KEYS = [
    "schema_version", "region", "name", "partition", "currency", "source", "rates",
    "instances", "url", "published", "notes", "serverless_v2_acu_hour", "storage_gb_month",
    "db.r6g.large", "standard", "io_optimized", "curency",
]  # fmt: skip

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(WORDS),
    st.text(max_size=8),
    st.dates(),  # what YAML makes of 2026-01-05
)


def nested(leaves: st.SearchStrategy[Any], keys: list[str]) -> st.SearchStrategy[Any]:
    """Lists and mappings (keyed by `keys`) of `leaves`, a few levels deep."""
    return st.recursive(
        leaves,
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(keys), inner, max_size=5)
        ),
        max_leaves=20,
    )


values = nested(scalars, WORKLOAD_KEYS)
# any mapping of workload keys, and one that starts valid (so the rest is looked at)
documents = st.dictionaries(st.sampled_from(WORKLOAD_KEYS), values, max_size=8)
near_valid_documents = documents.map(lambda d: {"version": 1, "usage": {"constant": 1}, **d})
price_documents = st.dictionaries(
    st.sampled_from(PRICE_KEYS),
    nested(scalars | st.decimals(allow_nan=True, allow_infinity=True).map(str), PRICE_KEYS),
    max_size=8,
)
# Text built from YAML's punctuation, so the parser sees anchors, tags, flow and block forms.
yamlish = st.lists(
    st.sampled_from(
        [*WORKLOAD_KEYS, *WORDS, ": ", "\n", "  ", "\t", "- ", "{", "}", "[", "]", ",", "&a ",
         "*a", "!!int ", "!!float ", "!!binary ", "!!set ", "!!timestamp ", "? ", "|", ">",
         "'", '"', "#", "%YAML 1.1\n", "---\n", "...\n", "2025-13-45", "1", "0.5", "-1",
         "\ufeff", "\x00", "\\u0000"]
    ),
    max_size=40,
).map("".join)  # fmt: skip
