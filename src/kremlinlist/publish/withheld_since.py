"""Who has been withheld since a month ended, and the one rule for publishing that month after:
each person at the stricter of their publicity at the month's end and now (`now_levels`), and no
count or flow, of any month, holding someone hidden or gone now (`held_since`). A release and
the site are made after the month, from a checkout whose tip may already record that a family
asked to withhold someone; neither may name them again, nor date it (`app/release.py`,
`app/site.py`). And the names and ids of those withheld at a commit (`withheld_at`), or at any
month end up to a month or now (`withheld_through`, `withheld_until`), which no path a release,
the site or the chart's warnings print may hold."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable, NamedTuple

from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.gitmode import is_file_mode
from kremlinlist.checks.withheld_names import withheld_of
from kremlinlist.files import yamlsafe
from kremlinlist.files.layout import CASES_DIR
from kremlinlist.history import months
from kremlinlist.history.git import GitClient, commits_before
from kremlinlist.history.snapshot import Snapshot, Snapshots
from kremlinlist.model import redaction
from kremlinlist.model.names import raw_names
from kremlinlist.publish.changelog import compare


def now_levels(snaps: Snapshots, snap: Snapshot, rev: str) -> dict[str, str]:
    """Each id and former id now -> its publicity: the stricter of the tip of `rev` and HEAD (the
    checkout's tip). A release with `--rev` set to a commit inside its month (as release-invalid
    advises) must still honour a withholding committed on the branch since, and a `rev` off
    HEAD's line must not undo one made there. HEAD is not asked where `rev`'s tip descends from
    it (a checkout behind, say a fetched main not merged yet): the tip knows all it knows. An id
    at `rev`'s tip but not at HEAD is gone now, so hidden (`as_strict_as`) and counted by
    `gone_now` (the editor is told of a file deleted at HEAD), unless it came after the lines
    parted: HEAD's line never had it to delete."""
    git = snaps.git
    tip, head = _tips(git, rev)
    at_rev = _levels_at(snaps, snap, tip)
    if head == tip or git.is_ancestor(head, tip):
        return at_rev
    at_head = _levels_at(snaps, snap, head)
    base = git.merge_base(head, tip)
    at_base = _levels_at(snaps, snap, base) if base is not None else {}
    return {i: redaction.strictest(lvl, at_head.get(i, lvl)) for i, lvl in at_rev.items()
            if i in at_head or i not in at_base}


def _tips(git: GitClient, rev: str) -> tuple[str, str]:
    """The commits `now_levels` reads: the tip of `rev`, and HEAD (rev's tip where HEAD has no
    commit yet, an unborn branch)."""
    tip = git.resolve(rev)
    try:
        return tip, git.resolve("HEAD")
    except KremlinlistError:
        return tip, tip


def tips(git: GitClient, rev: str) -> str:
    """What `now_levels` depends on, as text: the commits it reads. A memo of what is counted
    against `now` is keyed by this, never by `now`, which holds withheld people's ids."""
    return ":".join(_tips(git, rev))


def _levels_at(snaps: Snapshots, snap: Snapshot, tip: str) -> dict[str, str]:
    """Each id and former id at `tip` -> its publicity there. A file there that does not load
    counts as hidden under its file name's id (fails closed)."""
    now = snap if snap.commit == tip else snaps.advance(snap, tip)[0]
    out: dict[str, str] = {}
    for rel, entry in now.files.items():
        c = entry.lite
        if c is None:
            out[Path(rel).stem] = redaction.HIDDEN
            continue
        for i in (c.id, *c.former_ids):
            out[i] = redaction.strictest(out.get(i, redaction.PUBLIC), redaction.level(c))
    return out


def with_disk(at_head: dict[str, str], cases: Iterable[Any]) -> dict[str, str]:
    """`now` for a list made from the files on disk: each id at the stricter of HEAD's
    (`at_head`, `now_levels`) and the working tree's `cases`, which may withhold someone not
    committed yet. Only the ids at both are here: one with no file on disk is gone, so hidden."""
    disk = levels_of(cases)
    return {i: redaction.strictest(at_head[i], disk[i]) for i in at_head.keys() & disk.keys()}


def levels_of(cases: Iterable[Any]) -> dict[str, str]:
    """Each id and former id of `cases` -> its publicity (the strictest, where two share one)."""
    out: dict[str, str] = {}
    for c in cases:
        for i in (c.id, *c.former_ids):
            out[i] = redaction.strictest(out.get(i, redaction.PUBLIC), redaction.level(c))
    return out


def gone_now(now: dict[str, str], *files: dict) -> int:
    """How many people of these snapshots' files have no file now (no id or former id in `now`):
    each is published as hidden, which is how a public repository withholds someone, but a file
    deleted by mistake would vanish from a release unseen; the editor is told how many."""
    return len({c.id for f in files for e in f.values()
                if (c := e.lite) is not None and c.id not in now})


def as_strict_as(case: Any, now: dict[str, str], gone: str = redaction.HIDDEN) -> Any:
    """`case` (a LiteCase, or a Case: frozen, so copied with the change) at the stricter of its
    own publicity and its publicity `now`. One whose id is not in `now` is at `gone`: hidden for
    a file gone at the tip, which is how a public repository withholds someone (the file
    deleted, a new one under an opaque id)."""
    lvl = redaction.strictest(redaction.level(case), now.get(case.id, gone))
    if lvl == case.publicity:
        return case
    if hasattr(case, "model_copy"):
        return case.model_copy(update={"publicity": lvl})
    out = copy.copy(case)
    out.publicity = lvl
    return out


def as_strict_files(files: dict, now: dict[str, str], gone: str) -> dict:
    """A snapshot's files (rel -> SnapshotFile) with each case `as_strict_as` now, in copies:
    the snapshot's own entries stay as the month was (it is stored and advanced from)."""
    out = {}
    for rel, entry in files.items():
        strict = as_strict_as(entry.lite, now, gone) if entry.lite is not None else None
        if strict is not entry.lite:
            entry = copy.copy(entry)
            entry.lite = strict
        out[rel] = entry
    return out


class Held(NamedTuple):
    """What a month's figures held of people hidden or gone now: at its end, and in its flows."""

    count: int
    added: int
    released: int
    died: int


FLOWS = ("added", "released", "died")


def counted_out(snaps: Snapshots, ends: list[tuple[str, date]], now: dict[str, str]
                ) -> list[int]:
    """How many of those each month end's count held are hidden or gone `now` (`held_since`):
    what the counts of each of the site's change logs lose."""
    return [held.count for held in held_since(snaps, ends, now)]


def held_since(snaps: Snapshots, ends: list[tuple[str, date]], now: dict[str, str]
               ) -> list[Held]:
    """For each month end (commit, its last day), in order from the first month, what its
    figures held of people hidden or gone `now`: how many its count held, and how many of its
    month's added, released and died (the month from the end before, or from nothing for the
    first), compared as the walk compares a month (`changes.compare`, by status at the two
    ends). What every point of a chart and of `stats --over-time` loses, so that no month
    counts someone withheld since, nor dates when they came or went. Months without a commit
    share one, but each counts at its own last day. Computed after the walk, from the files
    alone (memoized by the caller, `series.published_series`). A file is judged only where its
    name is no id shown now (the name of a person's file is their id), so a month reads only
    the files of people hidden or gone now."""
    shown = {i for i, lvl in now.items() if lvl != redaction.HIDDEN}
    commits = [commit for commit, _day in ends]
    steps = list(zip([None, *commits], commits))
    snaps.git.prefetch_changes(steps)  # one git run, where the walk has not asked already
    present: dict[str, str] = {}  # the files not named by an id shown now -> their blob
    read: dict[tuple[str, str], Any] = {}
    before: dict[str, Any] = {}  # the previous end's files of people not shown now
    prev_day: date | None = None
    out: list[Held] = []
    for (old, commit), (_commit, day) in zip(steps, ends):
        changed = []
        for ch in snaps.git.changed_files(old, commit):
            changed.append(ch.rel)
            if ch.new_blob is None or Path(ch.rel).stem in shown:
                present.pop(ch.rel, None)
            else:
                present[ch.rel] = ch.new_blob
        after = {}
        for key in present.items():
            if key not in read:
                read[key] = snaps.load(*key)[0]
            entry = read[key]
            if entry.lite is not None and entry.lite.id not in shown:
                after[key[0]] = entry
        log = compare(before, after, changed, old_as_of=prev_day, new_as_of=day, updates=False)
        out.append(Held(log.after, *(len(log.entries[c]) for c in FLOWS)))
        before, prev_day = after, day
    return out


def withheld_at(git: GitClient, commit: str, wanted: Callable[[str, str], bool]
                ) -> tuple[list[str], set[str]] | None:
    """The names and ids of the withheld people of the case files at `commit` that `wanted`
    picks (by path and "<sha>:<mode>"): `withheld_in_versions`. A file that cannot be read
    (a link, a submodule) fails it closed: pick only those a caller knows to be readable."""
    return withheld_in_versions(git, [
        (ch.rel, ch.new_blob) for ch in git.changed_files(None, commit, CASES_DIR)
        if ch.new_blob is not None and wanted(ch.rel, ch.new_blob)])


def withheld_in_versions(git: GitClient, items: list[tuple[str, str]]
                         ) -> tuple[list[str], set[str]] | None:
    """The names and ids of the withheld people of these versions of case files (path,
    "<sha>:<mode>"), read from their raw YAML (`withheld_names.withheld_of`: None when one
    cannot be read), in batches (asked one by one, each would parse the tree of cases/ again)
    that hold each path once, as `read_blobs` answers by path."""
    return withheld_of(_versions(git, items))


def _versions(git: GitClient, items: list[tuple[str, str]]) -> list[tuple[str, bytes | None]]:
    """The bytes of these versions of files (path, "<sha>:<mode>"), None for one that cannot be
    read, in batches that hold each path once, as `read_blobs` answers by path."""
    files: list[tuple[str, bytes | None]] = []
    while items:
        batch: dict[str, str] = {}
        rest = [item for item in items if batch.setdefault(*item) != item[1]]
        found = git.read_blobs(list(batch.items()))
        files += [(rel, found.get(rel, (None, []))[0]) for rel in batch]
        items = rest
    return files


def withheld_through(git: GitClient, commits: list[str], tips: list[str],
                     levels: dict[str, str] | None = None) -> tuple[list[str], set[str]] | None:
    """The names and ids of anyone withheld in a version of a case file held by a commit of
    `commits` (month ends, in order) or of `tips` (now), and, where `levels` (who is at which
    publicity now) is known, every id withheld now: one whose file is gone since, or renamed
    without `former_ids`, is withheld still. Every version is read once (a listing of each tip,
    then the tree diff of each month end to the next), but a link or a submodule named as a
    case file, which holds no name, and, with `levels`, one a tip holds whose id is public now.
    None (fails closed) when a version cannot be read."""
    at_tip = {(ch.rel, ch.new_blob) for tip in tips for ch in git.changed_files(None, tip)
              if ch.new_blob is not None}
    versions, steps = set(at_tip), list(zip([None, *commits], commits))
    git.prefetch_changes(steps)  # one git run for every tree diff
    for before, commit in steps:
        versions |= {(ch.rel, ch.new_blob) for ch in git.changed_files(before, commit)
                     if ch.new_blob is not None}
    unsure = sorted(item for item in versions if is_file_mode(item[1].partition(":")[2]) and (
        levels is None or item not in at_tip
        or levels.get(Path(item[0]).stem, redaction.HIDDEN) != redaction.PUBLIC))
    withheld = withheld_in_versions(git, unsure)
    if withheld is not None and levels is not None:  # an id withheld now, wherever its file is
        withheld[1].update(i for i, lvl in levels.items() if lvl != redaction.PUBLIC)
    return withheld


def withheld_until(git: GitClient, month: str, rev: str, zone: str, also: Iterable[str] = ()
                   ) -> tuple[list[str], set[str]] | None:
    """`withheld_through` every month end of `rev`'s first-parent line up to `month`'s (and
    `also`: a release's own commit), and the tips of `rev` and HEAD read whole (who is withheld
    now, read from the files, as no snapshot of them is at hand): what a release refusing a
    month says its paths without. None (fails closed) where that history cannot be read: a
    shallow clone, a missing object."""
    try:
        git.check_not_shallow()
        commits = list(dict.fromkeys([*month_ends(git, month, rev, zone), *also]))
        return withheld_through(git, commits, sorted(set(_tips(git, rev))))
    except KremlinlistError:
        return None


def month_ends(git: GitClient, month: str, rev: str, zone: str) -> list[str]:
    """The commit ending each month of `rev`'s first-parent line, from its first month to
    `month`, in order, each once (months without a commit share the one before)."""
    chain = git.first_parent_chain(rev)
    if not chain:
        return []
    # from the earliest date on the line, not the root's: dates may go backwards
    names = months.month_range(min(ts for _c, ts in chain), months.month_bounds(month, zone)[1],
                               zone)
    ends = commits_before(chain, [months.month_bounds(m, zone)[0] for m in names])
    return list(dict.fromkeys(c for c in ends if c is not None))


def month_ends_now(git: GitClient, rev: str, zone: str, today: date) -> list[list[str]]:
    """`month_ends` up to today's month along `rev` and along HEAD, each line once: who is
    withheld now may have had a file after the month a release or an export publishes, whose
    names that month's texts may hold."""
    return [list(dict.fromkeys([*month_ends(git, today.strftime("%Y-%m"), tip, zone), tip]))
            for tip in sorted(set(_tips(git, rev)))]


def gone_names(git: GitClient, ends: list[str], now: dict[str, str]) -> tuple[list[str], int]:
    """Every written name that a version of a case file at one of `ends` (month ends, in order)
    gave to someone not public `now`: their file deleted since (how a public repository
    withholds someone), made anonymous or hidden in place, or stripped of names first (a
    withheld person's file in a public repository holds none). Read from each version a later
    end replaced or deleted, and from the last end's own (`now` may be the files on disk, which
    may withhold someone not committed yet); not a version whose id is public `now` (the file
    restored, or renamed with `former_ids`). A researcher may still name them in another
    person's summary, which `withheld_text` then withholds. Also how many such files cannot be
    read in any of those versions (their names are not known, so not looked for): a month's
    old commit cannot be changed, so they are said, not refused. Someone whose file came and
    went between two month ends, never at one, is not found."""
    if not ends:
        return [], 0
    steps = list(zip(ends, ends[1:]))
    git.prefetch_changes(steps)  # one git run; the chart's walk may have asked them already
    versions = [(ch.rel, ch.old_blob) for a, b in steps for ch in git.changed_files(a, b)]
    versions += [(ch.rel, ch.new_blob) for ch in git.changed_files(None, ends[-1])]
    wanted = dict.fromkeys(
        (rel, blob) for rel, blob in versions if blob is not None
        and is_file_mode(blob.partition(":")[2])
        and now.get(Path(rel).stem, redaction.HIDDEN) != redaction.PUBLIC)
    names: list[str] = []
    read: set[str] = set()
    unread: set[str] = set()
    for rel, data in _versions(git, list(wanted)):
        if data is not None and _nameless(data):
            read.add(rel)
            continue
        parsed = _parsed(data)
        if parsed is None:
            unread.add(rel)
            continue
        read.add(rel)
        if now.get(str(parsed.get("id")), redaction.HIDDEN) != redaction.PUBLIC:
            names += raw_names(parsed)
    return names, len(unread - read)


# What YAML could spell a key with (an escape, a tag, an anchor or alias, a merge key), and
# NUL: a file in UTF-16 or UTF-32, where `name` is not these bytes
_SPELLED = (b"\\", b"!", b"&", b"*", b"<<", b"\0")


def _nameless(data: bytes) -> bool:
    """Whether a version of a case file plainly has no `name` or `aliases` key (a withheld
    person's file in a public repository), so that it need not be parsed for `raw_names`."""
    return b"name" not in data and b"aliases" not in data and not any(
        mark in data for mark in _SPELLED)


def _parsed(data: bytes | None) -> dict | None:
    """A version of a case file as plain data, or None where it is not a mapping or cannot be
    read at all."""
    try:
        parsed = yamlsafe.parse(yamlsafe.read_text(data))[0] if data else None
    except Exception:  # any reason it cannot be read: its names are unknown
        return None
    return parsed if isinstance(parsed, dict) else None


def withheld_names(git: GitClient, snaps: Iterable[Snapshot], now: dict[str, str]
                   ) -> list[str] | None:
    """Every written name of whoever `snaps` (a month's end, and its start: someone deleted
    during the month) hold as withheld then or now (`now`, `as_strict_as`: a file gone now is
    hidden), read from the raw YAML of their files (aliases and every script too): of those
    withheld then, as `withheld_in_versions` reads them; of those public then, every name
    their file wrote. None (fails closed) where such a file cannot be read: `withheld_text`
    looks for each of these in the texts a release publishes."""
    read, later = [], []
    files = {(rel, e.blob): e for snap in snaps for rel, e in snap.files.items()}
    for (rel, _blob), entry in files.items():
        lite = entry.lite
        if lite is None or redaction.level(lite) != redaction.PUBLIC:
            read.append((rel, entry.blob))
        elif now.get(lite.id, redaction.HIDDEN) != redaction.PUBLIC:
            later.append((rel, entry.blob))
    found = withheld_in_versions(git, read)
    if found is None:
        return None
    names = list(found[0])
    for _rel, data in _versions(git, later):  # a file's two versions, the month's start and end
        parsed = _parsed(data)
        if parsed is None:
            return None
        names += raw_names(parsed)
    return names
