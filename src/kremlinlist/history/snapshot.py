"""The dataset as it was at a commit, read from git's object database, never from a checkout.

A snapshot maps case id -> case. Moving a snapshot from one commit to another diffs the two trees and
loads only the blobs that changed, so the cost of a month follows that month's changes. Months end
at the first instant of the next month in the dataset's time zone, on the first-parent chain, by
committer date: a merged pull request counts when it landed.
"""

from __future__ import annotations

import calendar
import hashlib
import subprocess
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Iterable

from kremlinlist.files import loader
from kremlinlist.base import parallel
from kremlinlist.caches import snapshots as snapcache
from kremlinlist.model.case import Case, Config
from kremlinlist.base.parallel import fork_map
from kremlinlist.base.problem import Problem
from kremlinlist.base.gc import paused_gc
from kremlinlist.base.errors import KremlinlistError

SYMLINK_MODE = "120000"
BATCH_FROM = 8  # blobs to read before one `git cat-file --batch` beats a round trip each


def missing_object() -> KremlinlistError:
    return KremlinlistError("missing-object", "a file's contents are missing from this clone (a "
                            "partial or shallow clone?); run `git fetch --unshallow` or clone the "
                            "repository in full", usage=True)


class SnapshotFile:
    """One file of a snapshot. `lite` is what the list and the counts read; the full `case` is
    built on first use (from git when the entry came from the snapshot cache)."""

    __slots__ = ("rel", "blob", "lite", "_case", "_load")

    def __init__(self, rel: str, blob: str, case: Case | None, lite=None, load=None):
        self.rel = rel  # dataset-relative path, e.g. cases/petrenko-ivan.yaml
        self.blob = blob  # "<sha>:<mode>" as the tree diff gives it
        self._case, self._load = case, load
        if lite is None and case is not None:
            lite = snapcache.lite(snapcache.record(case), {})
        self.lite = lite  # None when the file did not load

    @property
    def case(self) -> Case | None:
        if self._load is not None:
            self._case, self._load = self._load(), None
        return self._case


@dataclass
class Snapshot:
    """The cases at one commit (`commit` None: before the first commit, an empty dataset)."""

    commit: str | None
    files: dict[str, SnapshotFile] = field(default_factory=dict)  # rel -> entry
    problems: dict[str, list[Problem]] = field(default_factory=dict)  # rel -> load problems
    records: dict[str, list] = field(default_factory=dict)  # blob -> cache record, to reuse
    stored: tuple | None = None  # (files, near) as read from the snapshot cache

    @property
    def cases(self) -> dict[str, Case]:
        return {e.lite.id: e.case for e in self.files.values() if e.lite is not None}

    def case_at(self, rel: str) -> Case | None:
        e = self.files.get(rel)
        return e.case if e else None

    def copy(self) -> "Snapshot":
        return Snapshot(self.commit, dict(self.files), dict(self.problems), self.records)


@dataclass(frozen=True)
class FileChange:
    rel: str
    old_blob: str | None
    new_blob: str | None


class History:
    """One repository and the dataset folder inside it."""

    def __init__(self, root: Path | str):
        import git

        self.root = Path(root).resolve()
        try:
            self.repo = git.Repo(self.root, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise KremlinlistError("not-a-git-repository",
                                   f"{root} is not inside a git repository; history needs one "
                                   "(run `git init` and commit the dataset, or pass --root)",
                                   usage=True) from None
        self._diffs: dict[tuple[str, str, str], list[FileChange]] = {}  # tree diffs, by commits
        self._empty_tree: str | None = None
        # Entries of other snapshots by (path, blob), reused instead of rebuilt from their records
        self.shared: dict[tuple[str, str], SnapshotFile] = {}
        if self.repo.bare or self.repo.working_tree_dir is None:
            self.prefix = ""
        else:
            rel = self.root.relative_to(Path(self.repo.working_tree_dir).resolve()).as_posix()
            self.prefix = "" if rel == "." else rel + "/"

    # -- revisions ---------------------------------------------------------------------------
    def _git(self, *args: str) -> str:
        import git

        try:
            return self.repo.git.execute(["git", *args], strip_newline_in_stdout=False)
        except git.GitCommandError as exc:
            raise KremlinlistError("git-failed", f"git {args[0]} failed (exit {exc.status})",
                                   usage=True) from None

    def _git_bytes(self, *args: str, stdin: bytes = b"") -> bytes:
        """git's output as bytes, for output that holds file names: they need not be UTF-8."""
        try:
            return subprocess.run(["git", "--git-dir", self.repo.git_dir, *args], input=stdin,
                                  capture_output=True, check=True).stdout
        except (OSError, subprocess.CalledProcessError) as exc:
            status = getattr(exc, "returncode", None)
            raise KremlinlistError("git-failed", f"git {args[0]} failed (exit {status})",
                                   usage=True) from None

    @property
    def empty_tree(self) -> str:
        """The id of the empty tree in this repository's object format (SHA-1 or SHA-256)."""
        if self._empty_tree is None:
            self._empty_tree = self._git_bytes("hash-object", "-t", "tree", "--stdin").decode(
                "ascii").strip()
        return self._empty_tree

    def check_not_shallow(self) -> None:
        if self._git("rev-parse", "--is-shallow-repository").strip() == "true":
            raise KremlinlistError("shallow-clone",
                                   "this is a shallow clone, so the history of earlier months is "
                                   "missing; run `git fetch --unshallow` (in GitHub Actions, check "
                                   "out with `fetch-depth: 0`)", usage=True)

    def resolve(self, rev: str) -> str:
        """A revision to a full commit id; the message never repeats the revision text."""
        import git

        if rev.startswith("-"):
            raise KremlinlistError("unknown-revision", "a revision cannot start with `-`",
                                   usage=True)
        try:
            return self.repo.git.rev_parse("--verify", "--quiet", "--end-of-options",
                                           f"{rev}^{{commit}}").strip()
        except git.GitCommandError:
            shallow = self._git("rev-parse", "--is-shallow-repository").strip() == "true"
            hint = " (this is a shallow clone: run `git fetch --unshallow`)" if shallow else ""
            raise KremlinlistError("unknown-revision",
                                   "no such commit in this repository; give a branch, tag or "
                                   f"commit id{hint}", usage=True) from None

    def first_parent_chain(self, rev: str = "HEAD") -> list[tuple[str, int]]:
        """(commit, committer time) from the tip back along first parents."""
        out = self._git("log", "--first-parent", "--format=%H %ct", self.resolve(rev), "--")
        chain = []
        for line in out.splitlines():
            sha, _, ts = line.partition(" ")
            chain.append((sha, int(ts)))
        return chain

    def committed_at(self, commit: str) -> datetime:
        """When `commit` was committed (by git itself, which reads any object format)."""
        ts = self._git("log", "-1", "--format=%ct", commit, "--").strip()
        return datetime.fromtimestamp(int(ts), timezone.utc)

    def commit_before(self, instant: datetime, rev: str = "HEAD") -> str | None:
        """The last commit on the first-parent chain committed strictly before `instant`."""
        ts = int(instant.timestamp())
        out = self._git("rev-list", "--first-parent", "-1", f"--min-age={ts - 1}",
                        self.resolve(rev), "--").strip()
        return out or None

    def config_at(self, commit: str) -> Config:
        data = self.blob_bytes(commit, loader.CONFIG_FILE)
        if data is None:
            return Config()
        loaded = loader.load_bytes(loader.CONFIG_FILE, data, "config")
        return loaded.model or Config()  # type: ignore[return-value]

    def settings_at(self, commit: str) -> tuple[bytes | None, bytes | None]:
        """criteria.yaml's and kremlinlist.yaml's bytes at `commit` (None where missing)."""
        return (self.blob_bytes(commit, loader.CRITERIA_FILE),
                self.blob_bytes(commit, loader.CONFIG_FILE))

    def blob_bytes(self, commit: str, rel: str) -> bytes | None:
        """The bytes of the file `rel` at `commit`; None if it is missing, not a regular file
        or too large. Asks git for the tree entry (so any object format works)."""
        out = self._git_bytes("ls-tree", "-z", "--end-of-options", commit, "--",
                              self.prefix + rel)
        meta, _, _ = out.partition(b"\t")
        parts = meta.decode("ascii", "replace").split(" ")
        if len(parts) != 3 or parts[1] != "blob" or parts[0] == SYMLINK_MODE:
            return None
        data, problems = self.read_blob(rel, parts[2] + ":" + parts[0])
        return None if problems else data

    # -- trees -------------------------------------------------------------------------------
    def changed_files(self, old: str | None, new: str | None,
                      folder: str = loader.CASES_DIR) -> list[FileChange]:
        """Files of `folder` that differ between two commits, by a tree diff (no renames: identity
        is the id inside the file, never its path)."""
        a, b = old or self.empty_tree, new or self.empty_tree
        if a == b:
            return []
        memo = self._diffs.get((a, b, folder))
        if memo is not None:
            return list(memo)
        base = self.prefix + folder + "/"
        out = self._git_bytes("diff-tree", "-r", "-z", "--no-renames", "--no-commit-id", a, b,
                              "--", base)
        # A name that is not UTF-8 is kept readable (\\xff): blobs are read by id, not by path,
        # and such a name is never a case's id, which validation then reports.
        parts = out.decode("utf-8", "backslashreplace").split("\0")
        changes = []
        i = 0
        while i + 1 < len(parts):
            meta, path = parts[i], parts[i + 1]
            i += 2
            if not meta.startswith(":"):
                continue
            old_mode, new_mode, old_sha, new_sha, _ = meta[1:].split(" ", 4)
            rel = path[len(self.prefix):]
            if "/" in rel[len(folder) + 1:] or not rel.endswith(".yaml"):
                continue  # the loader reads only cases/*.yaml
            zero = set("0")
            changes.append(FileChange(
                rel,
                None if set(old_sha) == zero else old_sha + ":" + old_mode,
                None if set(new_sha) == zero else new_sha + ":" + new_mode))
        self._diffs[(a, b, folder)] = changes
        return list(changes)

    def changed_names(self, old: str | None, new: str | None, rels: Iterable[str]) -> list[str]:
        """Which of the files `rels` (dataset-relative) differ between two commits."""
        a, b = old or self.empty_tree, new or self.empty_tree
        out = self._git_bytes("diff-tree", "-r", "-z", "--name-only", "--no-commit-id", a, b,
                              "--", *(self.prefix + rel for rel in rels))
        names = out.decode("utf-8", "backslashreplace").split("\0")
        return sorted(n[len(self.prefix):] for n in names if n.startswith(self.prefix) and n)

    def read_blob(self, rel: str, blob_and_mode: str) -> tuple[bytes | None, list[Problem]]:
        """A blob's bytes by id (from a tree diff): one read, no tree lookups. Links and huge
        blobs are refused with a problem, as the loader refuses them on disk."""
        sha, _, mode = blob_and_mode.partition(":")
        if mode == SYMLINK_MODE:
            return None, [Problem(rel, 0, 0, "error", "symlink", "the file is a symbolic link in "
                                  "git, which is not followed; replace it with the file itself")]
        if len(sha) != 40:  # GitPython's reader takes SHA-1 ids only: ask git itself
            return self.read_blobs([(rel, blob_and_mode)], batch=True)[rel]
        try:
            stream = self.repo.odb.stream(bytes.fromhex(sha))
        except ValueError:
            raise missing_object() from None
        if stream.size > loader.MAX_FILE_BYTES:
            return None, [Problem(rel, 0, 0, "error", "file-too-large",
                                  f"the file is larger than {loader.MAX_FILE_BYTES // 1024} KiB")]
        return stream.read(), []

    def read_blobs(self, items: list[tuple[str, str]],
                   batch: bool = False) -> dict[str, tuple[bytes | None, list[Problem]]]:
        """Many blobs at once, (rel, "<sha>:<mode>") -> bytes: two `git cat-file` runs in all
        instead of a round trip per file. Below a handful, reading one by one is as quick. The
        answer is keyed by path, so a batch may hold each path once."""
        if len(items) < BATCH_FROM and not batch:
            return {rel: self.read_blob(rel, blob) for rel, blob in items}
        out: dict[str, tuple[bytes | None, list[Problem]]] = {}
        wanted: list[tuple[str, str]] = []
        for rel, blob in items:
            sha, _, mode = blob.partition(":")
            if mode == SYMLINK_MODE:
                out[rel] = self.read_blob(rel, blob)
            else:
                wanted.append((rel, sha))
        sizes = self._cat_file("--batch-check", [sha for _, sha in wanted]).decode().splitlines()
        small = []
        for (rel, sha), header in zip(wanted, sizes):
            if header.endswith(" missing"):
                raise missing_object()
            if int(header.split()[2]) > loader.MAX_FILE_BYTES:
                out[rel] = None, [Problem(rel, 0, 0, "error", "file-too-large", "the file is "
                                          f"larger than {loader.MAX_FILE_BYTES // 1024} KiB")]
            else:
                small.append((rel, sha))
        raw = self._cat_file("--batch", [sha for _, sha in small])
        pos = 0
        for rel, _ in small:
            eol = raw.index(b"\n", pos)
            size = int(raw[pos:eol].split()[2])
            out[rel] = raw[eol + 1:eol + 1 + size], []
            pos = eol + 1 + size + 1
        return out

    def _cat_file(self, mode: str, shas: list[str]) -> bytes:
        try:
            return subprocess.run(["git", "--git-dir", self.repo.git_dir, "cat-file", mode],
                                  input="".join(sha + "\n" for sha in shas).encode(),
                                  capture_output=True, check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            raise KremlinlistError("git-failed", "git cat-file failed; is the repository "
                                                 "complete?", usage=True) from None

    def load(self, rel: str, blob_and_mode: str,
             data: tuple[bytes | None, list[Problem]] | None = None) -> tuple[SnapshotFile,
                                                                             list[Problem]]:
        raw, problems = data if data is not None else self.read_blob(rel, blob_and_mode)
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
                     load=lambda: self._full(rel, blob))

    def _load_many(self, items: list[tuple[str, str]], known: dict[str, list] | None = None,
                   records: dict[str, list] | None = None) -> tuple[dict[str, SnapshotFile],
                                                                   dict[str, list[Problem]]]:
        """Entries for (rel, blob) pairs: from `known` records (blob id -> record), else read in
        one batch and parsed (on both cores when many). `records` collects each clean file's
        blob id -> record."""
        known = known or {}
        entries: dict[str, SnapshotFile] = {}
        problems: dict[str, list[Problem]] = {}
        dates: dict = {}
        todo = []
        for rel, blob in items:
            sha = blob.partition(":")[0]
            rec = known.get(sha)
            if rec is not None:
                try:
                    entries[rel] = self._cached(rel, blob, rec, dates)
                except (TypeError, ValueError, IndexError, AttributeError, KeyError):
                    todo.append((rel, blob))  # a damaged record: parse the file instead
                    continue
                if records is not None:
                    records[sha] = rec
            else:
                todo.append((rel, blob))
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
                elif rec is not None and records is not None:
                    records[blob.partition(":")[0]] = rec
            return entries, problems
        blobs = self.read_blobs(todo)  # parsed here, so that each entry keeps its full case
        for rel, blob in todo:
            entry, found = self.load(rel, blob, blobs[rel])
            entries[rel] = entry
            if found:
                problems[rel] = found
            elif entry._case is not None and records is not None:
                records[blob.partition(":")[0]] = snapcache.record(entry._case)
        return entries, problems

    def _parse(self, items: list[tuple[str, str]]) -> list[tuple[list | None, list[Problem]]]:
        """(record or None, load problems) of each (path, blob), read in one batch and parsed
        on every core when there are many."""
        blobs = self.read_blobs(items)
        return fork_map(_parse_one, [(rel, blobs[rel]) for rel, _ in items])

    def preload(self, snap: Snapshot, steps: list[tuple[str | None, str]]) -> None:
        """Parse, in one batch on every core, the files that advancing `snap` through `steps`
        (pairs of commits) will need, into its records: a walk over many months then parses
        nothing one by one."""
        rounds: list[list[tuple[str, str]]] = []  # a path at most once a round: blobs are
        seen, times = set(snap.records), {}       # read by path
        for old, new in steps:
            for ch in self.changed_files(old, new):
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
        changes = self.changed_files(snap.commit, commit)
        new = snap.copy()
        new.commit = commit
        new.records = dict(snap.records)
        entries, problems = self._load_many([(ch.rel, ch.new_blob) for ch in changes
                                             if ch.new_blob], snap.records, new.records)
        for ch in changes:
            new.files.pop(ch.rel, None)
            new.problems.pop(ch.rel, None)
        new.files.update(entries)
        new.problems.update(problems)
        return new, changes

    def _snapshot_path(self, commit: str) -> Path:
        from kremlinlist.caches.clean import cache_dir

        tag = "-" + hashlib.sha1(self.prefix.encode()).hexdigest()[:12] if self.prefix else ""
        return cache_dir(self.root) / "snapshots" / f"snap-{commit}{tag}.json"

    def has_snapshot(self, commit: str) -> bool:
        """Whether the snapshot cache holds a snapshot of `commit` (which may still be stale)."""
        return self._snapshot_path(commit).is_file()

    def snapshot(self, commit: str | None, known: dict[str, list] | None = None,
                 listing: list[FileChange] | None = None) -> Snapshot:
        """The snapshot at `commit`. The file list always comes from git (`listing`, if the
        caller has it already); a file's case comes from `known` records (blob id -> record) or
        the snapshot cache when its blob id is there, so a stale or foreign cache file can only
        cost time. A snapshot whose files all loaded cleanly is written back."""
        if commit is None:
            return Snapshot(None)
        files, near = snapcache.read(self._snapshot_path(commit))
        known = {**near, **dict(files.values()), **(known or {})}
        changes = listing if listing is not None else self.changed_files(None, commit)
        records: dict[str, list] = {}
        entries, problems = self._load_many([(ch.rel, ch.new_blob) for ch in changes
                                             if ch.new_blob], known, records)
        snap = Snapshot(commit, entries, problems, records, (files, near))
        snap.records.update(near)
        if not problems:
            self.keep(snap, near)
        return snap

    def keep(self, snap: Snapshot, near: dict[str, list] | None = None) -> None:
        """Store `snap` (all of whose files loaded cleanly) in the snapshot cache, with `near`:
        records of other blobs to reuse next time (the previous month's changed files)."""
        if snap.commit is None or snap.problems:
            return
        files = {}
        for rel, e in snap.files.items():
            sha = e.blob.partition(":")[0]
            rec = snap.records.get(sha)
            if rec is None:
                return
            if snapcache.storable(rec):  # a withheld person's file stays one to read again
                files[rel] = [sha, rec]
        near = {sha: rec for sha, rec in (near or {}).items()
                if snapcache.storable(rec) and sha not in {f[0] for f in files.values()}}
        if snap.stored != (files, near):
            snapcache.write(self._snapshot_path(snap.commit), files, near)
            snap.stored = (files, near)

    def keep_near(self, snap: Snapshot, other: Snapshot) -> None:
        """Remember, with `snap`, the records of `other`'s files that differ from it."""
        mine = {e.blob.partition(":")[0] for e in snap.files.values()}
        near = {}
        for e in other.files.values():
            sha = e.blob.partition(":")[0]
            if sha not in mine and sha in other.records:
                near[sha] = other.records[sha]
        self.keep(snap, near)


def _parse_one(item: tuple[str, tuple[bytes | None, list[Problem]]]) -> tuple[list | None,
                                                                              list[Problem]]:
    rel, (raw, problems) = item
    if raw is None:
        return None, problems
    loaded = loader.load_bytes(rel, raw, "case")
    model = loaded.model
    return (snapcache.record(model) if model is not None else None), loaded.problems


def month_bounds(month: str, tz: str = "UTC") -> tuple[datetime, date]:
    """The first instant after month `YYYY-MM` in `tz`, and the month's last day."""
    from zoneinfo import ZoneInfo

    try:
        year, mon = (int(x) for x in month.split("-"))
        if len(month) != 7 or not 1 <= mon <= 12 or not 1900 <= year <= 2100:
            raise ValueError
    except ValueError:
        raise KremlinlistError("bad-month", "write the month as YYYY-MM, e.g. 2024-05",
                               usage=True) from None
    nyear, nmon = (year + 1, 1) if mon == 12 else (year, mon + 1)
    end = datetime(nyear, nmon, 1, tzinfo=ZoneInfo(tz))
    return end, date(year, mon, calendar.monthrange(year, mon)[1])


def previous_month(month: str) -> str:
    year, mon = (int(x) for x in month.split("-"))
    return f"{year - 1}-12" if mon == 1 else f"{year}-{mon - 1:02d}"


def timezone_for(hist: History, rev: str, tz: str | None) -> str:
    """`--tz`, else the `timezone:` of kremlinlist.yaml at the revision, else UTC."""
    if tz is None:
        return hist.config_at(hist.resolve(rev)).timezone
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(tz)
    except Exception:
        raise KremlinlistError("bad-timezone", "not a time zone name; give one like UTC or "
                                               "Europe/Kyiv", usage=True) from None
    return tz


@dataclass(frozen=True)
class MonthEnd:
    month: str
    commit: str | None  # None: the month ended before the first commit
    last_day: date


def commits_before(chain: list[tuple[str, int]], instants: list[datetime]) -> list[str | None]:
    """For each instant, the commit `History.commit_before` gives (the first on the first-parent
    `chain`, from the tip, committed strictly before it), all in one pass: the chart's months and
    a release's month end then agree even where committer dates go backwards."""
    found: dict[int, str | None] = {}
    i = 0
    for ts in sorted({int(t.timestamp()) for t in instants}, reverse=True):
        while i < len(chain) and chain[i][1] >= ts:  # a later instant's commit is never older
            i += 1
        found[ts] = chain[i][0] if i < len(chain) else None
    return [found[int(t.timestamp())] for t in instants]


def month_end(hist: History, month: str, rev: str = "HEAD", tz: str = "UTC") -> MonthEnd:
    hist.check_not_shallow()
    boundary, last_day = month_bounds(month, tz)
    return MonthEnd(month, hist.commit_before(boundary, rev), last_day)


def require_commit(hist: History, end: MonthEnd, rev: str) -> str:
    if end.commit is not None:
        return end.commit
    chain = hist.first_parent_chain(rev)
    first = chain[-1][1] if chain else None
    since = f" (the history starts on {datetime.fromtimestamp(first, timezone.utc).date()})" if first else ""
    raise KremlinlistError("month-before-history",
                           f"no commit before the end of {end.month} on that branch{since}; pick a "
                           "later month, or run `git fetch --unshallow` if this is a shallow clone",
                           usage=True)


def _months(first_ts: int, last: date, tz: str) -> list[str]:
    from zoneinfo import ZoneInfo

    start = datetime.fromtimestamp(first_ts, ZoneInfo(tz))
    y, m = start.year, start.month
    out = []
    while (y, m) <= (last.year, last.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def working_tree_cases(root: Path | str) -> tuple[list, list[Problem]]:
    """The cases as they are on disk now (uncommitted edits included), as LiteCases for the
    list. A file whose blob id the working-tree cache knows is not parsed again."""
    from kremlinlist.caches.clean import cache_dir

    with paused_gc():
        return _working_tree_cases(Path(root), cache_dir(Path(root)))


def _working_tree_cases(root: Path, cache: Path) -> tuple[list, list[Problem]]:
    from kremlinlist.caches.clean import blob_id

    path = cache / "snapshots" / "worktree.json"
    known = snapcache.read(path)[0]
    rels, problems = loader.list_yaml(root, loader.CASES_DIR)
    cases: list = []
    records: dict[str, list] = {}
    dates: dict = {}
    for rel in rels:
        try:
            data = loader.read_file(root, rel)
        except loader.FileRefused as exc:
            problems += loader.refused(rel, exc).problems
            continue
        sha = blob_id(data)
        hit = known.get(rel)
        if hit is not None and hit[0] == sha:
            try:
                cases.append(snapcache.lite(hit[1], dates))
                records[rel] = hit
                continue
            except ValueError:
                pass  # a damaged record: parse the file instead
        loaded = loader.load_bytes(rel, data, "case")
        problems += loaded.problems
        if loaded.model is not None:
            rec = snapcache.record(loaded.model)
            cases.append(snapcache.lite(rec, dates))
            if not loaded.problems and snapcache.storable(rec):
                records[rel] = [sha, rec]
    if records != known:
        snapcache.write(path, records)
    return cases, problems


def list_cases(root: Path | str, rev: str | None = None) -> tuple[list, list[Problem]]:
    """The cases the list is built from: at `rev` from git, or (None) the files on disk; with the
    problems of files that did not load, which make such a list incomplete."""
    if rev is None:
        return working_tree_cases(root)
    hist = History(root)
    snap = hist.snapshot(hist.resolve(rev))
    return cases_of(snap), [p for ps in snap.problems.values() for p in ps]


def cases_of(snap: Snapshot) -> list:
    """The snapshot's cases as LiteCases: what the list reads."""
    return [e.lite for e in snap.files.values() if e.lite is not None]
