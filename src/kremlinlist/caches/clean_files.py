"""The seam `validate` asks about the working tree's case files: path -> (blob id, summary) of the
files known clean, split before any check runs.

A path is looked up by its status first (git's index does the same: no read), then, only while the
clean cache knows any file, by the id of its bytes (read and hashed here: a fresh clone with a
restored cache, or a checkout that touched every file, still skips what is clean), and a withheld
person's file, whose path is never kept, by its token. A path the cache cannot vouch for is work
to do; the checker reads it again itself.
"""

from __future__ import annotations

import os
import stat
from typing import Callable, Iterable

from kremlinlist.caches.clean import CleanCache, blob_id, stat_key
from kremlinlist.caches.tokens import TokenKey

# (rel -> the file's bytes and its settled stat key, or None when it is refused or unreadable)
Reader = Callable[[str], "tuple[bytes, str | None] | None"]
Facts = tuple[str, dict]  # (blob id, the summary the checks across files read)


class CleanFiles:
    """Seam[str, Facts] over a `CleanCache`: `split(paths)` gives the known files' (blob, summary)
    and the paths to check; `put(path, (blob, stat key, summary))` offers a file that produced no
    problem; `save` forgets every file and path not seen this run, then writes.

    A clean withheld file is known by its token (made with `tokens`); its summary here leaves out
    `by`, which the token stands for. With `tokens` None, no such file is looked up, remembered
    or forgotten: for a run that needs every file's organizations, or has no secret to key with."""

    def __init__(self, cache: CleanCache, folder: str, read: Reader, max_bytes: int,
                 read_unneeded: Callable[[str], object] = lambda rel: None,
                 tokens: TokenKey | None = None):
        """`read_unneeded(path)` is told when bytes `read` gave turned out to be a known file's,
        so a reader that keeps them for the checks can let them go at once."""
        self.cache, self.folder, self.read, self.max_bytes = cache, folder, read, max_bytes
        self.read_unneeded, self.tokens = read_unneeded, tokens
        self.seen_tokens: set[str] = set()
        self.seen_blobs: set[str] = set()
        self.seen_paths: set[str] = set()
        self._settled: list[tuple[str, str, str]] = []  # (rel, stat key, blob) read while splitting

    def split(self, rels: Iterable[str]) -> tuple[dict[str, Facts], list[str]]:
        known: dict[str, Facts] = {}
        todo: list[str] = []
        stats, entries, known_at = self.cache.stats, self.cache.entries, self.cache.known_at
        tokens = self.cache.withheld if self.tokens is not None else set()
        folder, max_bytes = self.folder + "/", self.max_bytes
        lstat, is_regular = os.lstat, stat.S_ISREG
        rels = list(rels)
        self.seen_paths.update(rels)
        seen_blobs = self.seen_blobs
        for rel in rels:  # one dict lookup and one lstat for a file known by its status
            blob = None
            recorded = stats.get(rel)
            if recorded is not None:
                try:
                    st = lstat(folder + rel)
                except OSError:
                    st = None
                # stat_key and known_at, inline: 10,000 calls of each cost 6 ms a run
                if (st is not None and is_regular(st.st_mode) and st.st_size <= max_bytes
                        and recorded[0] == f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:"
                                           f"{st.st_ino}"):
                    blob = recorded[1]
                    e = entries.get(blob)
                    if e is not None and e[0] == rel[rel.rfind("/") + 1:-5]:  # known_at's
                        seen_blobs.add(blob)
                        known[rel] = (blob, {"id": e[0], "former_ids": e[1], "by": e[2]})
                        continue
            was_read = blob is None and bool(entries or tokens)
            if was_read:
                got = self.read(rel)
                if got is None:
                    todo.append(rel)
                    continue
                blob = blob_id(got[0])
                if got[1]:
                    self._settled.append((rel, got[1], blob))
            hit = known_at(rel, blob) if blob else None
            if hit is None and blob and tokens:
                token = self.tokens.token(rel, blob)  # type: ignore[union-attr]
                if token in tokens:
                    self.seen_tokens.add(token)
                    hit = self.tokens.summary(rel)  # type: ignore[union-attr]
            if hit is None:
                todo.append(rel)
                continue
            seen_blobs.add(blob)  # type: ignore[arg-type]
            known[rel] = (blob, hit)  # type: ignore[assignment]
            if was_read:
                self.read_unneeded(rel)
        return known, todo

    def put(self, rel: str, facts: tuple[str, str | None, dict]) -> None:
        blob, settled, summary = facts
        self.seen_blobs.add(blob)
        self.cache.put((rel, blob), summary)  # only a public person's is kept
        if self.tokens is not None and self.tokens.may_keep(summary):
            token = self.tokens.token(rel, blob)
            self.seen_tokens.add(token)
            self.cache.put_withheld(token)
        if settled:
            self.cache.put_stat(rel, settled, blob)

    def save(self) -> None:
        for rel, settled, blob in self._settled:
            self.cache.put_stat(rel, settled, blob)  # only once its blob is known clean
        self.cache.keep_only(self.seen_blobs, self.seen_paths,
                             self.seen_tokens if self.tokens is not None else None)
        self.cache.save()

    def holds(self, blob: str) -> bool:
        """Whether `blob` is a clean public file's (what the person store may keep)."""
        return blob in self.cache.entries
