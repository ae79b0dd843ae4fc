"""`kremlinlist dupes`: the likely duplicate persons of the whole dataset.

One person filed twice is counted twice on the list; pairs an editor ruled different people in
dupes.yaml are left out, and rulings about cases that no longer exist are reported so they do not
silently hide a future pair.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kremlinlist.app.validate import case_caches
from kremlinlist.base.problem import Problem
from kremlinlist.checks import duplicates
from kremlinlist.files import loader


@dataclass
class Dupes:
    """The pairs found, the problems of dupes.yaml, and how many cases were compared."""

    pairs: list[duplicates.Pair]
    problems: list[Problem]
    cases: int


def find_dupes(root: Path) -> Dupes:
    decisions, problems = duplicates.load_decisions(root)
    persons = case_profiles(Path(root))
    problems += duplicates.stale_decisions(root, persons)
    return Dupes(duplicates.find(persons, decisions), problems, len(persons))


def case_profiles(root: Path) -> list[duplicates.CaseProfile]:
    """Every case file that parses, as the duplicate finder compares it (duplicates.profiles):
    a clean public person's from the caches `validate` keeps, where they know the file (by its
    status or blob id; its folded names in persons.tsv), every other file read and parsed. The
    caches are only read: which files are clean only `validate` can say."""
    rels, _ = loader.list_yaml(root, loader.CASES_DIR)
    read: dict[str, tuple[bytes, str | None]] = {}  # what the seam read to hash, parsed below
    clean, persons, _keepable, _vouched = case_caches(root, os.fspath(root), True, read,
                                                      lambda rel: None, None, None)
    known, _ = clean.split(rels)
    stored, _ = persons.split([blob for blob, _summary in known.values()])
    made = {}
    for rel, (blob, summary) in known.items():
        if blob in stored:
            try:
                made[rel] = duplicates.stored_profile(rel, summary, stored[blob])
            except ValueError:  # a date that does not exist (a forged cache): parsed below
                pass
    items = []
    for rel in rels:
        if rel in made:
            continue
        try:
            items.append((rel, read[rel][0] if rel in read else loader.read_file(root, rel)))
        except loader.FileRefused:
            continue
    parsed = {p.rel: p for p in duplicates.profiles_of(items)}
    return [p for rel in rels if (p := made.get(rel) or parsed.get(rel)) is not None]
