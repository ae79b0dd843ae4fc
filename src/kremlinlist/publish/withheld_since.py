"""Who has been withheld since a month ended, and the one rule for publishing that month after:
each person at the stricter of their publicity at the month's end and at the tip. A release and
the site are made after the month, from a checkout whose tip may already record that a family
asked to withhold someone; neither may name them again (`app/release.py`, `app/site.py`)."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

from kremlinlist.history.snapshot import Snapshot, Snapshots
from kremlinlist.model import redaction
from kremlinlist.publish.changelog import counts_on_list


def now_levels(snaps: Snapshots, snap: Snapshot, tip: str) -> dict[str, str]:
    """Each id and former id at the tip -> its publicity there. A file at the tip that does not
    load counts as hidden under its file name's id (fails closed)."""
    now = snap if snap.commit == tip else snaps.advance(snap, tip)[0]
    out: dict[str, str] = {}
    for rel, entry in now.files.items():
        c = entry.lite
        if c is None:
            out[Path(rel).stem] = redaction.HIDDEN
            continue
        for i in (c.id, *c.former_ids):
            out[i] = redaction.strictest(out.get(i, redaction.PUBLIC), redaction.level(c))
    return out


def as_strict_as(case: Any, now: dict[str, str], gone: str = redaction.HIDDEN) -> Any:
    """`case` (a LiteCase) at the stricter of its own publicity and its publicity `now`. One whose
    id is not in `now` is at `gone`: hidden for a file gone at the tip, which is how a public
    repository withholds someone (the file deleted, a new one under an opaque id)."""
    lvl = redaction.strictest(redaction.level(case), now.get(case.id, gone))
    if lvl == case.publicity:
        return case
    out = copy.copy(case)
    out.publicity = lvl
    return out


def as_strict_files(files: dict, now: dict[str, str], gone: str) -> dict:
    """A snapshot's files (rel -> SnapshotFile) with each case `as_strict_as` now, in copies:
    the snapshot's own entries stay as the month was (it is stored and advanced from)."""
    out = {}
    for rel, entry in files.items():
        strict = as_strict_as(entry.lite, now, gone) if entry.lite is not None else None
        if strict is not entry.lite:
            entry = copy.copy(entry)
            entry.lite = strict
        out[rel] = entry
    return out


def levels_of(files: dict) -> dict[str, str]:
    """Each id and former id of `files`' cases -> their publicity."""
    return {i: c.publicity for e in files.values() if (c := e.lite) is not None
            for i in (c.id, *c.former_ids)}


def taken(files: dict, strict: dict, as_of: date | None) -> int:
    """How many people a count of `files` held as of `as_of` whom their stricter publicity
    (`strict`, `as_strict_files` of them) leaves out: what a chart's month must lose to say
    what the change log says."""
    return sum(counts_on_list(e.lite, as_of) and not counts_on_list(strict[rel].lite, as_of)
               for rel, e in files.items() if strict[rel] is not e)
