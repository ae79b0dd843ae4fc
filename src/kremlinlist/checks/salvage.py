"""What of a case with schema errors can still be checked, so that one run shows every problem.

A file whose keys or values break the schema has no `Case`, so the per-case checks (references,
timeline, rules) found nothing until the schema errors were fixed, and then a second wave of
problems appeared. Here the parts the schema rejects are cut away (a value, a list item, a source)
until what is left validates; the checks then run on that partial case, and a finding is kept only
when nothing it reads was cut (`READS`): cutting may hide a problem, never invent one. Paths are
given back in the file's own coordinates, list items cut before them counted in.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from kremlinlist.base.problem import Finding
from kremlinlist.files import loader
from kremlinlist.model.case import Case

MAX_ROUNDS = 8
# Keys whose loss changes what every check means (who the person is, whether they are withheld).
_VITAL = frozenset(("id", "publicity"))
# What a finding reads besides its own path: if any of it was cut, the finding may be an artefact.
# A code not listed here reads the whole case (), so any cut drops it. A path ending in "*" reads
# only the keys of that mapping (which sources exist), not what is under them.
READS: dict[str, tuple[tuple, ...]] = {
    "id-mismatch": (("id",),),
    "missing-key": (("assessment",),),  # `by` of a listed case; a missing name is at () anyway
    "former-id-is-current": (("id",), ("former_ids",)),
    "unknown-source": (("sources", "*"),),
    "placeholder-source": (),
    "invalid-value": (),  # an address with no host (identity), its own path alone
    "future-date": (),
    "until-before-date": (),
    "event-before-birth": (("born",),),
    "uncited-event": (),
    "release-without-detention": (("events",),),
    "release-before-detention": (("events",),),
    "died-twice": (("events",),),
    "event-after-death": (("events",),),
    "unknown-criterion": (),
    "unknown-sign": (),
    "unknown-exclusion": (),
    "listed-with-exclusion": (("assessment",),),
    "listed-without-criterion": (("assessment",),),
    "candidate-meets-criteria": (("assessment",),),
    "private-in-public-repository": (),
    "identifying-field-in-public-repository": (),
    "identifying-id": (("id",),),  # and the names, which a cut can only take away
    "control-character-in-line": (),
}


@dataclass
class Salvaged:
    """A partial case, the file paths cut from it, and how its list indexes map to the file's."""

    case: Case
    cut: list[tuple]
    _kept: dict[tuple, list[int]]  # a list's path in the file -> the file index of each item left

    def in_file(self, path: tuple) -> tuple:
        """A path into the partial case as a path into the file."""
        out: list = []
        for part in path:
            if isinstance(part, int) and tuple(out) in self._kept:
                part = self._kept[tuple(out)][part]
            out.append(part)
        return tuple(out)

    def keep(self, findings: list[Finding]) -> list[Finding]:
        """The findings moved into the file's coordinates, without those that read a cut part."""
        out = []
        for f in findings:
            path = self.in_file(f.path)
            reads = (path,) + READS.get(f.code, ((),))
            if not any(_overlap(r, c) for r in reads for c in self.cut):
                out.append(Finding(path, f.severity, f.code, f.message, f.at_key))
        return out


def _overlap(read: tuple, cut: tuple) -> bool:
    """Whether cutting `cut` changes what reading `read` sees."""
    if read[-1:] == ("*",):
        read = read[:-1]
        if len(cut) > len(read) + 1:
            return False  # below one of the keys: the keys are all still there
    n = min(len(read), len(cut))
    return read[:n] == cut[:n]


def salvage(data: Any) -> Salvaged | None:
    """The case left when what the schema rejects is cut from `data`; None when that would cut
    the id, the publicity or the assessment, or it does not settle in a few rounds."""
    if not isinstance(data, dict):
        return None
    work = copy.deepcopy(data)
    found = Salvaged(None, [], {})  # type: ignore[arg-type]
    for _ in range(MAX_ROUNDS):
        try:
            found.case = Case.model_validate(work)
            return found
        except ValidationError as exc:
            targets = set()
            for err in exc.errors(include_input=False, include_url=False):
                path, _ = loader.data_path(work, tuple(err["loc"]))
                if err["type"] == "missing" and path and path[-1] == err["loc"][-1]:
                    path = path[:-1]  # the mapping that lacks a required key goes
                if len(path) < 2 and (not path or path[0] in _VITAL or path[0] == "assessment"):
                    return None
                targets.add(path)
        for path in sorted(targets, reverse=True):  # deepest and last first: indexes stay valid
            _cut(work, path, found)
    return None


def _cut(work: dict, path: tuple, found: Salvaged) -> None:
    parent = work
    for part in path[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return
    last = path[-1]
    if isinstance(parent, list) and isinstance(last, int) and 0 <= last < len(parent):
        kept = found._kept.setdefault(found.in_file(path[:-1]), list(range(len(parent))))
        found.cut.append(found.in_file(path))
        del kept[last], parent[last]
    elif isinstance(parent, dict) and last in parent:
        found.cut.append(found.in_file(path))
        del parent[last]
