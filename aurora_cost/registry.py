"""A table of named entries that plug-ins and tests extend at run time.

The charges (`charges`), the option kinds (`options`) and the input formats (trace and
infrastructure) are each one `Registry`: a read-only mapping from name to entry, in
registration order. `register` refuses a name already taken, `unregister` one never
registered; `registered(entry)` holds an entry for a block (the table is as before after
it) and `on_change` lets what is built from a table (the workload schema, the price-file
model) follow it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


class Registry(Mapping[str, T]):
    """Entries of one kind by name: `what` names the kind in messages ("trace format").

    `name_of(entry)` gives an entry's name (and may refuse the entry with ValueError);
    `check(entry, registry)` may refuse it for other reasons before it is added.
    """

    def __init__(
        self,
        what: str,
        name_of: Callable[[T], str],
        check: Callable[[T, Registry[T]], None] | None = None,
    ) -> None:
        self.what = what
        self._name_of = name_of
        self._check = check
        self._entries: dict[str, T] = {}
        self._listeners: list[Callable[[], None]] = []

    def __getitem__(self, name: str) -> T:
        if name not in self._entries:
            raise KeyError(self._unknown(name))
        return self._entries[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __repr__(self) -> str:
        return f"Registry({self.what!r}, {list(self._entries)})"

    def register(self, entry: T) -> None:
        """Add `entry`; its name must be new (ValueError names the kind and the name)."""
        name = self._name_of(entry)
        if name in self._entries:
            article = "an" if self.what[:1] in tuple("aeiou") else "a"
            raise ValueError(f"{article} {self.what} named {name!r} is already registered")
        if self._check is not None:
            self._check(entry, self)
        self._entries[name] = entry
        self._changed()

    def unregister(self, name: str) -> None:
        """Remove the entry named `name` (KeyError if there is none)."""
        if name not in self._entries:
            raise KeyError(self._unknown(name))
        del self._entries[name]
        self._changed()

    @contextmanager
    def registered(self, entry: T) -> Iterator[T]:
        """`entry` registered for the block (tests: the table is as before afterwards)."""
        self.register(entry)
        try:
            yield entry
        finally:
            self.unregister(self._name_of(entry))

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call `listener` now and whenever an entry is registered or unregistered."""
        self._listeners.append(listener)
        listener()

    def _unknown(self, name: str) -> str:
        return f"no {self.what} named {name!r} is registered"

    def _changed(self) -> None:
        for listener in self._listeners:
            listener()
