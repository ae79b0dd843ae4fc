"""The `likely-duplicate` warnings of a run on some files (`validate PATH`, `--changed-since`,
`--staged`): the persons of the files asked about, compared with those of every other file, each
made from the persons' cache, the run's own checks or the file, whichever costs least."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Callable

from kremlinlist.base import parallel
from kremlinlist.base.problem import Problem
from kremlinlist.caches.persons import Person, sharing as persons_sharing
from kremlinlist.caches.seam import Seam
from kremlinlist.checks import duplicates as dupes
from kremlinlist.checks.engine import FileResult, summary_only
from kremlinlist.files import loader
from kremlinlist.model.names import parts_in_text


def likely_duplicates(root: Path, selected: set[str], results: list[FileResult],
                      persons: Seam, people: dict[str, dupes.CaseProfile],
                      keepable: Callable[[str], bool],
                      spared: dict[str, tuple[bytes, str | None]],
                      held: frozenset[str] | None = None) -> list[Problem]:
    """Duplicate persons, only for the files being added or changed: a ratchet, so old pairs do
    not fail every pull request and a plain `validate` stays fast. `people` holds the persons
    already made (of the files checked this run); those of known clean files come folded from
    `persons`, the rest are parsed again. Only a person sharing a name part with an asked file's
    can be compared with it (dupes.block_parts), so only those are made into profiles. A file
    whose person `persons` lacks is parsed again: one it may keep (a clean public person's) to
    fill it, any other (a withheld person's) only if its text holds such a part. `held`: with
    `--staged`, the files git's index holds; a dupes.yaml it lacks rules out no pair."""
    people = dict(people)
    for r in results:
        if r.rel not in people and r.summary and "person" in r.summary:
            people[r.rel] = person_of(r.rel, r.summary)  # a summary read this run
    cached = [r for r in results if r.rel not in people and r.summary and r.blob]
    stored, _ = persons.split([r.blob for r in cached])
    missing = [r for r in cached if r.blob not in stored]
    folder = os.fspath(root)

    def keep(rows: list[FileResult], made: list[dupes.CaseProfile | None]) -> None:
        for r, person in zip(rows, made):
            if person is not None:
                people[r.rel] = person
                if not person.withheld:  # never kept, even if a forged index says it is clean
                    persons.put(r.blob, dupes.stored_person(person))  # type: ignore[arg-type]

    # The asked files' persons first: the name parts they block by decide which others to make
    asked = [r for r in missing if r.rel in selected]
    def items(rows: list[FileResult]) -> list[tuple[str, tuple[bytes, str | None] | None]]:
        return [(r.rel, spared.get(r.rel)) for r in rows]  # bytes the cache read, if it did

    keep(asked, parallel.spread(functools.partial(person_at, folder), items(asked)))
    for r in cached:
        if r.rel in selected and r.blob in stored:
            people[r.rel] = _stored_or_parsed(folder, r, stored[r.blob],  # type: ignore[index]
                                              spared)
    parts: set[str] = set()
    for rel in selected:
        if (mine := people.get(rel)) is not None:
            parts |= dupes.block_parts(mine.names)
    filling = [r for r in missing if r.rel not in selected and keepable(r.blob)]
    keep(filling, parallel.spread(functools.partial(person_at, folder), items(filling)))
    others = [r for r in missing if r.rel not in selected and not keepable(r.blob)] if parts else []
    # read and looked through here (a fork cost more than the look); only the few whose text
    # shares a part are parsed, on every core when there are enough of them
    looked_for = frozenset(parts)
    sharing = [(r, data) for r in others
               if (data := _sharing(folder, looked_for, r.rel, spared)) is not None]
    keep([r for r, _ in sharing], parallel.spread(functools.partial(person_at, folder), [
        (r.rel, (data, None)) for r, data in sharing]))
    maybe = persons_sharing(stored, parts)  # found in the stored text, decoded only here
    for r in cached:
        if r.blob in maybe and r.rel not in people and shares_part(
                parts, (fields := stored[r.blob])[0]):  # type: ignore[index]
            people[r.rel] = _stored_or_parsed(folder, r, fields, spared)
    return dupes.ratchet(root, selected, people=[p for r in results
                                                 if (p := people.get(r.rel)) is not None],
                         held=held)


def _stored_or_parsed(folder: str, r: FileResult, fields: Person,
                      spared: dict[str, tuple[bytes, str | None]]) -> dupes.CaseProfile | None:
    """A clean file's person from the persons' cache, or parsed from the file when a stored date
    does not exist (a damaged or forged cache: only time is lost)."""
    try:
        return dupes.stored_profile(r.rel, r.summary, fields)
    except ValueError:
        return person_at(folder, (r.rel, spared.get(r.rel)))


def shares_part(parts: set[str], names: tuple[tuple[str, ...], ...]) -> bool:
    """`not parts.isdisjoint(dupes.block_parts(names))` without a set per person (9,000 of them):
    `parts` holds only parts long enough to block by, so a shorter one can never be in it."""
    return any(len(name) >= 2 and not parts.isdisjoint(name) for name in names)


def person_of(rel: str, summary: dict) -> dupes.CaseProfile | None:
    """The duplicate finder's view of a file's summary (its raw `person` fields folded)."""
    person = summary.get("person")
    if not isinstance(person, dict):
        return None
    return dupes.profile(rel, {**person, "id": summary.get("id"),
                               "former_ids": summary.get("former_ids")})


def summary_at(folder: str, item: tuple[str, tuple[bytes, str | None] | None]) -> FileResult:
    """A file not selected: only what the checks across files need (its problems are not
    ours; a refused one reports its refusal, which only its own selection shows)."""
    rel, got = item
    try:
        data = got[0] if got is not None else loader.read_file(Path(folder), rel)
    except loader.FileRefused as exc:
        return FileResult(rel, None, loader.refused(rel, exc).problems, {})
    return summary_only((rel, data))


def person_at(folder: str, item: tuple[str, tuple[bytes, str | None] | None]
               ) -> dupes.CaseProfile | None:
    """A file's person, of the bytes given or read here."""
    r = summary_at(folder, item)
    return person_of(item[0], r.summary) if r.summary else None


def _sharing(folder: str, parts: frozenset[str], rel: str,
             spared: dict[str, tuple[bytes, str | None]]) -> bytes | None:
    """The bytes of the file `rel` (those the cache read, or read here) if its person may share
    one of `parts`, else None, without parsing: a name written without escapes stands in the
    text, so its parts are among the text's (names.parts_in_text), and a person sharing none of
    `parts` is never compared with an asked file. A file that cannot be read has no person."""
    got = spared.get(rel)
    try:
        data = got[0] if got is not None else loader.read_file(Path(folder), rel)
    except loader.FileRefused:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data  # parsed, which says what such a file holds
    if "\\" not in text and parts.isdisjoint(parts_in_text(text)):
        return None
    return data
