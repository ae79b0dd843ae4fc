"""A cache of files known to be clean, keyed by content (git's blob id).

Only files that produced no problem at all are remembered, and the whole cache is dropped when the
tool version, criteria.yaml, the dataset config or the library versions change: a cache hit can only
ever skip work that would have found nothing. The folder is safe to delete at any time.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, Iterator

CACHE_ENV = "KREMLINLIST_CACHE_DIR"
FORMAT = 5  # bumped whenever the cached summary changes shape


def blob_id(data: bytes) -> str:
    """The id git gives these bytes, so a cache entry survives renames and matches `git ls-files -s`."""
    h = hashlib.sha1(b"blob %d\0" % len(data))
    h.update(data)
    return h.hexdigest()


def cache_dir(root: Path) -> Path:
    """Outside the dataset unless $KREMLINLIST_CACHE_DIR says otherwise: a cache inside it could be
    committed by a pull request, and a cache is trusted."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    try:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    except RuntimeError:  # no home folder
        base = Path(tempfile.gettempdir())
    key = hashlib.sha256(str(Path(root).resolve()).encode()).hexdigest()[:16]
    return base / "kremlinlist" / key


def fingerprint(*parts: bytes | str) -> str:
    import pydantic
    import yaml

    from kremlinlist import __version__

    h = hashlib.sha256()
    for part in (str(FORMAT), __version__, pydantic.VERSION, yaml.__version__, *parts):
        data = part.encode() if isinstance(part, str) else part
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


HEADER = "kremlinlist clean files"
_UNSAFE = frozenset("\t\n\r,")


def _storable(value: str) -> bool:
    """A path or id the index can hold as written: no separator, and valid UTF-8 (a file name
    that is not reaches Python with stand-ins for its bytes, which cannot be encoded)."""
    if not _UNSAFE.isdisjoint(value):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _public(person: Any) -> bool:
    """Only a public person's names are kept: a withheld person's are read from the file on each
    run, so no cache file names them."""
    from kremlinlist import redaction

    return redaction.level_of_raw(person) == redaction.PUBLIC


class CleanCache:
    """blob id -> what the checks across files need of a file that validated without any problem;
    and, so that a warm run need not read and hash every file, path -> (stat key, blob id) as
    git's index does.

    Two files, because a warm run should read little. `validate.tsv` holds the stat index and
    id, former ids and organizations per clean blob (all a plain `validate` needs), as lines of
    tab-separated fields: it loads several times faster than the same in JSON, and every value in
    it is a path or an id that cannot hold a tab, a comma or a line break (anything else is not
    cached). `persons.json` holds the fields the duplicate finder compares, read only by `validate
    PATH`; it is best effort: a plain warm run does not rewrite it, and a blob missing from it is
    parsed again when needed.
    """

    def __init__(self, path: Path, key: str):
        self.path, self.key = path, key
        self.entries: dict[str, tuple[str, list[str], list[str]]] = {}
        self.stats: dict[str, tuple[str, str]] = {}
        self.dirty = False
        self._persons: dict[str, dict] | None = None  # None: not read this run
        self._persons_dirty = False

    @classmethod
    def open(cls, root: Path, key: str) -> "CleanCache":
        cache = cls(cache_dir(root) / "validate.tsv", key)
        try:
            with open(cache.path, encoding="utf-8") as f:
                cache.stats, cache.entries = _parse(f.read(), key)
        except (OSError, ValueError):
            cache.stats, cache.entries = {}, {}
        if not cache.entries:
            cache._persons = {}  # a cold run writes the persons of every file it checks
        return cache

    @property
    def persons_path(self) -> Path:
        return self.path.with_name("persons.json")

    def get(self, blob: str) -> dict | None:
        """The stored summary (without `person`), or None."""
        e = self.entries.get(blob)
        return None if e is None else {"id": e[0], "former_ids": e[1], "by": e[2]}

    def person(self, blob: str) -> dict | None:
        """The duplicate finder's fields of a clean blob, if recorded."""
        if self._persons is None:
            self._persons = {}
            try:
                with open(self.persons_path, "rb") as f:
                    stored = json.loads(f.read())
                if type(stored) is dict and stored.get("key") == self.key:
                    persons = stored.get("persons")
                    self._persons = persons if type(persons) is dict else {}
            except (OSError, ValueError):
                pass
        p = self._persons.get(blob)
        return p if type(p) is dict else None

    def blob_by_stat(self, rel: str, st: os.stat_result) -> str | None:
        """The blob id recorded for `rel` if the file's status is exactly as it was then."""
        known = self.stats.get(rel)
        return known[1] if known is not None and known[0] == stat_key(st) else None

    def put_stat(self, rel: str, settled: str, blob: str) -> None:
        if _storable(rel) and self.stats.get(rel) != (settled, blob):
            self.stats[rel] = (settled, blob)
            self.dirty = True

    def put(self, blob: str, summary: dict) -> None:
        entry = (summary["id"], list(summary["former_ids"]), list(summary["by"]))
        if all(type(v) is str and _storable(v) for v in (entry[0], *entry[1], *entry[2])):
            self.entries[blob] = entry
            self.dirty = True
        if self._persons is not None and "person" in summary and _public(summary["person"]):
            self._persons[blob] = summary["person"]
            self._persons_dirty = True

    def put_person(self, blob: str, person: dict) -> None:
        if not _public(person):
            return
        self.person(blob)  # read the stored ones first, so saving keeps them
        assert self._persons is not None
        self._persons[blob] = person
        self._persons_dirty = True

    def keep_persons(self, blobs: set[str]) -> None:
        """Forget the persons of blobs no longer in the dataset (when they were read this run)."""
        if self._persons is not None:
            old = self._persons.keys() - blobs
            for b in old:
                del self._persons[b]
            self._persons_dirty = self._persons_dirty or bool(old)

    def keep_only(self, blobs: set[str], rels: set[str]) -> None:
        """Forget files no longer in the dataset, so the cache does not grow without end."""
        stale = self.entries.keys() - blobs
        for b in stale:
            del self.entries[b]
        gone = self.stats.keys() - rels
        for rel in gone:
            del self.stats[rel]
        self.dirty = self.dirty or bool(stale) or bool(gone)
        self.keep_persons(blobs)

    def save(self) -> None:
        try:
            if self.dirty or self._persons_dirty:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.dirty:
                lines = [f"{HEADER}\t{self.key}"]
                lines += [f"S\t{rel}\t{k}\t{blob}" for rel, (k, blob) in self.stats.items()]
                lines += [f"C\t{blob}\t{i}\t{','.join(former)}\t{','.join(by)}"
                          for blob, (i, former, by) in self.entries.items()]
                lines.append(f"E\t{len(lines) - 1}")  # a file cut short lacks this line
                write_atomic(self.path, "\n".join(lines).encode(), durable=False)
            if self._persons_dirty:
                write_atomic(self.persons_path, json.dumps(
                    {"key": self.key, "persons": self._persons},
                    ensure_ascii=False, separators=(",", ":")).encode(), durable=False)
        except OSError:
            pass  # a cache that cannot be written only costs time
        self.dirty = self._persons_dirty = False


def _parse(text: str, key: str) -> tuple[dict, dict]:
    """(stats, entries) of a `validate.tsv`; ValueError if it is not one of this key, or if any
    line is damaged (a damaged cache is dropped whole)."""
    lines = text.split("\n")
    if lines[0] != f"{HEADER}\t{key}":
        raise ValueError("another version's cache")
    if lines[-1] != f"E\t{len(lines) - 2}":
        raise ValueError("a file cut short")
    lines.pop()
    stats: dict[str, tuple[str, str]] = {}
    entries: dict[str, tuple[str, list[str], list[str]]] = {}
    for line in lines[1:]:
        f = line.split("\t")
        if f[0] == "S" and len(f) == 4 and f[2] and len(f[3]) == 40:
            stats[f[1]] = (f[2], f[3])
        elif f[0] == "C" and len(f) == 5 and len(f[1]) == 40 and f[2]:
            entries[f[1]] = (f[2], f[3].split(",") if f[3] else [], f[4].split(",") if f[4] else [])
        else:
            raise ValueError("a damaged line")
    return stats, entries


def write_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    """Write via a temporary file in the same folder and rename, so readers never see half a file.
    `durable=False` skips the flush to disk, for caches: a cache lost to a crash costs only time."""
    with atomic_file(path, durable) as f:
        f.write(data)


@contextmanager
def atomic_file(path: Path, durable: bool = True) -> Iterator[BinaryIO]:
    """A file to write in pieces that appears at `path` whole, when the block ends without an
    error, or not at all."""
    path = Path(path)
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)  # replacing a file keeps its permissions
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        mode = 0o666 & ~mask  # a new file gets those of a plain open(), not mkstemp's 0600
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as f:
            yield f
            if durable:
                f.flush()
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
