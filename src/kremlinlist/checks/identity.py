"""Ids and references inside one file: the id is the file name, sources cited exist and are not
the placeholder `kremlinlist new` writes, a `listed` case names who maintains it."""

from __future__ import annotations

import difflib
import re
from pathlib import Path, PurePosixPath
from typing import Iterable
from urllib.parse import urlsplit

from kremlinlist.base.i18n import _
from kremlinlist.base.problem import Finding
from kremlinlist.checks.context import CaseContext
from kremlinlist.files import loader
from kremlinlist.model.case import Case
from kremlinlist.model.ids import is_id


# The source `kremlinlist new` writes for the researcher to replace (its id, title and url): a
# title of dots is no document's heading, an address whose host is dots leads nowhere.
PLACEHOLDER_SOURCE = ("report-1", "...", "https://...")
_DOTS = ".…"


def is_placeholder_title(title: str) -> bool:
    """A title of dots alone (`...`, `…`), as `new` writes it: not the document's heading."""
    return bool(title.strip()) and not title.strip().strip(_DOTS + " ")


def is_placeholder_url(url: str | None) -> bool:
    """An address whose host is dots alone (`https://...`), as `new` writes it (one with no host
    at all is refused by the schema, model.case's `Url`)."""
    return url is not None and not urlsplit(url).netloc.strip(_DOTS)


def placeholder_findings(case: Case) -> list[Finding]:
    """Each source still holding the placeholder `new` wrote: a file committed with it would
    cite no document at all, though it validated. The source is named by its id only of a
    public person: a researcher chose the id."""
    out = []
    for sid, source in case.sources.items():
        field = ("title" if is_placeholder_title(source.title) else
                 "url" if is_placeholder_url(source.url) else None)
        if field is not None:
            out.append(Finding(("sources", sid, field), "error", "placeholder-source", (
                _("source `{source}` is still the placeholder `kremlinlist new` wrote: write "
                  "the document's own heading as `title` and its real address as `url` (or "
                  "leave `url` out)") if case.publicity == "public" else
                _("this source is still the placeholder `kremlinlist new` wrote: write the "
                  "document's own heading as `title` and its real address as `url` (or leave "
                  "`url` out)")).format(source=sid)))
    return out


def _id_mismatch(case: Case, rel: str) -> str:
    """What to do of an id that is not the file's name: the name to give the file, which says the
    id, only of a public person (a withheld person's id may still hold the name it should not,
    `identifying-id`); the id the file's name makes is in the file's path already."""
    stem = Path(rel).stem
    renamed = PurePosixPath(rel).with_name(f"{case.id}.yaml").as_posix()
    if case.publicity != "public":
        return (_("the id must equal the file name: set `id:` to the file name without its "
                  ".yaml, or rename the file to the id written here") if is_id(stem) else
                _("the id must equal the file name: rename the file to the id written here, "
                  "followed by .yaml"))
    if is_id(stem):
        return _("the id must equal the file name: write `id: {stem}`, or rename the file to "
                 "`{file}`").format(stem=stem, file=renamed)
    return _("the id must equal the file name: rename the file to `{file}`").format(file=renamed)


def _likely_source(sid: str, known: Iterable[str]) -> list[str]:
    """The source id `sid` is likely a typo of: one spelt alike with the same numbers, for
    `report-3` beside `report-1` names another document, and a fact cited by the hint would
    rest on a source that does not say it."""
    digits = re.findall(r"[0-9]+", sid)
    return [c for c in difflib.get_close_matches(sid, sorted(known), n=3)
            if re.findall(r"[0-9]+", c) == digits][:1]


def identity_findings(case: Case, ctx: CaseContext) -> list[Finding]:
    """A case's id, former ids, local source references and `by`, checked within the file."""
    out: list[Finding] = []
    stem = Path(ctx.rel).stem
    if case.id != stem:
        out.append(Finding(("id",), "error", "id-mismatch", _id_mismatch(case, ctx.rel)))
    if case.id in case.former_ids:
        out.append(Finding(("former_ids",), "error", "former-id-is-current",
                           _("`former_ids` lists the current id; remove it")))
    known = set(case.sources)

    def refs(path: tuple, ids: Iterable[str]) -> None:
        for j, sid in enumerate(ids):
            if sid in known:
                continue
            close = _likely_source(sid, known)
            if ctx.withheld:  # may carry no `sources` (checks.privacy): adding one is an error
                message = _("a case with `publicity: {publicity}` in a public repository keeps "
                            "its sources in the private repository, so this file has none to "
                            "cite: remove this source id").format(publicity=case.publicity)
            elif case.publicity != "public":  # a researcher chose the ids: say none of them
                message = _("no source with this id in this file's `sources`; add it there or "
                            "correct the id")
            elif close:
                message = _("no source `{id}` in this file's `sources`; did you mean "
                            "`{close}`?").format(id=sid, close=close[0])
            else:
                message = _("no source `{id}` in this file's `sources`; add it there or correct "
                            "the id").format(id=sid)
            out.append(Finding(path + (j,), "error", "unknown-source", message))

    for i, e in enumerate(case.events):
        if not ctx.withheld:  # else the whole `sources` is refused (checks.privacy): said once
            refs(("events", i, "sources"), e.sources)
    for i, c in enumerate(case.assessment.criteria):
        refs(("assessment", "criteria", i, "sources"), c.sources)
    refs(("assessment", "sources"), case.assessment.sources)
    out += placeholder_findings(case)
    if case.assessment.decision == "listed" and not case.assessment.by:
        out.append(Finding(("assessment",), "error", "missing-key",
                           _("a `listed` case needs `by`: the organizations that maintain it, "
                             "e.g. `by: [ccl]`"), at_key=True))
    return out


def org_findings(loaded: loader.Loaded, orgs: dict[str, str]) -> list[Finding]:
    """An organization's id is its file name; records the id in `orgs` (id -> file)."""
    org = loaded.model
    stem = Path(loaded.rel).stem
    out = []
    if org.id != stem:  # type: ignore[union-attr]
        out.append(Finding(("id",), "error", "id-mismatch",
                           _("the id must equal the file name: rename the file to the id "
                             "written here, followed by .yaml")))
    orgs[org.id] = loaded.rel  # type: ignore[union-attr]
    return out
