"""The dataset as it was at a commit: case files read from what `GitClient` gives, never from a
checkout.

A snapshot maps case id -> case. Moving a snapshot from one commit to another diffs the two trees and
loads only the blobs that changed, so the cost of a month follows that month's changes. Snapshots
whose files all loaded are kept in the snapshot store (`caches/snapshots.py`).
"""

from __future__ import annotations

import functools
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from kremlinlist.base import parallel
from kremlinlist.base.parallel import fork_map
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.i18n import _
from kremlinlist.base.problem import Problem
from kremlinlist.caches import snapshots as snapcache
from kremlinlist.files import loader
from kremlinlist.history.git import FileChange, GitClient
from kremlinlist.history.worktree import working_tree_cases
from kremlinlist.model.case import Case, Config


PARSE_BATCH = 4000  # files read and parsed at once: ~12 MB of YAML, some seconds of work


class SnapshotFile:
    """One file of a snapshot. `lite` is what the list and the counts read; the full `case` is
    built on first use (from git when the entry came from the snapshot cache), and kept unless
    `keep` is false (a walk over every month would otherwise hold each changed file's case)."""

    __slots__ = ("rel", "blob", "lite", "_case", "_load", "_keep")

    def __init__(self, rel: str, blob: str, case: Case | None, lite=None, load=None,
                 keep: bool = True):
        self.rel = rel  # dataset-relative path, e.g. cases/petrenko-ivan.yaml
        self.blob = blob  # "<sha>:<mode>" as the tree diff gives it
        self._case, self._load, self._keep = case, load, keep
        if lite is None and case is not None:
            lite = snapcache.lite(snapcache.record(case), {})
        self.lite = lite  # None when the file did not load

    @property
    def case(self) -> Case | None:
        if self._load is not None:
            if not self._keep:
                return self._load()
            self._case, self._load = self._load(), None
        return self._case


@dataclass
class Snapshot:
    """The cases at one commit (`commit` None: before the first commit, an empty dataset)."""

    commit: str | None
    files: dict[str, SnapshotFile] = field(default_factory=dict)  # rel -> entry
    problems: dict[str, list[Problem]] = field(default_factory=dict)  # rel -> load problems
    records: dict[str, list] = field(default_factory=dict)  # blob -> cache record, to reuse

    @property
    def cases(self) -> dict[str, Case]:
        return {e.lite.id: e.case for e in self.files.values() if e.lite is not None}

    def case_at(self, rel: str) -> Case | None:
        e = self.files.get(rel)
        return e.case if e else None

    def copy(self) -> "Snapshot":
        return Snapshot(self.commit, dict(self.files), dict(self.problems), self.records)


class Snapshots:
    """Snapshots of one repository's dataset, built from what its `GitClient` reads."""

    def __init__(self, git: GitClient, store: snapcache.SnapshotStore | None = None,
                 walking: bool = False, counting: bool = False):
        self.git = git
        self.store = store or snapcache.SnapshotStore(git.root, git.prefix)
        # A walk over every month holds one month's cases, not every record it met: a record is
        # dropped once its entry is built (the entry holds its LiteCase), so a walking snapshot
        # is stored only when `snapshot` builds it. Counting (the chart's walk) also parses only
        # what the counts read (`snapcache.counted`) and stores nothing.
        self.walking = walking or counting
        self.counting = counting
        # Entries of other snapshots by (path, blob), reused instead of rebuilt from their records
        self.shared: dict[tuple[str, str], SnapshotFile] = {}

    def load(self, rel: str, blob_and_mode: str,
             data: tuple[bytes | None, list[Problem]] | None = None) -> tuple[SnapshotFile,
                                                                             list[Problem]]:
        raw, problems = data if data is not None else self.git.read_blob(rel, blob_and_mode)
        if raw is None:
            return SnapshotFile(rel, blob_and_mode, None), problems
        loaded = loader.load_bytes(rel, raw, "case")
        return SnapshotFile(rel, blob_and_mode, loaded.model), loaded.problems  # type: ignore[arg-type]

    def _full(self, rel: str, blob_and_mode: str) -> Case | None:
        return self.load(rel, blob_and_mode)[0].case

    def _cached(self, rel: str, blob: str, rec: list, dates: dict) -> SnapshotFile:
        shared = self.shared.get((rel, blob))
        if shared is not None:
            return shared
        return SnapshotFile(rel, blob, None, lite=snapcache.lite(rec, dates),
                            load=lambda: self._full(rel, blob), keep=not self.walking)

    def _load_many(self, items: list[tuple[str, str]], store: snapcache.Records
                   ) -> tuple[dict[str, SnapshotFile], dict[str, list[Problem]]]:
        """Entries for (rel, blob) pairs: from the records `store` knows, else read in one batch
        and parsed (on both cores when many); each clean file's record is put into `store`."""
        entries: dict[str, SnapshotFile] = {}
        problems: dict[str, list[Problem]] = {}
        dates: dict = {}
        known, _ = store.split(items)
        damaged = set()
        for key, rec in known.items():
            rel, blob = key
            try:
                entries[rel] = self._cached(rel, blob, rec, dates)
            except (TypeError, ValueError, IndexError, AttributeError, KeyError):
                damaged.add(key)  # a damaged record: parse the file instead
                continue
            store.put(key, rec)
        todo = [key for key in items if key not in known or key in damaged]
        if not todo:
            return entries, problems
        if len(todo) >= parallel.PARALLEL_FROM and parallel.cores() > 1:
            for (rel, blob), (rec, found) in zip(todo, self._parse(todo)):
                if rec is None:
                    entries[rel] = SnapshotFile(rel, blob, None)
                else:
                    entries[rel] = self._cached(rel, blob, rec, dates)
                if found:
                    problems[rel] = found
                elif rec is not None and not self.counting:  # counting keeps no record
                    store.put((rel, blob), rec)
            return entries, problems
        blobs = self.git.read_blobs(todo)  # parsed here, so that each entry keeps its full case
        for rel, blob in todo:
            entry, found = self.load(rel, blob, blobs[rel])
            if found:
                problems[rel] = found
            elif entry._case is not None:
                store.put((rel, blob), snapcache.record(entry._case))
            if self.walking and entry.lite is not None:  # its lite only; the case on demand
                entry = SnapshotFile(rel, blob, None, lite=entry.lite,
                                     load=functools.partial(self._full, rel, blob), keep=False)
            entries[rel] = entry
        return entries, problems

    def _parse(self, items: list[tuple[str, str]]) -> Iterator[tuple[list | None,
                                                                    list[Problem]]]:
        """(record or None, load problems) of each (path, blob), in order, read in batches and
        parsed on every core when there are many: a batch's bytes, and its records once the
        caller let them go, are freed before the next batch is read (at 50,000 files, all of
        them at once are hundreds of megabytes)."""
        for start in range(0, len(items), PARSE_BATCH):
            batch = items[start:start + PARSE_BATCH]
            blobs = self.git.read_blobs(batch)
            yield from fork_map(_parse_counted if self.counting else _parse_one,
                                [(rel, blobs.pop(rel)) for rel, _ in batch])

    def preload(self, snap: Snapshot, steps: list[tuple[str | None, str]]) -> None:
        """Parse, in one batch on every core, the files that advancing `snap` through `steps`
        (pairs of commits) will need, into its records: a walk over many months then parses
        nothing one by one. A step that changes many files is left to `advance`, which parses
        it on every core too, without holding all of its records at once."""
        rounds: list[list[tuple[str, str]]] = []  # a path at most once a round: blobs are
        seen, times = set(snap.records), {}       # read by path
        for old, new in steps:
            step = self.git.changed_files(old, new)
            if (sum(ch.new_blob is not None for ch in step) >= parallel.PARALLEL_FROM
                    and parallel.cores() > 1):
                continue
            for ch in step:
                sha = (ch.new_blob or "").partition(":")[0]
                if sha and sha not in seen:
                    seen.add(sha)
                    k = times[ch.rel] = times.get(ch.rel, -1) + 1
                    if k == len(rounds):
                        rounds.append([])
                    rounds[k].append((ch.rel, ch.new_blob))  # type: ignore[arg-type]
        if rounds:  # records only: the walk builds the entries it meets
            records = dict(snap.records)
            for items in rounds:
                records.update((blob.partition(":")[0], rec) for (_, blob), (rec, found)
                               in zip(items, self._parse(items)) if rec is not None and not found)
            snap.records = records

    def advance(self, snap: Snapshot, commit: str | None) -> tuple[Snapshot, list[FileChange]]:
        """The snapshot at `commit`, from `snap` plus the blobs that changed in between."""
        changes = self.git.changed_files(snap.commit, commit)
        new = snap.copy()
        new.commit = commit
        new.records = dict(snap.records)
        entries, problems = self._load_many([(ch.rel, ch.new_blob) for ch in changes
                                             if ch.new_blob],
                                            snapcache.Records(snap.records, new.records))
        for ch in changes:
            new.files.pop(ch.rel, None)
            new.problems.pop(ch.rel, None)
        new.files.update(entries)
        new.problems.update(problems)
        if self.walking:
            for e in entries.values():
                new.records.pop(e.blob.partition(":")[0], None)
        return new, changes

    def has_snapshot(self, commit: str) -> bool:
        """Whether the snapshot cache holds a snapshot of `commit` (which may still be stale)."""
        return self.store.holds(commit)

    def snapshot(self, commit: str | None, known: dict[str, list] | None = None,
                 listing: list[FileChange] | None = None) -> Snapshot:
        """The snapshot at `commit`. The file list always comes from git (`listing`, if the
        caller has it already); a file's case comes from `known` records (blob id -> record) or
        the snapshot cache when its blob id is there, so a stale or foreign cache file can only
        cost time. A snapshot whose files all loaded cleanly is written back."""
        if commit is None:
            return Snapshot(None)
        files, near = self.store.split([commit])[0].get(commit, ({}, {}))
        known = {**near, **dict(files.values()), **(known or {})}
        changes = listing if listing is not None else self.git.changed_files(None, commit)
        records: dict[str, list] = {}
        entries, problems = self._load_many([(ch.rel, ch.new_blob) for ch in changes
                                             if ch.new_blob], snapcache.Records(known, records))
        snap = Snapshot(commit, entries, problems, records)
        snap.records.update(near)
        if not problems:
            self.keep(snap, near)
        if self.walking:
            snap.records = {}
        return snap

    def keep(self, snap: Snapshot, near: dict[str, list] | None = None) -> None:
        """Store `snap` (all of whose files loaded cleanly) in the snapshot cache, with `near`:
        records of other blobs to reuse next time (the previous month's changed files)."""
        if snap.commit is None or snap.problems or self.counting:
            return
        files = {}
        public: set[str] = set()  # ids and former ids of the people public at this commit
        for rel, e in snap.files.items():
            sha = e.blob.partition(":")[0]
            rec = snap.records.get(sha)
            if rec is None:
                return
            if snapcache.storable(rec):  # a withheld person's file stays one to read again
                files[rel] = [sha, rec]
                public |= snapcache.ids_of(rec)
        # Another month's record is kept with this snapshot only for a person public at this
        # commit: one withheld since (under a new id, or deleted) is held only by the snapshot of
        # a commit where they were public
        kept = {sha for sha, _rec in files.values()}
        near = {sha: rec for sha, rec in (near or {}).items()
                if snapcache.storable(rec) and sha not in kept and snapcache.ids_of(rec) & public}
        self.store.put(snap.commit, (files, near))  # written unless it is what was read

    def keep_near(self, snap: Snapshot, other: Snapshot) -> None:
        """Remember, with `snap`, the records of `other`'s files that differ from it."""
        mine = {e.blob.partition(":")[0] for e in snap.files.values()}
        near = {}
        for e in other.files.values():
            sha = e.blob.partition(":")[0]
            if sha not in mine and sha in other.records:
                near[sha] = other.records[sha]
        self.keep(snap, near)


def config_at(git: GitClient, commit: str) -> Config:
    """kremlinlist.yaml at `commit` (its defaults where there is none). One that does not
    load is refused, never read as the defaults: a month ending in another time zone, a
    private repository taken for a public one."""
    data = git.blob_bytes(commit, loader.CONFIG_FILE)
    if data is None and git.entries.get(commit, loader.CONFIG_FILE) is None:
        return Config()
    # there but not read (a link, a submodule, a file too large) does not load either
    loaded = loader.load_bytes(loader.CONFIG_FILE, data, "config") if data is not None else None
    if loaded is None or loaded.model is None:
        raise KremlinlistError("config-invalid", _(
            "kremlinlist.yaml does not load at commit {commit} (or is a link or too large), so "
            "its settings are not known: correct it in a new commit").format(
                commit=commit[:12]), problems=loaded.problems if loaded else ())
    return loaded.model  # type: ignore[return-value]


def _parse_one(item: tuple[str, tuple[bytes | None, list[Problem]]]) -> tuple[list | None,
                                                                              list[Problem]]:
    rel, (raw, problems) = item
    if raw is None:
        return None, problems
    loaded = loader.load_bytes(rel, raw, "case")
    model = loaded.model
    return (snapcache.record(model) if model is not None else None), loaded.problems


def _parse_counted(item: tuple[str, tuple[bytes | None, list[Problem]]]
                   ) -> tuple[list | None, list[Problem]]:
    rec, problems = _parse_one(item)
    return (snapcache.counted(rec) if rec is not None else None), problems


def list_cases(root: Path | str, rev: str | None = None,
               git: GitClient | None = None) -> tuple[list, list[Problem]]:
    """The cases the list is built from: at `rev` from git, or (None) the files on disk; with the
    problems of files that did not load, which make such a list incomplete. `git`, the caller's
    client of the same repository, spares starting another."""
    if rev is None:
        return working_tree_cases(root)
    if git is None:
        with closing(GitClient(root)) as own:
            return list_cases(root, rev, own)
    commit = git.resolve(rev)
    unread = git.entry_problems(commit, loader.CASES_DIR)  # as list_yaml's on disk
    snap = Snapshots(git).snapshot(commit)
    return cases_of(snap), unread + [p for ps in snap.problems.values() for p in ps]


def cases_of(snap: Snapshot) -> list:
    """The snapshot's cases as LiteCases: what the list reads."""
    return [e.lite for e in snap.files.values() if e.lite is not None]
