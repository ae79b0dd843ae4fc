"""A cache of files known to be clean, keyed by content (git's blob id), and what every cache file
shares: where the folder is, how a file is written and checked before it is believed.

Only files that produced no problem at all are remembered, and the whole cache is dropped when the
tool's code, criteria.yaml, the dataset config or the library versions change: a cache hit can only
ever skip work that would have found nothing. Nothing of a withheld person (`publicity` anonymous or
hidden, or not readable) is recorded in any cache file: not a path, an id, a name or a blob id.
A clean withheld file is remembered only as a keyed one-way token (caches/tokens.py), so that a
warm run reads and hashes it but does not check it again. The folder is safe to delete at any time.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import re
import shutil
import stat
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator

import pydantic
import yaml

from kremlinlist import _version
from kremlinlist.base.i18n import _
from kremlinlist.base.atomic import atomic_file
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.caches.folder import (CACHE_ENV, FOLDER, cache_dir, git_folder, make_dirs,
                                       user_cache_dir)

FORMAT = 8  # bumped whenever the cached summary changes shape (8: the day of the verdicts)
PUBLIC = (None, "public")  # a clean case without `publicity` is public


def blob_id(data: bytes) -> str:
    """The id git gives these bytes, so a cache entry survives renames and matches `git ls-files -s`."""
    h = hashlib.sha1(b"blob %d\0" % len(data))
    h.update(data)
    return h.hexdigest()


@functools.cache
def code_hash() -> str:
    """The bytes of every file of the package (code, templates, data), hashed once per process:
    a changed rule in a development checkout must drop what the old one judged. Modification
    times are not trusted (an edit can keep them); a hundred small files hash in a few ms."""
    package = Path(__file__).parent.parent
    h = hashlib.sha256()
    for folder, dirs, names in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            if name.endswith((".pyc", ".pyo")):
                continue
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, package).encode()
            try:
                with open(path, "rb") as f:
                    data = f.read()
            except OSError:
                data = b"\0unreadable"
            h.update(b"%d:%s%d:" % (len(rel), rel, len(data)))
            h.update(data)
    return h.hexdigest()


def fingerprint(*parts: bytes | str) -> str:
    """What a cached result depends on besides its own input: format, tool (its code too),
    libraries and `parts`."""
    h = hashlib.sha256()
    for part in (str(FORMAT), _version.__version__, code_hash(), pydantic.VERSION, yaml.__version__,
                 *parts):
        data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        h.update(b"%d:" % len(data))
        h.update(data)
    return h.hexdigest()


SETTLED_NS = 2_000_000_000  # a file's status must be this old before its stat is trusted


def settled_stat(st: os.stat_result, before_ns: int) -> str | None:
    """The stat key of a file stat'ed (before its bytes were read) at `before_ns`, or None if it
    changed so recently that a further write could still leave the same ctime."""
    return stat_key(st) if st.st_ctime_ns < before_ns - SETTLED_NS else None


def stat_key(st: os.stat_result) -> str:
    """What a write to a file always changes: the status change time (ctime) moves on any write or
    `touch`, and cannot be set back by the user; size, mtime and inode are checked besides."""
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"


MAGIC = "kremlinlist cache"
FRAME = 1  # the header and checksum every cache file is wrapped in


def _header(kind: str, key: str) -> bytes:
    return f"{MAGIC}\t{kind}\t{FRAME}\t{key}\n".encode()


class _Hashing:
    """A file that hashes what is written to it, for the checksum at its end."""

    def __init__(self, f: BinaryIO):
        self.f, self.h = f, hashlib.sha256()

    def write(self, data: bytes) -> None:
        self.h.update(data)
        self.f.write(data)


@contextmanager
def checked_file(path: Path, kind: str, key: str) -> Iterator[_Hashing]:
    """A cache file written in pieces: a header line (what it is, the format, the key of what it
    was computed from), the body, and a last line with the sha256 of all before it; owner-only
    (0600) from its creation."""
    make_dirs(path.parent)
    with atomic_file(path, durable=False, private=True) as f:
        out = _Hashing(f)
        out.write(_header(kind, key))
        yield out
        f.write(b"\n" + out.h.hexdigest().encode())


def framed(kind: str, key: str, body: bytes) -> bytes:
    """The whole of a cache file holding `body`, as `checked_file` writes it."""
    data = _header(kind, key) + body
    return data + b"\n" + hashlib.sha256(data).hexdigest().encode()


def write_checked(path: Path, kind: str, key: str, body: bytes) -> None:
    try:
        with checked_file(path, kind, key) as f:
            f.write(body)
    except OSError:
        pass  # a cache that cannot be written only costs time


def read_checked(path: Path, kind: str, key: str) -> bytes | None:
    """The body of a cache file if it is whole and of this kind, format and key; else None (a
    miss: whatever was damaged, truncated or left by another version is never believed). Only a
    regular file is read: a FIFO put in its place would have a run wait on it for ever."""
    try:
        with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                return None
            data = f.read()
    except OSError:
        return None
    header = _header(kind, key)
    if (len(data) < len(header) + 65 or not data.startswith(header) or data[-65:-64] != b"\n"
            or hashlib.sha256(data[:-65]).hexdigest().encode() != data[-64:]):
        return None
    return data[len(header):-65]


def _voucher(secret: bytes, body: bytes) -> bytes:
    """What vouches that this checkout wrote `body`: its HMAC with the checkout's secret, under
    a label of its own (the withheld tokens are HMACs with the same secret)."""
    return hmac.digest(secret, b"clean files voucher\0" + body, "sha256").hex().encode()


def file_id(rel: str) -> str:
    """The id a case file's name gives (`cases/anon-2024-001.yaml` -> `anon-2024-001`)."""
    return rel[rel.rfind("/") + 1:-5]


def is_public(summary: Any) -> bool:
    """Whether a file's summary shows a public person; anything unreadable counts as withheld."""
    person = summary.get("person") if isinstance(summary, dict) else None
    return isinstance(person, dict) and person.get("publicity", "?") in PUBLIC


_UNSAFE = frozenset("\t\n\r,")


def _storable(value: str) -> bool:
    """A path or id the index can hold as written: no separator, and valid UTF-8 (a file name
    that is not reaches Python with stand-ins for its bytes, which cannot be encoded)."""
    if not value or not _UNSAFE.isdisjoint(value):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class CleanCache:
    """blob id -> what the checks across files need of a file that validated without any problem;
    and, so that a warm run need not read and hash every file, path -> (stat key, blob id) as
    git's index does. Only public people are recorded, and a path only with a clean blob; of a
    clean withheld person's file, only its token (caches/tokens.py).

    `validate.tsv` holds the stat index, the id, former ids and organizations per clean blob (all
    a plain `validate` needs) and the withheld tokens, as lines of tab-separated fields: it loads
    several times faster than the same in JSON, and every value in it is a path, an id or a token
    that cannot hold a tab, a comma or a line break (anything else is not cached). Its first line
    (`V`) is its voucher (`vouches_public`), in the same file so that two runs writing at once,
    or one stopped between two writes, cannot leave a voucher beside another run's index. What the
    duplicate finder compares is in `persons.tsv` (caches/persons.py), read only by `validate
    PATH`. The working tree's seam over this is caches/clean_files.py; a release's git blobs use
    caches/clean_blobs.py.

    A verdict holds from the day it was made on: the one check that depends on the day finds a
    date after today, which only an earlier day can turn into a problem. So the file records the
    day (`D` line) its verdicts hold from, and a run whose today is earlier (another time zone's
    date, a day given to the API) believes none of them.
    """

    KIND = "clean files"

    def __init__(self, path: Path, key: str):
        self.path, self.key = path, key
        self.entries: dict[str, tuple[str, list[str], list[str]]] = {}
        self.stats: dict[str, tuple[str, str]] = {}
        self.withheld: set[str] = set()  # the token of each clean withheld file
        self.day: str | None = None  # the day (ISO) the verdicts hold from
        self.dirty = False
        self.secret: bytes | None = None  # the checkout's (caches/tokens.py), to vouch with
        self.vouched = True  # whether all it holds was written by this checkout (`vouches_public`)

    @classmethod
    def open(cls, root: Path, key: str, today: date | None,
             secret: bytes | None = None) -> "CleanCache":
        """The cache of the dataset at `root` for `key`, its verdicts believed only if they hold
        on `today` (the day the run's checks take as today; None for a caller that reads the
        files' ids and persons, not their verdicts); `secret`: the checkout's, which tells
        whether this checkout wrote all it holds (`vouched`), and vouches for what it saves."""
        cache = cls(cache_dir(root) / "validate.tsv", key)
        cache.secret = secret
        body = read_checked(cache.path, cls.KIND, key)
        voucher, _nl, index = (body or b"").partition(b"\n")
        try:
            if body is not None:
                if not voucher.startswith(b"V\t"):
                    raise ValueError("no voucher line")
                cache.day, cache.stats, cache.entries, cache.withheld = _parse(
                    index.decode("utf-8"))
        except ValueError:  # UnicodeDecodeError included
            body = None
            cache.day, cache.stats, cache.entries, cache.withheld = None, {}, {}, set()
        if today is not None:
            if cache.day is None or cache.day > today.isoformat():
                cache.stats, cache.entries, cache.withheld = {}, {}, set()
            cache.day = today.isoformat()  # what this run puts holds from today
        cache.vouched = not (cache.stats or cache.entries) or (
            body is not None and secret is not None
            and hmac.compare_digest(voucher[2:], _voucher(secret, index)))
        return cache

    def put_stat(self, rel: str, settled: str, blob: str) -> None:
        """Remember a path's status, only for a blob known clean (and so public): the path of a
        withheld person is never written."""
        if blob in self.entries and _storable(rel) and self.stats.get(rel) != (settled, blob):
            self.stats[rel] = (settled, blob)
            self.dirty = True

    def split(self, keys: Iterable[tuple[str, str]]) -> tuple[dict[tuple[str, str], dict],
                                                            list[tuple[str, str]]]:
        """The seam (caches.seam): of (path, blob id, or "<blob id>:<mode>") pairs, the stored
        summaries of those known clean under that path's id, and the ones left to check."""
        known, todo = {}, []
        for key in keys:
            hit = self.known_at(key[0], key[1].partition(":")[0])
            if hit is not None:
                known[key] = hit
            else:
                todo.append(key)
        return known, todo

    def known_at(self, rel: str, blob: str) -> dict | None:
        """The stored summary of `blob` if it is known clean under the id `rel`'s name gives."""
        e = self.entries.get(blob)
        if e is None or e[0] != file_id(rel):
            return None
        return {"id": e[0], "former_ids": e[1], "by": e[2]}

    def put(self, key: tuple[str, str], summary: dict) -> None:
        """Remember a clean file's summary under its blob id, if its `person` is public. The
        caller offers only files that produced no problem."""
        blob = key[1].partition(":")[0]
        if not is_public(summary):
            return
        entry = (summary["id"], list(summary["former_ids"]), list(summary["by"]))
        if all(type(v) is str and _storable(v) for v in (entry[0], *entry[1], *entry[2])):
            if self.entries.get(blob) != entry:
                self.entries[blob] = entry
                self.dirty = True

    def put_withheld(self, token: str) -> None:
        """Remember a clean withheld file by its token alone."""
        if token not in self.withheld:
            self.withheld.add(token)
            self.dirty = True

    def keep_only(self, blobs: set[str], rels: set[str], tokens: set[str] | None) -> None:
        """Forget files no longer in the dataset, so the cache does not grow without end (and the
        tokens not in `tokens`, unless None: a run that did not look them up)."""
        stale = self.entries.keys() - blobs
        for b in stale:
            del self.entries[b]
        gone = {rel for rel, (_, blob) in self.stats.items()
                if rel not in rels or blob not in self.entries}
        for rel in gone:
            del self.stats[rel]
        dropped = self.withheld - tokens if tokens is not None else set()
        self.withheld -= dropped
        self.dirty = self.dirty or bool(stale) or bool(gone) or bool(dropped)

    def save(self) -> None:
        if self.dirty and self.day is not None:
            lines = [f"D\t{self.day}"]
            lines += [f"S\t{rel}\t{k}\t{blob}" for rel, (k, blob) in self.stats.items()
                      if blob in self.entries]
            lines += [f"C\t{blob}\t{i}\t{','.join(former)}\t{','.join(by)}"
                      for blob, (i, former, by) in self.entries.items()]
            lines += [f"W\t{token}" for token in sorted(self.withheld)]
            index = "\n".join(lines).encode()
            # what it held was not all this checkout's: it stays unvouched (an empty voucher)
            voucher = (_voucher(self.secret, index) if self.vouched and self.secret is not None
                       else b"")
            write_checked(self.path, self.KIND, self.key, b"V\t" + voucher + b"\n" + index)
        self.dirty = False

    def vouches_public(self, blob: str) -> bool:
        """Whether the cache may be believed that `blob` is a public person's file, so that it
        need not be read for withheld names: only if this checkout wrote all it holds. The
        cache's checksum is no proof (anyone who can write the folder, a cache restored in CI
        say, can make a well-framed entry for a withheld person's file); its voucher is an HMAC
        with the checkout's secret, which a copy of the folder lacks."""
        return self.vouched and blob in self.entries


_VALUE = r"[^\t\n\r,]+"  # what _storable lets through (the text is valid UTF-8 once decoded)
_VALUES = rf"(?:{_VALUE}(?:,{_VALUE})*)?"
_INDEX_LINE = (rf"(?:S\t{_VALUE}\t[0-9]+:[0-9]+:[0-9]+:[0-9]+\t[0-9a-f]{{40}}"
               rf"|C\t[0-9a-f]{{40}}\t{_VALUE}\t{_VALUES}\t{_VALUES}|W\t[0-9a-f]{{64}})")
# A whole index checked in one pass of the regex engine, then split without a check per field:
# the day first, then the other lines (possessive, as persons.py's body: no line is given back)
_INDEX = re.compile(rf"D\t([0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}})(?:\n{_INDEX_LINE})*+\Z")


def _parse(text: str) -> tuple[str, dict, dict, set]:
    """(day, stats, entries, withheld tokens) of a `validate.tsv` body; ValueError if any line
    is damaged (a damaged cache is dropped whole)."""
    stats: dict[str, tuple[str, str]] = {}
    entries: dict[str, tuple[str, list[str], list[str]]] = {}
    withheld: set[str] = set()
    found = _INDEX.match(text)
    if found is None:
        raise ValueError("a damaged line")
    day = found.group(1)
    for line in text.split("\n")[1:]:
        if line[0] == "W":
            withheld.add(line[2:])
            continue
        kind, a, b, c, *d = line.split("\t")
        if kind == "S":
            stats[a] = (b, c)
        else:
            entries[a] = (b, c.split(",") if c else [], d[0].split(",") if d[0] else [])
    if any(blob not in entries for _, blob in stats.values()):
        raise ValueError("a path without a clean blob")
    return day, stats, entries, withheld


KNOWN = {"validate.tsv", "persons.tsv", "history-series.json", "history-held.json",
         "persons.json", "validate.voucher"}  # the last two: written by earlier versions
_TEMP = re.compile(r"\..+\.[^.]*\.tmp\Z")


def looks_like_cache(folder: Path, snapshots: bool = False) -> bool:
    """Whether every entry under `folder` is one this tool writes there: `cache clear` removes
    nothing else (say $KREMLINLIST_CACHE_DIR named a folder of the user's by mistake)."""
    try:
        with os.scandir(folder) as it:
            items = list(it)
    except OSError:
        return False
    for e in items:
        if e.is_symlink():
            return False
        if e.is_dir():
            if not ((e.name == "snapshots" and not snapshots and looks_like_cache(Path(e.path),
                                                                                  True))
                    or (e.name.startswith("sub-") and not snapshots
                        and looks_like_cache(Path(e.path)))):
                return False
        elif not (_TEMP.match(e.name) or (e.name.startswith("snap-") and e.name.endswith(".json")
                                          if snapshots else e.name in KNOWN)
                  or (snapshots and e.name == "worktree.json")):
            return False
    return True


def clear(root: Path) -> list[Path]:
    """Remove the cache folder of the dataset at `root`, and the one earlier versions kept in the
    user's cache (it may hold withheld people); the folders removed. Refused (not-a-cache), removing nothing,
    if either holds anything else."""
    folders = [cache_dir(root)]
    if not os.environ.get(CACHE_ENV) and user_cache_dir(root) != folders[0]:
        folders.append(user_cache_dir(root))
    folders = [f for f in folders if os.path.lexists(f)]
    for folder in folders:
        if folder.is_symlink() or not folder.is_dir() or not looks_like_cache(folder):
            raise KremlinlistError("not-a-cache", _("{folder} holds files kremlinlist does not "
                                                    "write; nothing was removed (check "
                                                    "$KREMLINLIST_CACHE_DIR)").format(folder=folder))
    for folder in folders:
        shutil.rmtree(folder)
    return folders


