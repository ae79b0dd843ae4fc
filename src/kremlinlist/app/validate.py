"""`kremlinlist validate`: every check on the dataset, as a list of Problems.

Per-file checks (checks.registry: schema, id and file name, local source references, privacy,
timeline, rules) run in parallel on a cold run and are skipped for files the cache knows to be
clean; checks across files (checks.across: unique ids, organization references) always run, on
small per-file summaries. This module decides what to check and gathers the report.
"""

from __future__ import annotations

import functools
import os
import stat
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterable

from kremlinlist.base.i18n import _
from kremlinlist.app.actions import advocacy_problems, load_advocacy
from kremlinlist.app.seal import sealing_problems
from kremlinlist.base import parallel
from kremlinlist.base.parallel import fork_map
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.problem import Problem, sort_problems
from kremlinlist.caches.clean import CleanCache, blob_id, fingerprint
from kremlinlist.checks import duplicates as dupes
from kremlinlist.checks.across import cross_findings
from kremlinlist.checks.context import Context
from kremlinlist.checks.engine import FileResult, check_many, person_at, read_settled, summary_only
from kremlinlist.checks.identity import org_findings
from kremlinlist.checks.text import control_characters
from kremlinlist.files import loader
from kremlinlist.files.layout import DUPES_FILE, SETTINGS_FILES
from kremlinlist.files.layout import dataset_path
from kremlinlist.history import git
from kremlinlist.model import dates


@dataclass
class Report:
    checked: int
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def ok(self, strict: bool = False) -> bool:
        return not (self.errors or (strict and self.warnings))

    def to_dict(self, strict: bool = False) -> dict:
        return {"ok": self.ok(strict), "checked": self.checked,
                "problems": [p.to_dict() for p in self.problems]}


def validate(root: Path | str, paths: Iterable[str] | None = None, *, use_cache: bool = True,
             today: date | None = None, jobs: int | None = None,
             progress: Callable[[int, int], None] | None = None,
             deleted: Iterable[str] = (), changed_since: str | None = None) -> Report:
    """Check the dataset at `root`; with `paths`, report only on those files (still checking them
    against the whole dataset for unique ids and references) and on the cases they affect:
    every case for criteria.yaml or kremlinlist.yaml, the cases citing an organization for its
    file (also when `deleted`), the cases whose ruled-out pairs a change to dupes.yaml adds or
    removes. `changed_since` (a git revision, instead of `paths`) takes the dataset files changed
    since it, deleted ones included: what a pull request's CI or the pre-commit hook checks."""
    root = Path(root)
    base = None  # the revision a change of dupes.yaml is compared with
    if changed_since is not None:
        if paths is not None:
            raise KremlinlistError("conflicting-options",
                                   _("give files or --changed-since, not both"), usage=True)
        paths, found = git.changed_since(root, changed_since)
        deleted, base = [*deleted, *found], changed_since
    selected = None if paths is None else {dataset_path(root, p) for p in paths}
    gone = {dataset_path(root, p) for p in deleted}
    problems: list[Problem] = []

    config, p = loader.load_config(root)
    problems += p
    today = today or dates.today(config.timezone)
    criteria, p = loader.load_criteria(root)
    problems += p

    org_files, p = loader.list_yaml(root, loader.ORGS_DIR)
    problems += p
    orgs: dict[str, str] = {}
    for rel in org_files:
        loaded = loader.load_file(root, rel, "organization")
        problems += loaded.problems
        if loaded.model is not None:
            problems += loaded.place(org_findings(loaded, orgs) +
                                     control_characters(loaded.model))

    case_files, p = loader.list_yaml(root, loader.CASES_DIR)
    problems += p
    asked: set[str] = set()  # the files named: the duplicate check's ratchet
    advocacy = load_advocacy(root)
    if selected is not None:
        missing = (selected - set(case_files) - set(org_files) - set(SETTINGS_FILES)
                   - set(advocacy.files))
        if os.path.lexists(root / DUPES_FILE):
            missing.discard(DUPES_FILE)
        elif DUPES_FILE in missing and git.file_at(root, "HEAD", DUPES_FILE) is not None:
            missing.discard(DUPES_FILE)  # deleted since the last commit: its cases are re-checked
            gone.add(DUPES_FILE)
        problems += [Problem(rel, 0, 0, "error", "missing-file",
                             _("no such file in cases/, organizations/, actions/ or coalitions/ of this dataset"))
                     for rel in sorted(missing)]
        asked = set(selected)
        if (selected | gone) & set(SETTINGS_FILES):
            selected |= set(case_files)

    ctx = Context(criteria, config, today)
    key = fingerprint(_bytes_or_empty(root, loader.CRITERIA_FILE),
                      _bytes_or_empty(root, loader.CONFIG_FILE))
    cache = CleanCache.open(root, key) if use_cache else None
    results: list[FileResult] = []
    todo: list[tuple[str, bytes | None]] = []
    others: list[tuple[str, bytes]] = []  # not selected and not in the cache: summaries only
    folder = os.fspath(root)
    cold = not (cache and cache.entries)
    settled_stats: list[tuple[str, str, str]] = []  # recorded once the blob is known clean
    for rel in case_files:
        wanted = selected is None or rel in selected
        if wanted and cold:
            todo.append((rel, None))  # nothing to look up: the checking process reads it
            continue
        data = None
        blob = _blob_by_stat(cache, folder, rel) if cache else None
        if blob is None:
            try:
                data, settled = read_settled(folder, rel)
            except loader.FileRefused as exc:
                results.append(FileResult(rel, None, loader.refused(rel, exc).problems, {}))
                continue
            blob = blob_id(data)
            if cache and settled:
                settled_stats.append((rel, settled, blob))
        hit = cache.split([(rel, blob)])[0].get((rel, blob)) if cache else None
        if hit is not None:
            results.append(FileResult(rel, blob, [], hit))
            continue
        if data is None:
            try:
                data = loader.read_file(root, rel)
            except loader.FileRefused as exc:
                results.append(FileResult(rel, None, loader.refused(rel, exc).problems, {}))
                continue
        if wanted:
            todo.append((rel, data))
        else:
            others.append((rel, data))
    results += fork_map(summary_only, others)  # on every core when many (`validate PATH`)
    if progress:
        progress(len(results), len(case_files))
    known = len(results)
    fresh = check_many(folder, todo, ctx, jobs if jobs is not None else parallel.cores(),
                       done=(lambda n: progress(known + n, len(case_files))) if progress else None)
    if cache is not None:
        for r in fresh:
            if not r.problems and r.blob:
                cache.put((r.rel, r.blob), r.summary)  # only a public person's
            if r.blob and r.stat:
                cache.put_stat(r.rel, r.stat, r.blob)
        for rel, settled, blob in settled_stats:
            cache.put_stat(rel, settled, blob)
        if selected is None:
            cache.keep_only({r.blob for r in results + fresh if r.blob}, set(case_files))
    results += fresh
    if progress:
        progress(len(case_files), len(case_files))
    problems += sealing_problems(root, config, case_files)  # recipients, intake/, opened blocks

    for r in results:
        problems += r.problems
    problems += loader.place_findings(
        root, cross_findings([(r.rel, r.summary) for r in results], orgs))
    problems += advocacy_problems(root, [(r.rel, r.summary) for r in results], today, advocacy)
    if selected is not None:
        dependents = affected(root, selected | gone, results, base)
        selected |= dependents
        problems = [p for p in problems if p.file in selected or p.file in
                    (loader.CRITERIA_FILE, loader.CONFIG_FILE)]
        problems += likely_duplicates(root, asked | dependents, results, cache)
        checked = len(selected)
    else:
        checked = (len(case_files) + len(org_files) + len(advocacy.files) + 1
                   + os.path.lexists(root / loader.CONFIG_FILE))
        if os.path.lexists(root / DUPES_FILE):  # a broken dupes.yaml would hide nothing silently
            problems += dupes.load_decisions(root)[1]
            checked += 1
    if cache is not None:
        cache.save()
    return Report(checked, sort_problems(problems))


def affected(root: Path, changed: set[str], results: list[FileResult],
             base: str | None = None) -> set[str]:
    """The case files that a change to `changed` (organization files, dupes.yaml) bears on:
    those citing a changed or deleted organization in `by`, and those named in a pair dupes.yaml
    gained or lost since `base` (a revision). Without `base` (files given by name), every case
    dupes.yaml names now or at HEAD: a pair removed since the last commit is re-checked too."""
    orgs = {Path(rel).stem for rel in changed if rel.startswith(loader.ORGS_DIR + "/")}
    named: set[str] = set()
    if DUPES_FILE in changed:
        now = dupes.load_decisions(root)[0]
        if base is not None:
            pairs = now ^ dupes.pairs_in(git.file_at(root, base, DUPES_FILE))
        else:
            pairs = now | dupes.pairs_in(git.file_at(root, "HEAD", DUPES_FILE))
        named = {i for pair in pairs for i in pair}
    if not orgs and not named:
        return set()
    out = set()
    for r in results:
        ids = {r.summary.get("id"), *r.summary.get("former_ids", ())}
        if orgs.intersection(r.summary.get("by", ())) or named & ids:
            out.add(r.rel)
    return out


def likely_duplicates(root: Path, selected: set[str], results: list[FileResult],
                      cache: CleanCache | None = None) -> list[Problem]:
    """Duplicate persons, only for the files being added or changed: a ratchet, so old pairs do
    not fail every pull request and a plain `validate` stays fast."""
    persons: dict[str, dict | None] = {}
    missing = []  # cache hits whose person the cache does not hold: parsed again
    for r in results:
        if r.summary and "person" not in r.summary:
            persons[r.rel] = cache.person(r.blob) if cache is not None and r.blob else None
            if persons[r.rel] is None:
                missing.append(r.rel)
    for rel, person in zip(missing, fork_map(functools.partial(person_at, os.fspath(root)),
                                             missing)):
        persons[rel] = person
    summaries = []
    for r in results:
        s = r.summary
        if s and r.rel in persons:
            s = {**s, "person": persons[r.rel]}
            if persons[r.rel] is not None and cache is not None and r.blob:
                cache.put_person(r.blob, persons[r.rel])
        if s:
            summaries.append((r.rel, s))
    if cache is not None:
        cache.keep_persons({r.blob for r in results if r.blob})
    return dupes.ratchet(root, selected, summaries)


def _blob_by_stat(cache: CleanCache, base: str, rel: str) -> str | None:
    """The blob id the cache recorded for an unchanged regular file, without reading it."""
    try:
        st = os.lstat(base + "/" + rel)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode) or st.st_size > loader.MAX_FILE_BYTES:
        return None
    return cache.blob_by_stat(rel, st)


def _bytes_or_empty(root: Path, rel: str) -> bytes:
    try:
        return loader.read_file(root, rel)
    except loader.FileRefused:
        return b""


