"""The one type that carries every finding, from a YAML syntax error to a rule verdict."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

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


def sort_problems(problems: list[Problem]) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (p.file, p.line, p.column, p.code, p.message))


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
