"""Validated cases kept between runs, so a release reads a snapshot instead of parsing every file.

A case that loaded without any problem is reduced to a record of what the list, the change log's
counts and the chart read (the events that shape its status, names, sources), and rebuilt as a `LiteCase` that the timeline
and the exporters read like a `Case`. A record never holds the `private` block, and a person who is
not `public` keeps only the fields the counts need. Records are JSON (never pickle: a cache folder
may come back from a CI cache shared across pull requests), stored per commit (`snap-<sha>.json`:
path -> [blob id, record], plus the records of the previous month's differing files) and for the working tree (`worktree.json`, checked by blob id). Every
file carries a key of the tool's, pydantic's and this format's versions; a file with another key,
or one that does not parse, is ignored. The folder is safe to delete.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from kremlinlist.dates import PartialDate

FORMAT = 1


_KEY: list[str] = []


def key() -> str:
    """Tool, library and format versions, and this module's and the timeline's code: a record
    holds what `record` and `timeline.shapes_status` chose, so a change to either drops it."""
    import kremlinlist
    from kremlinlist import timeline
    from kremlinlist.cache import fingerprint

    if not _KEY or _KEY[0] != kremlinlist.__version__:
        code = b"".join(Path(m.__file__).read_bytes() for m in (timeline, sys.modules[__name__]))
        _KEY[:] = [kremlinlist.__version__, fingerprint("snapshot", str(FORMAT), code)]
    return _KEY[1]


def _date(value: Any) -> str | None:
    return None if value is None else str(value)


def record(case: Any) -> list:
    """The case as a JSON-able list (positional, so a snapshot of 10,000 loads quickly)."""
    from kremlinlist import timeline

    public = case.publicity == "public"
    events = []
    for e in timeline.ordered(case.events):  # ordered once here, so status sorts nothing
        if timeline.shapes_status(e):
            events.append([e.type, _date(e.date), e.date_is, e.term, e.how, list(e.articles)])
    a = case.assessment
    name = [case.name.en, case.name.uk] if public and case.name else None
    sources = ([[s.title, s.publisher, _date(s.date), s.url] for s in case.sources.values()]
               if public else [])
    return [case.id, list(case.former_ids), case.publicity, case.region, name,
            case.summary if public else None, events,
            [a.decision, _date(a.since), a.reason if public else None, bool(a.reason)], sources]


class LiteNames:
    __slots__ = ("en", "uk")

    def __init__(self, en: str, uk: str | None):
        self.en, self.uk = en, uk

    def model_dump(self, exclude_none: bool = False) -> dict:
        out = {"en": self.en, "uk": self.uk}
        return {k: v for k, v in out.items() if v is not None} if exclude_none else out


class LiteEvent:
    __slots__ = ("type", "date", "date_is", "term", "how", "articles")

    def __init__(self, type, date, date_is, term, how, articles):
        self.type, self.date, self.date_is = type, date, date_is
        self.term, self.how, self.articles = term, how, articles


class LiteAssessment:
    """`reason` is the text for a public person only; `has_reason` says for everyone whether one
    is recorded, so a withheld person's delisting is not flagged as lacking one."""

    __slots__ = ("decision", "since", "reason", "has_reason")

    def __init__(self, decision, since, reason, has_reason):
        self.decision, self.since, self.reason = decision, since, reason
        self.has_reason = has_reason


class LiteSource:
    """`date` stays the text it was stored as: the list prints it and nothing computes with it."""

    __slots__ = ("title", "publisher", "date", "url")

    def __init__(self, title, publisher, date, url):
        self.title, self.publisher, self.date, self.url = title, publisher, date, url


class LiteCase:
    """What the list and the counts read of a case: `events` are only those that shape its
    status, already in `timeline.ordered` order; `status_memo` holds its status per day."""

    __slots__ = ("id", "former_ids", "publicity", "region", "name", "summary", "events",
                 "assessment", "stored_sources", "status_memo")

    @property
    def display_name(self) -> str:
        return self.name.en if self.name else self.id

    @property
    def sources(self) -> dict[str, LiteSource]:
        """Built when read (only the published list reads them, of the people on it), so a
        snapshot of thousands of cases holds its sources as the stored lists only."""
        return {str(i): LiteSource(*s) for i, s in enumerate(self.stored_sources)}


def lite(rec: list, dates: dict[str, PartialDate]) -> LiteCase:
    """A record back as a LiteCase; `dates` shares equal dates across a snapshot."""
    def d(s: str | None) -> PartialDate | None:
        if s is None:
            return None
        p = dates.get(s)
        if p is None:
            p = dates[s] = PartialDate.parse(s)
        return p

    cid, former, publicity, region, name, summary, events, a, sources = rec
    c = LiteCase()
    c.id, c.former_ids, c.publicity, c.region, c.summary = cid, former, publicity, region, summary
    c.name = LiteNames(name[0], name[1]) if name else None
    c.events = [LiteEvent(t, d(ds), di, term, how, arts) for t, ds, di, term, how, arts in events]
    c.assessment = LiteAssessment(a[0], d(a[1]), a[2], bool(a[3]))
    if not all(type(s) is list and len(s) == 4 for s in sources):
        raise ValueError("a damaged source")
    c.stored_sources = sources
    c.status_memo = {}
    return c


def _is_record(rec: Any) -> bool:
    return isinstance(rec, list) and len(rec) == 9


def read(path: Path) -> tuple[dict[str, list], dict[str, list]]:
    """(path -> [blob, record], blob -> record of nearby commits' files) as stored; empty if
    missing, stale or damaged."""
    try:
        with open(path, encoding="utf-8") as f:
            stored = json.load(f)
    except (OSError, ValueError):
        return {}, {}
    if not isinstance(stored, dict) or stored.get("key") != key():
        return {}, {}
    files, near = stored.get("files"), stored.get("near", {})
    if not isinstance(files, dict) or not isinstance(near, dict):
        return {}, {}
    for item in files.values():
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)
                and _is_record(item[1])):
            return {}, {}
    if not all(_is_record(rec) for rec in near.values()):
        return {}, {}
    return files, near


def write(path: Path, files: dict[str, list], near: dict[str, list] | None = None) -> None:
    """Stored a thousand entries at a time, each encoded by the json module's C encoder: one
    string of the whole snapshot (55 MB at 50,000 cases, twice over once encoded) is never held."""
    from kremlinlist.cache import atomic_file

    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

    def table(f, name: str, items: dict[str, list], last: bool) -> None:
        f.write(f"{encode(name)}:{{".encode())
        pairs = list(items.items())
        for start in range(0, len(pairs), 1000):
            chunk = ",".join(f"{encode(k)}:{encode(v)}" for k, v in pairs[start:start + 1000])
            f.write(("," if start else "").encode() + chunk.encode())
        f.write(b"}" if last else b"},")

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_file(path, durable=False) as f:
            f.write(f'{{"key":{encode(key())},'.encode())
            table(f, "files", files, last=False)
            table(f, "near", near or {}, last=True)
            f.write(b"}")
    except OSError:
        pass  # a cache that cannot be written only costs time
