"""The memo of the chart's month points (`history-series.json`): a month's counts, by the two
commits that bound it, so a chart redraws only the months since the last run.

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

FORMAT = 1
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
