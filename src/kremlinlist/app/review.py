"""The review of a change between two revisions: the change log, and the rules the change breaks.

This validates (the changed files, and the cases whose verdict a changed criteria.yaml,
kremlinlist.yaml, dupes.yaml or organization changes), so it is a use case over history, checks and
the change log, not publishing. A withheld case's problems are told without its file, in
messages that quote nothing of it; the change's other files (strays, keys, actions, intake reports,
settings) are judged as validate judges them, and named only where none could name a withheld
person.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from contextlib import closing
from typing import Callable

from kremlinlist.base.i18n import _
from kremlinlist.base.parallel import fork_map
from kremlinlist.app.unnamed_paths import said_at
from kremlinlist.base.problem import Problem, capped
from kremlinlist.checks.across import cross_findings
from kremlinlist.checks.context import context_from
from kremlinlist.checks.engine import check_file_bytes
from kremlinlist.checks.duplicates import DupesFile, decisions_in, pairs_of
from kremlinlist.checks.identity import org_findings
from kremlinlist.checks.intake import in_public_repository
from kremlinlist.checks.stray import secret_key_in, stray_file
from kremlinlist.files import loader
from kremlinlist.files.quotable import may_quote
from kremlinlist.files.layout import (CASES_DIR, COALITIONS_DIR, CONFIG_FILE, DATA_FOLDERS,
                                      DEPENDENCY_FILES, DUPES_FILE, INTAKE_DIR,
                                      KIND_OF_FOLDER, ORGS_DIR, SETTINGS_FILES)
from kremlinlist.history.git import GitClient
from kremlinlist.history.snapshot import Snapshot, Snapshots
from kremlinlist.model import redaction
from kremlinlist.model.case import Case
from kremlinlist.publish.changelog import ChangeLog, LogEntry, compare, shown_names
from kremlinlist.publish.changelog_text import MADE_PRIVATE


WITHHELD_FILE = "(a withheld case)"  # what the review names a withheld case's file
OTHER_FILE = "(a file not named here)"  # and a file besides the cases that could name one


def _review(log: ChangeLog, changed: list, snaps: tuple, blobs: tuple, contexts: tuple) -> None:
    """Per-file checks of validate on the changed files at the new revision; only what the change
    broke. `snaps`, `blobs` and `contexts` are (old, new): read once by diff_revisions."""
    old_snap, new_snap = snaps
    old_blobs, new_blobs = blobs
    ctx_old, ctx_new = contexts
    for ch in changed:
        if ch.new_blob is None:
            continue
        data, refused = new_blobs[ch.rel]
        if data is None:
            problems = refused
        else:
            problems = check_file_bytes(ch.rel, data, ctx_new).problems
        before: Counter = Counter()
        if ch.rel in old_blobs:
            old_data = old_blobs[ch.rel][0]
            if old_data is not None:
                before = Counter((p.code, p.message)
                                 for p in check_file_bytes(ch.rel, old_data, ctx_old).problems)
        levels = [_level(ch.rel, new_snap.case_at(ch.rel), data)]
        if ch.old_blob:
            levels.append(_level(ch.rel, old_snap.case_at(ch.rel),
                                 old_blobs[ch.rel][0] if ch.rel in old_blobs else None))
        withheld = redaction.strictest(*levels) != redaction.PUBLIC
        told = withheld and _checked_as_withheld(data, levels[0])
        for p in problems:
            if before[(p.code, p.message)] > 0:
                before[(p.code, p.message)] -= 1
                log.problems_before += 1
                continue
            log.problems.append(_withheld_problem(p, ch.rel, told) if withheld else p)


# Files besides the cases whose names the review may say, but for one named after a withheld
# person (said by a placeholder, as validate says it: `said_at`)
_NAMED_FOLDERS = (ORGS_DIR, COALITIONS_DIR)


def _read(git: GitClient, rel: str, blob: str | None) -> bytes | None:
    """A version of a file by its "<sha>:<mode>", None where absent or not a file's bytes."""
    if blob is None:
        return None
    data, problems = git.read_blob(rel, blob)
    return None if problems else data


def _other_files(git: GitClient, log: ChangeLog, commits: tuple, contexts: tuple,
                 settings: tuple, dupes_at: Callable[[str], tuple]) -> None:
    """The problems the change brings to files other than cases, which validate refuses too: a
    stray file or folder, a secret key, an organization, action, coalition, intake report or
    settings file that does not load, intake/ in a public repository. A file that could name a
    withheld person (in cases/, actions/, intake/, or any other place) is not named.
    `settings`: the problems of criteria.yaml and kremlinlist.yaml at (old, new); `dupes_at`:
    dupes.yaml at a commit, parsed (`_decisions_at`)."""
    old, new = commits
    public = [ctx.config.repository == "public" for ctx in contexts]
    found = 0
    said: list[list[Problem]] = []  # each file's, in order; a named file's said by `said_at`
    named: list[Problem] = []
    for change in sorted(git.changed_blobs(old, new), key=lambda ch: ch.rel):
        rel = change.rel
        folder, _sep, name = rel.partition("/")
        if (folder == CASES_DIR and "/" not in name and name.endswith(".yaml")
                and not name.startswith(".")):
            continue  # a case: `_review`'s (a hidden one is a stray file too)
        data = _read(git, rel, change.new_blob)
        if rel in SETTINGS_FILES:
            now, was = ([p for p in side if p.file == rel] for side in reversed(settings))
        elif data is None:
            continue  # deleted
        else:
            dupes = rel == DUPES_FILE
            now = _file_problems(rel, data, public[1]) + (dupes_at(new)[2] if dupes else [])
            earlier = _read(git, rel, change.old_blob) if now else None
            was = (_file_problems(rel, earlier, public[0]) + (dupes_at(old)[2] if dupes else [])
                   if earlier is not None else [])
        before = Counter((p.code, p.message) for p in was)
        fresh = []
        for p in now:
            if before[(p.code, p.message)] > 0:
                before[(p.code, p.message)] -= 1
                log.problems_before += 1
            else:
                fresh.append(p)
        if not fresh:
            continue
        found += 1
        if rel in DEPENDENCY_FILES or (folder in _NAMED_FOLDERS and data is not None and may_quote(
                KIND_OF_FOLDER[folder], data.decode("utf-8", "replace"))):
            said.append(fresh)  # one that shows signs of being a case is not named
            named += fresh
            continue
        where = f"(a file in {folder}/)" if _sep and folder in DATA_FOLDERS else OTHER_FILE
        said.append([Problem(where, 0, 0, p.severity, p.code, p.message) for p in fresh])
    # a path named after a withheld person (`organizations/free-zhuk.yaml`): by a placeholder,
    # numbered among all the named ones, as validate says it
    unnamed, asked = iter(said_at(git, new, named)), {id(p) for p in named}
    for problems in said:
        log.problems += [next(unnamed) if id(p) in asked else p for p in problems]
    log.other_files = found


def _file_problems(rel: str, data: bytes, public: bool) -> list[Problem]:
    """validate's verdict on one file that is not a case, from its path and bytes; dupes.yaml's
    own problems are told from the version `_other_files` parsed, not here."""
    folder, _sep, rest = rel.partition("/")
    out = [p for p in (stray_file(rel),) if p is not None]
    if len(parts := rel.split("/")) > 2 and folder in DATA_FOLDERS:
        out += [p for p in (loader.entry_problem(folder, parts[1], True),) if p is not None]
    out += [p for p in (secret_key_in(rel, data),) if p is not None]
    if folder == INTAKE_DIR and public:
        out.append(in_public_repository(rel))
    kind = KIND_OF_FOLDER.get(folder, "intake" if folder == INTAKE_DIR else None)
    if kind is not None and "/" not in rest and rest.endswith(".yaml") and not rest.startswith("."):
        loaded = loader.load_bytes(rel, data, kind)
        out += loaded.problems
        if kind == "organization" and loaded.model is not None:
            out += loaded.place(org_findings(loaded, {}))
    return out


AFFECTED_BATCH = 2000  # case files read and checked at a time: memory stays flat


def _judge(ctx, orgs: set[str], item: tuple[str, bytes]) -> tuple[set, dict]:
    """A case's verdict under a context and a set of organizations: validate's per-file checks
    and its organization references, as (code, message) pairs; and its summary."""
    rel, data = item
    result = check_file_bytes(rel, data, ctx)
    found = {(p.code, p.message) for p in result.problems}
    found |= {(f.code, f.message) for fs in cross_findings([(rel, result.summary)], orgs).values()
              for f in fs}
    return found, result.summary


def _decisions_at(git: GitClient, commit: str) -> tuple:
    """dupes.yaml at `commit` as `decisions_in` reads it (absent: no decisions, no problems).
    The review asks it for its problems and its pairs, so `_diff` keeps each version once."""
    data = git.blob_bytes(commit, DUPES_FILE)
    return (DupesFile(), None, []) if data is None else decisions_in(data)


def _affected(hist, log: ChangeLog, old: str, new: str, changed: list, contexts: tuple,
              dupes_at: Callable[[str], tuple]) -> None:
    """The cases the change did not touch whose verdict it changed through the files they depend
    on: every case for criteria.yaml or kremlinlist.yaml, the cases citing a changed or deleted
    organization, the cases a changed entry of dupes.yaml names (whether a likely duplicate is
    reported for them). Their new failures join the review's problems."""
    settings = hist.changed_names(old, new, DEPENDENCY_FILES)
    org_changes = hist.changed_files(old, new, loader.ORGS_DIR)
    if not settings and not org_changes:
        return
    log.affected_by = settings + (["organizations"] if org_changes else [])
    org_ids = {ch.rel.rsplit("/", 1)[-1].removesuffix(".yaml") for ch in org_changes}

    def orgs_at(commit: str) -> set[str]:
        """The organizations as validate knows them: those whose file loads, by their id."""
        items = [(ch.rel, ch.new_blob) for ch in hist.changed_files(None, commit, loader.ORGS_DIR)]
        loaded = [loader.load_bytes(rel, data, "organization").model
                  for rel, (data, _refused) in hist.read_blobs(items).items() if data is not None]
        return {org.id for org in loaded if org is not None}

    named: set[str] = set()
    if DUPES_FILE in settings:
        named = {i for pair in pairs_of(dupes_at(old)[1]) ^ pairs_of(dupes_at(new)[1])
                 for i in pair}
    every = bool(set(SETTINGS_FILES) & set(settings))
    ctx_old, ctx_new = contexts
    orgs_old, orgs_new = orgs_at(old), orgs_at(new)
    touched = {ch.rel for ch in changed}
    todo = [(ch.rel, ch.new_blob) for ch in hist.changed_files(None, new)
            if ch.new_blob and ch.rel not in touched]
    for start in range(0, len(todo), AFFECTED_BATCH):
        batch = todo[start:start + AFFECTED_BATCH]
        blobs = hist.read_blobs(batch)
        items = [(rel, blobs[rel][0]) for rel, _ in batch if blobs[rel][0] is not None]
        after = fork_map(functools.partial(_judge, ctx_new, orgs_new), items)
        wanted = []
        for (rel, data), (found, summary) in zip(items, after):
            ids = {summary.get("id"), *summary.get("former_ids", ())}
            if every or org_ids.intersection(summary.get("by", ())) or named & ids:
                wanted.append((rel, data, found, bool(named & ids)))
        before = fork_map(functools.partial(_judge, ctx_old, orgs_old),
                          [(rel, data) for rel, data, _, _ in wanted])
        for (rel, data, found, ruled), (was, _person) in zip(wanted, before):
            if found == was and not ruled:
                continue
            case = loader.load_bytes(rel, data, "case").model
            withheld = redaction.level(case) != redaction.PUBLIC
            if withheld:
                log.affected_withheld += 1
            else:
                v = redaction.view(case)
                log.affected.append(LogEntry("affected", v.id, shown_names(v), rel=rel))
            fresh = found - was
            problems = [p for p in _judge_problems(rel, data, ctx_new, orgs_new)
                        if (p.code, p.message) in fresh]
            told = withheld and _checked_as_withheld(data, redaction.level(case))
            log.problems += [_withheld_problem(p, rel, told) if withheld else p
                             for p in problems]


def _judge_problems(rel: str, data: bytes, ctx, orgs: set[str]) -> list[Problem]:
    """The problems behind `_judge`'s verdict, placed in the file."""
    result = check_file_bytes(rel, data, ctx)
    found = cross_findings([(rel, result.summary)], orgs).get(rel, [])
    placed = loader.load_bytes(rel, data, "case").place(found) if found else []
    return list(result.problems) + placed


def _checked_as_withheld(data: bytes | None, level: str) -> bool:
    """Whether validate's checks judged this version of a file as a withheld person's, and so
    quoted none of its values (`quotable.may_quote`, and the checks that ask the case's
    publicity): not when it reads as public, though an earlier version of it was withheld."""
    if data is None or level == redaction.PUBLIC:
        return False
    return not may_quote("case", data.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "replace"))


def _withheld_problem(p: Problem, rel: str, told: bool) -> Problem:
    """A problem of a withheld case, without its file. Its message is validate's when the checks
    quoted nothing of the file (`told`), with the file's name said as withheld where it stands
    as a whole; else a fixed text, since a message may quote any value."""
    if not told:
        return Problem(WITHHELD_FILE, 0, 0, p.severity, p.code, _(
            "not said here: the message could quote this withheld person's file; `kremlinlist "
            "validate` on the file says it"))
    name = rel.rsplit("/", 1)[-1]
    whole = re.compile(rf"(?<![\w./\\-])(?:{re.escape(rel)}|{re.escape(name)})(?![\w/-]|\.\w)")
    return Problem(WITHHELD_FILE, 0, 0, p.severity, p.code,
                   whole.sub(lambda _m: _("(withheld)"), p.message))


def _level(rel: str, case: Case | None, data: bytes | None) -> str:
    """The publicity of one version of a changed file: read from the YAML when the file does not
    load as a case, and `hidden` when it cannot be read at all (fail closed)."""
    if case is not None or data is None:
        return redaction.level(case)
    return redaction.level_of_raw(loader.load_bytes(rel, data, "case").data)


def diff_revisions(root, old_rev: str, new_rev: str, *, review: bool = True) -> ChangeLog:
    """The semantic difference between two revisions, as recorded (no date cut-off), with the
    rules the change breaks in the files it touches. Only the changed files are read, so the
    count is the net change."""
    with closing(GitClient(root)) as git:  # its `git cat-file` ends with the call
        return _diff(git, old_rev, new_rev, review)


def _diff(git: GitClient, old_rev: str, new_rev: str, review: bool) -> ChangeLog:
    snaps = Snapshots(git)
    old = git.resolve(old_rev)
    new = git.resolve(new_rev)
    changed = git.changed_files(old, new)
    old_part, new_part = Snapshot(old), Snapshot(new)
    blobs = []  # both versions of every changed file, in two batches (a batch holds a path once)
    for part, side in ((old_part, "old_blob"), (new_part, "new_blob")):
        items = [(ch.rel, getattr(ch, side)) for ch in changed if getattr(ch, side)]
        blobs.append(git.read_blobs(items))
        for rel, blob in items:
            entry, problems = snaps.load(rel, blob, blobs[-1][rel])
            part.files[rel] = entry
            if problems:
                part.problems[rel] = problems
    log = compare(old_part.files, new_part.files, [c.rel for c in changed],
                  from_commit=old, to_commit=new, include_unlisted=True,
                  broken=[r for r in new_part.problems if r in new_part.files], partial=True)
    if review:
        (ctx_old, settings_old), (ctx_new, settings_new) = (context_from(*git.settings_at(old)),
                                                            context_from(*git.settings_at(new)))
        contexts = (ctx_old, ctx_new)
        _review(log, changed, (old_part, new_part), tuple(blobs), contexts)
        dupes_at = functools.cache(functools.partial(_decisions_at, git))  # each version once
        _other_files(git, log, (old, new), contexts, (settings_old, settings_new), dupes_at)
        if contexts[0].config.repository == "public" != contexts[1].config.repository:
            log.made_private = True  # validate --changed-since refuses it: so does the review
            log.problems.append(Problem(CONFIG_FILE, 0, 0, "error", "repository-made-private",
                                        _(MADE_PRIVATE)))
        _affected(git, log, old, new, changed, contexts, dupes_at)
        log.problems = capped(log.problems)  # a pull request's comment has a size limit
    return log
