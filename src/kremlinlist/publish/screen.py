"""What a command shows a person at a terminal, as blocks the command line draws: a plain line,
a line in styled pieces, a grid of facts, a table. The words and the layout are decided here, in
plain data; only cli turns the styled blocks into rich renderables (and imports rich), so the
choice of what a person reads is testable without a terminal.

A `str` block is written as it is; the others go through rich, which shows their text as text
(never as markup) and strips control characters."""

from __future__ import annotations

from typing import NamedTuple, Union


class Styled(NamedTuple):
    """One line in pieces, each (text, rich style name or ""); `no_wrap` keeps a long address
    whole instead of folding it."""

    parts: tuple[tuple[str, str], ...]
    no_wrap: bool = False

    @classmethod
    def of(cls, text: object, style: str = "") -> Styled:
        return cls(((("" if text is None else str(text)), style),))


class FactGrid(NamedTuple):
    """Rows of (label, value): labels dimmed, values shown as text."""

    rows: tuple[tuple[str, str], ...]


class TextTable(NamedTuple):
    """A table with a title, columns of (header, justify) and rows of text cells."""

    title: str
    columns: tuple[tuple[str, str], ...]
    rows: tuple[tuple[str, ...], ...]


Shown = Union[str, Styled, FactGrid, TextTable]
