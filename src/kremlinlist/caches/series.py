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
