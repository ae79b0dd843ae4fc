"""The seam a release asks about the case files of a commit: (path, "<blob id>:<mode>") -> the
summary of each one known clean, split before any is read. git names every blob, so nothing is
read to look one up: a public person's by its blob id (caches/clean.py), a withheld person's by
its token (caches/tokens.py), as `validate` knows them in the working tree."""

from __future__ import annotations

from typing import Iterable

from kremlinlist.base.gitmode import is_file_mode
from kremlinlist.caches.clean import CleanCache
from kremlinlist.caches.tokens import TokenKey


class CleanBlobs:
    """Seam[(path, blob and mode), summary] over a `CleanCache`. A withheld file known by its
    token gets the summary `validate` gives it (its id from its name, no former ids, no `by`:
    a token is made only when there are none, or all name organizations in `tokens.orgs`).
    With `tokens` None (no secret: outside git), withheld files are checked every time."""

    def __init__(self, cache: CleanCache, tokens: TokenKey | None):
        self.cache, self.tokens = cache, tokens

    def split(self, keys: Iterable[tuple[str, str]]) -> tuple[dict[tuple[str, str], dict],
                                                            list[tuple[str, str]]]:
        keys = list(keys)
        # a link's blob is its target's name, a gitlink a commit: refused when read, never known
        links = [key for key in keys if not is_file_mode(key[1].partition(":")[2])]
        known, todo = self.cache.split([key for key in keys if key not in links] if links
                                       else keys)
        if self.tokens is None or not self.cache.withheld:
            return known, todo + links
        left = []
        for key in todo:
            if self.tokens.token(key[0], key[1].partition(":")[0]) in self.cache.withheld:
                known[key] = self.tokens.summary(key[0])
            else:
                left.append(key)
        return known, left + links

    def put(self, key: tuple[str, str], summary: dict) -> None:
        """Remember a clean file: a public person's summary, or a withheld person's token."""
        self.cache.put(key, summary)
        if self.tokens is not None and self.tokens.may_keep(summary):
            self.cache.put_withheld(self.tokens.token(key[0], key[1].partition(":")[0]))

    def save(self) -> None:
        self.cache.save()
