"""Checking one file's bytes: the per-case checks of the registry on a loaded case, plus the
summary the checks across files need. Runs in worker processes on a cold run (base.parallel)."""

from __future__ import annotations

import functools
import os
import time
from dataclasses import dataclass
from pathlib import Path

from kremlinlist.base.parallel import fork_map
from kremlinlist.base.problem import Problem
from kremlinlist.caches.clean import blob_id, settled_stat
from kremlinlist.checks.across import summarize
from kremlinlist.checks.context import Context
from kremlinlist.checks.registry import case_checks
from kremlinlist.files import loader, yamlsafe


@dataclass
class FileResult:
    rel: str
    blob: str | None
    problems: list[Problem]
    summary: dict
    stat: str | None = None  # cache.settled_stat of the file when it was read
    record: list | None = None  # the snapshot cache's record of the case, when asked for


def check_file_bytes(rel: str, data: bytes, ctx: Context, record: bool = False) -> FileResult:
    """validate's checks on one case file; with `record`, also what a release's snapshot keeps of
    it, so a first release parses each file once."""
    loaded = loader.load_bytes(rel, data, "case")
    problems = list(loaded.problems)
    if loaded.model is not None:
        problems.extend(loaded.place(case_checks(loaded.model, ctx.for_case(rel, loaded.model))))
    result = FileResult(rel, blob_id(data), problems, summarize(loaded.data))
    if record and loaded.model is not None:
        from kremlinlist.caches import snapshots as snapcache

        result.record = snapcache.record(loaded.model)
    return result


def read_settled(root: str, rel: str) -> tuple[bytes, str | None]:
    """A file's bytes and its status, taken before reading so that a later write shows."""
    before = time.time_ns()
    try:
        st = os.lstat(os.path.join(root, rel))
    except OSError:
        st = None
    data = loader.read_file(Path(root), rel)
    return data, (settled_stat(st, before) if st is not None else None)


def _check_item(root: str, rel: str, data: bytes | None, ctx: Context) -> FileResult:
    """Check one file; with no bytes given, read them here (in a worker, on a cold run)."""
    settled = None
    if data is None:
        try:
            data, settled = read_settled(root, rel)
        except loader.FileRefused as exc:
            return FileResult(rel, None, loader.refused(rel, exc).problems, {})
    result = check_file_bytes(rel, data, ctx)
    result.stat = settled
    return result


def check_many(root: str, items: list[tuple[str, bytes | None]], ctx: Context,
               jobs: int) -> list[FileResult]:
    """Check files of the working tree at `root` (bytes given, or None to read them in the
    worker), on up to `jobs` cores."""
    return fork_map(functools.partial(_check_pair, root, ctx), items, jobs=jobs)


def _check_pair(root: str, ctx: Context, item: tuple[str, bytes | None]) -> FileResult:
    return _check_item(root, item[0], item[1], ctx)


def person_at(root: str, rel: str) -> dict | None:
    """What the duplicate finder compares of the case file at `rel`; None if it cannot be read."""
    try:
        return summary_only((rel, loader.read_file(Path(root), rel))).summary.get("person")
    except loader.FileRefused:
        return None


def summary_only(item: tuple[str, bytes]) -> FileResult:
    """An unselected file: only what the checks across files need; its own problems are not ours."""
    rel, data = item
    try:
        parsed = yamlsafe.parse(yamlsafe.read_text(data))[0]
    except yamlsafe.YamlError:
        parsed = None
    return FileResult(rel, None, [], summarize(parsed))
