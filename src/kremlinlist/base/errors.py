"""The one error type: the tool cannot do what was asked.

Raised by the library, turned into the user's message and exit code in one place in the command
line (exit 2 for a usage error, 1 otherwise); `code` is one of the registry's (`base/codes.py`).
"""

from __future__ import annotations

from typing import Iterable

from kremlinlist.base.problem import Problem


class KremlinlistError(Exception):
    """The tool cannot do what was asked; `message` is for the user (never quotes file values)."""

    def __init__(self, code: str, message: str, *, usage: bool = False,
                 problems: Iterable[Problem] = (), details: Iterable[str] = ()):
        super().__init__(message)
        self.code, self.message, self.usage = code, message, usage
        self.problems, self.details = list(problems), list(details)

    def __reduce__(self):
        """Pickled whole, so a refusal made in a forked child (base.parallel) reaches the parent
        with its code, not as a RuntimeError."""
        return (_refusal, (self.code, self.message, self.usage, self.problems, self.details))


def _refusal(code: str, message: str, usage: bool, problems: list[Problem],
             details: list[str]) -> KremlinlistError:
    return KremlinlistError(code, message, usage=usage, problems=problems, details=details)
