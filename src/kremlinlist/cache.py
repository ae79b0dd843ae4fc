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
FORMAT = 1


def blob_id(data: bytes) -> str:
    """The id git gives these bytes, so a cache entry survives renames and matches `git ls-files -s`."""
    h = hashlib.sha1(b"blob %d\0" % len(data))
    h.update(data)
    return h.hexdigest()


def cache_dir(root: Path) -> Path:
    return Path(os.environ.get(CACHE_ENV) or root / ".kremlinlist-cache")


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


class CleanCache:
    """blob id -> the summary of a file that validated without any problem."""

    def __init__(self, path: Path, key: str):
        self.path, self.key = path, key
        self.entries: dict[str, dict] = {}
        self.dirty = False

    @classmethod
    def open(cls, root: Path, key: str) -> "CleanCache":
        cache = cls(cache_dir(root) / "validate.json", key)
        try:
            with open(cache.path, encoding="utf-8") as f:
                stored = json.load(f)
            if isinstance(stored, dict) and stored.get("key") == key:
                entries = stored.get("entries")
                if isinstance(entries, dict):
                    cache.entries = entries
        except (OSError, ValueError):
            pass
        return cache

    def get(self, blob: str) -> dict | None:
        entry = self.entries.get(blob)
        return entry if isinstance(entry, dict) else None

    def put(self, blob: str, summary: dict) -> None:
        self.entries[blob] = summary
        self.dirty = True

    def keep_only(self, blobs: set[str]) -> None:
        """Forget files no longer in the dataset, so the cache does not grow without end."""
        stale = self.entries.keys() - blobs
        for b in stale:
            del self.entries[b]
        self.dirty = self.dirty or bool(stale)

    def save(self) -> None:
        if not self.dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, json.dumps({"key": self.key, "entries": self.entries},
                                               separators=(",", ":")).encode())
        except OSError:
            pass  # a cache that cannot be written only costs time


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
