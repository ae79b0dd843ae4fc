"""The cases as they are on disk now, for the list: read through the working-tree store
(`worktree.json`), which spares parsing a file whose blob id it knows."""

from __future__ import annotations

from pathlib import Path

from kremlinlist.base.gc import paused_gc
from kremlinlist.base.problem import Problem
from kremlinlist.caches import snapshots as snapcache
from kremlinlist.caches.clean import blob_id, cache_dir
from kremlinlist.files import loader


def working_tree_cases(root: Path | str) -> tuple[list, list[Problem]]:
    """The cases as they are on disk now (uncommitted edits included), as LiteCases for the
    list. A file whose blob id the working-tree cache knows is not parsed again."""
    with paused_gc():
        return _working_tree_cases(Path(root), cache_dir(Path(root)))


def _working_tree_cases(root: Path, cache: Path) -> tuple[list, list[Problem]]:
    dates: dict = {}
    store = snapcache.WorktreeStore(cache, dates)
    rels, problems = loader.list_yaml(root, loader.CASES_DIR)
    cases: list = []
    for rel in rels:
        try:
            data = loader.read_file(root, rel)
        except loader.FileRefused as exc:
            problems += loader.refused(rel, exc).problems
            continue
        key = (rel, blob_id(data))
        known, _ = store.split([key])  # one file at a time: its bytes are not kept
        if key in known:
            cases.append(known[key])
            continue
        loaded = loader.load_bytes(rel, data, "case")
        problems += loaded.problems
        if loaded.model is not None:
            rec = snapcache.record(loaded.model)
            cases.append(snapcache.lite(rec, dates))
            if not loaded.problems:
                store.put(key, rec)
    store.save()
    return cases, problems
