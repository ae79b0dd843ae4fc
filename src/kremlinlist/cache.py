"""A cache of files known to be clean, keyed by content (git's blob id).

Only files that produced no problem at all are remembered, and the whole cache is dropped when the
tool version, criteria.yaml, the dataset config or the library versions change: a cache hit can only
ever skip work that would have found nothing. The folder is safe to delete at any time.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

CACHE_ENV = "KREMLINLIST_CACHE_DIR"
FORMAT = 4  # bumped whenever the cached summary changes shape


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


def settled_stat(st: os.stat_result, before_ns: int) -> list | None:
    """The stat key of a file stat'ed (before its bytes were read) at `before_ns`, or None if it
    changed so recently that a further write could still leave the same ctime."""
    return stat_key(st) if st.st_ctime_ns < before_ns - SETTLED_NS else None


def stat_key(st: os.stat_result) -> list:
    """What a write to a file always changes: the status change time (ctime) moves on any write or
    `touch`, and cannot be set back by the user; size, mtime and inode are checked besides."""
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


class CleanCache:
    """blob id -> the summary of a file that validated without any problem; and, so that a warm
    run need not read and hash every file, path -> [stat_key..., blob id] as git's index does."""

    def __init__(self, path: Path, key: str):
        self.path, self.key = path, key
        self.entries: dict[str, dict] = {}
        self.stats: dict[str, list] = {}
        self.dirty = False

    @classmethod
    def open(cls, root: Path, key: str) -> "CleanCache":
        cache = cls(cache_dir(root) / "validate.json", key)
        try:
            with open(cache.path, encoding="utf-8") as f:
                stored = json.load(f)
            if isinstance(stored, dict) and stored.get("key") == key:
                entries, stats = stored.get("entries"), stored.get("stats")
                if isinstance(entries, dict) and isinstance(stats, dict):
                    cache.entries, cache.stats = entries, stats
        except (OSError, ValueError):
            pass
        return cache

    def get(self, blob: str) -> dict | None:
        """The stored summary, or None if absent or not of the shape this version writes."""
        entry = self.entries.get(blob)
        if (type(entry) is dict and type(entry.get("id")) is str
                and _strings(entry.get("former_ids")) and _strings(entry.get("by"))):
            return entry
        return None

    def blob_by_stat(self, rel: str, st: os.stat_result) -> str | None:
        """The blob id recorded for `rel` if the file's status is exactly as it was then."""
        known = self.stats.get(rel)
        if isinstance(known, list) and len(known) == 5 and known[:4] == stat_key(st):
            return known[4] if isinstance(known[4], str) else None
        return None

    def put_stat(self, rel: str, settled: list, blob: str) -> None:
        entry = settled + [blob]
        if self.stats.get(rel) != entry:
            self.stats[rel] = entry
            self.dirty = True

    def put(self, blob: str, summary: dict) -> None:
        self.entries[blob] = summary
        self.dirty = True

    def keep_only(self, blobs: set[str], rels: set[str]) -> None:
        """Forget files no longer in the dataset, so the cache does not grow without end."""
        stale = self.entries.keys() - blobs
        for b in stale:
            del self.entries[b]
        gone = self.stats.keys() - rels
        for rel in gone:
            del self.stats[rel]
        self.dirty = self.dirty or bool(stale) or bool(gone)

    def save(self) -> None:
        if not self.dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, json.dumps({"key": self.key, "entries": self.entries,
                                                "stats": self.stats},
                                               separators=(",", ":")).encode())
        except OSError:
            pass  # a cache that cannot be written only costs time


def _strings(value: object) -> bool:
    return type(value) is list and all([type(v) is str for v in value])


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder and rename, so readers never see half a file."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
