"""`kremlinlist dupes`: the likely duplicate persons of the whole dataset.

One person filed twice is counted twice on the list; pairs an editor ruled different people in
dupes.yaml are left out, and rulings about cases that no longer exist are reported so they do not
silently hide a future pair.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kremlinlist.base.problem import Problem
from kremlinlist.checks import duplicates


@dataclass
class Dupes:
    """The pairs found, the problems of dupes.yaml, and how many cases were compared."""

    pairs: list[duplicates.Pair]
    problems: list[Problem]
    cases: int


def find_dupes(root: Path) -> Dupes:
    decisions, problems = duplicates.load_decisions(root)
    persons = duplicates.profiles(root)
    problems += duplicates.stale_decisions(root, persons)
    return Dupes(duplicates.find(persons, decisions), problems, len(persons))
