"""How alike two persons' names are, part by part and in any order: the scoring the duplicate
finder (checks/duplicates.py) applies to the folded names of a pair it compares."""

from __future__ import annotations

import difflib
import functools
import itertools
import math
from collections import Counter
from typing import NamedTuple

TOKEN_MIN = 0.75  # every matched name part must be at least this similar
# The distinct names of a person compared: scoring compares every name of one with every name of
# the other, so a file of 12,000 aliases made the hook's run take a minute.
MAX_NAMES = 50
# The name comparisons of one pair of persons at most (names_score): 50 names each made 2,500.
PAIR_COMPARISONS = 400


def _ratio(a: str, b: str) -> float:
    """difflib's similarity of two name parts where it can reach TOKEN_MIN; 0.0 where it
    cannot (below TOKEN_MIN the value is never used, only that it is below)."""
    if a == b:
        return 1.0
    return _ratio_sorted(a, b) if a < b else _ratio_sorted(b, a)


@functools.lru_cache(maxsize=200_000)
def _ratio_sorted(a: str, b: str) -> float:
    """`_ratio` of two different parts, kept whole: a pair of parts met again (the same given
    names in many files) costs a look-up, not a count of their letters again."""
    if 2 * min(len(a), len(b)) < TOKEN_MIN * (len(a) + len(b)):
        return 0.0  # too different in length to reach TOKEN_MIN
    if 2 * _shared_letters(a, b) < TOKEN_MIN * (len(a) + len(b)):
        return 0.0  # too few letters in common: difflib's matches are among them
    return difflib.SequenceMatcher(None, a, b).ratio()


@functools.lru_cache(maxsize=200_000)
def _letters(text: str) -> Counter:
    return Counter(text)


def _shared_letters(a: str, b: str) -> int:
    """How many letters two texts have in common, counted with repeats: no alignment of them
    matches more (difflib's `quick_ratio` bound, at a fraction of its cost)."""
    return sum((_letters(a) & _letters(b)).values())


def name_score(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """How alike two names are, in any order: the mean similarity of the best one-to-one pairing
    of their parts, or 0 if any paired part is unlike (extra parts such as a patronymic are free)."""
    if len(a) < 2 or len(b) < 2:
        return 0.0
    if a == b or sorted(a) == sorted(b):
        return 1.0
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    best = 0.0
    for perm in itertools.permutations(long_, len(short)):
        total = 0.0
        for x, y in zip(short, perm):
            r = _ratio(x, y)
            if r < TOKEN_MIN:
                break
            total += r
        else:
            best = max(best, total / len(short))
    return best


class Compared(NamedTuple):
    """The names of a person that scoring compares: its first MAX_NAMES (its own names come
    before its aliases), none of one part (which scores nothing); and each name's parts sorted,
    so that a name both persons have, in any order, is found without scoring."""

    names: tuple[tuple[str, ...], ...]
    orders: frozenset[tuple[str, ...]]


def compared(written: tuple[tuple[str, ...], ...]) -> Compared:
    names = tuple(name for name in written[:MAX_NAMES] if len(name) >= 2)
    return Compared(names, frozenset(tuple(sorted(name)) for name in names))


def names_score(a: Compared, b: Compared) -> float:
    """The best name_score of a name of one with a name of the other (of the first of each that
    `within` keeps): 1.0 at once for a name both have, and no further pair is tried after one
    reaches 1.0."""
    if not a.orders.isdisjoint(b.orders):
        return 1.0
    best = 0.0
    mine, theirs = within(len(a.names), len(b.names))
    for x in a.names[:mine]:
        for y in b.names[:theirs]:
            best = max(best, name_score(x, y))
            if best == 1.0:
                return best
    return best


def within(mine: int, theirs: int) -> tuple[int, int]:
    """How many of two persons' names (their own names first) are compared: all, unless that
    is more than PAIR_COMPARISONS name comparisons; then the longer list is cut first, and both
    to the same length if that is not enough (no real person has 20 names)."""
    if mine * theirs <= PAIR_COMPARISONS:
        return mine, theirs
    side = math.isqrt(PAIR_COMPARISONS)
    if min(mine, theirs) >= side:
        return side, side
    return (mine, PAIR_COMPARISONS // mine) if mine < theirs else (PAIR_COMPARISONS // theirs,
                                                                   theirs)
