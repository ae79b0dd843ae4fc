"""`kremlinlist validate`: every check on the dataset, as a list of Problems.

Per-file checks (schema, id and file name, local source references, privacy, timeline, rules) run
in parallel on a cold run and are skipped for files the cache knows to be clean; checks across files
(unique ids, organization references) always run, on small per-file summaries.
"""

from __future__ import annotations

import functools
import os
import stat
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable

from kremlinlist.model import dates
from kremlinlist.files import loader
from kremlinlist.base import parallel
from kremlinlist.model import verdict as rules
from kremlinlist.model import timeline
from kremlinlist.caches.clean import CleanCache, blob_id, fingerprint, settled_stat
from kremlinlist.model.case import Case, Config, Criteria
from kremlinlist.base.parallel import fork_map
from kremlinlist.base.problem import Finding, Problem, sort_problems
from kremlinlist.files.layout import dataset_path as _relative
from kremlinlist.model.ids import is_id

DUPES_FILE = "dupes.yaml"  # dupes.DUPES_FILE, not imported here so that validate starts fast
IDENTIFYING = ("name", "aliases", "born", "occupation", "summary", "former_ids", "sources")
IDENTIFYING_EVENT = ("place", "note", "to", "by")


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


@dataclass(frozen=True)
class Context:
    """What per-file checks depend on besides the file itself (and so what the cache is keyed on)."""

    criteria: Criteria | None
    config: Config
    today: date


def context_from(criteria_bytes: bytes | None, config_bytes: bytes | None,
                 today: date | None = None) -> tuple[Context, list[Problem]]:
    """The per-file checks' context from criteria.yaml's and kremlinlist.yaml's bytes (None where
    the file is missing, as at a commit in git), with those files' own problems."""
    problems: list[Problem] = []
    criteria = None
    if criteria_bytes is None:
        problems.append(loader.MISSING_CRITERIA)
    else:
        loaded = loader.load_bytes(loader.CRITERIA_FILE, criteria_bytes, "criteria")
        problems += loaded.problems
        criteria = loaded.model
    config = Config()
    if config_bytes is not None:
        loaded = loader.load_bytes(loader.CONFIG_FILE, config_bytes, "config")
        problems += loaded.problems
        config = loaded.model or config  # type: ignore[assignment]
    return Context(criteria, config, today or dates.today(config.timezone)), problems  # type: ignore[arg-type]


def summarize(data: Any) -> dict:
    """What the checks across files need of a case, read tolerantly from raw data."""
    if not isinstance(data, dict):
        return {}

    def ids(value: Any) -> list[str]:
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []

    a = data.get("assessment")
    return {
        "id": data.get("id") if isinstance(data.get("id"), str) else None,
        "former_ids": ids(data.get("former_ids")),
        "by": ids(a.get("by")) if isinstance(a, dict) else [],
        "person": _person_fields(data),
    }


def _person_fields(data: dict) -> dict:
    """What the duplicate finder compares, in the shape `dupes.profile` reads, so that `validate
    PATH` compares a changed file with cached summaries instead of parsing every other file."""
    def text(value: Any) -> str | None:
        return value if isinstance(value, str) else None

    name, aliases, events = data.get("name"), data.get("aliases"), data.get("events")
    names = [v for v in name.values() if isinstance(v, str)] if isinstance(name, dict) else []
    names += [v for v in aliases if isinstance(v, str)] if isinstance(aliases, list) else []
    detained = [{"type": "detained", "date": e["date"]} for e in
                (events if isinstance(events, list) else [])
                if isinstance(e, dict) and e.get("type") == "detained" and text(e.get("date"))]
    publicity = data.get("publicity", "public")  # anything unreadable counts as withheld
    return {"aliases": names[:50], "born": text(data.get("born")),
            "region": text(data.get("region")), "sex": text(data.get("sex")),
            "events": detained[:10],
            "publicity": publicity if publicity is None or isinstance(publicity, str) else "?"}


def case_findings(case: Case, rel: str, ctx: Context) -> list[Finding]:
    """Checks on one valid case that need no other file."""
    out: list[Finding] = []
    stem = Path(rel).stem
    if case.id != stem:
        out.append(Finding(("id",), "error", "id-mismatch",
                           "the id must equal the file name: set `id:` to the file name without "
                           "its .yaml, or rename the file to the id written here"
                           if loader_id_ok(stem) else
                           "the id must equal the file name: rename the file to the id written "
                           "here, followed by .yaml"))
    if case.id in case.former_ids:
        out.append(Finding(("former_ids",), "error", "former-id-is-current",
                           "`former_ids` lists the current id; remove it"))
    known = set(case.sources)

    def refs(path: tuple, ids: Iterable[str]) -> None:
        for j, sid in enumerate(ids):
            if sid not in known:
                out.append(Finding(path + (j,), "error", "unknown-source",
                                   "no source with this id in this file's `sources`; add it "
                                   "there or correct the id"))

    for i, e in enumerate(case.events):
        refs(("events", i, "sources"), e.sources)
    for i, c in enumerate(case.assessment.criteria):
        refs(("assessment", "criteria", i, "sources"), c.sources)
    refs(("assessment", "sources"), case.assessment.sources)
    if case.assessment.decision == "listed" and not case.assessment.by:
        out.append(Finding(("assessment",), "error", "missing-key",
                           "a `listed` case needs `by`: the organizations that maintain it, e.g. "
                           "`by: [ccl]`", at_key=True))
    out.extend(privacy_findings(case, ctx.config))
    withheld = rules.sources_withheld(case, ctx.config)
    found = timeline.timeline_findings(case, ctx.today, cited=not withheld)
    if ctx.criteria is not None:
        found += rules.criteria_findings(case, ctx.criteria, withheld)
    return out + found


def loader_id_ok(stem: str) -> bool:
    return is_id(stem)


def privacy_findings(case: Case, config: Config) -> list[Finding]:
    """In a public repository, nothing private and nothing that identifies a withheld person."""
    out: list[Finding] = []
    if case.publicity == "public" and case.name is None:
        out.append(Finding((), "error", "missing-key",
                           "`name` is required for a public case: `name: {en: ..., uk: ...}` "
                           "(or set `publicity: anonymous` if the family asked)"))
    if config.repository != "public":
        return out
    if case.private is not None:
        out.append(Finding(("private",), "error", "private-in-public-repository",
                           "this repository is public (kremlinlist.yaml), so anyone who clones it "
                           "reads a `private` block: delete the block and keep these notes in the "
                           "coalition's private repository", at_key=True))
    if case.publicity != "public":
        for key in IDENTIFYING:
            if getattr(case, key):
                out.append(Finding((key,), "error", "identifying-field-in-public-repository",
                                   f"a `{case.publicity}` case in a public repository may not "
                                   f"carry `{key}`: delete it and keep it in the private "
                                   "repository", at_key=True))
        for i, e in enumerate(case.events):
            for key in IDENTIFYING_EVENT:
                if getattr(e, key):
                    out.append(Finding(("events", i, key), "error",
                                       "identifying-field-in-public-repository",
                                       f"a `{case.publicity}` case in a public repository may "
                                       f"not carry event `{key}`: delete it", at_key=True))
            if e.sources:
                out.append(Finding(("events", i, "sources"), "error",
                                   "identifying-field-in-public-repository",
                                   f"a `{case.publicity}` case in a public repository keeps its "
                                   "sources in the private repository: delete `sources`",
                                   at_key=True))
    return out


@dataclass
class FileResult:
    rel: str
    blob: str | None
    problems: list[Problem]
    summary: dict
    stat: str | None = None  # cache.settled_stat of the file when it was read
    record: list | None = None  # the snapshot cache's record of the case, when asked for


def check_case_bytes(rel: str, data: bytes, ctx: Context, record: bool = False) -> FileResult:
    """validate's checks on one case file; with `record`, also what a release's snapshot keeps of
    it, so a first release parses each file once."""
    loaded = loader.load_bytes(rel, data, "case")
    problems = list(loaded.problems)
    if loaded.model is not None:
        problems.extend(loaded.place(case_findings(loaded.model, rel, ctx)))
    result = FileResult(rel, blob_id(data), problems, summarize(loaded.data))
    if record and loaded.model is not None:
        from kremlinlist.caches import snapshots as snapcache

        result.record = snapcache.record(loaded.model)
    return result


def _read(root: str, rel: str) -> tuple[bytes, str | None]:
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
            data, settled = _read(root, rel)
        except loader.FileRefused as exc:
            return FileResult(rel, None, loader.refused(rel, exc).problems, {})
    result = check_case_bytes(rel, data, ctx)
    result.stat = settled
    return result


def _check_many(root: str, items: list[tuple[str, bytes | None]], ctx: Context,
                jobs: int) -> list[FileResult]:
    return fork_map(functools.partial(_check_pair, root, ctx), items, jobs=jobs)


def _check_pair(root: str, ctx: Context, item: tuple[str, bytes | None]) -> FileResult:
    return _check_item(root, item[0], item[1], ctx)


SETTINGS = (loader.CRITERIA_FILE, loader.CONFIG_FILE)  # a change to either affects every case


def validate(root: Path | str, paths: Iterable[str] | None = None, *, use_cache: bool = True,
             today: date | None = None, jobs: int | None = None,
             progress: Callable[[int, int], None] | None = None,
             deleted: Iterable[str] = ()) -> Report:
    """Check the dataset at `root`; with `paths`, report only on those files (still checking them
    against the whole dataset for unique ids and references) and on the cases they affect:
    every case for criteria.yaml or kremlinlist.yaml, the cases citing an organization for its
    file (also when `deleted`, as `--changed-since` finds it), the cases dupes.yaml names."""
    root = Path(root)
    selected = None if paths is None else {_relative(root, p) for p in paths}
    gone = {_relative(root, p) for p in deleted}
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
            problems += loaded.place(_org_findings(loaded, orgs))

    case_files, p = loader.list_yaml(root, loader.CASES_DIR)
    problems += p
    asked: set[str] = set()  # the files named: the duplicate check's ratchet
    if selected is not None:
        missing = selected - set(case_files) - set(org_files) - set(SETTINGS)
        if os.path.lexists(root / DUPES_FILE):
            missing.discard(DUPES_FILE)
        problems += [Problem(rel, 0, 0, "error", "missing-file",
                             "no such file in cases/ or organizations/ of this dataset")
                     for rel in sorted(missing)]
        asked = set(selected)
        if (selected | gone) & set(SETTINGS):
            selected |= set(case_files)

    ctx = Context(criteria, config, today)
    key = fingerprint(_bytes_or_empty(root, loader.CRITERIA_FILE),
                      _bytes_or_empty(root, loader.CONFIG_FILE))
    cache = CleanCache.open(root, key) if use_cache else None
    results: list[FileResult] = []
    todo: list[tuple[str, bytes | None]] = []
    others: list[tuple[str, bytes]] = []  # not selected and not in the cache: summaries only
    base = os.fspath(root)
    cold = not (cache and cache.entries)
    settled_stats: list[tuple[str, str, str]] = []  # recorded once the blob is known clean
    for rel in case_files:
        wanted = selected is None or rel in selected
        if wanted and cold:
            todo.append((rel, None))  # nothing to look up: the checking process reads it
            continue
        data = None
        blob = _blob_by_stat(cache, base, rel) if cache else None
        if blob is None:
            try:
                data, settled = _read(base, rel)
            except loader.FileRefused as exc:
                results.append(FileResult(rel, None, loader.refused(rel, exc).problems, {}))
                continue
            blob = blob_id(data)
            if cache and settled:
                settled_stats.append((rel, settled, blob))
        hit = cache.get(blob) if cache else None
        if hit is not None and hit["id"] == rel[rel.rfind("/") + 1:-5]:
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
    results += fork_map(_summary_only, others)  # on every core when many (`validate PATH`)
    if progress:
        progress(len(results), len(case_files))
    fresh = _check_many(base, todo, ctx, jobs if jobs is not None else parallel.cores())
    if cache is not None:
        for r in fresh:
            if not r.problems and r.blob:
                cache.put(r.blob, r.summary)  # only a public person's
            if r.blob and r.stat:
                cache.put_stat(r.rel, r.stat, r.blob)
        for rel, settled, blob in settled_stats:
            cache.put_stat(rel, settled, blob)
        if selected is None:
            cache.keep_only({r.blob for r in results + fresh if r.blob}, set(case_files))
    results += fresh
    if progress:
        progress(len(case_files), len(case_files))

    for r in results:
        problems += r.problems
    problems += loader.place_findings(
        root, cross_findings([(r.rel, r.summary) for r in results], orgs))
    if selected is not None:
        dependents = affected(root, selected | gone, results)
        selected |= dependents
        problems = [p for p in problems if p.file in selected or p.file in
                    (loader.CRITERIA_FILE, loader.CONFIG_FILE)]
        problems += likely_duplicates(root, asked | dependents, results, cache)
        checked = len(selected)
    else:
        checked = len(case_files) + len(org_files) + 1 + os.path.lexists(root / loader.CONFIG_FILE)
    if cache is not None:
        cache.save()
    return Report(checked, sort_problems(problems))


def affected(root: Path, changed: set[str], results: list[FileResult]) -> set[str]:
    """The case files that a change to `changed` (organization files, dupes.yaml) bears on:
    those citing a changed or deleted organization in `by`, and those dupes.yaml names."""
    orgs = {Path(rel).stem for rel in changed if rel.startswith(loader.ORGS_DIR + "/")}
    named: set[str] = set()
    if DUPES_FILE in changed:
        from kremlinlist.checks import duplicates as dupes

        named = {i for pair in dupes.load_decisions(root)[0] for i in pair}
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
    from kremlinlist.checks import duplicates as dupes

    persons: dict[str, dict | None] = {}
    missing = []  # cache hits whose person the cache does not hold: parsed again
    for r in results:
        if r.summary and "person" not in r.summary:
            persons[r.rel] = cache.person(r.blob) if cache is not None and r.blob else None
            if persons[r.rel] is None:
                missing.append(r.rel)
    for rel, person in zip(missing, fork_map(functools.partial(_person_at, os.fspath(root)),
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


def _person_at(root: str, rel: str) -> dict | None:
    try:
        return _summary_only((rel, loader.read_file(Path(root), rel))).summary.get("person")
    except loader.FileRefused:
        return None


def _summary_only(item: tuple[str, bytes]) -> FileResult:
    """An unselected file: only what the checks across files need; its own problems are not ours."""
    from kremlinlist.files import yamlsafe

    rel, data = item
    try:
        parsed = yamlsafe.parse(yamlsafe.read_text(data))[0]
    except yamlsafe.YamlError:
        parsed = None
    return FileResult(rel, None, [], summarize(parsed))


def _org_findings(loaded: loader.Loaded, orgs: dict[str, str]) -> list[Finding]:
    org = loaded.model
    stem = Path(loaded.rel).stem
    out = []
    if org.id != stem:  # type: ignore[union-attr]
        out.append(Finding(("id",), "error", "id-mismatch",
                           "the id must equal the file name: rename the file to the id written "
                           "here, followed by .yaml"))
    orgs[org.id] = loaded.rel  # type: ignore[union-attr]
    return out


def cross_findings(summaries: list[tuple[str, dict]], orgs: Iterable[str]
                   ) -> dict[str, list[Finding]]:
    """Checks across files, on per-file summaries (from the working tree or from git blobs)."""
    orgs = set(orgs)
    # Ids first, then former ids: a former id is reported, not the id it collides with.
    claims = [(s["id"], rel, ("id",)) for rel, s in summaries if s.get("id")]
    claims += [(fid, rel, ("former_ids", j)) for rel, s in summaries
               for j, fid in enumerate(s.get("former_ids", ()))]
    findings = _duplicate_ids(claims)
    for rel, s in summaries:
        for j, org in enumerate(s.get("by", ())):
            if org not in orgs:
                findings.setdefault(rel, []).append(Finding(
                    ("assessment", "by", j), "error", "unknown-organization",
                    "no file in organizations/ has this id; use one of: "
                    f"{', '.join(sorted(orgs)) or '(none yet)'}"
                    if loader_id_ok(org) else "not an organization id in organizations/"))
    return findings


def _duplicate_ids(claims: list[tuple[str, str, tuple]]) -> dict[str, list[Finding]]:
    """Both files of every clash get the problem, so `validate PATH` catches a clash with a file
    that was not selected."""
    findings: dict[str, list[Finding]] = {}
    first: dict[str, tuple[str, tuple]] = {}
    told: set[tuple[str, tuple]] = set()
    for value, rel, path in claims:
        if value not in first:
            first[value] = (rel, path)
            continue
        other, other_path = first[value]
        if other == rel:
            continue
        for here, where in ((rel, path), (other, other_path)):
            if (here, where) not in told:
                told.add((here, where))
                findings.setdefault(here, []).append(Finding(
                    where, "error", "duplicate-id", _duplicate_message()))
    return findings


def _duplicate_message() -> str:
    """Without the id or the other file: either may be a withheld person's, whose id may carry
    the name it replaces. The other file is reported with the same problem."""
    return ("this id is also the id or a former id in another case file (reported with the same "
            "problem); ids must be unique: if both files are the same person, merge them, "
            "otherwise change or remove it here")


def _bytes_or_empty(root: Path, rel: str) -> bytes:
    try:
        return loader.read_file(root, rel)
    except loader.FileRefused:
        return b""


