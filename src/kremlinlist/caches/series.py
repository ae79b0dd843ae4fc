"""The memo of the chart's month points (`history-series.json`): a month's counts, by the two
commits that bound it, so a chart redraws only the months since the last run; and the memo of
how many of each month's count are withheld since (`history-held.json`), by the commits that say
who is withheld now.

A point holds counts only (how many people, added, released, died), never a name, a path or
anything of a withheld person. The file is checked like every cache file (header, key, checksum:
`clean.read_checked`), and each point's shape too: a damaged memo is computed again, never
published.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from kremlinlist.caches.clean import cache_dir, fingerprint, read_checked, write_checked

FORMAT = 2  # 2: history-held.json keeps each flow of a month end too, not its count alone
KIND = "series"
COUNTS = ("count", "added", "released", "died")


def memo_path(root: Path) -> Path:
    return cache_dir(root) / "history-series.json"


def memo_key(prefix: str) -> str:
    """Tool, libraries, this format and the dataset folder inside the repository."""
    return fingerprint("series", str(FORMAT), prefix)


def read(path: Path, key: str) -> dict[str, dict]:
    """The memo of month points, `month:previous commit:commit` -> point; empty unless the file
    is whole and every point has exactly the fields and types a month point has, and the month and
    commit of its key (a damaged memo is computed again, never published)."""
    body = read_checked(path, KIND, key)
    try:
        memo = json.loads(body) if body is not None else None
    except (ValueError, RecursionError):
        return {}
    if type(memo) is not dict:
        return {}
    for mkey, point in memo.items():
        parts = mkey.split(":")
        if not (len(parts) == 3 and type(point) is dict
                and point.keys() == {"month", "commit", *COUNTS}
                and point["month"] == parts[0] and point["commit"] == parts[2]
                and all(type(point[k]) is int and point[k] >= 0 for k in COUNTS)):
            return {}
    return memo


def write(path: Path, key: str, memo: dict[str, dict]) -> None:
    write_checked(path, KIND, key, json.dumps(memo, separators=(",", ":")).encode())


class SeriesMemo:
    """The seam (caches.seam) of the memo: `month:previous commit:commit` -> month point, read
    at the start, written back at `save` only when a point was put."""

    def __init__(self, root: Path, prefix: str):
        self.path, self.key = memo_path(root), memo_key(prefix)
        self.memo = read(self.path, self.key)
        self.fresh = False

    def split(self, keys: Iterable[str]) -> tuple[dict[str, dict], list[str]]:
        known, todo = {}, []
        for k in keys:
            if k in self.memo:
                known[k] = self.memo[k]
            else:
                todo.append(k)
        return known, todo

    def put(self, key: str, point: dict) -> None:
        self.memo[key] = point
        self.fresh = True

    def save(self) -> None:
        if self.fresh:
            write(self.path, self.key, self.memo)
            self.fresh = False


HELD_KIND = "held"


def held_path(root: Path) -> Path:
    return cache_dir(root) / "history-held.json"


def read_held(path: Path, key: str) -> dict[str, list[int]]:
    """`tip:HEAD:commit:last day` -> how many of that month end's count, added, released and
    died are withheld now; empty unless whole and every entry four counts under a key of that
    shape."""
    body = read_checked(path, HELD_KIND, key)
    try:
        memo = json.loads(body) if body is not None else None
    except (ValueError, RecursionError):
        return {}
    if type(memo) is not dict or not all(
            len(k.split(":")) == 4 and type(n) is list and len(n) == len(COUNTS)
            and all(type(x) is int and x >= 0 for x in n) for k, n in memo.items()):
        return {}
    return memo


class HeldMemo:
    """The seam of `history-held.json`: a chart's month ends are split into known and to count
    before any is counted; what is counted is added to the month ends known for the same
    commits of `now` (a chart of fewer months keeps the others), and those of other commits are
    dropped, so the file holds one `now`'s. Counts, keyed by commits and a day, say nothing of
    who: the ids of those withheld are never kept."""

    def __init__(self, root: Path, prefix: str):
        self.path, self.key = held_path(root), fingerprint("held", str(FORMAT), prefix)
        self.memo = read_held(self.path, self.key)

    def split(self, keys: list[str]) -> tuple[dict[str, list[int]], list[str]]:
        return ({k: self.memo[k] for k in keys if k in self.memo},
                [k for k in keys if k not in self.memo])

    def save(self, counted: dict[str, list[int]], tips: str) -> None:
        kept = {k: n for k, n in self.memo.items() if k.startswith(tips + ":")} | counted
        if kept != self.memo:
            write_checked(self.path, HELD_KIND, self.key,
                          json.dumps(kept, separators=(",", ":")).encode())
            self.memo = kept
