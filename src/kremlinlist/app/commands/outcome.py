"""What a command gives back to the command line: what to print, in order, and how it ended; and
the Console it may ask things of while it runs. The command line does the printing and chooses
the exit code of each ending."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import BinaryIO, Callable, Optional, Protocol

Progress = Optional[Callable[[int, int], None]]  # (done, total), or None when no bar is shown


class Ending(Enum):
    """How a command ended. (An interrupt the command could not finish after is not an ending:
    it is handed back in `Outcome.interrupt` and raised again, so that it ends the process as a
    signal does.)"""

    DONE = "done"
    PROBLEMS = "problems"  # problems found, or nothing could be done
    INTERRUPTED = "interrupted"  # stopped by Ctrl-C after part of the work was done


@dataclass(frozen=True)
class Said:
    """Blocks (publish.screen's Shown: a str is a line) for standard output, or lines for
    standard error (`err`). A `note` says how things went and is left out under --quiet; `good`
    says whether it is good news (a summary a terminal may color); a `warning` is the tool's own
    line on standard error; `whole` text is printed as it is, without a newline added."""

    blocks: tuple
    err: bool = False
    note: bool = False
    whole: bool = False
    warning: bool = False
    good: Optional[bool] = None


@dataclass
class Outcome:
    """Everything a command prints after its one call, in order."""

    said: list[Said] = field(default_factory=list)
    ending: Ending = Ending.DONE
    interrupt: Optional[BaseException] = None  # raised again once the lines are printed

    def show(self, *blocks) -> "Outcome":
        self.said.append(Said(tuple(blocks)))
        return self

    def write(self, text: str) -> "Outcome":
        """Text printed as it is, without a newline of ours (CSV, a schema)."""
        self.said.append(Said((text,), whole=True))
        return self

    def warn(self, *lines: str) -> "Outcome":
        """Lines on standard error, each said as the tool's own (the command line says how)."""
        self.said.append(Said(lines, err=True, warning=True))
        return self

    def stderr(self, *lines: str) -> "Outcome":
        """Lines on standard error, as they are."""
        self.said.append(Said(lines, err=True))
        return self

    def note(self, *blocks, err: bool = False, good: Optional[bool] = None) -> "Outcome":
        self.said.append(Said(tuple(blocks), err=err, note=True, good=good))
        return self

    def failed_if(self, failed: bool) -> "Outcome":
        if failed:
            self.ending = Ending.PROBLEMS
        return self


class Console(Protocol):
    """What a command may ask of the person running it while it runs."""

    interactive: bool  # a person at a terminal, who can answer questions
    stdout: BinaryIO  # for a result written as it is made

    def progress(self, label: str, shown: bool) -> AbstractContextManager[Progress]: ...

    def say(self, line: str, err: bool = False) -> None:
        """A line printed at once (a file sealed, before the next one is)."""

    def ask(self, question: str) -> str: ...

    def editor(self) -> Callable[[Path], None]:
        """Runs the person's editor on a file and waits for it."""
