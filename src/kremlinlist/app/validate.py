"""`kremlinlist validate`: every check on the dataset, as a list of Problems.

Per-file checks (checks.registry: schema, id and file name, local source references, privacy,
timeline, rules) run in parallel on a cold run and are skipped for files the cache knows to be
clean; checks across files (checks.across: unique ids, organization references) always run, on
small per-file summaries. This module decides what to check and gathers the report.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterable

from kremlinlist.base.i18n import _
from kremlinlist.app.actions import Advocacy, advocacy_problems_by_file, load_advocacy
from kremlinlist.app.likely_duplicates import likely_duplicates, person_of, summary_at
from kremlinlist.app.seal import sealing_problems
from kremlinlist.base import parallel
from kremlinlist.base.parallel import fork_map
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.gc import paused_gc
from kremlinlist.base.problem import Problem, capped, sort_problems
from kremlinlist.caches.clean import CleanCache, fingerprint, is_public
from kremlinlist.caches.clean_files import CleanFiles
from kremlinlist.caches.persons import PersonStore
from kremlinlist.caches.seam import NullSeam, Seam
from kremlinlist.caches.tokens import TokenKey, token_secret
from kremlinlist.checks import duplicates as dupes
from kremlinlist.checks.across import cross_findings
from kremlinlist.checks.advocacy import said_unnamed
from kremlinlist.checks.context import Context
from kremlinlist.checks.engine import (FileResult, check_file_bytes, check_if_cacheable,
                                       read_settled)
from kremlinlist.checks.identity import org_findings
from kremlinlist.checks.stray import (converted_file, subfolders, unread_by_file,
                                      unread_problems)
from kremlinlist.checks.text import control_characters
from kremlinlist.files import loader
from kremlinlist.files.layout import (CONFIG_FILE, CRITERIA_FILE, DATA_FOLDERS, DUPES_FILE,
                                      INTAKE_DIR, SETTINGS_FILES)
from kremlinlist.files.layout import dataset_path, dataset_path_or_none, is_dataset_file
from kremlinlist.history import git
from kremlinlist.model import dates
from kremlinlist.model.case import Config


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
             deleted: Iterable[str] = (), changed_since: str | None = None,
             identity: Path | None = None, staged: bool = False) -> Report:
    """Check the dataset at `root`; with `paths`, report only on those files (still checking them
    against the whole dataset for unique ids and references) and on the cases they affect:
    every case for criteria.yaml or kremlinlist.yaml, the cases citing an organization for its
    file (also when `deleted`), the cases whose ruled-out pairs a change to dupes.yaml adds or
    removes, the intake reports linking a deleted case. `changed_since` (a git revision, instead
    of `paths`) takes the files changed since it, deleted ones included: what a pull request's
    CI checks; `staged` those of git's index instead (against `changed_since`, else HEAD),
    the whole dataset being what the index holds: what the pre-commit hook checks. Besides the data, every file git
    would commit (or the change's) is looked at for a stray file in a data folder and a secret
    key.
    With `identity` (an age or SSH key file), sealed private blocks are opened and checked too.
    On a first run with the cache (it knows no file), a file the cache could keep is checked in
    full even when not asked (its problems are not reported), so the next run on some files is
    warm."""
    with paused_gc():  # many small acyclic summaries: a collection would only rescan them
        return _validate(Path(root), paths, use_cache=use_cache, today=today, jobs=jobs,
                         progress=progress, deleted=deleted, changed_since=changed_since,
                         identity=identity, staged=staged)


def _validate(root: Path, paths: Iterable[str] | None, *, use_cache: bool, today: date | None,
              jobs: int | None, progress: Callable[[int, int], None] | None,
              deleted: Iterable[str], changed_since: str | None,
              identity: Path | None, staged: bool = False) -> Report:
    base = None  # the revision a change of dupes.yaml is compared with
    extra: set[str] = set()  # the change's files that are not data: a stray file, a key
    said: set[str] = set()  # of the files named, those said to be a stray file or a key
    held: frozenset[str] | None = None  # with --staged: the files git's index holds, the commit's
    unsure: set[str] = set()  # with --staged: dataset files whose disk differs from the index
    if changed_since is not None or staged:
        if paths is not None:
            raise KremlinlistError("conflicting-options", _(
                "give files or --changed-since, not both") if changed_since is not None
                else _("give files or --staged, not both"), usage=True)
        changed, found = git.changed_since(root, changed_since, staged)  # named from `root`,
        paths = [os.path.join(root, r) for r in changed if is_dataset_file(r)]  # not the cwd
        extra, base = {r for r in changed if not is_dataset_file(r)}, changed_since or "HEAD"
        deleted = [*deleted, *(os.path.join(root, r) for r in found if is_dataset_file(r))]
        if staged:  # the commit is checked against the dataset it will hold
            held = frozenset(git.indexed(root))
            unsure = {r for r in git.unstaged(root) if is_dataset_file(r)}  # read from disk
    if paths is not None:
        paths = list(paths)
    selected = None if paths is None else {dataset_path(root, p) for p in paths}
    outside = {Path(p).as_posix() for p in paths or () if dataset_path_or_none(root, p) is None}
    gone = {dataset_path(root, p) for p in deleted}
    problems: list[Problem] = [Problem(rel, 0, 0, "error", "staged-file-changed-on-disk", _(
        "this file has changes that are not staged, and the check reads the file on disk, not "
        "what the commit will hold: stage them (`git add`) or set them aside (`git stash "
        "--keep-index`; pre-commit does it for you)")) for rel in sorted(unsure)]

    config, p = loader.load_config(root) if _holds(held, CONFIG_FILE) else (Config(), [])
    problems += p
    if changed_since is not None and config.repository != "public":  # a pull request's CI
        problems += _made_private(root, changed_since)
    today = today or dates.today(config.timezone)
    criteria, p = (loader.load_criteria(root) if _holds(held, CRITERIA_FILE)
                   else (None, [loader.missing_criteria()]))
    problems += p

    org_files, p = loader.list_yaml(root, loader.ORGS_DIR)
    org_files = [rel for rel in org_files if _holds(held, rel)]
    problems += p
    orgs: dict[str, str] = {}
    org_loaded = [loader.load_file(root, rel, "organization") for rel in org_files]
    for loaded in org_loaded:
        problems += loaded.problems
        if loaded.model is not None:
            problems += loaded.place(org_findings(loaded, orgs) +
                                     control_characters(loaded.model))

    case_files, p = loader.list_yaml(root, loader.CASES_DIR)
    case_files = [rel for rel in case_files if _holds(held, rel)]
    problems += p
    intake_files = [rel for rel in loader.list_yaml(root, INTAKE_DIR)[0]  # problems: sealing's
                    if _holds(held, rel)]
    asked: set[str] = set()  # the files named: the duplicate check's ratchet
    advocacy = load_advocacy(root, only=held)
    if selected is not None:
        missing = (selected - set(case_files) - set(org_files) - set(SETTINGS_FILES)
                   - set(advocacy.files) - set(intake_files))
        if os.path.lexists(root / DUPES_FILE):
            missing.discard(DUPES_FILE)
        elif DUPES_FILE in missing and git.file_at(root, "HEAD", DUPES_FILE) is not None:
            missing.discard(DUPES_FILE)  # deleted since the last commit: its cases are re-checked
            gone.add(DUPES_FILE)
        found_unread = unread_by_file(root, [rel for rel in missing if rel not in outside], [])
        unread = [p for found in found_unread.values() for p in found]
        # a stray file, a case outside cases/ or a key named: said as such (a withheld person's
        # case of its folder, kept as that)
        said = set(found_unread) | {p.file for p in unread}
        extra |= said
        problems += unread + [
            Problem(rel, 0, 0, "error", "missing-file", _not_checked(root, rel, outside))
            for rel in sorted(missing - said) if not _said_by_its_folder(root, rel)]
        asked = set(selected)
        if (selected | gone) & set(SETTINGS_FILES):
            selected |= set(case_files) | set(intake_files)

    ctx = Context(criteria, config, today)
    folder = os.fspath(root)
    read: dict[str, tuple[bytes, str | None]] = {}  # read by the cache to hash: not read twice
    # with files named, the known files' bytes read to hash, kept for the duplicate check
    spared: dict[str, tuple[bytes, str | None]] = {}

    def unneeded(rel: str) -> None:
        got = read.pop(rel, None)
        if got is not None and selected is not None:
            spared[rel] = got
    # A clean withheld file is known by a token, which keeps no organizations: not while a
    # change to an organization is being checked, when every case citing it is looked for
    org_changed = any(rel.startswith(loader.ORGS_DIR + "/") for rel in (selected or set()) | gone)
    secret = token_secret(root) if use_cache else None
    tokens = TokenKey(secret, frozenset(orgs)) if secret is not None and not org_changed else None
    clean, persons, keepable, vouched = case_caches(root, folder, use_cache, read, unneeded,
                                                    tokens, today, secret)
    known, todo = clean.split(case_files)
    results = [FileResult(rel, blob, [], summary, known=True) for rel, (blob, summary)
               in known.items()]
    wanted = [(rel, read.get(rel)) for rel in todo if selected is None or rel in selected]
    others = [(rel, read.get(rel)) for rel in todo if selected is not None and rel not in selected]
    read.clear()
    # While the cache knows no file (a hook's first run), the files not asked about are checked
    # too where it could keep them, so that the next run is warm; else only summarized: one
    # with a problem would be checked again on every run
    unasked = None
    if use_cache and selected is not None and not known:
        unasked, wanted, others = frozenset(selected), wanted + others, []
    # Files not selected and not known: only what the checks across files need (on every core
    # when there are enough of them)
    results += parallel.spread(functools.partial(summary_at, folder), others)
    if progress:
        progress(len(results), len(case_files))
    counted = len(results)  # known or summarized: the progress bar's start
    # The persons the duplicate check compares (only with files named), and those the persons'
    # cache may keep (clean public ones): a plain warm run folds no withheld person's names
    fold = "all" if selected is not None else "public" if use_cache else None
    fresh = fork_map(functools.partial(_checked, folder, ctx, fold, unasked, tokens),
                     wanted,
                     jobs=jobs if jobs is not None else parallel.cores(),
                     done=(lambda n: progress(counted + n, len(case_files))) if progress else None)
    people: dict[str, dupes.CaseProfile] = {}  # the fresh files' folded names, made in the workers
    for r, person in fresh:
        if not r.problems and r.blob:
            clean.put(r.rel, (r.blob, r.stat, r.summary))  # a withheld person's as a token
            if person is not None and not person.withheld:
                persons.put(r.blob, dupes.stored_person(person))
        if person is not None:
            people[r.rel] = person
        results.append(r)
    if progress:
        progress(len(case_files), len(case_files))
    problems += [p for p in sealing_problems(root, config, case_files, identity)  # recipients,
                 if _holds(held, p.file) or not p.file.startswith(INTAKE_DIR + "/")]  # intake/

    for r in results:
        problems += r.problems
    problems += loader.place_findings(
        root, cross_findings([(r.rel, r.summary) for r in results], orgs))
    # said of their real files until the report is picked: a file asked is found by its path;
    # a known file of a public person (its summary from the cache carries no person) is not
    # read for withheld names, if this checkout wrote the cache (`vouches_public`)
    found, named = advocacy_problems_by_file(
        root, [(r.rel, r.summary) for r in results], today, advocacy, org_loaded,
        config.repository == "public", {r.rel for r in results if r.known and vouched(r.blob)})
    problems += found
    if selected is not None:
        dependents = affected(root, selected | gone, results, base, held)
        selected |= dependents
        # What a change to a case (or its deletion) does to the actions for it: a case withheld
        # makes them an error in a public repository, one deleted leaves them pointing nowhere
        ids = {i for r in results if r.rel in selected and r.summary
               for i in (r.summary.get("id"), *r.summary.get("former_ids", ())) if i}
        ids |= {Path(rel).stem for rel in gone if rel.startswith(loader.CASES_DIR + "/")}
        naming = _entries_naming(advocacy, ids)
        selected |= _reports_linking(root, intake_files, gone)
        kept = selected | extra | subfolders(extra) | unsure
        if (selected | gone) & set(SETTINGS_FILES):  # every file under intake/, in public
            kept |= {p.file for p in problems if p.file.startswith(INTAKE_DIR + "/")}
        problems = [p for p in problems if p.file in kept or p.file in
                    (loader.CRITERIA_FILE, loader.CONFIG_FILE) or (
                        p.code in _OF_A_CHANGED_CASE and (p.line, p.column) in naming.get(
                            p.file, ()))]
        found_unread = unread_by_file(root, sorted((extra - said) | selected), problems)
        problems += [p for found in found_unread.values() for p in found]
        problems += likely_duplicates(root, asked | dependents, results, persons, people,
                                      keepable, spared, held)
        checked = len(selected | set(found_unread))  # with the stray files and keys
    else:
        checked = (len(case_files) + len(org_files) + len(advocacy.files) + len(intake_files)
                   + 1 + os.path.lexists(root / loader.CONFIG_FILE))
        listed = git.committable(root)
        listed = loader.files_under(root) if listed is None else listed
        unread = unread_problems(root, listed, problems)
        problems += unread
        checked += len({p.file for p in unread if not is_dataset_file(p.file)})
        if os.path.lexists(root / DUPES_FILE):  # a broken dupes.yaml would hide nothing silently
            problems += dupes.load_decisions(root)[1]
            checked += 1
    # the files read that git writes into the checkout otherwise than committed: all of them
    # where a `.gitattributes` changed
    every = selected is None or any(Path(p).name == ".gitattributes"
                                    for p in (*(paths or ()), *extra))
    reads = [*case_files, *org_files, *advocacy.files, *intake_files, CRITERIA_FILE, CONFIG_FILE]
    problems += map(converted_file, git.converted(root, [
        rel for rel in reads if every or rel in selected]))
    clean.save()
    persons.save()  # after clean: it keeps only the persons of blobs still known clean
    # an action file named after a withheld person it is for: its problems, never its path
    return Report(checked, capped(sort_problems(said_unnamed(problems, named))))


def _made_private(root: Path, base: str) -> list[Problem]:
    """A change that makes a public dataset private (`repository: private`) turns off every check
    that keeps withheld people out of a public repository, so a pull request could bring in a
    private block or a named anonymous person unseen: refused, for maintainers to make on their
    own once the repository itself is private."""
    before = git.file_at(root, base, CONFIG_FILE)
    was = loader.load_bytes(CONFIG_FILE, before, "config").model if before is not None else None
    if was is not None and was.repository != "public":  # type: ignore[attr-defined]
        return []  # (none, or a broken one, is read as the defaults: public)
    return [Problem(CONFIG_FILE, 0, 0, "error", "repository-made-private", _(
        "this change makes the dataset private (`repository: private`) where it was public: the "
        "checks that keep withheld people out of a public repository stop. Make the repository "
        "itself private first; then a maintainer makes this change on its own, not in a pull "
        "request"))]


def _holds(held: frozenset[str] | None, rel: str) -> bool:
    """Whether the dataset checked has the file `rel`: every file on disk, or with --staged only
    those git's index holds (a draft never added, one ignored or `git rm --cached` is not the
    commit's, though on disk)."""
    return held is None or rel in held


def _said_by_its_folder(root: Path, rel: str) -> bool:
    """A `.yml` file of a data folder, whose `file-extension` the folder's listing says: the one
    path named but not read that is no `missing-file` (one that is not there is)."""
    folder, _slash, name = rel.partition("/")
    return folder in DATA_FOLDERS and "/" not in name and name.lower().endswith(".yml") \
        and os.path.lexists(root / rel)


def _reports_linking(root: Path, intake_files: list[str], gone: set[str]) -> set[str]:
    """The intake reports that name a deleted case as the one they became: a case deleted
    leaves them linking nowhere (`intake-link`)."""
    ids = {Path(rel).stem for rel in gone if rel.startswith(loader.CASES_DIR + "/")}
    if not ids:
        return set()
    return {rel for rel in intake_files
            if getattr(loader.load_file(root, rel, "intake").model, "case", None) in ids}


def _not_checked(root: Path, rel: str, outside: set[str]) -> str:
    """Why a path given to validate is not one of the files it checks, in the words that say
    what to give instead (a folder, a README and a file that is not there were all "no such
    file")."""
    if rel in outside:
        return _("this path is outside the dataset's folder; only files in cases/, "
                 "organizations/, actions/, coalitions/ or intake/ are checked")
    if os.path.isdir(root / rel):
        return _("this is a folder: give the `.yaml` files in it (e.g. `{rel}/*.yaml`), or run "
                 "`kremlinlist validate` with no path to check every file").format(rel=rel)
    if os.path.lexists(root / rel):
        return _("validate checks only the `.yaml` files in cases/, organizations/, actions/, "
                 "coalitions/ and intake/, criteria.yaml and kremlinlist.yaml")
    return _("no such file in cases/, organizations/, actions/, coalitions/ or intake/ of this "
             "dataset")


# The problems of an action that a change to a case it is for can cause
_OF_A_CHANGED_CASE = ("withheld-action-in-public-repository", "unknown-case-reference")


def _entries_naming(advocacy: Advocacy, ids: set[str]) -> dict[str, set[tuple[int, int]]]:
    """Where each action names one of `ids` in its `for` (file -> line and column of each such
    entry): a problem there is one a change to that case can cause, and no other is."""
    out: dict[str, set[tuple[int, int]]] = {}
    for rel, action in advocacy.actions:
        at = [i for i, cid in enumerate(action.for_) if cid in ids]
        if at:
            out[rel] = set(advocacy.loaded[rel].locate([(("for", i), False) for i in at]))
    return out


def case_caches(root: Path, folder: str, use_cache: bool,
                read: dict[str, tuple[bytes, str | None]], unneeded: Callable[[str], None],
                tokens: TokenKey | None, today: date | None, secret: bytes | None = None
                ) -> tuple[Seam, Seam, Callable[[str], bool], Callable[[str], bool]]:
    """The seams of the clean files (knowing withheld ones by `tokens`, unless None; verdicts
    that hold on `today`, or any day's for a caller that reads ids and persons, not verdicts)
    and of their persons, whether the persons' cache may keep a blob's person, and whether the
    cache vouches that a blob is a public person's (with the checkout's `secret`); without a
    cache, ones that know nothing. What the clean files' seam reads to hash is kept in `read`
    for the checks, and `unneeded` is told of a known file's."""
    if not use_cache:
        return NullSeam(), NullSeam(), lambda blob: False, lambda blob: False
    key = fingerprint(*loader.settings_bytes(root))
    index = CleanCache.open(root, key, today, secret)
    clean = CleanFiles(index, folder, functools.partial(_read, folder, read),
                       loader.MAX_FILE_BYTES, unneeded, tokens)
    return (clean, PersonStore(index.path.parent, key, clean.holds), clean.holds,
            index.vouches_public)


def affected(root: Path, changed: set[str], results: list[FileResult],
             base: str | None = None, held: frozenset[str] | None = None) -> set[str]:
    """The case files that a change to `changed` (organization files, dupes.yaml) bears on:
    those citing a changed or deleted organization in `by`, and those named in a pair dupes.yaml
    gained or lost since `base` (a revision). Without `base` (files given by name), every case
    dupes.yaml names now or at HEAD: a pair removed since the last commit is re-checked too.
    `held` (--staged): what git's index holds; a dupes.yaml it lacks is absent now."""
    orgs = {Path(rel).stem for rel in changed if rel.startswith(loader.ORGS_DIR + "/")}
    named: set[str] = set()
    if DUPES_FILE in changed:
        now = dupes.load_decisions(root, held)[0]
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


def _checked(folder: str, ctx: Context, fold: str | None, asked: set[str] | None,
             tokens: TokenKey | None, item: tuple[str, tuple[bytes, str | None] | None]
             ) -> tuple[FileResult, dupes.CaseProfile | None]:
    """Check one file (in a worker on a large run), read here unless the cache read it already,
    and fold its person's names there too (`fold`: "all", or "public" for only a clean public
    person, whom the persons' cache may keep), so the duplicate finder's cache is filled
    without a pass of its own (0.1 ms a file). A file outside `asked` (when given) is checked
    only as far as the cache could keep it (a withheld one only as a token of `tokens`)."""
    rel, got = item
    try:
        data, settled = got if got is not None else read_settled(folder, rel)
    except loader.FileRefused as exc:
        return FileResult(rel, None, loader.refused(rel, exc).problems, {}), None
    result = (check_file_bytes(rel, data, ctx) if asked is None or rel in asked
              else check_if_cacheable(rel, data, ctx, tokens))
    result.stat = settled
    wanted = fold == "all" or (fold == "public" and not result.problems
                               and is_public(result.summary))
    return result, person_of(rel, result.summary) if wanted else None


def _read(folder: str, kept: dict[str, tuple[bytes, str | None]],
          rel: str) -> tuple[bytes, str | None] | None:
    try:
        kept[rel] = read_settled(folder, rel)
    except loader.FileRefused:
        return None
    return kept[rel]

