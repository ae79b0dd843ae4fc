"""Advocacy actions and coalitions as use cases: checking them for `validate`, listing actions for
`kremlinlist actions`, the actions recorded in a month for the change log (a person's card lists
theirs in app/show; scaffolding a new action file is app/new_action's).

Every public rendering goes through `redaction.action_view`, which is given the cases an action
is for; an action it refuses is left out.
"""

from __future__ import annotations

import json
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Collection, Iterable

from kremlinlist.app import published_names
from kremlinlist.app.unnamed_paths import named_on_disk, snapshot_named
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.i18n import _
from kremlinlist.base.problem import Problem
from kremlinlist.checks.advocacy import (NamedPaths, People, PersonFacts, action_findings,
                                         coalition_findings, criteria_coalition_findings,
                                         membership_findings, person_facts, said_unnamed)
from kremlinlist.files import loader
from kremlinlist.files.layout import ACTIONS_DIR, CASES_DIR, COALITIONS_DIR
from kremlinlist.history.git import GitClient
from kremlinlist.history.worktree import working_tree_cases
from kremlinlist.model import redaction
from kremlinlist.model.action import ACTION_TYPES, Action
from kremlinlist.model.coalition import Coalition
from kremlinlist.model.dates import PartialDate
from kremlinlist.publish import action_table
from kremlinlist.publish.public_list import newest_first


@dataclass
class Advocacy:
    """The actions and coalitions of a dataset as loaded, with the problems of their files."""

    actions: list[tuple[str, Action]] = field(default_factory=list)
    coalitions: list[tuple[str, Coalition]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    loaded: dict[str, loader.Loaded] = field(default_factory=dict)  # rel -> file, to place findings
    files: list[str] = field(default_factory=list)


def load_advocacy(root: Path, only: Collection[str] | None = None) -> Advocacy:
    """Every file of actions/ and coalitions/ on disk, each validated by its model; with `only`
    (the files a commit holds), only those."""
    out = Advocacy()
    for folder, kind in ((ACTIONS_DIR, "action"), (COALITIONS_DIR, "coalition")):
        rels, problems = loader.list_yaml(root, folder)
        rels = [rel for rel in rels if only is None or rel in only]
        out.problems += problems
        out.files += rels
        for rel in rels:
            loaded = loader.load_file(root, rel, kind)
            out.problems += loaded.problems
            out.loaded[rel] = loaded
            if isinstance(loaded.model, Action):
                out.actions.append((rel, loaded.model))
            elif isinstance(loaded.model, Coalition):
                out.coalitions.append((rel, loaded.model))
    return out


def _criteria_problems(coalitions: list[tuple[loader.Loaded, Coalition]]) -> list[Problem]:
    """`duplicate-criteria-coalition` of each coalition file after the first saying
    `criteria: criteria.yaml`."""
    found = criteria_coalition_findings([(loaded.rel, c) for loaded, c in coalitions])
    return [p for loaded, _c in coalitions for p in loaded.place(found.get(loaded.rel, []))]


def _case_ids(case_summaries: Iterable[tuple[str, dict]]) -> tuple[dict[str, str],
                                                                   dict[str, str]]:
    """From the case files' summaries (checks.across): every id and former id -> the current
    id, and each current id -> its file."""
    current: dict[str, str] = {}
    rel_of: dict[str, str] = {}
    for rel, s in case_summaries:
        cid = s.get("id")
        if not isinstance(cid, str):
            continue
        rel_of[cid] = rel
        current.setdefault(cid, cid)
        for former in s.get("former_ids", ()):
            current.setdefault(former, cid)
    return current, rel_of


def snapshot_problems_by_file(git: GitClient, commit: str,
                              case_summaries: Iterable[tuple[str, dict]], orgs: set[str],
                              today: date, public_repository: bool = False
                              ) -> tuple[list[Problem], NamedPaths]:
    """validate's checks of the actions and coalitions committed at `commit`, for a release
    (without the warning on an action dated before a person's events); the cases the actions
    are for are read at `commit` to know who of them is withheld. Each problem is said of its
    real file, and the paths under actions/ holding a withheld person's name are the second
    item: a caller that adds problems of actions/'s other entries (a folder, a `.yml`) says all
    of them with `said_unnamed` once, so that each path keeps one number."""
    case_summaries = list(case_summaries)
    current, rel_of = _case_ids(case_summaries)
    problems: list[Problem] = []
    actions: list[tuple[loader.Loaded, Action, str]] = []
    coalitions: list[tuple[loader.Loaded, Coalition]] = []
    for folder, kind in ((ACTIONS_DIR, "action"), (COALITIONS_DIR, "coalition")):
        for ch in git.changed_files(None, commit, folder):
            if ch.new_blob is None:
                continue
            data, refused = git.read_blob(ch.rel, ch.new_blob)
            if data is None:
                problems += refused
                continue
            loaded = loader.load_bytes(ch.rel, data, kind)
            problems += loaded.problems
            if isinstance(loaded.model, Action):
                actions.append((loaded, loaded.model, ch.rel))
            elif isinstance(loaded.model, Coalition):
                coalitions.append((loaded, loaded.model))
                problems += loaded.place(coalition_findings(loaded.model, ch.rel, orgs, today))
    problems += _criteria_problems(coalitions)
    blobs = {ch.rel: ch.new_blob for ch in git.changed_files(None, commit, CASES_DIR)
             if ch.new_blob is not None}
    wanted = sorted({current[i] for _l, a, _r in actions for i in a.for_ if i in current})
    found = git.read_blobs([(rel_of[c], blobs[rel_of[c]]) for c in wanted if rel_of[c] in blobs])
    read: dict[str, PersonFacts] = {}
    for cid in wanted:  # one that does not load fails the month on its own
        data = found.get(rel_of[cid], (None, []))[0]
        read[cid] = person_facts(loader.load_bytes(rel_of[cid], data, "case").model
                                 if data else None)
    people = People(current, {}, frozenset(c for c, p in read.items() if p.withheld),
                    public_repository, {c: p.names for c, p in read.items() if p.withheld})
    for loaded, action, rel in actions:
        problems += loaded.place(action_findings(action, rel, people, orgs, today))
    return problems, snapshot_named(git, commit, [r for r, _s in case_summaries])


def advocacy_problems(root: Path, case_summaries: Iterable[tuple[str, dict]],
                      today: date, advocacy: Advocacy | None = None,
                      organizations: list[loader.Loaded] | None = None,
                      public_repository: bool = False) -> list[Problem]:
    """`advocacy_problems_by_file`'s problems, those of a path holding a withheld person's name
    said without it (`said_unnamed`)."""
    problems, named = advocacy_problems_by_file(root, case_summaries, today, advocacy,
                                                organizations, public_repository)
    return said_unnamed(problems, named)


def advocacy_problems_by_file(root: Path, case_summaries: Iterable[tuple[str, dict]],
                              today: date, advocacy: Advocacy | None = None,
                              organizations: list[loader.Loaded] | None = None,
                              public_repository: bool = False,
                              known_public: Collection[str] = frozenset()
                              ) -> tuple[list[Problem], NamedPaths]:
    """validate's checks of actions/ and coalitions/, and of the organizations' `coalitions:`
    entries against coalitions/, given the summaries of the case files (checks.across) and the
    organization files as loaded (read here when not given); `public_repository` as
    kremlinlist.yaml says; `known_public`: the case files the clean cache knows to be a public
    person's (their summaries from it do not say so), never read for names. Each problem is
    said of its real file, and the paths under actions/ that hold a withheld person's name are
    the second item: the caller picks the problems it reports by their files (validate on some
    files keeps only theirs), then says those of these paths without them (`said_unnamed`),
    whatever problem (a stray folder, a file that does not load) or file asked they come from."""
    case_summaries = list(case_summaries)
    adv = advocacy if advocacy is not None else load_advocacy(root)
    problems = list(adv.problems)
    # Only an action names persons: without one, the 10,000 summaries need no index
    current, rel_of = _case_ids(case_summaries) if adv.actions else ({}, {})
    wanted = {current[i] for _, a in adv.actions for i in a.for_ if i in current}
    read = {cid: person_facts(loader.load_file(root, rel_of[cid], "case").model)
            for cid in sorted(wanted)}
    people = People(current, {c: p.first_event for c, p in read.items()
                              if p.first_event is not None},
                    frozenset(c for c, p in read.items() if p.withheld), public_repository,
                    {c: p.names for c, p in read.items() if p.withheld})
    if organizations is None:
        org_files, _listed = loader.list_yaml(root, loader.ORGS_DIR)  # its problems: validate's
        organizations = [loader.load_file(root, rel, "organization") for rel in org_files]
    orgs = [loaded for loaded in organizations if loaded.model is not None]
    org_ids = {o.model.id for o in orgs}  # type: ignore[union-attr]
    for rel, action in adv.actions:
        problems += adv.loaded[rel].place(action_findings(action, rel, people, org_ids, today))
    for rel, coalition in adv.coalitions:
        problems += adv.loaded[rel].place(coalition_findings(coalition, rel, org_ids, today))
    problems += _criteria_problems([(adv.loaded[rel], c) for rel, c in adv.coalitions])
    coalitions = {c.id: c for _, c in adv.coalitions}
    for org in orgs:
        problems += org.place(membership_findings(org.model, coalitions))  # type: ignore[arg-type]
    return problems, named_on_disk(root, case_summaries, known_public)


# -- what may be published ------------------------------------------------------------------

def cases_by_id(cases: Iterable[Any]) -> dict[str, Any]:
    """Cases (or a snapshot's LiteCases) by id and by former id: what `action_view` resolves
    `for` with. A former id never shadows a current one."""
    out: dict[str, Any] = {}
    cases = [c for c in cases if c is not None]
    for c in cases:
        for former in c.former_ids:
            out.setdefault(former, c)
    out.update({c.id: c for c in cases})
    return out


def _working_cases(root: Path) -> list[Any]:
    """The cases on disk as LiteCases, what resolving an action's people reads (id, former
    ids, publicity, names): the working-tree store spares parsing a file it knows, where
    loading every case in full cost `show` and `stats` some seconds at 10,000 cases."""
    return working_tree_cases(root)[0]


def _shown_period(v: redaction.ActionView) -> tuple[PartialDate, PartialDate] | None:
    """The first and last dates an action's view shows (of a withheld action, its month
    only); None for an undated one."""
    if v.date is None:
        return None
    return PartialDate.parse(v.date), PartialDate.parse(v.until or v.date)


@dataclass(frozen=True)
class ActionFilter:
    """`kremlinlist actions`' filters; None matches everything."""

    for_id: str | None = None
    type: str | None = None
    by: str | None = None
    since: str | None = None
    until: str | None = None


def _bound(value: str | None, option: str) -> PartialDate | None:
    if value is None:
        return None
    try:
        return PartialDate.parse(value)
    except ValueError:
        raise KremlinlistError("bad-date", _("{option}: write a date as YYYY, YYYY-MM or "
                                             "YYYY-MM-DD").format(option=option),
                               usage=True) from None


class ListedActions(list):
    """The actions a listing shows, newest first, how many action files did not load (left
    out of the list: `validate` says why), and the warnings of texts withheld from it
    (`published_names`: a withheld person's full name in an action's title, say)."""

    unreadable: int = 0
    withheld: tuple[str, ...] = ()


def list_actions(root: Path, wanted: ActionFilter = ActionFilter()) -> ListedActions:
    """The actions on disk that match `wanted`, newest first, each as the redaction rule lets it
    be published (an action it refuses is left out). `--for` a withheld person is answered as
    for an id no case has, so the listing never tells which withheld ids exist (`show`'s card,
    which names the person already, lists their actions itself: app/show)."""
    if wanted.type is not None and wanted.type not in ACTION_TYPES:
        raise KremlinlistError("unknown-action-type", _("--type must be one of: {types}").format(
            types=", ".join(ACTION_TYPES)), usage=True)
    since, until = _bound(wanted.since, "--since"), _bound(wanted.until, "--until")
    views = ListedActions()
    advocacy = load_advocacy(root)
    views.unreadable = len([rel for rel in advocacy.files if rel.startswith(ACTIONS_DIR + "/")
                            and not isinstance(getattr(advocacy.loaded.get(rel), "model", None),
                                               Action)])
    if not advocacy.actions and wanted.for_id is None:
        return views  # nothing to list, and no id to check: no case is read
    cases = cases_by_id(_working_cases(root))
    person = None
    if wanted.for_id is not None:
        found = cases.get(wanted.for_id)
        if found is None or redaction.level(found) != redaction.PUBLIC:
            raise KremlinlistError("case-not-found", _("no case has this id or former id"),
                                   usage=True)
        person = found.id
    for _rel, action in advocacy.actions:
        if wanted.type is not None and action.type != wanted.type:
            continue
        if wanted.by is not None and wanted.by not in action.orgs:
            continue
        if person is not None and person not in {getattr(cases.get(i), "id", None)
                                                 for i in action.for_}:
            continue
        v = redaction.action_view(action, cases)
        if v is None:
            continue
        # the dates compared are those shown: a withheld action's month, never its day
        period = _shown_period(v)
        if (since is not None or until is not None) and period is None:
            continue  # an undated action is in no period
        if since is not None and period[1].latest < since.earliest:  # type: ignore[index]
            continue
        if until is not None and period[0].earliest > until.latest:  # type: ignore[index]
            continue
        views.append(v)
    views[:], views.withheld = published_names.in_listing(root, newest_first(views),
                                                                 cases.values())
    return views


def actions_csv(views: Iterable[redaction.ActionView]) -> str:
    """The actions `list_actions` found, as CSV for a spreadsheet (publish.action_table)."""
    return action_table.actions_csv([v.to_dict() for v in views])


def action_counts(root: Path, cases: Iterable[Any] | None = None) -> dict:
    """The actions on disk counted by type and by month (`undated` for those no source dates),
    as published: an action the redaction rule refuses is in no count, only in `not_published`,
    said as `redaction.hidden_total`. `cases`: the cases on disk, if the caller has them."""
    by_type: dict[str, int] = {}
    by_month: dict[str, int] = {}
    refused = 0
    actions = load_advocacy(root).actions
    people = cases_by_id(() if not actions else _working_cases(root) if cases is None else cases)
    for _rel, action in actions:
        v = redaction.action_view(action, people)
        if v is None:
            refused += 1
            continue
        by_type[v.type] = by_type.get(v.type, 0) + 1
        key = redaction.month(v.date) or "undated"
        by_month[key] = by_month.get(key, 0) + 1
    return {"total": sum(by_type.values()),
            "by_type": dict(sorted(by_type.items(), key=lambda kv: (-kv[1], kv[0]))),
            "by_month": dict(sorted(by_month.items())),
            "not_published": redaction.hidden_total(refused)}


# -- at a revision: the change log's "Advocacy actions recorded this month" ------------------------

def _model(git: GitClient, rel: str, blob: str, kind: str) -> Any:
    data, _refused = git.read_blob(rel, blob)
    return loader.load_bytes(rel, data, kind).model if data is not None else None


def _models_at(git: GitClient, commit: str, folder: str, kind: str) -> list[Any]:
    """The models of `folder`'s files at `commit`; files that do not load are left out."""
    found = (_model(git, ch.rel, ch.new_blob, kind)
             for ch in git.changed_files(None, commit, folder) if ch.new_blob is not None)
    return [m for m in found if m is not None]


def _same_action(a: Action) -> str:
    """What says two files hold one action when their ids differ (a file renamed, say to take a
    withheld person's name out of it): all of it but the id. Type, date and people alone are
    not enough: a new petition of the same day for the same people is a new action."""
    return json.dumps(a.model_dump(mode="json", exclude={"id"}), sort_keys=True)


def new_actions(git: GitClient, old: str | None, new: str, cases: Iterable[Any]
                ) -> list[redaction.ActionView]:
    """The actions recorded between two commits, as they may be published (an action file that
    does not load is left out), newest first: files added since `old`, but for one that holds
    an action a file deleted meanwhile held (the same id, or all but the id the same:
    `_same_action`): the tree diff sees no rename, and a renamed or moved action is not a new
    one."""
    changes = git.changed_files(old, new, ACTIONS_DIR)
    gone = [m for ch in changes if ch.new_blob is None and ch.old_blob is not None
            if (m := _model(git, ch.rel, ch.old_blob, "action")) is not None]
    known = {a.id for a in gone} | {_same_action(a) for a in gone}
    added = [m for ch in changes if ch.new_blob is not None and ch.old_blob is None
             if (m := _model(git, ch.rel, ch.new_blob, "action")) is not None]
    by_id = cases_by_id(cases)
    views = [redaction.action_view(a, by_id) for a in added
             if a.id not in known and _same_action(a) not in known]
    return newest_first([v for v in views if v is not None])


def actions_at(git: GitClient, commit: str) -> list[Action]:
    """The actions as committed at `commit` (files that do not load left out), in no order
    that matters: every list of them is ordered by `newest_first`."""
    return _models_at(git, commit, ACTIONS_DIR, "action")


def list_advocacy(root: Path, rev: str | None = None,
                  git: GitClient | None = None) -> tuple[list[Action], dict | None]:
    """What the published list shows besides its people: every action (each person's are picked
    and redacted by `public_list.build_list`) and the coalition's published count; from the files
    on disk, or at `rev` from git (through `git`, the caller's client, if given)."""
    if rev is None:
        adv = load_advocacy(root)
        coalitions = [c for _, c in adv.coalitions]
        return [a for _, a in adv.actions], published_count(coalitions)
    if git is None:
        with closing(GitClient(root)) as own:
            return list_advocacy(root, rev, own)
    commit = git.resolve(rev)
    return actions_at(git, commit), published_count(coalitions_at(git, commit))


def coalitions_at(git: GitClient, commit: str) -> list[Coalition]:
    """The coalitions as committed at `commit` (files that do not load left out)."""
    return sorted(_models_at(git, commit, COALITIONS_DIR, "coalition"), key=lambda c: c.id)


def published_count(coalitions: Iterable[Coalition]) -> dict | None:
    """The latest count published by the coalition whose list the dataset keeps (the one whose
    `criteria` is the dataset's criteria.yaml), with its source: what a release reconciles the
    list's size with (`coalition`: its English name, what JSON keeps; `coalition_names`: by
    language, for the line said in the language of messages). None when no such coalition has
    published a count; of two such coalitions (an error of validate's), the first by id."""
    for c in coalitions:
        latest = c.latest_count() if c.criteria == loader.CRITERIA_FILE else None
        if latest is None:
            continue
        source = next((c.sources[s] for s in latest.sources if s in c.sources), None)
        return {"coalition": c.name.en, "coalition_names": c.name.model_dump(exclude_none=True),
                "count": latest.count, "qualifier": latest.qualifier,
                "as_of": str(latest.as_of) if latest.as_of else None,
                "source": ", ".join(filter(None, (source.title, source.publisher)))
                if source else ""}
    return None
