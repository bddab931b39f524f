"""The usage-key matcher (`infra/address_pattern`): the same answers as a set-of-states
matcher that is plainly right, on any key and address, and linear time on hostile keys."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from aurora_cost.infra.address_pattern import AddressPattern

_STOP = frozenset('.[]"')


def states_match(key: str, address: str) -> bool:
    """The reference: the key as a list of items run as a set of states (slow, plain).
    A `*` is one or more characters other than . [ ] "; `[*]` is [ one or more non-] ]."""
    items: list[tuple[str, str]] = []  # (kind, value): lit c / one S / more S
    rest = key
    while rest:
        if rest.startswith("[*]"):
            items += [("lit", "["), ("one", "]"), ("more", "]"), ("lit", "]")]
            rest = rest[3:]
        elif rest[0] == "*":
            if not (items and items[-1] == ("more", ".")):
                items += [("one", "."), ("more", ".")]
            rest = rest[1:]
        else:
            items.append(("lit", rest[0]))
            rest = rest[1:]

    def allowed(stop: str, char: str) -> bool:
        return char not in _STOP if stop == "." else char != "]"

    def closure(states: set[int]) -> set[int]:
        out = set(states)
        for i in states:
            j = i
            while j < len(items) and items[j][0] == "more":
                j += 1
                out.add(j)
        return out

    states = closure({0})
    for char in address:
        following: set[int] = set()
        for i in states:
            if i >= len(items):
                continue
            kind, value = items[i]
            if kind == "lit":
                if value == char:
                    following.add(i + 1)
            elif allowed(value, char):
                following.add(i if kind == "more" else i + 1)
        states = closure(following)
    return len(items) in states


ALPHABET = 'ab.[]"*x'
keys = st.text(alphabet=ALPHABET + "*", max_size=12) | st.lists(
    st.sampled_from(["*", "[*]", "a", "ab", ".", '["', '"]', "[", "]", "x", "b"]), max_size=8
).map("".join)
addresses = st.text(alphabet='ab.[]"x', max_size=14)


@settings(max_examples=1000, deadline=None)
@given(key=keys, address=addresses)
def test_the_matcher_agrees_with_the_reference(key: str, address: str) -> None:
    assert AddressPattern(key).match(address) == states_match(key, address), (key, address)


@settings(max_examples=300, deadline=None)
@given(key=keys, data=st.data())
def test_an_address_built_from_the_key_matches(key: str, data: st.DataObject) -> None:
    """Each * replaced by a name, each [*] by an index: it matches."""
    address = key.replace("[*]", '["k.1"]')
    while "**" in address:
        address = address.replace("**", "*")
    address = address.replace("*", data.draw(st.text(alphabet="abx-_", min_size=1, max_size=4)))
    assert AddressPattern(key).match(address) == states_match(key, address)


def test_real_keys() -> None:
    tenant = AddressPattern('module.tenant["*"].aws_rds_cluster.this')
    assert tenant.match('module.tenant["acme"].aws_rds_cluster.this')
    assert not tenant.match('module.tenant["a.b"].aws_rds_cluster.this')  # * stops at .
    assert not tenant.match('module.tenant[""].aws_rds_cluster.this')  # one or more
    assert AddressPattern("aws_rds_cluster.x[*]").match('aws_rds_cluster.x["a.b"]')
    assert AddressPattern("module.*.aws_rds_cluster.*").match("module.x.aws_rds_cluster.y")
    assert AddressPattern("**.orders").match("aws_rds_cluster.orders")  # a run of * is one *
    assert AddressPattern("*-db-*").match("aws_rds_cluster.x") is False
    assert AddressPattern("aws_rds_cluster.*-db-*").match("aws_rds_cluster.a-db-b-db-c")
    assert not AddressPattern("aws_rds_cluster.x").match("aws_rds_cluster.xx")  # exact


def test_hostile_keys_stay_linear() -> None:
    # Each would never return from a backtracking expression; here: a few steps per char.
    assert not AddressPattern("*a" * 120 + "*b").match("a" * 5000)
    assert not AddressPattern("*a*a*a*a*a*a*a*a*a*a*.b").match("a" * 20000 + ".c")
    assert AddressPattern("*a" * 50 + "*").match("a" * 20000)
