"""The one registry that charges, option kinds and input formats are tables of."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from aurora_cost import charges, options
from aurora_cost.demand.traces import formats as trace_formats
from aurora_cost.infra import formats as infra_formats
from aurora_cost.registry import Registry


@dataclass(frozen=True)
class Entry:
    name: str
    size: int = 0


def small_only(entry: Entry, registry: Registry[Entry]) -> None:
    if entry.size > 10:
        raise ValueError(f"{entry.name}: too big for {registry.what}s")


def table() -> Registry[Entry]:
    return Registry("option kind", lambda entry: entry.name, small_only)


def test_entries_keep_their_registration_order_and_are_read_as_a_mapping() -> None:
    entries = table()
    for name in ("b", "a", "c"):
        entries.register(Entry(name))
    assert list(entries) == ["b", "a", "c"]
    assert len(entries) == 3
    assert "a" in entries and "z" not in entries
    assert entries["a"] == Entry("a")
    assert entries.get("z") is None
    assert [e.name for e in entries.values()] == ["b", "a", "c"]


def test_a_name_is_registered_once_and_the_message_names_the_kind() -> None:
    entries = table()
    entries.register(Entry("x"))
    with pytest.raises(ValueError, match=r"^an option kind named 'x' is already registered$"):
        entries.register(Entry("x", 1))
    assert entries["x"] == Entry("x")  # the first stays


def test_an_unknown_name_says_what_is_not_registered() -> None:
    entries = Registry[Entry]("trace format", lambda entry: entry.name)
    with pytest.raises(KeyError, match="no trace format named 'nope' is registered"):
        entries["nope"]
    with pytest.raises(KeyError, match="no trace format named 'nope' is registered"):
        entries.unregister("nope")


def test_the_check_refuses_an_entry_before_it_is_added() -> None:
    entries = table()
    with pytest.raises(ValueError, match="big: too big for option kinds"):
        entries.register(Entry("big", 11))
    assert "big" not in entries


def test_registered_holds_an_entry_for_a_block_even_when_the_block_fails() -> None:
    entries = table()
    with entries.registered(Entry("x")) as entry:
        assert entries["x"] is entry
    assert "x" not in entries
    with pytest.raises(RuntimeError), entries.registered(Entry("y")):
        raise RuntimeError
    assert "y" not in entries


def test_listeners_are_called_at_once_and_on_every_change() -> None:
    entries = table()
    seen: list[list[str]] = []
    entries.on_change(lambda: seen.append(list(entries)))
    entries.register(Entry("x"))
    entries.unregister("x")
    with pytest.raises(ValueError):
        entries.register(Entry("big", 11))  # refused: no change, no call
    assert seen == [[], ["x"], []]


def test_each_table_of_the_code_is_a_registry_with_its_own_words() -> None:
    tables = (
        (charges.CHARGES, "charge"),
        (options.KINDS, "option kind"),
        (trace_formats.FORMATS, "trace format"),
        (infra_formats.FORMATS, "infrastructure format"),
    )
    for registry, what in tables:
        assert isinstance(registry, Registry)
        assert registry.what == what
    with pytest.raises(ValueError, match=r"^an infrastructure format named 'terraform' is"):
        infra_formats.FORMATS.register(infra_formats.FORMATS["terraform"])
    with pytest.raises(ValueError, match=r"^a trace format named 'csv' is already registered"):
        trace_formats.FORMATS.register(trace_formats.FORMATS["csv"])
    with pytest.raises(ValueError, match=r"^an option kind named 'provisioned' is already"):
        options.register_kind(options.ProvisionedOption)
