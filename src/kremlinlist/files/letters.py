"""A finding about one letter of a key or value (a look-alike, a dash), placed at the letter's own
column when the file shows it where the key or value starts."""

from __future__ import annotations

import dataclasses

from kremlinlist.base.problem import Finding
from kremlinlist.files import yamlsafe


@dataclasses.dataclass(frozen=True)
class AtLetter(Finding):
    """A finding about one letter of a key or value: placed at the letter itself when the file
    shows it where the key or value starts (`Loaded.place`), its message then saying the column
    (`template`); `message` says it without the column."""

    letter: str = ""
    offset: int = 0
    template: str = ""

    def column(self, line_text: str, column: int) -> int | None:
        """The letter's column on its line, the key or value starting at `column`: plain, or
        after its opening quote; None when the letter is not there (an escape, several lines)."""
        for start in (column - 1 + self.offset, column + self.offset):
            if 0 <= start < len(line_text) and line_text[start] == self.letter:
                return start + 1
        return None


def at_letter(finding: Finding, letter: str, offset: int, template: str) -> AtLetter:
    """`finding` with its letter; `Finding(...)` stays the call that names the code."""
    return AtLetter(**{f.name: getattr(finding, f.name) for f in dataclasses.fields(Finding)},
                    letter=letter, offset=offset, template=template)


def place_letter(finding: Finding, text: str, line: int, column: int) -> tuple[int, str]:
    """The column and message of `finding` placed at (line, column) in `text`."""
    if isinstance(finding, AtLetter) and line >= 1:
        lines = yamlsafe.split_lines(text)
        at = finding.column(lines[line - 1], column) if line <= len(lines) else None
        if at is not None:
            return at, finding.template.replace("{column}", str(at))
    return column, finding.message
