"""A withheld person's full name in what a release, the site or `export` publishes, refused.

The redaction rule decides which fields of a record are published; a researcher may still type
an anonymous or hidden person's name into one of them (a public person's summary, a source's
title, an action's title): `publish.withheld_text` finds it, and here the command refuses,
naming the file and the field (said without a path that names someone), never the name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kremlinlist.app.unnamed_paths import said_at, said_on_disk, withheld_on_disk
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.i18n import _
from kremlinlist.base.problem import Problem, capped
from kremlinlist.caches.clean import file_id
from kremlinlist.files import loader
from kremlinlist.files.layout import CASES_DIR
from kremlinlist.history.git import GitClient
from kremlinlist.history.snapshot import Snapshot
from kremlinlist.model import redaction
from kremlinlist.publish import withheld_since
from kremlinlist.publish.changelog import ChangeLog
from kremlinlist.publish.public_list import PublicList
from kremlinlist.publish.withheld_text import FullNames, unpublishable


def refuse_in_release(git: GitClient, commit: str, snap: Snapshot, now: dict[str, str],
                      public: PublicList, log: ChangeLog) -> list[str]:
    """A month's list and change log, against whoever its end `snap` holds as withheld then
    or now (`withheld_since.withheld_names`; unreadable names refuse too: it fails closed);
    the names, which the site's person pages are looked through for too."""
    names = withheld_since.withheld_names(git, snap, now)
    if names is None:
        raise KremlinlistError("withheld-name-in-output", _(
            "the names of the people withheld at the month's end cannot be read, so the release "
            "cannot make sure it publishes none of them; nothing was written"))
    found = unpublishable(public.people, log.actions, FullNames(names),
                          [e for entries in log.entries.values() for e in entries],
                          log.published)
    if found:
        refuse(said_at(git, commit, found))
    return names


def refuse_in_export(root: Path, cases: list[Any], public: PublicList,
                     names: list[str] | None = None) -> None:
    """The list `export` writes, against whoever its cases hold as withheld: `names` (of the
    cases at `--rev`, `withheld_since.withheld_names`), else read from the withheld people's
    files on disk (unreadable names refuse too: it fails closed)."""
    if names is None:
        ids = {c.id for c in cases if redaction.level(c) != redaction.PUBLIC}
        found = withheld_on_disk(root, [rel for rel in loader.list_yaml(root, CASES_DIR)[0]
                                        if file_id(rel) in ids])
        names = None if found is None else found[0]
    if names is None:
        raise KremlinlistError("withheld-name-in-output", _(
            "the names of the withheld people cannot be read, so the list cannot be made sure "
            "to publish none of them; nothing was written"))
    found_fields = unpublishable(public.people, (), FullNames(names))
    if found_fields:
        refuse(said_on_disk(root, found_fields))


def refuse(problems: list[Problem]) -> None:
    """Refuse what `problems` (`withheld-name-published`) say would be published."""
    raise KremlinlistError("withheld-name-in-output", _(
        "this would publish the full name of a person whose details are withheld, typed into a "
        "public record (below); nothing was written: remove the name, or write \"a person whose "
        "name is withheld\""), problems=capped(problems))
