"""The one type that carries every finding, from a YAML syntax error to a rule verdict."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

from kremlinlist.base.i18n import ngettext

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """A finding in one file. `line` and `column` are 1-based; 0 means "the whole file".

    The message says what to write instead and never quotes a value from the file: values may be
    private, hostile or enormous, and messages end up in public CI logs. The one exception is the
    corrected line of files.yaml_mistakes, shown only from a public person's file, outside the
    private block, and short and plain (`…` stands for the value otherwise).
    """

    file: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def _place_key(p: Problem) -> tuple:
    return (p.file, p.line, p.column, p.code, p.message)


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """In file order, each problem once (several passes may find the same one)."""
    return sorted(set(problems), key=_place_key)


MAX_PER_FILE = 100  # problems reported of one file; the rest are counted in one more


def capped(problems: list[Problem]) -> list[Problem]:
    """Sorted problems with at most MAX_PER_FILE of each file, then one `more-problems` (or
    `more-warnings`, when all are) after them saying how many were left out: one file of a pull
    request made 27,000 annotations, megabytes of log; no reader needs more than a hundred."""
    by_file: dict[str, list[Problem]] = {}
    for p in sorted(problems, key=_place_key):  # as given: a review's withheld cases share a name
        by_file.setdefault(p.file, []).append(p)
    out: list[Problem] = []
    for file, found in by_file.items():
        if len(found) > MAX_PER_FILE:  # the errors first: a warning never hides one
            found.sort(key=lambda p: not p.is_error)  # stable: in place, order kept otherwise
        out += sorted(found[:MAX_PER_FILE], key=_place_key)
        rest = found[MAX_PER_FILE:]
        if rest:
            said = ngettext("{n} more problem in this file is not shown; correct those above and "
                            "run the check again",
                            "{n} more problems in this file are not shown; correct those above "
                            "and run the check again", len(rest)).format(n=len(rest))
            out.append(Problem(file, 0, 0, "error", "more-problems", said)
                       if any(p.is_error for p in rest) else
                       Problem(file, 0, 0, "warning", "more-warnings", said))
    return out


@dataclass(frozen=True)
class Finding:
    """A problem not yet placed in a file: `path` points into the file's data (keys and indexes).

    Checks produce findings from loaded data; the loader turns them into Problems, parsing the
    file again with positions only when there is something to place.
    """

    path: tuple
    severity: Severity
    code: str
    message: str
    at_key: bool = False
