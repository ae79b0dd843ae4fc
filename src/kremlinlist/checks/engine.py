"""Checking one file's bytes: the per-case checks of the registry on a loaded case, plus the
summary the checks across files need. Runs in worker processes on a cold run (base.parallel)."""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from typing import Callable, Iterator

from kremlinlist.base.parallel import fork_map
from kremlinlist.base.problem import Problem
from kremlinlist.caches import snapshots as snapcache
from kremlinlist.caches.clean import blob_id, is_public, settled_stat
from kremlinlist.caches.seam import Seam
from kremlinlist.caches.tokens import TokenKey
from kremlinlist.checks.across import summarize
from kremlinlist.checks.context import Context
from kremlinlist.checks.privacy import withheld_comments
from kremlinlist.checks.registry import case_checks
from kremlinlist.checks.salvage import salvage
from kremlinlist.checks.sealing import comments_beside_sealed
from kremlinlist.checks.text import block_keys
from kremlinlist.files import loader, yamlsafe
from kremlinlist.model.case import Sealed


@dataclass
class FileResult:
    rel: str
    blob: str | None
    problems: list[Problem]
    summary: dict
    stat: str | None = None  # cache.settled_stat of the file when it was read
    record: list | None = None  # the snapshot cache's record of the case, when asked for
    known: bool = False  # from the clean cache: not read, not checked again


def check_file_bytes(rel: str, data: bytes, ctx: Context, record: bool = False) -> FileResult:
    """validate's checks on one case file; with `record`, also what a release's snapshot keeps of
    it, so a first release parses each file once."""
    return _checked(rel, data, loader.load_bytes(rel, data, "case", today=ctx.today), ctx,
                    record)


def check_if_cacheable(rel: str, data: bytes, ctx: Context, tokens: TokenKey | None
                       ) -> FileResult:
    """A file not asked about, on a run with the clean cache: checked in full only if the cache
    could keep it (a public person's, or with `tokens` a withheld one's a token may stand for),
    so that the next run knows it. Any other, or one with a problem, gives what `summary_only`
    gives: its problems are not this run's to report."""
    def keepable(summary: dict) -> bool:
        return is_public(summary) or (tokens is not None and tokens.may_keep(summary))

    loaded = loader.load_bytes(rel, data, "case", model_if=lambda d: keepable(summarize(d)),
                               today=ctx.today)
    if loaded.model is not None and not loaded.problems:
        result = _checked(rel, data, loaded, ctx)
        if not result.problems:
            return result
    return FileResult(rel, None, [], summarize(loaded.data))


def _checked(rel: str, data: bytes, loaded: loader.Loaded, ctx: Context,
             record: bool = False) -> FileResult:
    problems = list(loaded.problems)
    if loaded.model is not None:
        plain = (loaded.text is not None
                 and yamlsafe.no_control_in_values(loaded.text, block_keys()))
        problems.extend(loaded.place(case_checks(loaded.model,
                                                 ctx.for_case(rel, loaded.model, plain))))
        if isinstance(loaded.model.private, Sealed) and loaded.text is not None:
            problems += comments_beside_sealed(rel, loaded.text, "private")
    elif isinstance(loaded.data, dict) and (partial := salvage(loaded.data)) is not None:
        # schema errors: what can still be checked is, so one run shows every problem
        findings = case_checks(partial.case, ctx.for_case(rel, partial.case))
        problems.extend(loaded.place(partial.keep(findings)))
    problems += withheld_comments(rel, loaded.text, loaded.model, ctx.config)
    result = FileResult(rel, blob_id(data), problems, summarize(loaded.data))
    if record and loaded.model is not None:
        result.record = snapcache.record(loaded.model)
    return result


def read_settled(root: str, rel: str) -> tuple[bytes, str | None]:
    """A file's bytes and its status, taken before reading so that a later write shows."""
    before = time.time_ns()
    data, st = loader.read_with_status(root, rel)
    return data, settled_stat(st, before)


def summary_only(item: tuple[str, bytes]) -> FileResult:
    """An unselected file: only what the checks across files need; its own problems are not ours."""
    rel, data = item
    try:
        parsed = yamlsafe.parse(yamlsafe.read_text(data))[0]
    except yamlsafe.YamlError:
        parsed = None
    return FileResult(rel, None, [], summarize(parsed))


def check_files(items: list[tuple[str, str]],
                read: Callable[[list[tuple[str, str]]], dict[str, tuple[bytes | None,
                                                                     list[Problem]]]],
                ctx: Context, cache: Seam[tuple[str, str], dict], batch: int,
                jobs: int | None = None, record: bool = False
                ) -> Iterator[tuple[str, str, FileResult | None, list[Problem]]]:
    """Check case files known by blob id, e.g. (rel, "<sha>:<mode>") from a git tree. The cache
    splits them first into known (clean, not read again) and to do; those are read `batch` at a
    time with `read` (rel -> bytes or None, and the problems of reading), checked on `jobs` cores
    (with `record`, also the snapshot record), and the clean ones offered to the cache. Yields
    (rel, blob, result or None when unreadable, problems of reading): the known first, then the
    checked, each in `items` order."""
    known, todo = cache.split(items)
    for rel, blob in items:
        hit = known.get((rel, blob))
        if hit is not None:
            yield rel, blob, FileResult(rel, blob.partition(":")[0], [], hit, known=True), []
    for start in range(0, len(todo), batch):
        part = todo[start:start + batch]
        blobs = read(part)
        readable = [(rel, blobs[rel][0]) for rel, _ in part if blobs[rel][0] is not None]
        checked = dict(zip((rel for rel, _ in readable),
                           fork_map(functools.partial(_check_read, ctx, record), readable,
                                    jobs=jobs)))
        for rel, blob in part:
            result = checked.get(rel)
            if result is not None and not result.problems and result.blob == blob.partition(":")[0]:
                cache.put((rel, blob), result.summary)  # its `person` shows whether it may be kept
            yield rel, blob, result, blobs[rel][1] if result is None else []
        del blobs, readable, checked


def _check_read(ctx: Context, record: bool, item: tuple[str, bytes]) -> FileResult:
    return check_file_bytes(item[0], item[1], ctx, record=record)
