"""yamlio builds plain documents straight from their nodes (the price files are large): the
result must be what PyYAML's safe loader builds, for every document, and unusual documents
(aliases, merge keys, other tags) go the standard way."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from aurora_cost.errors import InputError
from aurora_cost.yamlio import parse_yaml
from tests.fixture_prices import BUNDLED_PRICES, FIXTURE_PRICES

PATH = Path("doc.yaml")


def safe_load(text: str) -> object:
    """PyYAML's safe loader on libyaml's parser, as aurora-cost reads YAML."""
    return yaml.load(text, Loader=yaml.CSafeLoader)


SCALARS = [
    "0.26", "-0.5", "1e3", "1.0e+3", "017", "0x1f", "1_000", "1:30", ".inf", "-.inf", ".nan",
    "yes", "No", "on", "true", "~", "null", "", "2025-06-17", "2025-06-17T10:00:00Z", "'0.1'",
    '"x: y"', "db.r6g.large", "09:00", "-", "12", "-0", "0", "+3", "3.", ".5",
]  # fmt: skip


@pytest.mark.parametrize("value", SCALARS)
def test_every_scalar_form_reads_as_the_safe_loader_reads_it(value: str) -> None:
    for text in (f"a: {value}\n", f"[{value}]\n" if value else "[]\n", f"{{k: {value}}}\n"):
        try:
            expected = safe_load(text)
        except yaml.YAMLError:
            with pytest.raises(InputError, match="malformed YAML"):
                parse_yaml(text, PATH)
            continue
        assert parse_yaml(text, PATH) == expected, text


_plain_text = st.text(
    alphabet=st.sampled_from(list("abz019.-_:+ eE")), min_size=1, max_size=8
).filter(lambda t: t == t.strip() and not t.startswith(("-", ":")) and ": " not in t)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(_plain_text, st.lists(_plain_text, max_size=3) | _plain_text, max_size=6))
def test_random_documents_read_as_the_safe_loader_reads_them(doc: dict[str, object]) -> None:
    lines = []
    for key, value in doc.items():
        shown = "[" + ", ".join(value) + "]" if isinstance(value, list) else value
        lines.append(f"'{key}': {shown}")
    text = "\n".join(lines) + "\n"
    try:
        expected = safe_load(text)
    except yaml.YAMLError:
        with pytest.raises(InputError, match="malformed YAML"):
            parse_yaml(text, PATH)
        return
    except ValueError:  # a scalar PyYAML resolves but cannot build (both paths refuse it)
        with pytest.raises(InputError):
            parse_yaml(text, PATH)
        return
    assert parse_yaml(text, PATH) == expected


def test_aliases_merge_keys_and_other_tags_are_built_the_standard_way() -> None:
    text = "base: &b {x: 1, y: [1, 2]}\nother: *b\nmerged: {<<: *b, x: 3}\ns: !!set {a, b}\n"
    assert parse_yaml(text, PATH) == safe_load(text)


def test_a_duplicate_key_is_found_on_the_fast_path_too() -> None:
    with pytest.raises(InputError, match=r"line 2: duplicate key 'a' \(first at line 1\)"):
        parse_yaml("a: 1\na: 2\n", PATH)


def test_every_fixture_and_bundled_price_file_reads_as_the_safe_loader_reads_it() -> None:
    for path in [*FIXTURE_PRICES.glob("*.yaml"), *BUNDLED_PRICES.glob("*.yaml")]:
        text = path.read_text(encoding="utf-8")
        assert parse_yaml(text, path) == safe_load(text), path
