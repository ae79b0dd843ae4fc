"""The one seam between work and a cache: the cache splits the keys into (known, to do) before
the work starts, and is told the results after. A cache may only skip work, so a consumer never
asks whether it has one: without a cache it is given `NullSeam`, which knows nothing."""

from __future__ import annotations

from typing import Generic, Iterable, Protocol, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Seam(Protocol[K, V]):
    def split(self, keys: Iterable[K]) -> tuple[dict[K, V], list[K]]:
        """(what is known of `keys`, the keys left to do, in their order)."""
        ...

    def put(self, key: K, value: V) -> None:
        """Offer a result; the cache decides whether it may keep it."""
        ...

    def save(self) -> None:
        ...


class NullSeam(Generic[K, V]):
    """A cache that knows nothing and keeps nothing: every key is work to do."""

    def split(self, keys: Iterable[K]) -> tuple[dict[K, V], list[K]]:
        return {}, list(keys)

    def put(self, key: K, value: V) -> None:
        pass

    def save(self) -> None:
        pass
