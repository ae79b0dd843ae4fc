"""Checks across files, on small per-file summaries: unique ids and organization references.

A summary is read tolerantly from a file's raw data (from the working tree or from git blobs), so
a file that fails its own checks still takes part; the cache keeps summaries of clean files.
"""

from __future__ import annotations

import difflib
from typing import Any, Iterable

from kremlinlist.base.i18n import _
from kremlinlist.base.problem import Finding
from kremlinlist.model.ids import is_id, listed
from kremlinlist.model.names import raw_names


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
    PATH` compares a changed file with cached summaries instead of parsing every other file:
    every name (in the order the whole file's profile reads them, which keeps the first
    name_likeness.MAX_NAMES) and every detention, so that the profile made of it is the one the
    whole file gives (`dupes` takes it from the persons' cache)."""
    def text(value: Any) -> str | None:
        return value if isinstance(value, str) else None

    events = data.get("events")
    detained = [{"type": "detained", "date": e["date"]} for e in
                (events if isinstance(events, list) else [])
                if isinstance(e, dict) and e.get("type") == "detained" and text(e.get("date"))]
    publicity = data.get("publicity", "public")  # anything unreadable counts as withheld
    return {"aliases": raw_names(data), "born": text(data.get("born")),
            "region": text(data.get("region")), "sex": text(data.get("sex")),
            "events": detained,
            "publicity": publicity if publicity is None or isinstance(publicity, str) else "?"}


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
                    (_("no file in organizations/ has this id") if is_id(org) else
                     _("not an organization id in organizations/")) + _like(org, orgs)))
    return findings


def _like(org: Any, orgs: set[str]) -> str:
    """The ids most like a mistyped one, as a hint (`CCL` -> `ccl`); not every id, which the
    message would print in public CI logs, an organization named after a withheld person's
    among them."""
    close = difflib.get_close_matches(str(org).casefold(), sorted(orgs), n=3, cutoff=0.75)
    if close:
        return _("; did you mean {ids}?").format(ids=listed(close))
    return _("; an organization's id is the name of its file in organizations/, without "
             "`.yaml`")


def _duplicate_ids(claims: list[tuple[str, str, tuple]]) -> dict[str, list[Finding]]:
    """Every claim of a value that another file claims too gets the problem, so `validate PATH`
    catches a clash with a file that was not selected, whatever order the files come in (a
    cache changes it)."""
    first: dict[str, str] = {}  # value -> the first file claiming it (no set per value: 10,000)
    shared: set[str] = set()  # the values a second file claims too
    for value, rel, _path in claims:
        if first.setdefault(value, rel) != rel:
            shared.add(value)
    findings: dict[str, list[Finding]] = {}
    told: set[tuple[str, tuple]] = set()
    for value, rel, path in claims:
        if value in shared and (rel, path) not in told:
            told.add((rel, path))
            findings.setdefault(rel, []).append(Finding(path, "error", "duplicate-id",
                                                        _duplicate_message()))
    return findings


def _duplicate_message() -> str:
    """Without the id or the other file: either may be a withheld person's, whose id may carry
    the name it replaces. The other file is reported with the same problem."""
    return _("this id is also the id or a former id in another case file (reported with the "
             "same problem); ids must be unique: if both files are the same person, merge them, "
             "otherwise change or remove it here")
