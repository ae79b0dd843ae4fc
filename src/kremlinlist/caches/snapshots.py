"""Validated cases kept between runs, so a release reads a snapshot instead of parsing every file.

A case that loaded without any problem is reduced to a `CaseRecord` of what the list, the change
log's counts and the chart read (the events that shape its status, names, sources), and rebuilt as
a `LiteCase` that the timeline and the exporters read like a `Case`. A record never holds the
`private` block, and only a `public` person's record is ever stored: a withheld person's file is
read again from git or the working tree each time. Records are JSON (never pickle: a cache folder
may come back from a CI cache shared across pull requests), stored per commit (`snap-<sha>.json`:
path -> [blob id, record], plus the records of the previous month's differing files) and for the
working tree (`worktree.json`, checked by blob id). Every file is checked
(`cache.read_checked`) against a key of the tool's code, pydantic's and this format's versions; a
file that fails, or a record of the wrong shape, is a miss. The folder is safe to delete.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any, Iterable, NamedTuple

from kremlinlist.caches.clean import cache_dir, checked_file, fingerprint, read_checked
from kremlinlist.model import timeline
from kremlinlist.model.dates import PartialDate

FORMAT = 3  # 3: named fields (CaseRecord), sources with their ids
KIND = "snapshot"


_KEY: list[str] = []


def key() -> str:
    """Tool (its code included: a record holds what `record` and `timeline.shapes_status`
    chose), library and format versions; computed once per process."""
    if not _KEY:
        _KEY.append(fingerprint("snapshot", str(FORMAT)))
    return _KEY[0]


def _date(value: Any) -> str | None:
    return None if value is None else str(value)


# The stored shape of a case, named. On disk a record is these fields in this order (a JSON array:
# a snapshot of 10,000 loads several times faster than the same with every key repeated); the
# code reads it only through these names.
class EventRecord(NamedTuple):
    type: str
    date: str | None
    date_is: str
    term: str | None
    how: str | None
    articles: list[str]


class AssessmentRecord(NamedTuple):
    decision: str
    since: str | None
    reason: str | None  # a public person's text only
    has_reason: bool  # for everyone: a withheld person's delisting is not flagged as lacking one


class SourceRecord(NamedTuple):
    id: str
    title: str
    publisher: str | None
    date: str | None  # stays the text it was stored as: the list prints it, nothing computes
    url: str | None


class CaseRecord(NamedTuple):
    id: str
    former_ids: list[str]
    publicity: str
    region: str | None
    name: list | None  # [en, uk or None], a public person's only
    summary: str | None  # a public person's only
    events: list  # EventRecords: only those that shape the status, in `timeline.ordered` order
    assessment: AssessmentRecord
    sources: list  # SourceRecords, a public person's only


def _shared(value: Any) -> Any:
    """One object for each equal short text (a type, a date, a publisher): thousands of records
    repeat them, and a walk over every month holds one record's worth per file."""
    return sys.intern(value) if type(value) is str else value


def record(case: Any) -> CaseRecord:
    """What the list, the change log's counts and the chart read of a case."""
    public = case.publicity == "public"
    s_ = _shared
    events = [EventRecord(s_(e.type), s_(_date(e.date)), s_(e.date_is), s_(e.term), s_(e.how),
                          [s_(x) for x in e.articles])
              for e in timeline.ordered(case.events)  # ordered before the others are left out
              if timeline.shapes_status(e)]
    a = case.assessment
    name = [case.name.en, case.name.uk] if public and case.name else None
    sources = ([SourceRecord(s_(i), s.title, s_(s.publisher), s_(_date(s.date)), s.url)
                for i, s in case.sources.items()] if public else [])
    return CaseRecord(case.id, list(case.former_ids), s_(case.publicity), s_(case.region), name,
                      case.summary if public else None, events,
                      AssessmentRecord(s_(a.decision), s_(_date(a.since)),
                                       a.reason if public else None, bool(a.reason)), sources)


class LiteNames:
    __slots__ = ("en", "uk")

    def __init__(self, en: str, uk: str | None):
        self.en, self.uk = en, uk

    def model_dump(self, exclude_none: bool = False) -> dict:
        out = {"en": self.en, "uk": self.uk}
        return {k: v for k, v in out.items() if v is not None} if exclude_none else out


class LiteEvent:
    """An EventRecord with its date parsed, read like a `model.case.Event`."""

    __slots__ = ("type", "date", "date_is", "term", "how", "articles")

    def __init__(self, type, date, date_is, term, how, articles):
        self.type, self.date, self.date_is = type, date, date_is
        self.term, self.how, self.articles = term, how, articles


class LiteAssessment:
    __slots__ = ("decision", "since", "reason", "has_reason")

    def __init__(self, decision, since, reason, has_reason):
        self.decision, self.since, self.reason = decision, since, reason
        self.has_reason = has_reason


class LiteCase:
    """A CaseRecord read like a `model.case.Case` by the list and the counts: `events` are only
    those that shape its status, already in `timeline.ordered` order."""

    __slots__ = ("id", "former_ids", "publicity", "region", "name", "summary", "events",
                 "assessment", "stored_sources")

    @property
    def display_name(self) -> str:
        return self.name.en if self.name else self.id

    @property
    def sources(self) -> dict[str, SourceRecord]:
        """By source id, built when read (only the published list reads them, of the people on
        it), so a snapshot of thousands of cases holds its sources as the stored lists only."""
        return {s[0]: SourceRecord(*s) for s in self.stored_sources}


_TEXT = frozenset((str, type(None)))  # the types of a text that may be absent
_PUBLICITIES = frozenset(("public", "anonymous", "hidden"))


def _texts(v: Any) -> bool:
    if type(v) is not list:
        return False
    for x in v:
        if type(x) is not str:
            return False
    return True


def lite(rec: Any, dates: dict[str, PartialDate]) -> LiteCase:
    """A record (as `record` made it, or as JSON gives it back) as a LiteCase; `dates` shares
    equal dates across a snapshot. ValueError for a record not of that shape (a damaged cache:
    the file is read again). Checked and built in one pass, unpacked in the order of the
    fields of CaseRecord, EventRecord and AssessmentRecord, each check written out (a warm
    release reads 10,000 records: a function call per field was a third of the time)."""
    def d(s: str | None) -> PartialDate | None:
        if s is None:
            return None
        p = dates.get(s)
        if p is None:
            p = dates[s] = PartialDate.parse(s)
        return p

    text = _TEXT
    if type(rec) not in (list, CaseRecord) or len(rec) != _CASE_FIELDS:
        raise ValueError("a damaged record")
    cid, former, publicity, region, name, summary, events, a, sources = rec
    if not (type(cid) is str and _texts(former) and type(publicity) is str
            and publicity in _PUBLICITIES and type(region) in text and type(summary) in text
            and (name is None or (type(name) is list and len(name) == 2
                                  and type(name[0]) is str and type(name[1]) in text))
            and type(events) is list
            and type(a) in (list, AssessmentRecord) and len(a) == 4 and type(a[0]) is str
            and type(a[1]) in text and type(a[2]) in text and type(a[3]) is bool
            and type(sources) is list):
        raise ValueError("a damaged record")
    for s in sources:
        if not (type(s) in (list, SourceRecord) and len(s) == 5 and type(s[0]) is str
                and type(s[1]) in text and type(s[2]) in text and type(s[3]) in text
                and type(s[4]) in text):
            raise ValueError("a damaged record")
    made = []
    for e in events:
        if not (type(e) in (list, EventRecord) and len(e) == 6):
            raise ValueError("a damaged record")
        kind, day, date_is, term, how, articles = e
        if not (type(kind) is str and type(day) in text and type(date_is) in text
                and type(term) in text and type(how) in text and _texts(articles)):
            raise ValueError("a damaged record")
        made.append(LiteEvent(kind, d(day), date_is, term, how, articles))
    c = LiteCase()
    c.id, c.former_ids, c.publicity, c.region, c.summary = cid, former, publicity, region, summary
    c.name = LiteNames(name[0], name[1]) if name else None
    c.events = made
    c.assessment = LiteAssessment(a[0], d(a[1]), a[2], a[3])
    c.stored_sources = sources
    return c


def counted(rec: CaseRecord) -> CaseRecord:
    """What the chart's month-by-month counts read of a record: without the names, summary,
    reason and sources, which a walk over every month would otherwise hold for every file.
    Never stored (a counting `history.snapshot.Snapshots` keeps no snapshot) and never
    published: only counted."""
    return rec._replace(name=None, summary=None, sources=[],
                        assessment=rec.assessment._replace(reason=None))


_CASE_FIELDS = len(CaseRecord._fields)
_PUBLICITY = CaseRecord._fields.index("publicity")


def ids_of(rec: Any) -> set[str]:
    """A record's id and former ids (none of a record not of that shape)."""
    if type(rec) not in (list, CaseRecord) or len(rec) != _CASE_FIELDS:
        return set()
    ids = {rec[0], *(rec[1] if type(rec[1]) is list else ())}
    return {i for i in ids if type(i) is str}


def storable(rec: Any) -> bool:
    """Only a public person's record may be written to a cache file."""
    return (type(rec) in (list, CaseRecord) and len(rec) == _CASE_FIELDS
            and rec[_PUBLICITY] == "public")


def snapshot_path(root: Path, prefix: str, commit: str) -> Path:
    """Where the snapshot of `commit` is stored; `prefix` (the dataset folder inside the
    repository) tells apart two datasets of one repository."""
    tag = "-" + hashlib.sha1(os.fsencode(prefix)).hexdigest()[:12] if prefix else ""
    return cache_dir(root) / "snapshots" / f"snap-{commit}{tag}.json"


def worktree_path(cache: Path) -> Path:
    """Where the working tree's records are stored, in the cache folder `cache`."""
    return cache / "snapshots" / "worktree.json"


class Records:
    """The seam (caches.seam) of the records a snapshot is built from: blob id -> record, read
    from the snapshot cache or kept from a release or an earlier snapshot (`known`). Each record
    used, and each clean file's record made, goes into `records`, which the snapshot keeps (and
    `Snapshots.keep` stores)."""

    def __init__(self, known: dict[str, list], records: dict[str, list]):
        self.known, self.records = known, records

    def split(self, keys: Iterable[tuple[str, str]]) -> tuple[dict[tuple[str, str], list],
                                                            list[tuple[str, str]]]:
        found, todo = {}, []
        for key in keys:
            rec = self.known.get(key[1].partition(":")[0])
            if rec is not None:
                found[key] = rec
            else:
                todo.append(key)
        return found, todo

    def put(self, key: tuple[str, str], rec: list) -> None:
        self.records[key[1].partition(":")[0]] = rec

    def save(self) -> None:
        pass  # the snapshot holds `records`; it is written whole, once all its files loaded


class WorktreeStore:
    """The seam (caches.seam) of `worktree.json`: (path, blob id) -> the case, decoded, for the
    files of the working tree whose record is stored; a clean public file's record is offered
    after it is parsed. Saved only when what it holds changed."""

    def __init__(self, cache: Path, dates: dict):
        self.path, self.dates = worktree_path(cache), dates
        self.stored = read(self.path)[0]
        self.records: dict[str, list] = {}

    def split(self, keys: Iterable[tuple[str, str]]) -> tuple[dict[tuple[str, str], Any],
                                                            list[tuple[str, str]]]:
        known, todo = {}, []
        for key in keys:
            hit = self.stored.get(key[0])
            if hit is not None and hit[0] == key[1]:
                try:
                    known[key] = lite(hit[1], self.dates)
                    self.records[key[0]] = hit
                    continue
                except ValueError:
                    pass  # a damaged record: the file is parsed instead
            todo.append(key)
        return known, todo

    def put(self, key: tuple[str, str], rec: list) -> None:
        """Keep a clean file's record, if it is a public person's."""
        if storable(rec):
            self.records[key[0]] = [key[1], rec]

    def save(self) -> None:
        if self.records != self.stored:
            write(self.path, self.records)


def read(path: Path) -> tuple[dict[str, list], dict[str, list]]:
    """(path -> [blob, record], blob -> record of nearby commits' files) as stored; empty if
    missing, stale or damaged. Each record's shape is checked when `lite` rebuilds it."""
    body = read_checked(path, KIND, key())
    try:
        stored = json.loads(body) if body is not None else None
    except (ValueError, RecursionError):
        return {}, {}
    if type(stored) is not dict or stored.keys() != {"files", "near"}:
        return {}, {}
    files, near = stored["files"], stored["near"]
    if type(files) is not dict or type(near) is not dict:
        return {}, {}
    for item in files.values():
        if not (type(item) is list and len(item) == 2 and type(item[0]) is str
                and storable(item[1])):
            return {}, {}
    if not all(storable(rec) for rec in near.values()):
        return {}, {}
    return files, near


def write(path: Path, files: dict[str, list], near: dict[str, list] | None = None) -> None:
    """Stored a thousand entries at a time, each encoded by the json module's C encoder: one
    string of the whole snapshot (55 MB at 50,000 cases, twice over once encoded) is never held.
    A withheld person's record is left out: the snapshot has it as a file to read again."""
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

    def table(f, name: str, items: list[tuple[str, list]], last: bool) -> None:
        f.write(f"{encode(name)}:{{".encode())
        for start in range(0, len(items), 1000):
            chunk = ",".join(f"{encode(k)}:{encode(v)}" for k, v in items[start:start + 1000])
            f.write(("," if start else "").encode() + chunk.encode())
        f.write(b"}" if last else b"},")

    try:
        with checked_file(path, KIND, key()) as f:
            f.write(b"{")
            table(f, "files", [(k, v) for k, v in files.items() if storable(v[1])], last=False)
            table(f, "near", [(k, v) for k, v in (near or {}).items() if storable(v)], last=True)
            f.write(b"}")
    except OSError:
        pass  # a cache that cannot be written only costs time


Stored = tuple[dict[str, list], dict[str, list]]  # (path -> [blob, record], blob -> record)


class SnapshotStore:
    """The seam (caches.seam) of the snapshot files of one dataset: commit -> (files, near) as
    stored. `split` reads the files of the commits asked (a missing, stale or damaged file is a
    commit to do); `put` writes a snapshot at once (its records, public people's only), unless
    it is what was read; `holds` tells whether a file is there at all."""

    def __init__(self, root: Path, prefix: str):
        self.root, self.prefix = root, prefix
        self.read_back: dict[str, Stored] = {}

    def path(self, commit: str) -> Path:
        return snapshot_path(self.root, self.prefix, commit)

    def holds(self, commit: str) -> bool:
        return self.path(commit).is_file()

    def split(self, commits: Iterable[str]) -> tuple[dict[str, Stored], list[str]]:
        known, todo = {}, []
        for commit in commits:
            files, near = read(self.path(commit))
            if files or near:
                known[commit] = self.read_back[commit] = (files, near)
            else:
                todo.append(commit)
        return known, todo

    def put(self, commit: str, stored: Stored) -> None:
        files = {k: v for k, v in stored[0].items() if storable(v[1])}
        near = {k: v for k, v in stored[1].items() if storable(v)}
        if self.read_back.get(commit) != (files, near):
            write(self.path(commit), files, near)
            self.read_back[commit] = (files, near)

    def save(self) -> None:
        pass  # each snapshot is written whole by `put`
